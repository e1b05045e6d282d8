"""The demo: a v1.0 tenant moved to v2 between two local emulators (``apig-translator demo``)."""
