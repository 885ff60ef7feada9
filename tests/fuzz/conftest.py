"""Fuzz profiles: a short one for every run, a long one when GHGCALC_FUZZ=long asks for it.

The long profile draws GHGCALC_FUZZ_EXAMPLES inputs per file type (default 2,000: 14,000 in all).
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("fuzz-short", max_examples=15, deadline=None, derandomize=True,
                          suppress_health_check=list(HealthCheck))
settings.register_profile("fuzz-long", max_examples=int(os.environ.get("GHGCALC_FUZZ_EXAMPLES", "2000")),
                          deadline=None, suppress_health_check=list(HealthCheck))
FUZZ_PROFILE = "fuzz-long" if os.environ.get("GHGCALC_FUZZ") == "long" else "fuzz-short"
