"""kbo: select OTOP producers for the KBO (Knowledge-Based OTOP) project from a registry.

The core is a library: `select(...)` returns a `Selection`, `write_workbooks(...)` files it.
"""

from kbo_cli.errors import KboError
from kbo_cli.pipeline import select
from kbo_cli.result import Selection
from kbo_cli.rules import Criteria, load_rules

__version__ = "0.1.0"
__all__ = ["Criteria", "KboError", "Selection", "__version__", "load_rules", "select"]
