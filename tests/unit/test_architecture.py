"""The package's layers: data flows one way, and the folders show it.

Each subpackage has a rank; a module may import from lower ranks and from its own
subpackage, never from a higher rank or a sibling of the same rank, and no set of
modules may import each other in a circle (imports inside functions count too: hiding a
cycle in a function does not remove it).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "ghgcalc"

LAYERS = (
    ("errors", "columns"),
    ("core",),
    ("factors",),
    ("inventory",),
    ("figures",),
    ("workspace",),
    ("audit", "targets"),
    ("scenarios",),
    ("plotting", "outputs"),
    ("cli",),
)
FACADE = ("ghgcalc", "ghgcalc.__main__")  # the public façade may gather from every layer
RANK = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}


def package_sources(root: Path = PACKAGE) -> dict[str, str]:
    """Module name -> source text for every module of the package."""
    sources = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        sources[name] = path.read_text(encoding="utf-8")
    return sources


def imports_of(name: str, source: str, known: set[str]) -> set[str]:
    """The package modules ``name`` imports, anywhere in its body."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:  # "from ghgcalc import columns" imports ghgcalc.columns
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in known else node.module)
    return {module for module in found if module in known and module != name}


def part_of(module: str) -> str | None:
    """The layer part a module belongs to: its subpackage, or its own name at the top."""
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else None


def layer_problems(sources: dict[str, str]) -> list[str]:
    """Every upward or sideways import, and every import cycle."""
    known = set(sources)
    graph = {name: imports_of(name, text, known) for name, text in sources.items()}
    problems = []
    for name, targets in sorted(graph.items()):
        if name in FACADE:
            continue
        own = part_of(name)
        if own not in RANK:
            problems.append(f"{name} is in no layer; add its folder to LAYERS")
            continue
        for target in sorted(targets):
            other = part_of(target)
            if other is None or target in FACADE:
                problems.append(f"{name} imports the package façade {target}")
            elif other != own and (other not in RANK or RANK[other] >= RANK[own]):
                problems.append(f"{name} (layer {own}) imports {target} (layer {other}), which is not below it")
    problems.extend(f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(graph))
    return problems


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of modules (Tarjan's algorithm, iteratively)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter[0]; counter[0] += 1
        stack.append(start); on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]; counter[0] += 1
                    stack.append(child); on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop(); on_stack.discard(member); group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group) + [sorted(group)[0]])
    return found


def test_the_package_imports_only_downwards_and_has_no_cycle():
    assert layer_problems(package_sources()) == []


def test_every_subpackage_has_a_layer():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders <= set(RANK), f"folders without a layer: {sorted(folders - set(RANK))}"


def _with(extra: dict[str, str]) -> dict[str, str]:
    sources = package_sources()
    sources.update(extra)
    return sources


def test_an_upward_import_is_caught():
    synthetic = {"ghgcalc.core.synthetic": "from ghgcalc.targets.progress import track_targets\n"}
    assert layer_problems(_with(synthetic)) == [
        "ghgcalc.core.synthetic (layer core) imports ghgcalc.targets.progress (layer targets), which is not below it"]


def test_an_import_between_siblings_of_one_rank_is_caught():
    synthetic = {"ghgcalc.audit.synthetic": "def f():\n    from ghgcalc.targets import pathway\n"}
    problems = layer_problems(_with(synthetic))
    assert problems == [
        "ghgcalc.audit.synthetic (layer audit) imports ghgcalc.targets.pathway (layer targets), which is not below it"]


def test_a_cycle_hidden_in_functions_is_caught():
    synthetic = {
        "ghgcalc.targets.one": "def f():\n    from ghgcalc.targets import two\n",
        "ghgcalc.targets.two": "import ghgcalc.targets.three\n",
        "ghgcalc.targets.three": "def g():\n    import ghgcalc.targets.one\n",
    }
    assert layer_problems(_with(synthetic)) == [
        "import cycle: ghgcalc.targets.one -> ghgcalc.targets.three -> ghgcalc.targets.two -> ghgcalc.targets.one"]


@pytest.mark.parametrize("heavy", ["matplotlib", "ghgcalc.cli", "click", "ghgcalc.plotting.progress"])
def test_import_ghgcalc_stays_light(heavy):
    code = ("import sys, ghgcalc\n"
            "from ghgcalc.core import units\n"
            f"print({heavy!r} in sys.modules, units.get_registry.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=PACKAGE.parent).stdout.split()
    assert out == ["False", "0"], f"import ghgcalc loaded {heavy} or built the unit registry"


MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60


def long_code(sources: dict[str, str]) -> list[str]:
    """Modules over MAX_MODULE_LINES and functions over MAX_FUNCTION_LINES: no docstring excuses a long one."""
    found = []
    for name, text in sorted(sources.items()):
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            found.append(f"{name}: {lines} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(f"{name}.{node.name}: {length} lines; split it into its steps")
    return found


def test_modules_and_functions_are_short():
    assert long_code(package_sources()) == []


def test_a_long_function_is_caught_whatever_its_docstring_says():
    body = "\n".join(f"    x{i} = {i}" for i in range(70))
    synthetic = {"ghgcalc.core.synthetic": f'def long():\n    """Adds up."""\n{body}\n',
                 "ghgcalc.core.reasoned": f'def long():\n    """Adds up.\n\n    Long because it is a table.\n    """\n{body}\n'}
    # def line + one docstring line + 70 assignments = 72 lines; with a three-line reason, 75
    assert long_code(synthetic) == ["ghgcalc.core.reasoned.long: 75 lines; split it into its steps",
                                    "ghgcalc.core.synthetic.long: 72 lines; split it into its steps"]


KIND_TABLE = "ghgcalc.targets.kinds"


def type_comparisons(sources: dict[str, str]) -> list[str]:
    """Comparisons of a ``.type`` (``t.type == "share"``, ``t.type in (...)``) outside the table of target kinds:
    behaviour that varies by kind is asked of ``target.kind``, so that a new kind is one entry in one file."""
    found = []
    for name, text in sorted(sources.items()):
        if name == KIND_TABLE:
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Compare) and any(
                    isinstance(side, ast.Attribute) and side.attr == "type" for side in [node.left, *node.comparators]):
                found.append(f"{name}, line {node.lineno}: compares a .type; ask target.kind instead")
    return found


def test_no_module_but_the_table_compares_target_types():
    assert type_comparisons(package_sources()) == []


def test_a_type_comparison_is_caught():
    synthetic = {"ghgcalc.outputs.synthetic": 'def f(p):\n    return "%" if p.target.type == "share" else ""\n',
                 "ghgcalc.outputs.other": 'def g(t):\n    return t.type in ("share", "cumulative")\n'}
    assert type_comparisons(synthetic) == [
        "ghgcalc.outputs.other, line 2: compares a .type; ask target.kind instead",
        "ghgcalc.outputs.synthetic, line 2: compares a .type; ask target.kind instead"]


CSV_READERS = ("ghgcalc.core.textfile",)  # read_csv_table (a user's file) and parse_csv (text already read)


def csv_reads(sources: dict[str, str]) -> list[str]:
    """``read_csv`` called outside the readers: a shipped table is read with core.shipped.read_shipped_table and a
    user's file with core.textfile.read_csv_table, so that every table is read with one set of rules."""
    found = []
    for name, text in sorted(sources.items()):
        if name in CSV_READERS:
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "read_csv":
                found.append(f"{name}, line {node.lineno}: read_csv outside the readers")
    return found


def test_tables_are_read_only_by_the_readers():
    assert csv_reads(package_sources()) == []


def test_a_hand_written_read_of_a_shipped_table_is_caught():
    synthetic = {"ghgcalc.targets.synthetic": (
        "from io import StringIO\nimport pandas as pd\n\n"
        "def rows(text):\n    return pd.read_csv(StringIO(text), dtype=str)\n")}
    assert csv_reads(synthetic) == ["ghgcalc.targets.synthetic, line 5: read_csv outside the readers"]


RENDERING_IMPORTS = ("jinja2", "openpyxl", "textwrap", "ghgcalc.outputs.tables")
RENDERING_PARTS = ("outputs", "plotting", "cli")  # documents and tables, charts, the terminal


def rendering_imports(sources: dict[str, str]) -> list[str]:
    """Imports of what renders (templates, workbooks, wrapped text, text tables) outside the rendering layers:
    analysis layers return objects, and outputs/ (charts: plotting/) turns them into text and files."""
    found = []
    for name, text in sorted(sources.items()):
        if part_of(name) in RENDERING_PARTS or name in FACADE:
            continue
        for node in ast.walk(ast.parse(text)):
            modules = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                       else [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            for module in modules:
                if any(module == r or module.startswith(r + ".") for r in RENDERING_IMPORTS):
                    found.append(f"{name}, line {node.lineno}: imports {module}, which renders")
    return found


def test_only_the_rendering_layers_render():
    assert rendering_imports(package_sources()) == []


def test_a_rendering_import_in_an_analysis_layer_is_caught():
    synthetic = {"ghgcalc.targets.synthetic": "import textwrap\n\ndef f():\n    from openpyxl import Workbook\n",
                 "ghgcalc.outputs.synthetic": "import jinja2\n"}
    assert rendering_imports(synthetic) == [
        "ghgcalc.targets.synthetic, line 1: imports textwrap, which renders",
        "ghgcalc.targets.synthetic, line 4: imports openpyxl, which renders"]


FORMULA_ENGINE = "ghgcalc.core.formula"


def formula_bypasses(sources: dict[str, str]) -> list[str]:
    """Syntax trees walked, or private names imported, outside the formula engine: every formula is read, evaluated
    and explained by core.formula (``fold``, ``Formula.quotient``, ``Formula.written``), never by a second walker."""
    found = []
    for name, text in sorted(sources.items()):
        if name == FORMULA_ENGINE:
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import) and any(alias.name == "ast" for alias in node.names):
                found.append(f"{name}, line {node.lineno}: imports ast")
            elif isinstance(node, ast.ImportFrom) and node.module == FORMULA_ENGINE:
                private = [alias.name for alias in node.names if alias.name.startswith("_")]
                if private:
                    found.append(f"{name}, line {node.lineno}: imports private {', '.join(private)} from {node.module}")
    return found


def test_formulas_are_walked_only_by_the_engine():
    assert formula_bypasses(package_sources()) == []


def test_a_second_formula_walker_is_caught():
    synthetic = {"ghgcalc.audit.synthetic": "import ast\nfrom ghgcalc.core.formula import _parse, fold\n"}
    assert formula_bypasses(synthetic) == ["ghgcalc.audit.synthetic, line 1: imports ast",
                                           "ghgcalc.audit.synthetic, line 2: imports private _parse from ghgcalc.core.formula"]
