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
