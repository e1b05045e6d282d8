"""The compatibility shim: the v1.0 API served on top of a v2 backend (``create_app``, ``running``)."""
