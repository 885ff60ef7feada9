"""Target files: reading, validation with file and line, and the reading in words."""

from pathlib import Path

import pytest

from ghgcalc.errors import ConfigError
from ghgcalc.core.tomlfile import locate_line
from ghgcalc.targets.target_file import TargetFileError, load_targets

ROOT = Path(__file__).resolve().parents[2]
XIAOMI = ROOT / "examples" / "xiaomi" / "targets.toml"
FIXTURES = ROOT / "tests" / "fixtures" / "targets"


def write(tmp_path, text, name="targets.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_xiaomi_targets_load():
    targets = load_targets(XIAOMI)
    assert [t.id for t in targets.targets] == [
        "ghg-2030", "neutral-2040", "renewable-electricity-2035", "renewable-energy-2040",
        "energy-intensity-2026", "ewaste-2026", "ev-suppliers-2025"]
    ghg = targets.get("ghg-2030")
    assert (ghg.type, ghg.metric, ghg.base_year, ghg.target_year) == ("absolute", "scope12", 2021, 2030)
    assert ghg.level.fraction_of_base == pytest.approx(0.30)
    assert ghg.boundary.exclude == ("ev_factory",)
    assert ghg.quote[0].startswith("By no later than 2030, reduce GHG emissions from our main operating segments")
    # reduce_by 2.5 % keeps 100 % - 2.5 % = 97.5 % of the base
    assert targets.get("energy-intensity-2026").level.fraction_of_base == pytest.approx(0.975)
    assert targets.get("neutral-2040").level.fraction_of_base == pytest.approx(0.02)
    assert targets.get("ewaste-2026").level.absolute == 38000.0
    assert targets.get("renewable-electricity-2035").level.absolute == 1.0


def test_every_xiaomi_target_quotes_the_report():
    for target in load_targets(XIAOMI).targets:
        assert target.quote, target.id
        assert str(target.target_year) in " ".join(target.quote), target.id


def test_reading_echoes_reduce_to_and_reduce_by(tmp_path):
    to = write(tmp_path, '[targets.a]\ntype = "absolute"\nmetric = "scope12"\nbase_year = 2021\n'
                         'target_year = 2030\nreduce_to = "30 %"\n', "to.toml")
    by = write(tmp_path, '[targets.a]\ntype = "absolute"\nmetric = "scope12"\nbase_year = 2021\n'
                         'target_year = 2030\nreduce_by = "30 %"\n', "by.toml")
    to_target, by_target = load_targets(to).get("a"), load_targets(by).get("a")
    assert to_target.level.fraction_of_base == pytest.approx(0.30)
    assert by_target.level.fraction_of_base == pytest.approx(0.70)  # 1 - 0.30
    assert "to 30 % of its 2021 level (reduce_to: a 70 % cut)" in to_target.reading
    assert "by 30 % from its 2021 level (reduce_by: 70 % of the base remains)" in by_target.reading


def test_absolute_level_in_any_mass_unit(tmp_path):
    t = write(tmp_path, '[targets.a]\ntype = "absolute"\nmetric = "scope12"\nbase_year = 2021\n'
                        'target_year = 2030\nreduce_to = "24,846.048 t CO2e"\n', "t.toml")
    kt = write(tmp_path, '[targets.a]\ntype = "absolute"\nmetric = "scope12"\nbase_year = 2021\n'
                         'target_year = 2030\nreduce_to = "24.846048 kt CO2e"\n', "kt.toml")
    assert load_targets(t).get("a").level.absolute == pytest.approx(24846.048)
    assert load_targets(kt).get("a").level.absolute == pytest.approx(24846.048)  # 24.846048 * 1000


@pytest.mark.parametrize("fixture, message", [
    ("unknown-metric.toml",
     "unknown-metric.toml, line 4: target 'ghg-2030', metric: 'scope13' is not a known metric (known: ghgcalc's "
     "metrics.csv and any declared under [metrics]); did you mean 'scope123'?"),
    ("target-year-before-base-year.toml",
     "target-year-before-base-year.toml, line 6: target 'ghg-2030', target_year: 2019 is before base_year 2021; "
     "the target year must come after the base year"),
    ("share-above-100-percent.toml",
     "share-above-100-percent.toml, line 8: target 'renewable-2035', target_share: '120 %' is above 100 %; "
     "a share lies between 0 % and 100 %"),
    ("both-reduce-to-and-reduce-by.toml",
     "both-reduce-to-and-reduce-by.toml, line 8: target 'ghg-2030', reduce_by: give either reduce_to or "
     "reduce_by, not both: reduce_to = '30 %' keeps that share of the base, reduce_by = '70 %' removes that share"),
    ("level-without-unit.toml",
     "level-without-unit.toml, line 7: target 'ghg-2030', reduce_to: 30 has no unit; write a string such as "
     "'30 %' or '24,846 t CO2e'"),
])
def test_bad_target_files_name_file_and_line(fixture, message):
    with pytest.raises(TargetFileError) as caught:
        load_targets(FIXTURES / fixture)
    assert caught.value.problems == [message]
    assert isinstance(caught.value, ConfigError)


def test_all_problems_are_reported_at_once(tmp_path):
    path = write(tmp_path, '[targets.a]\ntype = "absolute"\nmetric = "scope13"\nbase_year = 2021\n'
                           'target_year = 2030\nreduce_to = "30 %"\n\n'
                           '[targets.b]\ntype = "share"\nnumerator = "energy_renewable"\ndenominator = "energy_total"\n'
                           'base_year = 2023\ntarget_year = 2035\ntarget_share = "101 %"\n')
    with pytest.raises(TargetFileError) as caught:
        load_targets(path)
    lines = [p.split(":")[0] for p in caught.value.problems]
    assert lines == ["targets.toml, line 3", "targets.toml, line 14"]


def test_unknown_keys_and_types_are_refused(tmp_path):
    path = write(tmp_path, '[targets.a]\ntype = "absolut"\n\n[targets.b]\ntype = "absolute"\nmetric = "scope12"\n'
                           'base_year = 2021\ntarget_year = 2030\nreduce_too = "30 %"\nreduce_to = "30 %"\n')
    with pytest.raises(TargetFileError) as caught:
        load_targets(path)
    assert caught.value.problems == [
        "targets.toml, line 2: target 'a', type: 'absolut' is not a target type; did you mean 'absolute'?; types are "
        "absolute, intensity, share, neutrality, net_zero, cumulative",
        "targets.toml, line 9: target 'b', reduce_too: not a key of absolute targets; did you mean 'reduce_to'?",
    ]


def test_milestone_outside_the_target_years(tmp_path):
    path = write(tmp_path, '[targets.a]\ntype = "absolute"\nmetric = "scope12"\nbase_year = 2021\n'
                           'target_year = 2030\nreduce_to = "30 %"\n\n[[targets.a.milestones]]\nyear = 2031\n'
                           'reduce_to = "50 %"\n')
    with pytest.raises(TargetFileError) as caught:
        load_targets(path)
    assert caught.value.problems == [
        "targets.toml, line 9: target 'a', milestones.year: 2031 is not a year between base_year 2021 and "
        "target_year 2030"]


def test_milestones_are_read_in_year_order(tmp_path):
    path = write(tmp_path, '[targets.a]\ntype = "absolute"\nmetric = "scope12"\nbase_year = 2021\n'
                           'target_year = 2030\nreduce_to = "30 %"\nmilestones = [{ year = 2027, reduce_to = "50 %" }, '
                           '{ year = 2025, reduce_by = "20 %" }]\n')
    target = load_targets(path).get("a")
    assert [(m.year, m.level.fraction_of_base) for m in target.milestones] == [(2025, pytest.approx(0.8)),
                                                                              (2027, pytest.approx(0.5))]


def test_value_chain_net_zero_must_cover_scope3(tmp_path):
    path = write(tmp_path, '[targets.nz]\ntype = "net_zero"\nmetric = "scope12"\nvalue_chain = true\n'
                           'base_year = 2021\ntarget_year = 2050\nresidual_max = "10 %"\n')
    with pytest.raises(TargetFileError) as caught:
        load_targets(path)
    assert caught.value.problems == [
        "targets.toml, line 4: target 'nz', value_chain: a value-chain target must cover Scope 3, but metric "
        "scope12 does not; use metric scope123"]


def test_net_zero_defaults_to_the_sbti_depth(tmp_path):
    path = write(tmp_path, '[targets.nz]\ntype = "net_zero"\nmetric = "scope123"\nvalue_chain = true\n'
                           'base_year = 2021\ntarget_year = 2050\nresidual_max = "10 %"\n')
    target = load_targets(path).get("nz")
    assert target.min_reduction == 0.90
    assert "net zero (value chain, Scope 3 included) by 2050" in target.reading
    assert "carbon removals only" in target.reading


def test_structural_change_signs_follow_their_kind(tmp_path):
    path = write(tmp_path, '[[structural_changes]]\nyear = 2023\nkind = "divestment"\nmetric = "scope12"\n'
                           'base_year_effect = "5,000 t CO2e"\n\n[targets.a]\ntype = "absolute"\nmetric = "scope12"\n'
                           'base_year = 2021\ntarget_year = 2030\nreduce_to = "30 %"\n')
    with pytest.raises(TargetFileError) as caught:
        load_targets(path)
    assert caught.value.problems == [
        "targets.toml, line 5: structural_changes.base_year_effect: a divestment removes from base-year emissions, "
        "so its effect is negative"]


def test_unknown_target_id_suggests_a_close_one():
    with pytest.raises(ConfigError, match=r"no target 'ghg-2031'; did you mean 'ghg-2030'\?"):
        load_targets(XIAOMI).get("ghg-2031")


def test_locate_line_finds_tables_keys_and_inline_tables():
    text = ('# comment\n[targets.a]\ntype = "absolute"\nboundary = { exclude = ["x"] }\n\n'
            '[[targets.a.milestones]]\nyear = 2025\n\n[[targets.a.milestones]]\nyear = 2027\n'
            '["targets"."b c"]\nmetric = "scope1"\n')
    assert locate_line(text, ("targets", "a")) == 2
    assert locate_line(text, ("targets", "a", "type")) == 3
    assert locate_line(text, ("targets", "a", "boundary", "exclude")) == 4
    assert locate_line(text, ("targets", "a", "milestones", 1, "year")) == 10
    assert locate_line(text, ("targets", "b c", "metric")) == 12
    assert locate_line(text, ("nothing",)) is None
