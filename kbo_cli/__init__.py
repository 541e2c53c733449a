"""kbo: select OTOP producers for the KBO (Knowledge-Based OTOP) project from a registry.

The core is a library: `select(...)` returns a `Selection`, `write_workbooks(...)` files it
(`kbo_cli.core`: reading and the rules; `kbo_cli.output`: the workbooks; `kbo_cli.engine`:
the speed machinery).
Its names are imported on first use, so that the command line can start parsing a registry
before pandas is loaded (see `preread`).
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"
__all__ = [
    "Criteria",
    "KboError",
    "Selection",
    "__version__",
    "load_rules",
    "select",
    "write_workbooks",
]
_HOMES = {
    "Criteria": "kbo_cli.core.rules",
    "KboError": "kbo_cli.errors",
    "Selection": "kbo_cli.core.result",
    "load_rules": "kbo_cli.core.rules",
    "select": "kbo_cli.core.pipeline",
    "write_workbooks": "kbo_cli.output.workbooks",
}


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module 'kbo_cli' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
