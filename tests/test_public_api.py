"""The package's public API: ``__all__`` is sorted, complete and importable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import translator

ROOT = Path(__file__).resolve().parents[1]


def _loaded(code: str) -> str:
    ran = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    return ran.stdout.strip()


def test_all_is_sorted_and_importable() -> None:
    assert translator.__all__ == sorted(translator.__all__)
    for name in translator.__all__:
        assert getattr(translator, name) is not None


def test_all_lists_every_public_name() -> None:
    public = {n for n in dir(translator) if not n.startswith("_")}
    modules = {n for n in public if type(getattr(translator, n)).__name__ == "module"}
    assert public - modules == set(translator.__all__)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        translator.Nothing  # noqa: B018


def test_importing_the_package_or_its_command_line_loads_no_hypothesis() -> None:
    """hypothesis is for ``translator.roundtrip`` alone (the ``roundtrip`` command imports it when run)."""
    code = "import sys, translator, translator.cli; print('hypothesis' in sys.modules)"
    assert _loaded(code) == "False"


def test_the_command_line_starts_without_the_http_clients() -> None:
    """Names load on first use and commands import their parts when they run: ``--help`` never
    pays for the clients and servers (a name of the public API still loads its module)."""
    heavy = "{'aiohttp', 'httpx', 'uvicorn'}"
    code = f"import sys, translator, translator.cli; print(sorted({heavy} & set(sys.modules)))"
    assert _loaded(code) == "[]"
    code = "import sys, translator; translator.ApiClient; print('httpx' in sys.modules)"
    assert _loaded(code) == "True"
