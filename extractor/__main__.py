"""``python -m extractor`` runs the ``slax`` command."""
from extractor.app.cli import main

main()
