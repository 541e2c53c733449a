"""`python -m kbo_cli` runs the command line."""

from kbo_cli.cli import main

main()
