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


def test_trajectory_panels_start_the_pathway_at_the_base_and_say_the_verdict(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.image import imread

    from ghgcalc.plotting.scenarios import _verdict_title, plot_trajectories
    from ghgcalc.scenarios.run import run_scenario
    from tests.conftest import ROOT

    run = run_scenario("plan", ROOT / "examples" / "manufacturer", with_levers=False)
    # the plan's 2030 Scope 1+2 is 6,526.01 t against a level of 10,781.35 t (tests/e2e/test_manufacturer.py): met;
    # its 2040 neutrality target is not reached by a plan whose levers stop in 2030
    assert _verdict_title("scope12-2030", [run.result]) == "scope12-2030: met"
    assert _verdict_title("neutral-2040", [run.result]) == "neutral-2040: missed"
    two = _verdict_title("scope12-2030", [run.result, run.result])
    assert two.splitlines()[0] == "scope12-2030" and all(len(line) <= 70 for line in two.splitlines())
    assert imread(plot_trajectories(run, tmp_path / "t.png")).shape[1] > 1000


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


def test_fiscal_year_labels_on_a_year_axis_do_not_overlap():
    """FY2021/22 ... FY2029/30 on a panel as wide as gap's: each label's box clear of the next one's."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ghgcalc.core.years import FiscalYears
    from ghgcalc.plotting.canvas import format_years

    figure, ax = plt.subplots(figsize=(6.5, 3.5))
    ax.plot([2022, 2030], [54_000, 31_000])
    format_years(ax.xaxis, FiscalYears("03-31", "end"))
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    boxes = sorted((label.get_window_extent(renderer) for label in ax.get_xticklabels() if label.get_text()),
                   key=lambda box: box.x0)
    assert len(boxes) >= 3 and all(label.get_text().startswith("FY") for label in ax.get_xticklabels()
                                   if label.get_text())
    assert all(left.x1 <= right.x0 for left, right in zip(boxes, boxes[1:]))
    plt.close(figure)


def test_long_fiscal_year_labels_stay_inside_the_chart():
    """FY2023/24-style labels (packaging-eu) at both ends of the year axis, on the wide chart and the phone's: each
    label's box within the chart, where the last, centred on the plot's right edge, ran 6 px past it and was cut."""
    from ghgcalc.outputs.svg_charts import NARROW, WIDTH, pathway_chart, text_box
    from ghgcalc.targets.gap import track_workspace
    from tests.conftest import ROOT

    report = track_workspace(ROOT / "examples" / "packaging-eu")
    charts = [pathway_chart(p, *size) for p in report.progress for size in ((WIDTH, 260), NARROW)]
    charts = [c for c in charts if c is not None]
    assert charts and any(label.startswith("FY") and "/" in label for c in charts for _, label in c.x_ticks)
    for chart in charts:
        boxes = [text_box(x, chart.height - 14, label, "middle") for x, label in chart.x_ticks]
        assert all(0 <= box[0] and box[2] <= chart.width for box in boxes), (chart.x_ticks, chart.width)
        assert all(a[2] <= b[0] for a, b in zip(boxes, boxes[1:])), chart.x_ticks  # none over the next
