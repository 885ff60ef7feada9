"""Chart labels: thousands separators on value axes, decimals only for small values; SVG chart geometry."""

from ghgcalc.outputs.svg_charts import nice_ticks, tick_label
from ghgcalc.plotting.canvas import thousands


def test_axis_labels_have_thousands_separators():
    assert thousands(82820.0) == "82,820"
    assert thousands(1_500_000.0) == "1,500,000"
    assert thousands(0.45) == "0.45" and thousands(-250.0) == "-250"


def test_svg_ticks_are_round_and_cover_the_data():
    # 94,025.84 x 1.08 = 101,547.9; a fifth is 20,309.6, so the step is 50,000: 0, 50,000, 100,000, 150,000
    assert nice_ticks(94025.84 * 1.08) == [0, 50000, 100000, 150000]
    assert [tick_label(t) for t in nice_ticks(8.4)] == ["0", "2", "4", "6", "8", "10"]


def test_pathway_chart_labels_keep_clear_of_the_gap_bracket_and_the_line():
    from ghgcalc.outputs.svg_charts import pathway_chart
    from ghgcalc.targets.gap import track_workspace
    from tests.conftest import ROOT

    report = track_workspace(ROOT / "examples" / "manufacturer")
    progress = next(p for p in report.progress if p.target.id == "scope12-2030")
    chart = pathway_chart(progress)
    # 2024: actual 14,271.85 under the pathway's 15,986.14 (README): the bracket rises from the dot, so the dot's
    # label goes below it and the bracket's text stands level with the dot; the line falls into the 2030 target
    kinds = {m.kind for m in chart.marks if m.label}
    assert {"actual-below", "target-below"} <= kinds
    dot = next(m for m in chart.marks if m.kind == "actual-below")
    assert chart.gap[4] == dot.y + 4 and chart.gap[1] < dot.y
    assert [label for _, label in chart.x_ticks] == [str(y) for y in range(2021, 2031)]  # nine years: each one
