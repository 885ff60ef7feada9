"""Every share the inventory's JSON gives (``*_share``, ``share_of_*``) is a fraction of a whole, so for emissions
that are not negative it lies in [0, 1] (README, Output contract: shares are fractions of ``co2e_t``). Random Scope 3
rows mix published factors whose time and geography scores are both derived (DESNZ 2024 in GB, EPA 2022 in the
US), rows with their own factor and scores, and rows of no emissions."""

import json
import tempfile
from pathlib import Path

import pandas as pd
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ghgcalc.cli import main

DQ = ("dq_technology", "dq_time", "dq_geography", "dq_completeness", "dq_reliability")
COMMUTING = {"year": 2024, "unit": "km", "factor_dataset": "desnz-ghg-2024-full", "factor_id": "25_301_3074_4_1",
             "scope3_category": "7"}
STEEL = {"year": 2022, "unit": "USD", "factor_dataset": "epa-supply-chain-v1.3-naics",
         "factor_id": "331110/with_margins", "scope3_category": "1"}
OWN = {"year": 2024, "unit": "count", "factor_value": 2.0, "factor_unit": "kg CO2e / count", "method": "hybrid",
       "scope3_category": "1"}
ROW = st.builds(lambda kind, quantity, region, scores: {**kind, "quantity": quantity, "region": region, **scores},
                st.sampled_from([COMMUTING, STEEL, OWN]), st.sampled_from([0.0, 1.0, 350.0, 2.5e5]),
                st.sampled_from(["", "GB", "US"]),
                st.fixed_dictionaries({column: st.sampled_from(["", "", 1, 2, 4]) for column in DQ}))
BOTH_DERIVED = [{**COMMUTING, "quantity": 1000.0, "region": "GB", **{column: "" for column in DQ}}]


def shares(node, path=""):
    """Every (path, value) of a key that names a share, anywhere in a JSON document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("_share") or key.startswith("share_"):
                yield f"{path}.{key}", value
            yield from shares(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from shares(value, f"{path}[{i}]")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ROW, min_size=1, max_size=8))
@example(rows=BOTH_DERIVED)
def test_every_share_in_the_json_lies_between_0_and_1(rows):
    table = pd.DataFrame(rows).assign(activity="value_chain")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "activity.csv"
        table.to_csv(path, index=False)
        result = CliRunner().invoke(main, ["inventory", str(path), "--gwp", "AR5GWP100", "--format", "json"])
    assert result.exit_code == 0, result.output
    found = list(shares(json.loads(result.stdout)))
    assert any(path.endswith("dq_time_derived_share") for path, _ in found)  # the premise: shares were given
    for path, value in found:
        assert value is None or 0.0 <= value <= 1.0, (path, value)
