"""``python -m klimaorg`` runs the command-line interface."""

from klimaorg.cli.main import main

main()
