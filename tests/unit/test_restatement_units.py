"""A restatement between reports that print one figure in different units shows each side in its own unit:
revenue of 4,512.80 crore INR (annual report) and 4,51,280.00 lakh INR (sustainability report) is the same
45,128,000,000 INR (4,512.80 x 10^7 = 451,280.00 x 10^5), not "4,512.80 -> 4,51,280.00 lakh INR"."""

from __future__ import annotations

from ghgcalc.audit.checks import audit_workspace
from ghgcalc.outputs.audit_text import findings_frames


def test_each_side_of_a_restatement_in_its_own_unit(tmp_path):
    (tmp_path / "reported").mkdir()
    (tmp_path / "reported" / "annual.csv").write_text(
        "vintage,metric,year,value,unit\nannual-report,revenue,2024,\"4,512.80\",crore INR\n", encoding="utf-8")
    (tmp_path / "reported" / "sr.csv").write_text(
        "vintage,metric,year,value,unit\nsr-fy2024,revenue,2024,\"4,51,280.00\",lakh INR\n", encoding="utf-8")
    (tmp_path / "ghgcalc.toml").write_text('[workspace]\nname = "x"\ncurrency = "INR"\n[data]\nreported = '
                                           '["reported/annual.csv", "reported/sr.csv"]\n', encoding="utf-8")
    frame = findings_frames(audit_workspace(tmp_path))["restatement"]
    [row] = frame.to_dict("records")
    assert {row["earlier"], row["later"]} == {"annual-report: 4,512.80 crore INR", "sr-fy2024: 4,51,280.00 lakh INR"}
    assert row["unit"] == "as printed" and row["verdict"] == "holds"
