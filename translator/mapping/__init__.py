"""Mapping tables: load and validate (``load``), compile (``compile``), run (``engine``)."""
