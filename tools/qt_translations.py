"""Compile the program's catalogue of Qt's own texts: ``python -m tools.qt_translations``.

``resources/qt/qtbase_id.ts`` (Indonesian for Qt's file, print and message dialogs; PySide6
ships none) becomes ``resources/qt/qtbase_id.qm`` through PySide6's ``lrelease``. A test fails
when the .qm is older than the .ts's texts.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from netral_desktop.config import resources_dir


def lrelease() -> str | None:
    """PySide6's lrelease (pyside6-lrelease beside this Python, or on PATH)."""
    beside = Path(sys.executable).with_name("pyside6-lrelease")
    if beside.exists():
        return str(beside)
    return shutil.which("pyside6-lrelease")


def compile_catalogue(source: Path, target: Path) -> None:
    tool = lrelease()
    if tool is None:
        raise SystemExit("pyside6-lrelease not found (it comes with PySide6-Essentials)")
    subprocess.run([tool, "-silent", str(source), "-qm", str(target)], check=True)


def main() -> int:
    folder = resources_dir() / "qt"
    for source in sorted(folder.glob("*.ts")):
        compile_catalogue(source, source.with_suffix(".qm"))
        print(f"{source.with_suffix('.qm')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
