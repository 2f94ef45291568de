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


def test_a_plain_make_messages_leaves_every_catalogue_whole(tmp_path):
    """One home per app's translations: `make messages` (Django's makemessages, no
    manual step) puts each string in the catalogue of the app whose code uses it, and
    every string there already has its Japanese. A string translated in another app's
    catalogue would come back empty (or fuzzy) in its own, and lose its translation."""
    import re
    import shutil
    import subprocess
    import sys

    from tests.helpers import read_po

    if shutil.which("xgettext") is None:
        pytest.skip("needs GNU gettext's xgettext (apt-get install gettext; .ci/run has it)")
    makefile = (ROOT / "Makefile").read_text()
    command = re.search(r"^messages:.*\n\t(.+\\\n\t\t.+)$", makefile, re.M)[1]
    options = command.replace("\\\n\t\t", " ").split("makemessages", 1)[1].split()
    ignored = shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "__pycache__")
    for name in sorted(
        path.name for path in ROOT.iterdir() if path.is_dir() or path.suffix == ".py"
    ):
        if name in {".venv", "var", ".git"}:
            continue
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=ignored)
        else:
            shutil.copy2(source, tmp_path / name)
    env = {
        **__import__("os").environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "conference.settings",
    }
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", *options, "--ignore", ".venv"],
        cwd=tmp_path, env=env, check=True, capture_output=True,
    )  # fmt: skip

    problems = {}
    for catalogue in sorted(tmp_path.glob("**/locale/ja/LC_MESSAGES/django.po")):
        entries = [entry for entry in read_po(catalogue) if entry["msgid"]]
        missing = [
            entry.get("msgctxt", "") + "|" + entry["msgid"]
            for entry in entries
            if "fuzzy" in entry["flags"] or not all(entry["msgstr"].values())
        ]
        if missing:
            problems[str(catalogue.relative_to(tmp_path))] = missing
    assert problems == {}


@pytest.mark.django_db
def test_the_migrations_describe_the_models_exactly():
    """`make test` builds its SQLite database from the models (conference/test_settings.py)
    and every other database is built by the migrations: they must be one schema. A
    model change without its migration fails here as it fails `make lint`."""
    from io import StringIO

    from django.core.management import call_command

    output = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output)
    except SystemExit as exit_:
        pytest.fail(f"models differ from their migrations ({exit_.code}):\n{output.getvalue()}")
    assert output.getvalue() == "No changes detected\n"
