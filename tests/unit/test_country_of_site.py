"""CDP 7.16 (Scope 1 and 2 by country): a line without a region (a refrigerant release) counts in its site's
country when the site's other lines name one, not under "(no country)"."""

from __future__ import annotations

import pandas as pd

from ghgcalc.outputs.disclosure_facts import countries_of


def test_a_line_without_a_region_takes_its_sites_country():
    lines = pd.DataFrame({
        "region": ["IN-MH", "", "RFCM", "", "IN", "US-OH", "", ""],
        "site": ["Pune", "Pune", "Detroit", "Detroit", "Both", "Both", "Both", ""],
    })
    assert list(countries_of(lines)) == ["IN", "IN", "US", "US", "IN", "US", "", ""]   # "Both": two countries
