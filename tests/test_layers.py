"""design.md §2: the command line and the library start without Qt."""

import subprocess
import sys
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


def test_pledge_services_and_demo_leave_sql_to_the_store() -> None:
    """services/pledge/ and demo/pledges.py: no SQL text, no sqlalchemy/sqlmodel (their queries
    are store/pledges/'s), and no hand-stamped synced rows (store/synced.py stamps them)."""
    import re

    forbidden = re.compile(
        r"^\s*(from|import) (sqlalchemy|sqlmodel)\b|\btext\(|exec_driver_sql|stamp_new"
        r"|\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b .*\b(FROM|SET|VALUES|WHERE)\b",
        re.MULTILINE,
    )
    files = [*(PACKAGE / "services" / "pledge").glob("*.py"), PACKAGE / "demo" / "pledges.py"]
    offenders = [
        f"{path.relative_to(PACKAGE)}: {match.group(0).strip()}"
        for path in files
        for match in forbidden.finditer(path.read_text(encoding="utf-8"))
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
