"""Names a package exports but imports on first use (PEP 562's module `__getattr__`).

`moderate score` reads its inputs in a forked child, so the process that scores never needs the parsers
or the dataset readers; the package and `moderation.datasets` still offer their names.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable


def imported_on_first_use(package: str, module: str, names: Iterable[str]) -> Callable[[str], object]:
    """A module `__getattr__` for `package` that imports `module` when one of `names` is first asked for."""
    forwarded = frozenset(names)

    def __getattr__(name: str):
        if name in forwarded:
            return getattr(importlib.import_module(module), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
