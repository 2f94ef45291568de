"""The house's rule: apps import each other one way only.

``speakers`` ← ``conference`` ← ``registrations`` (later apps above them). An app
may import apps below it, never one above; only ``composition`` may import them
all, and nothing imports ``composition``. Checked on the source with ``ast``, so
an import hidden inside a function counts as much as one at the top.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Bottom first. A new app takes its place in this list.
LAYERS = ["speakers", "conference", "protocol", "registrations", "seating", "vip", "messaging"]
COMPOSITION = "composition"


def imported_apps(path: Path) -> set[str]:
    """The first-party apps a module imports, wherever in the module the import is."""
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & {*LAYERS, COMPOSITION}


def app_modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def upward_imports() -> list[str]:
    problems = []
    for rank, app in enumerate(LAYERS):
        allowed = set(LAYERS[: rank + 1])
        for path in app_modules(app):
            for imported in sorted(imported_apps(path) - allowed):
                problems.append(f"{path.relative_to(ROOT)} imports {imported}")
    return problems


def test_apps_import_only_apps_below_them():
    assert upward_imports() == []


@pytest.mark.parametrize("folder", [*LAYERS, "benchmarks"])
def test_nothing_imports_the_composition_app(folder):
    importing = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / folder).rglob("*.py"))
        if COMPOSITION in imported_apps(path)
    ]
    assert importing == []


def test_the_check_finds_an_upward_import(tmp_path):
    module = tmp_path / "views.py"
    module.write_text("def f():\n    from registrations.models import Registration\n")
    assert imported_apps(module) == {"registrations"}


def test_no_template_comment_spans_lines():
    """Django's ``{# #}`` ends at the line's end: one spread over lines is printed on the
    page as text (every error page once showed its own comment). Use {% comment %}."""
    offenders = []
    for path in sorted(ROOT.glob("*/templates/**/*.html")) + sorted(
        ROOT.glob("templates/**/*.html")
    ):
        if ".venv" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for opening in line.split("{#")[1:]:
                if "#}" not in opening:
                    offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []
