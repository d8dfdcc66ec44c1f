"""``python -m generator`` runs the command-line tool."""

from generator.cli import run

run()
