"""design.md §2: the layers and their rules (Qt only in ui/, SQL only in store/, one
primitive for synced rows), each enforced here."""

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "netral_desktop"


def test_command_line_does_not_load_qt() -> None:
    code = (
        "import sys, netral_desktop.cli, netral_desktop.services.accounts, "
        "netral_desktop.services.check, netral_desktop.demo.office, netral_desktop.demo.pledges,"
        "netral_desktop.services.documents, netral_desktop.pdf.render, netral_desktop.pdf.preview;"
        "netral_desktop.cli.build_parser();"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_pyside6_imported_only_under_ui() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts[:1]:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith(("import PySide6", "from PySide6")):
                offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


# --- design.md §2: store/ owns every query; one primitive writes synced rows ----------------


# SQL keywords as this code base writes them (upper case), and SQLite's own names.
SQL_TEXT = re.compile(
    r"\b(SELECT\b[\s\S]+\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+"
    r"(TABLE|INDEX|TRIGGER|VIRTUAL)|DROP\s+(TABLE|INDEX|TRIGGER)|PRAGMA\s|BEGIN\s+IMMEDIATE|"
    r"VACUUM\b|json_each|json_extract|sqlite_master|rowid)\b"
)
DATABASE_MODULES = ("sqlalchemy", "sqlmodel", "sqlite3", "psycopg", "alembic")
# Layers that must not hold SQL or talk to a database library: they go through store/.
NO_SQL_LAYERS = ("services", "ui", "cli", "demo", "core", "pdf")
# Columns only synced rows have (local tables such as numbering_scheme have updated_at too).
SYNC_COLUMNS = {"origin", "revision", "deleted"}
# What ui/ may import from the package: services and core (and the package's own settings,
# strings and widgets), never store/ or pdf/.
UI_MAY_IMPORT = {"services", "core", "ui", "i18n", "config"}


def _modules(*layers: str) -> Iterator[tuple[str, ast.Module]]:
    for layer in layers:
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            yield str(path.relative_to(PACKAGE)), ast.parse(path.read_text(encoding="utf-8"))


def _imported(tree: ast.Module) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def _strings(tree: ast.Module) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value
        elif isinstance(node, ast.JoinedStr):  # f-strings: the literal parts joined
            parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
            yield node.lineno, " x ".join(str(p) for p in parts)


def test_sql_text_lives_in_store_only() -> None:
    offenders = [
        f"{name}:{line}: {text.strip()[:60]!r}"
        for name, tree in _modules(*NO_SQL_LAYERS)
        for line, text in _strings(tree)
        if SQL_TEXT.search(text)
    ]
    assert offenders == []


def test_only_store_talks_to_database_libraries() -> None:
    offenders = [
        f"{name}: {module}"
        for name, tree in _modules(*NO_SQL_LAYERS)
        for module in _imported(tree)
        if module.split(".")[0] in DATABASE_MODULES
    ]
    assert offenders == []


def test_services_and_ui_choose_no_engine() -> None:
    # The engine-specific way is picked behind store/'s seam; above it nothing asks.
    offenders = []
    for name, tree in _modules("services", "ui", "cli", "demo"):
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in (
                "dialect",
                "is_sqlite",
                "is_postgresql",
            ):
                offenders.append(f"{name}:{node.lineno}: .{node.attr}")
            if isinstance(node, ast.Constant) and node.value in ("sqlite", "postgresql"):
                offenders.append(f"{name}:{node.lineno}: {node.value!r}")
    assert offenders == []


def test_ui_imports_services_and_core_only() -> None:
    offenders = []
    for name, tree in _modules("ui"):
        for module in _imported(tree):
            parts = module.split(".")
            if parts[0] == "netral_desktop" and len(parts) > 1 and parts[1] not in UI_MAY_IMPORT:
                offenders.append(f"{name}: {module}")
    assert offenders == []


def test_only_the_primitive_stamps_synced_rows() -> None:
    """Nothing but store/synced.py sets the bookkeeping columns of a synced row."""
    offenders = []
    for name, tree in _modules("services", "ui", "cli", "demo", "store", "core", "pdf"):
        if name in ("store/synced.py",) or name.startswith("store/migrations"):
            continue
        for node in ast.walk(tree):
            targets: list[ast.expr] = []
            if isinstance(node, ast.Assign):
                targets = list(node.targets)
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                for element in target.elts if isinstance(target, ast.Tuple) else [target]:
                    if isinstance(element, ast.Attribute) and element.attr in SYNC_COLUMNS:
                        offenders.append(f"{name}:{node.lineno}: .{element.attr} =")
        for line, text in _strings(tree):
            writes = re.search(r"\b(INSERT\s+INTO|UPDATE\s+\w+\s+SET)\b", text, re.IGNORECASE)
            if writes and re.search(r"\b(revision|updated_by|origin)\b", text):
                offenders.append(f"{name}:{line}: {text.strip()[:60]!r}")
    assert offenders == []


def test_no_stamp_new_outside_the_primitive() -> None:
    offenders = [
        f"{name}:{node.lineno}"
        for name, tree in _modules("services", "ui", "cli", "demo", "store")
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in ("stamp_new", "stamp_update")
    ]
    assert offenders == []


def test_roster_services_and_demo_leave_sql_to_the_store() -> None:
    """services/roster*.py and demo/roster.py: no SQL text, no sqlalchemy/sqlmodel (their
    queries are store/people/'s and store/search.py's), no hand-stamped synced rows."""
    import re

    forbidden = re.compile(
        r"^\s*(from|import) (sqlalchemy|sqlmodel)\b|\btext\(|exec_driver_sql|stamp_new"
        r"|\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b .*\b(FROM|SET|VALUES|WHERE)\b"
        r"|\.(origin|created_at|updated_at|updated_by|revision)\s*=[^=]|\"(origin|updated_at)\":",
        re.MULTILINE,
    )
    services = PACKAGE / "services"
    files = [
        services / "roster.py",
        services / "roster_export.py",
        *services.glob("roster_import/*.py"),
        PACKAGE / "demo" / "roster.py",
    ]
    offenders = [
        f"{path.relative_to(PACKAGE)}: {match.group(0).strip()}"
        for path in files
        for match in forbidden.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
