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


def test_importing_the_package_or_its_command_line_loads_no_hypothesis() -> None:
    """hypothesis is for ``translator.roundtrip`` alone (the ``roundtrip`` command imports it when run)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    code = "import sys, translator, translator.cli; print('hypothesis' in sys.modules)"
    ran = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60, check=True
    )
    assert ran.stdout.strip() == "False", ran.stderr
