"""A full disk or a read-only target (issue 12 item 6): every writer of the program gives a
clear Indonesian message and exit 1, and leaves no file, no temporary file and the database as
it was. Faults are injected at ``os.write`` and ``os.fsync`` (ENOSPC, EROFS); a real read-only
folder is used too (``make_read_only``: chmod, or chattr +i as root).

Before the fix: ``doc render``/``ikrar sheet`` issued the document (number used, PDF kept) and
then failed writing ``-o`` with a traceback-free but partial ``Path.write_bytes`` (a truncated
PDF left on the stick); evidence and issued PDFs left ``.<sha>.<pid>.tmp`` files in
attachments/; spreadsheets left ``<name>.tmp``; ``roster import --refused-out`` imported the
rows and then failed."""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from netral_desktop.cli import main
from netral_desktop.config import HomeLayout
from tests.cli.test_pledge_cli import home  # noqa: F401  (the fixture: roster, event, users)
from tests.pledge_samples import png_bytes

FULL = "penuh"
READ_ONLY = "tidak dapat ditulisi"
FAULTS = [
    ("write", errno.ENOSPC, FULL),
    ("fsync", errno.ENOSPC, FULL),
    ("write", errno.EROFS, READ_ONLY),
    ("fsync", errno.EROFS, READ_ONLY),
]
FAULT_IDS = [f"{call}-{errno.errorcode[code]}" for call, code, _m in FAULTS]


def run(folder: str, *args: str) -> int:
    return main(["--home", folder, *args, "--user", "sari", "--password-env", "PW"])


def database_state(layout: HomeLayout) -> str:
    """A digest of every row of the database (read with sqlite3's own dump), but for what
    logging in changes (the account's last login and the login's audit entry)."""
    conn = sqlite3.connect(layout.database)
    try:
        lines = [
            line
            for line in conn.iterdump()
            if not line.startswith('INSERT INTO "user_account"')
            and not (line.startswith('INSERT INTO "audit_log"') and ",'login'," in line)
        ]
    finally:
        conn.close()
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def files_under(*folders: Path) -> set[Path]:
    return {p for folder in folders if folder.exists() for p in folder.rglob("*") if p.is_file()}


def inject(monkeypatch: pytest.MonkeyPatch, call: str, code: int) -> None:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, call, fail)


@pytest.fixture
def scene(home: tuple[str, str], tmp_path: Path) -> Iterator[Callable[[], tuple[str, set[Path]]]]:  # noqa: F811
    """A snapshot of the database and of the files under attachments/ and the output folder."""
    folder, _event = home
    layout = HomeLayout(Path(folder))
    out = tmp_path / "usb"
    out.mkdir()

    def snapshot() -> tuple[str, set[Path]]:
        return database_state(layout), files_under(layout.attachments, out)

    yield snapshot


def _writers(event_id: str, out: Path, scan: Path, sheet: Path) -> dict[str, tuple[str, ...]]:
    return {
        "scan attached as evidence": ("ikrar", "attach", event_id, str(scan)),
        "document issued to PDF": ("ikrar", "sheet", event_id, "-o", str(out / "hadir.pdf")),
        "doc render": ("doc", "render", "ikrar_naskah", event_id, "-o", str(out / "naskah.pdf")),
        "recap spreadsheet": ("ikrar", "recap", event_id, "-o", str(out / "rekap.xlsx")),
        "roster export": ("roster", "export", str(out / "pegawai.xlsx")),
        "roster import refused rows": (
            "roster",
            "import",
            str(sheet),
            "--agency",
            "Dinas Kesehatan",
            "--refused-out",
            str(out / "ditolak.xlsx"),
        ),
    }


WRITERS = list(_writers("E", Path("o"), Path("s"), Path("x")))


def _inputs(tmp_path: Path) -> tuple[Path, Path]:
    scan = tmp_path / "pindaian.png"
    scan.write_bytes(png_bytes())
    book = Workbook()
    for row in (
        ["NO", "NAMA", "NIP", "JABATAN"],
        [1, "Wulan Sari", "19900202 201501 2 001", "Bidan"],
        [2, "Agus Salim", 1.97005121998031e17, "Perawat"],  # refused: NIP mangled by Excel
    ):
        book.active.append(row)
    book.save(tmp_path / "baru.xlsx")
    return scan, tmp_path / "baru.xlsx"


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize(("call", "code", "message"), FAULTS, ids=FAULT_IDS)
def test_a_failing_disk_leaves_nothing(
    writer: str,
    call: str,
    code: int,
    message: str,
    home: tuple[str, str],  # noqa: F811
    scene: Callable[[], tuple[str, set[Path]]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder, event_id = home
    scan, sheet = _inputs(tmp_path)
    args = _writers(event_id, tmp_path / "usb", scan, sheet)[writer]
    before = scene()
    capsys.readouterr()
    with monkeypatch.context() as patch:
        inject(patch, call, code)
        status = run(folder, *args)
    err = capsys.readouterr().err
    assert status == 1, err
    assert message in err and "tidak disimpan" in err
    assert "Traceback" not in err
    assert scene() == before  # no file, no .part, the database as it was
    # And with the disk healthy again the same command works (nothing was left half-done).
    assert run(folder, *args) == 0
    assert scene() != before


@pytest.mark.parametrize("writer", WRITERS)
def test_a_read_only_target_leaves_nothing(
    writer: str,
    home: tuple[str, str],  # noqa: F811
    scene: Callable[[], tuple[str, set[Path]]],
    tmp_path: Path,
    make_read_only: Callable[[Path], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder, event_id = home
    layout = HomeLayout(Path(folder))
    scan, sheet = _inputs(tmp_path)
    args = _writers(event_id, tmp_path / "usb", scan, sheet)[writer]
    layout.attachments.mkdir(parents=True, exist_ok=True)
    before = scene()
    # Exports are refused by the USB stick; scans and issued PDFs by the attachments folder.
    make_read_only(tmp_path / "usb")
    make_read_only(layout.attachments)
    capsys.readouterr()
    status = run(folder, *args)
    err = capsys.readouterr().err
    assert status == 1, err
    assert READ_ONLY in err and "Pilih tempat lain" in err
    assert scene() == before


def test_an_issue_that_fails_after_its_pdf_was_written_leaves_no_pdf(tmp_path: Path) -> None:
    # The output carries a verification code: if the issue does not commit, the file must go.
    from netral_desktop.cli.common import issue_to
    from netral_desktop.core.errors import StoreError

    out = tmp_path / "usb" / "surat.pdf"

    def issue(deliver: Callable[[bytes], None]) -> None:
        deliver(b"%PDF-1.4 dengan kode verifikasi")
        # Written whole, but not under its name until the issue commits (a kill here leaves
        # only a temporary file, which netral check does not confuse with a document).
        assert not out.exists() and len(list(out.parent.iterdir())) == 1
        raise StoreError("basis data terkunci")

    with pytest.raises(StoreError):
        issue_to(out, issue)
    assert not out.exists()
    assert list((tmp_path / "usb").iterdir()) == []
    assert issue_to(out, lambda deliver: deliver(b"%PDF-1.4 diterbitkan")) is None
    assert out.read_bytes() == b"%PDF-1.4 diterbitkan"
