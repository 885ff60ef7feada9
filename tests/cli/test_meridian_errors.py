"""Errors a new user of a US workspace met: a missing factor names the codes close to the one typed, not every
region, and fits the terminal; a header-only activity table is said once, plainly, not once per scenario."""

from click.testing import CliRunner

from ghgcalc.cli import main
from tests.unit.test_one_value_per_figure import meridian  # noqa: F401 (the workspace, a fixture)

SCENARIO = """[scenario]
name = "{name}"
workspace = ".."
start_year = "FY2024"
horizon = "FY2030"
scope2_method = "market"
start_from = "inventory"
"""


def test_a_missing_grid_factor_for_puerto_rico_names_the_egrid_subregion_not_every_region(tmp_path):
    table = tmp_path / "pr.csv"
    table.write_text("year,activity,quantity,unit,region\n2024,electricity.grid,1000,MWh,PR\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["inventory", str(table), "--gwp", "AR5GWP100"])
    error = next(line for line in result.output.splitlines() if line.startswith("Error: pr.csv"))
    assert "closest regions with factors: PRMS;" in error  # eGRID's Puerto Rico Miscellaneous
    assert "AT, AU" not in error  # was every region's code, from Austria on


def test_a_missing_factor_fits_the_terminal_and_stays_one_line_in_a_pipe(meridian):  # noqa: F811
    header, *rows = (meridian / "activity.csv").read_text(encoding="utf-8").splitlines()
    plant = "FY2024,electricity.grid,1200,MWh,,,,,PR"  # a plant in Puerto Rico, typed by its country code
    (meridian / "activity.csv").write_text("\n".join([header + ",region", *[r + "," for r in rows], plant]) + "\n",
                                           encoding="utf-8")
    narrow = CliRunner(env={"COLUMNS": "100"}).invoke(main, ["report", str(meridian)])
    errors = narrow.stderr.splitlines()
    assert errors and errors[0].startswith("Error: activity.csv") and "PRMS" in narrow.stderr
    assert all(len(line) <= 100 for line in errors), [line for line in errors if len(line) > 100]
    assert all(line.startswith(("Error: ", "  ")) for line in errors)  # a long one continues, indented
    piped = CliRunner().invoke(main, ["report", str(meridian)])  # no terminal, no COLUMNS: one line each
    first = piped.stderr.splitlines()[0]
    assert first.startswith("Error: activity.csv") and first.endswith("'Your own emission factors')")


def test_a_header_only_activity_table_is_said_once_plainly(meridian):  # noqa: F811
    (meridian / "scenarios").mkdir()
    for name in ("plan", "plan-uncertain"):
        (meridian / "scenarios" / f"{name}.toml").write_text(SCENARIO.format(name=name), encoding="utf-8")
    config = (meridian / "ghgcalc.toml").read_text(encoding="utf-8")
    (meridian / "ghgcalc.toml").write_text(config.replace(
        'targets = "targets.toml"', 'targets = "targets.toml"\nscenarios = ["scenarios/plan.toml", '
                                    '"scenarios/plan-uncertain.toml"]'), encoding="utf-8")
    header = (meridian / "activity.csv").read_text(encoding="utf-8").splitlines()[0]
    (meridian / "activity.csv").write_text(header + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(meridian)])
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, errors  # two scenarios, one cause: said once
    assert "activity.csv has no rows (a header only)" in errors[0] and "set start_year" not in errors[0]
    assert result.stdout.count("has no rows (a header only)") == 1
