"""pint, imported without the dask, scipy and asyncio it would otherwise load on every start.

Why: pint checks at import whether dask is installed and, if so, imports ``dask.base``, which
brings dask's configuration, its YAML reader and jinja2 with it (about 0.1 s of CPU per process,
a tenth of ``ghgcalc report`` on a small workspace). ghgcalc never puts a dask array inside a
pint quantity: its Dask path sums plain numbers and converts units per distinct key. So pint is
imported while ``dask`` reads as absent. Likewise scipy, which pint needs only to choose preferred
units (``to_preferred``, which ghgcalc never calls). And pint marks a few methods deprecated
through typing_extensions, which imports all of asyncio (with ssl) to ask whether each is a
coroutine (0.01 s); while pint loads, ``asyncio.coroutines`` is a stand-in that answers as
:func:`inspect.iscoroutinefunction` does, and is removed after. A process that has already
imported any of them is left as it is; each stays importable after.
"""

from __future__ import annotations

import inspect
import sys
import types

HIDDEN = ("dask", "scipy")  # read as absent while pint loads


def _stand_ins() -> dict:
    """A stand-in ``asyncio`` package holding only ``coroutines.iscoroutinefunction``."""
    coroutines = types.ModuleType("asyncio.coroutines")
    coroutines.iscoroutinefunction = inspect.iscoroutinefunction
    package = types.ModuleType("asyncio")
    package.coroutines = coroutines
    return {"asyncio": package, "asyncio.coroutines": coroutines}


if "pint" not in sys.modules:
    replaced = {name: None for name in HIDDEN if name not in sys.modules}
    if "asyncio" not in sys.modules:
        replaced.update(_stand_ins())
    sys.modules.update(replaced)  # type: ignore[arg-type]  # None: find_spec then answers None, import fails
    try:
        import pint
    finally:
        for name, module in replaced.items():
            if sys.modules.get(name, 0) is module:
                del sys.modules[name]
else:
    import pint

__all__ = ["pint"]
