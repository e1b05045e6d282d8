"""The package's public API: ``__all__`` is sorted, complete and importable."""

from __future__ import annotations

import translator


def test_all_is_sorted_and_importable() -> None:
    assert translator.__all__ == sorted(translator.__all__)
    for name in translator.__all__:
        assert getattr(translator, name) is not None


def test_all_lists_every_public_name() -> None:
    public = {n for n in vars(translator) if not n.startswith("_")}
    modules = {n for n, v in vars(translator).items() if type(v).__name__ == "module"}
    assert public - modules == set(translator.__all__)
