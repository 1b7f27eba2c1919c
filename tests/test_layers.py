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
