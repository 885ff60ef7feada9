"""The package works installed from a wheel, outside the source tree, with its data inside it."""

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT


def outside_env() -> dict[str, str]:
    """The environment less what would put the source tree first on the path (PYTHONPATH)."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSAFEPATH")}


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh virtual environment with ghgcalc installed from a freshly built wheel.

    The environment sees the running interpreter's installed packages (pandas, pint ...)
    through a .pth file, so that no download is needed; ghgcalc itself comes only from the
    wheel, which the environment's own site-packages puts first on the path.
    """
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(dist.glob("ghgcalc-*.whl"))
    env = work / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    own = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         check=True, capture_output=True, text=True).stdout.strip()
    # a venv made with --system-site-packages finds pandas in its base's site-packages: those too
    theirs = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]} | {
        p for p in sys.path if Path(p).name in ("site-packages", "dist-packages") and Path(p).is_dir()}
    (Path(own) / "running-interpreter.pth").write_text("\n".join(sorted(theirs)) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--force-reinstall", str(wheel)],
                   check=True, capture_output=True)
    return python, env, work


def test_factors_load_from_the_installed_package(installed):
    python, env, work = installed
    code = ("from ghgcalc.core.shipped import shipped_dir; from ghgcalc.factors.library import load_factor_library; "
            "d = shipped_dir('factors'); lib = load_factor_library(); print(d); print(len(lib.emission_factors))")
    out = subprocess.run([str(python), "-c", code], cwd=work, check=True, capture_output=True, text=True,
                         env=outside_env()).stdout.splitlines()
    assert Path(out[0]).is_relative_to(env) and Path(out[0]).parts[-2:] == ("_shipped", "factors")
    assert int(out[1]) > 100


def test_the_wheel_carries_the_grid_datasets_and_the_2024_desnz_table(installed):
    python, env, work = installed
    code = ("from ghgcalc.factors.library import load_factor_library; lib = load_factor_library(); "
            "print(sorted({f.dataset for f in lib.find_factors('electricity.grid', 'CAMX', 2023)})); "
            "print(lib.find_factors('electricity.grid', 'AU-VIC', 2024)[0].value); "
            "print(lib.published_factor('desnz-ghg-2024-full', '21_316_3164_11_1').value); "
            "from ghgcalc.inventory.category3 import upstream_factors; print(len(upstream_factors()))")
    out = subprocess.run([str(python), "-c", code], cwd=work, check=True, capture_output=True, text=True,
                         env=outside_env()).stdout.splitlines()
    # eGRID2023 CAMX; NGA 2024 Victoria 0.77 kg CO2e/kWh; DESNZ 2024 short-haul economy with RF 0.18287
    assert out == ["['epa-egrid']", "0.77", "0.18287", "22"]


def test_cli_runs_on_an_example_outside_the_source_tree(installed):
    python, env, work = installed
    example = work / "xiaomi"
    shutil.copytree(ROOT / "examples" / "xiaomi", example)
    result = subprocess.run([str(env / "bin" / "ghgcalc"), "inventory", str(example), "--format", "csv", "--by", "year,scope"],
                            cwd=work, capture_output=True, text=True, env=outside_env())
    assert result.returncode == 0, result.stderr
    assert "2023,1,12252.52" in result.stdout


def test_shipped_scenario_runs_from_the_installed_package(installed):
    python, env, work = installed
    example = work / "xiaomi-scenario"
    shutil.copytree(ROOT / "examples" / "xiaomi", example)
    result = subprocess.run([str(env / "bin" / "ghgcalc"), "scenario", "run", str(example), "xiaomi-plan", "--format", "json"],
                            cwd=work, capture_output=True, text=True, env=outside_env())
    assert result.returncode in (0, 3), result.stderr  # 3: a target is missed, which the plan does
    assert '"targets"' in result.stdout


def test_the_package_imported_is_the_installed_one_even_with_pythonpath_set(installed):
    python, env, work = installed
    out = subprocess.run([str(python), "-c", "import ghgcalc; print(ghgcalc.__file__)"], cwd=work, check=True,
                         capture_output=True, text=True, env=outside_env()).stdout.strip()
    assert Path(out).is_relative_to(env), f"imported {out}, not the wheel installed in {env}"
