"""pint, imported without the dask it would otherwise load on every start.

Why: pint checks at import whether dask is installed and, if so, imports ``dask.base``, which
brings dask's configuration, its YAML reader and jinja2 with it (about 0.1 s of CPU per process,
a tenth of ``ghgcalc report`` on a small workspace). ghgcalc never puts a dask array inside a
pint quantity: its Dask path sums plain numbers and converts units per distinct key. So pint is
imported while ``dask`` reads as absent; a process that has already imported dask is left as it is.
"""

from __future__ import annotations

import sys

if "pint" not in sys.modules and "dask" not in sys.modules:
    sys.modules["dask"] = None  # type: ignore[assignment]  # find_spec("dask") then answers None
    try:
        import pint
    finally:
        del sys.modules["dask"]
else:
    import pint

__all__ = ["pint"]
