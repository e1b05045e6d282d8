"""``python -m translator.cli``: the ``apig-translator`` command."""

from translator.cli import main

main(prog_name="apig-translator")
