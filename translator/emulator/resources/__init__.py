"""Resource declarations per API version (``v1``, ``v2``) and the factories they share (``common``)."""
