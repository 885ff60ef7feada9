"""pandas, imported without the pyarrow it would otherwise load on every start.

Why: pandas imports pyarrow (with pyarrow.compute and cloudpickle) at its own import whenever
pyarrow is installed, about 0.07 s of CPU and 35 MB per process, a tenth of ``ghgcalc report``
on a small workspace. A command on a workspace needs none of pandas' Arrow-backed types: it holds
text as Python strings while it runs (the same "str" dtype; ``ghgcalc.cli``), and Parquet files
are read through pyarrow itself (``ghgcalc.inventory.dataset``), which stays importable and is
imported when one is read; its columns arrive as categoricals, numbers and Python-string text.
Dask is the exception: it converts text to pandas' Arrow strings, which a pandas that did not see
pyarrow refuses, so the commands that can sum on Dask import pandas as it is. A process that has
already imported pandas or pyarrow is left as it is.
"""

from __future__ import annotations

import sys


def import_pandas_without_arrow() -> None:
    """Import pandas while ``pyarrow`` reads as absent, then make pyarrow importable again."""
    if "pandas" in sys.modules or "pyarrow" in sys.modules:
        return
    sys.modules["pyarrow"] = None  # type: ignore[assignment]  # ``import pyarrow`` then raises ImportError
    try:
        import pandas  # noqa: F401
    finally:
        if sys.modules.get("pyarrow", 0) is None:
            del sys.modules["pyarrow"]
