"""``python -m extractor`` runs the ``slax`` command, with its exit status."""
import sys

from extractor.app.cli import main

sys.exit(main())
