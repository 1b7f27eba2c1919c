"""``netral check`` and ``netral doc verify`` against records changed behind the program's back
(issue 12): exit 3, naming the entry or the row and what kind of change it was."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from netral_desktop.config import HomeLayout
from netral_desktop.core.audit_chain import ENTRY_FIELDS, entry_hash
from netral_desktop.services import accounts
from netral_desktop.services.context import ServiceContext
from netral_desktop.store import blobs
from tests.cli.conftest import Result
from tests.conftest import ADMIN_PASSWORD
from tests.doc_samples import letter

AS_RINA = ("--user", "rina", "--password-env", "ADMIN_PW")


@pytest.fixture(autouse=True)
def _passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_PW", ADMIN_PASSWORD)
    monkeypatch.setenv("BUDI_PW", "sandi-budi-1")


@pytest.fixture
def office_with_budi(admin: ServiceContext) -> ServiceContext:
    accounts.create_user(
        admin, username="budi", full_name="Budi Santoso", role="staf", password="sandi-budi-1"
    )
    admin.db.dispose()  # the commands open it themselves; the anchor is written
    return admin


def _sqlite3(layout: HomeLayout, *statements: str | tuple[str, tuple[object, ...]]) -> None:
    """What someone with the sqlite3 tool does to the file."""
    conn = sqlite3.connect(layout.database)
    try:
        for item in statements:
            statement, params = (item, ()) if isinstance(item, str) else item
            conn.execute(statement, params)
        conn.commit()
    finally:
        conn.close()


def _rows(layout: HomeLayout) -> list[dict[str, object]]:
    conn = sqlite3.connect(layout.database)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM audit_log ORDER BY seq")]
    finally:
        conn.close()


def test_untouched_office_passes(netral: Callable[..., Result], office_with_budi) -> None:  # type: ignore[no-untyped-def]
    check = netral("check")
    assert check.code == 0, check.out + check.err
    assert (
        "[OK   ] Log audit: 4 entri, rantai hash utuh, dikunci dan cocok dengan kepala rantai"
        in (check.out)
    )
    assert "[OK   ] Segel akun, kantor dan dokumen: 3 baris, semua cocok dengan segelnya" in (
        check.out
    )


def test_deleting_the_last_entries_fails_check(
    netral: Callable[..., Result], office_with_budi, layout: HomeLayout
) -> None:  # type: ignore[no-untyped-def]
    _sqlite3(layout, "DELETE FROM audit_log WHERE seq > 2")
    check = netral("check")
    assert check.code == 3
    assert (
        "[RUSAK] Log audit: entri #3 rusak: entri terakhir dihapus: log berakhir di #2, padahal "
        "kepala rantai yang dicatat di luar basis data adalah #4 (2 entri hilang)"
    ) in check.out
    assert "Pemeriksaan gagal: Log audit." in check.err


def test_deleting_the_whole_log_fails_check(
    netral: Callable[..., Result], office_with_budi, layout: HomeLayout
) -> None:  # type: ignore[no-untyped-def]
    _sqlite3(layout, "DELETE FROM audit_log")
    check = netral("check")
    assert check.code == 3
    assert "[RUSAK] Log audit: entri #1 rusak: seluruh log audit dihapus" in check.out
    assert "0 entri, rantai hash utuh" not in check.out


def test_rewriting_and_recomputing_every_hash_fails_check(
    netral: Callable[..., Result], office_with_budi, layout: HomeLayout
) -> None:  # type: ignore[no-untyped-def]
    # Make budi's account look as if it was always admin, then recompute the whole chain
    # with the program's own function.
    statements: list[str | tuple[str, tuple[object, ...]]] = []
    prev = "0" * 64
    for row in _rows(layout):
        fields = {name: row[name] for name in ENTRY_FIELDS}
        fields["prev_hash"] = prev
        if row["seq"] == 4:
            fields["new_values"] = str(fields["new_values"]).replace('"staf"', '"admin"')
        prev = entry_hash(**fields)  # type: ignore[arg-type]
        statements.append(
            (
                "UPDATE audit_log SET new_values = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                (fields["new_values"], fields["prev_hash"], prev, row["seq"]),
            )
        )
    _sqlite3(layout, *statements)
    check = netral("check")
    assert check.code == 3
    assert (
        "[RUSAK] Log audit: entri #1 rusak: isi entri diubah lalu hash-nya dihitung ulang di "
        "luar program (tanpa kunci kantor)"
    ) in check.out
    assert "entri #4 rusak: entri #4 bukan entri yang dicatat sebagai kepala rantai" in check.out


def test_a_role_raised_with_sqlite3_is_refused_and_reported(
    netral: Callable[..., Result], office_with_budi, layout: HomeLayout
) -> None:  # type: ignore[no-untyped-def]
    _sqlite3(layout, "UPDATE user_account SET role = 'admin' WHERE username = 'budi'")
    login = netral("audit", "--user", "budi", "--password-env", "BUDI_PW")
    assert login.code == 1
    assert "Akun 'budi' tidak dapat dipakai masuk" in login.err
    assert "Minta administrator memeriksanya dengan 'netral check'." in login.err
    check = netral("check")
    assert check.code == 3
    assert (
        "[RUSAK] Segel akun, kantor dan dokumen: 1 baris diubah di luar program (tidak cocok "
        "dengan segelnya): akun 'budi'"
    ) in check.out
    # The administrator puts the role back, then seals the account again: audited.
    _sqlite3(layout, "UPDATE user_account SET role = 'staf' WHERE username = 'budi'")
    assert netral("check").code == 0
    _sqlite3(layout, "UPDATE user_account SET full_name = 'Budi S.' WHERE username = 'budi'")
    resealed = netral("check", "--reseal", *AS_RINA)
    assert resealed.code == 0, resealed.out + resealed.err
    assert "Disegel ulang: user_account budi" in resealed.out
    assert "Semua pemeriksaan lulus." in resealed.out
    assert _rows(layout)[-1]["action"] == "reseal"
    assert netral("audit", "--user", "budi", "--password-env", "BUDI_PW").code == 1  # staf
    staff = netral("check", "--reseal", "--user", "budi", "--password-env", "BUDI_PW")
    assert staff.code == 1
    assert "tidak berwenang" in staff.err


def test_a_document_with_a_changed_hash_and_a_planted_pdf_does_not_verify(
    netral: Callable[..., Result], office_with_budi, layout: HomeLayout, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import yaml

    data = tmp_path / "surat.yaml"
    data.write_text(yaml.safe_dump(letter(1), allow_unicode=True), encoding="utf-8")
    out = tmp_path / "surat.pdf"
    assert netral("doc", "device", "A", *AS_RINA).code == 0
    assert netral("office", "--kode-penerbit", "K.DI-02", *AS_RINA).code == 0
    rendered = netral("doc", "render", "surat_dinas", str(data), "-o", str(out), *AS_RINA)
    assert rendered.code == 0, rendered.err
    code = next(
        line.split(": ")[1] for line in rendered.out.splitlines() if "Kode verifikasi" in line
    )
    forged = tmp_path / "palsu.pdf"
    forged.write_bytes(out.read_bytes().replace(b"%%EOF", b"% palsu\n%%EOF"))
    sha = blobs.sha256_hex(forged.read_bytes())
    planted = blobs.blob_path(layout, sha)
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_bytes(forged.read_bytes())
    _sqlite3(
        layout,
        (
            "UPDATE issued_document SET sha256 = ?, size = ? WHERE code = ?",
            (sha, forged.stat().st_size, code),
        ),
    )
    verify = netral("doc", "verify", code, "--file", str(forged), *AS_RINA)
    assert verify.code == 3
    assert f"TIDAK SAH: catatan dokumen berkode {code} diubah di luar program" in verify.out
    assert "BERKAS COCOK" not in verify.out
    check = netral("check")
    assert check.code == 3
    assert f"dokumen '{code}'" in check.out
