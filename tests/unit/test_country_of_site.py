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


def test_sites_that_name_no_region_leave_the_country_blank_without_a_pandas_warning():
    """No site names a region, so the site-to-country map is empty and a float column of NaN comes back from
    it; filling that with "" is refused by pandas 4 (a Pandas4Warning today, an error under the suite's filter)."""
    lines = pd.DataFrame({"region": [None, float("nan")], "site": ["Pune", ""]})
    assert list(countries_of(lines)) == ["", ""]
