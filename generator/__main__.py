"""``python -m generator`` runs the command-line tool."""

import sys

from generator.cli import main

sys.exit(main())
