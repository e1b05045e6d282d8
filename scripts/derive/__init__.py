"""The spec derivation behind ``scripts/derive_spec.py``, one module per pipeline concept."""
