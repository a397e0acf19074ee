"""``python -m translator.cli`` runs the ``translator`` command."""

from . import main

main(prog_name="translator")
