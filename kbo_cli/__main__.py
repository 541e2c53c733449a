"""`python -m kbo_cli` runs the command line."""

from kbo_cli.cli import main

if __name__ == "__main__":  # not when a spawned helper process imports this module again
    main()
