"""What kbo prints to a terminal goes through here when a reader may go away: `kbo select … |
head -2` ends quietly, exit 0, the files written, where rich and click would exit 1."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager

import rich.console
import typer


def _quietly() -> None:
    """What is still buffered, and the flush at exit, go nowhere instead of failing again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise typer.Exit(0)


class Console(rich.console.Console):
    """rich's Console, but a reader that goes away ends the run quietly (rich exits 1)."""

    def on_broken_pipe(self) -> None:
        _quietly()


@contextmanager
def to_reader():
    """The same for what is written to stdout without a Console (`--json`)."""
    try:
        yield
    except BrokenPipeError:
        _quietly()
