"""Attacks on the office's records behind the program's back (issue 12), on both engines: the
keyed, anchored audit chain and the seals on accounts, the office and issued documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from netral_desktop.config import HomeLayout
from netral_desktop.core import audit_chain
from netral_desktop.core.errors import (
    AuthenticationError,
    NetralError,
    StoreError,
    VerificationFailed,
)
from netral_desktop.services import accounts, audit, documents, integrity
from netral_desktop.services import office as office_service
from netral_desktop.services.check import run_checks
from netral_desktop.services.context import ServiceContext, open_context
from netral_desktop.store import blobs
from tests.conftest import ADMIN_PASSWORD, behind_the_program, ready_for_letters
from tests.doc_samples import letter


@pytest.fixture
def busy(admin: ServiceContext) -> ServiceContext:
    """An office with a staf account, a settings change and an issued letter."""
    accounts.create_user(
        admin, username="budi", full_name="Budi Santoso", role="staf", password="sandi-budi-1"
    )
    office_service.update_office(admin, phone="(0274) 367 123")
    return admin


def _failed(ctx: ServiceContext) -> dict[str, str]:
    return {item.name: item.detail for item in run_checks(ctx) if not item.ok}


def _entries(ctx: ServiceContext) -> list[dict[str, object]]:
    from netral_desktop.store.audit import iter_chain

    return [row.__dict__ for row in iter_chain(ctx.db.read_session)]


def test_normal_use_passes_every_check(busy: ServiceContext) -> None:
    assert _failed(busy) == {}
    report = audit.verify_chain(busy)
    assert report.ok and report.entries == len(_entries(busy))
    # The head is anchored outside the database (after the commits above).
    assert report.anchored is not None
    assert (report.anchored.seq, report.anchored.mac) == integrity.chain_head(busy)


def test_every_entry_is_keyed_not_a_plain_hash(busy: ServiceContext) -> None:
    for row in _entries(busy):
        fields = {name: row[name] for name in audit_chain.ENTRY_FIELDS}
        assert row["hash"] != audit.entry_hash(**fields)  # type: ignore[arg-type]
        assert busy.db.chain_seal is not None
        assert row["hash"] == audit_chain.entry_mac(busy.db.chain_seal.key, fields)


# --- the chain -------------------------------------------------------------------------------


def test_deleting_the_last_entries_is_detected(busy: ServiceContext) -> None:
    head, _mac = integrity.chain_head(busy)
    behind_the_program(busy, ("DELETE FROM audit_log WHERE seq > ?", (head - 2,)))
    report = audit.verify_chain(busy)
    assert not report.ok
    assert report.problems[0].kind == audit_chain.TRUNCATED
    assert report.broken_seq == head - 1
    assert f"log berakhir di #{head - 2}" in report.reason
    assert f"kepala rantai yang dicatat di luar basis data adalah #{head}" in report.reason
    assert "(2 entri hilang)" in report.reason
    assert "entri terakhir dihapus" in _failed(busy)["Log audit"]


def test_deleting_the_whole_log_is_detected(busy: ServiceContext) -> None:
    head, _mac = integrity.chain_head(busy)
    behind_the_program(busy, "DELETE FROM audit_log")
    report = audit.verify_chain(busy)
    assert (report.ok, report.entries) == (False, 0)
    assert report.problems[0].kind == audit_chain.DELETED
    assert "seluruh log audit dihapus" in report.reason
    assert f"#{head}" in report.reason
    assert "seluruh log audit dihapus" in _failed(busy)["Log audit"]


def test_an_entry_rewritten_with_every_hash_recomputed_is_detected(busy: ServiceContext) -> None:
    # The attacker rewrites entry 4 and recomputes every hash after it with the program's own
    # entry_hash, so every link holds.
    rows = _entries(busy)
    prev = rows[2]["hash"]
    statements: list[str | tuple[str, tuple[object, ...]]] = []
    for row in rows[3:]:
        fields = {name: row[name] for name in audit_chain.ENTRY_FIELDS}
        fields["prev_hash"] = prev
        if row["seq"] == 4:
            fields["note"] = "tidak ada apa-apa"
        prev = audit.entry_hash(**fields)  # type: ignore[arg-type]
        statements.append(
            (
                "UPDATE audit_log SET note = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                (fields["note"], fields["prev_hash"], prev, row["seq"]),
            )
        )
    behind_the_program(busy, *statements)
    report = audit.verify_chain(busy)
    assert not report.ok
    first = report.problems[0]
    assert (first.seq, first.kind) == (4, audit_chain.RECOMPUTED)
    assert first.reason == (
        "isi entri diubah lalu hash-nya dihitung ulang di luar program (tanpa kunci kantor)"
    )
    # The head no longer is the one anchored either.
    assert audit_chain.REPLACED in {p.kind for p in report.problems}
    assert (
        "entri #4 rusak: isi entri diubah lalu hash-nya dihitung ulang"
        in (_failed(busy)["Log audit"])
    )


def test_a_rolled_back_write_does_not_move_the_anchor(busy: ServiceContext) -> None:
    before = audit.verify_chain(busy).anchored
    with pytest.raises(RuntimeError), busy.db.write_session() as session:
        audit.record(
            session, at=busy.now_iso(), actor="rina", action="x", table_name="t", record_id="1"
        )
        raise RuntimeError("rolled back")
    report = audit.verify_chain(busy)
    assert report.ok, report.describe()
    assert report.anchored == before


def test_writes_without_the_audit_key_are_refused_and_check_names_it(
    busy: ServiceContext, layout: HomeLayout
) -> None:
    integrity.vault_for(layout, busy.meta, "34.02").delete()
    reopened = open_context(layout, database=_fresh_db(busy, layout))
    try:
        with pytest.raises(
            StoreError, match="Kunci log audit kantor ini tidak ada di penyimpan kunci komputer ini"
        ):
            accounts.authenticate(reopened, "rina", ADMIN_PASSWORD)
        failed = _failed(reopened)
        assert "kunci log audit tidak ada di penyimpan kunci" in failed["Log audit"]
        assert failed["Segel akun, kantor dan dokumen"] == (
            "kunci log audit tidak ada di penyimpan kunci"
        )
    finally:
        reopened.db.dispose()


def _fresh_db(ctx: ServiceContext, layout: HomeLayout):  # type: ignore[no-untyped-def]
    from netral_desktop.store.db import open_database

    return open_database(layout)


# --- accounts, the office, documents ---------------------------------------------------------


def test_a_role_raised_with_sql_is_refused_at_login_and_reported(busy: ServiceContext) -> None:
    behind_the_program(busy, "UPDATE user_account SET role = 'admin' WHERE username = 'budi'")
    with pytest.raises(AuthenticationError) as refused:
        accounts.authenticate(busy, "budi", "sandi-budi-1")
    assert refused.value.code == "auth_tampered"
    assert str(refused.value) == (
        "Akun 'budi' tidak dapat dipakai masuk: datanya (peran, status aktif, kunci atau kata "
        "sandi) diubah di luar program dan tidak cocok lagi dengan segel kantor. Minta "
        "administrator memeriksanya dengan 'netral check'."
    )
    assert _entries(busy)[-1]["action"] == "login_refused"
    assert _failed(busy)["Segel akun, kantor dan dokumen"] == (
        "1 baris diubah di luar program (tidak cocok dengan segelnya): akun 'budi'"
    )
    # The other accounts still log in.
    accounts.authenticate(busy, "rina", ADMIN_PASSWORD)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE user_account SET active = ? WHERE username = 'budi'",
        "UPDATE user_account SET locked_until = NULL, failed_logins = 0 WHERE username = 'budi'",
        "UPDATE user_account SET password_hash = 'x' WHERE username = 'budi'",
    ],
)
def test_any_rights_column_changed_with_sql_is_caught(busy: ServiceContext, statement: str) -> None:
    if "active" in statement:
        accounts.set_active(busy, "budi", False)
        behind_the_program(busy, (statement, (True,)))
    else:
        if "locked_until" in statement:
            for _ in range(5):
                with pytest.raises(AuthenticationError):
                    accounts.authenticate(busy, "budi", "salah-sandi")
        behind_the_program(busy, statement)
    with pytest.raises(AuthenticationError) as refused:
        accounts.authenticate(busy, "budi", "sandi-budi-1")
    assert refused.value.code == "auth_tampered"
    assert "akun 'budi'" in _failed(busy)["Segel akun, kantor dan dokumen"]


def test_a_tampered_account_is_not_laundered_by_a_later_edit_and_admin_can_reseal(
    busy: ServiceContext,
) -> None:
    behind_the_program(busy, "UPDATE user_account SET full_name = 'X' WHERE username = 'budi'")
    with pytest.raises(VerificationFailed, match="Data akun 'budi' diubah di luar program"):
        accounts.set_role(busy, "budi", "koordinator")
    # After checking it, the administrator accepts the row as it stands: audited.
    resealed = integrity.reseal(busy)
    assert [(r.table, r.label) for r in resealed.rows] == [("user_account", "budi")]
    assert resealed.anchor_moved is None
    last = _entries(busy)[-1]
    assert (last["action"], last["actor"], last["table_name"]) == (
        "reseal",
        "rina",
        "user_account",
    )
    assert _failed(busy) == {}
    assert accounts.authenticate(busy, "budi", "sandi-budi-1").full_name == "X"


def test_only_an_admin_reseals(busy: ServiceContext) -> None:
    from netral_desktop.core.errors import PermissionDenied

    budi = busy.as_actor(accounts.authenticate(busy, "budi", "sandi-budi-1"))
    with pytest.raises(PermissionDenied):
        integrity.reseal(budi)


def test_office_settings_changed_with_sql_are_reported(busy: ServiceContext) -> None:
    behind_the_program(busy, "UPDATE office SET name = 'Bawaslu Palsu'")
    assert _failed(busy)["Segel akun, kantor dan dokumen"] == (
        "1 baris diubah di luar program (tidak cocok dengan segelnya): kantor '34.02'"
    )


def test_a_document_whose_hash_was_changed_does_not_verify(
    busy: ServiceContext, tmp_path: Path, layout: HomeLayout
) -> None:
    import yaml

    source = tmp_path / "surat.yaml"
    source.write_text(yaml.safe_dump(letter(1), allow_unicode=True), encoding="utf-8")
    ready_for_letters(busy)
    issued = documents.issue(busy, "surat_dinas", str(source))
    code = issued.document.code
    genuine = documents.verify(busy, code, file_bytes=issued.pdf)
    assert genuine.ok
    # A forged PDF is planted in the attachments and the record pointed at it.
    forged = issued.pdf.replace(b"%%EOF", b"% forged\n%%EOF")
    forged_sha = blobs.sha256_hex(forged)
    path = blobs.blob_path(layout, forged_sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(forged)
    behind_the_program(
        busy,
        (
            "UPDATE issued_document SET sha256 = ?, size = ? WHERE code = ?",
            (forged_sha, len(forged), code),
        ),
    )
    result = documents.verify(busy, code, file_bytes=forged)
    assert result.issued_here and result.file_matches  # what the record now claims...
    assert not result.record_intact and not result.ok  # ...is not believed
    assert _entries(busy)[-1]["note"] == "catatan dokumen diubah di luar program"
    with pytest.raises(VerificationFailed, match="Catatan dokumen berkode"):
        documents.issued_pdf(busy, code)
    assert f"dokumen '{code}'" in _failed(busy)["Segel akun, kantor dan dokumen"]


# --- an office set up before the key ---------------------------------------------------------


def _make_it_an_old_office(ctx: ServiceContext, layout: HomeLayout) -> int:
    """The office as the previous version left it: plain SHA-256 chain, no seals, no key."""
    ctx.db.dispose()
    rows = _entries(ctx)
    prev = audit_chain.GENESIS
    statements: list[str | tuple[str, tuple[object, ...]]] = [
        "DELETE FROM local_meta WHERE key IN ('audit_keyed_from', 'audit_key_id')",
        "UPDATE user_account SET seal = NULL",
        "UPDATE office SET seal = NULL",
    ]
    for row in rows:
        fields = {name: row[name] for name in audit_chain.ENTRY_FIELDS}
        fields["prev_hash"] = prev
        prev = audit.entry_hash(**fields)  # type: ignore[arg-type]
        statements.append(
            (
                "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
                (fields["prev_hash"], prev, row["seq"]),
            )
        )
    behind_the_program(ctx, *statements)
    integrity.vault_for(layout, ctx.meta, "34.02").delete()
    return len(rows)


def test_an_office_set_up_before_the_key_continues_its_chain_keyed(
    busy: ServiceContext, layout: HomeLayout
) -> None:
    old = _make_it_an_old_office(busy, layout)
    upgraded = open_context(layout)
    try:
        report = audit.verify_chain(upgraded)
        assert report.ok, report.describe()
        assert report.keyed_from == old + 1
        marker = _entries(upgraded)[-1]
        assert (marker["seq"], marker["action"], marker["actor"]) == (
            old + 1,
            "audit_keyed",
            "system",
        )
        assert marker["note"] == (
            f"Log audit dikunci dengan kunci kantor (HMAC-SHA256) mulai entri #{old + 1}; "
            f"{old} entri sebelumnya diperiksa dengan hash biasa: utuh."
        )
        assert _failed(upgraded) == {}
        # Keyed from there on; the old part still checked with its plain hash.
        accounts.authenticate(upgraded, "budi", "sandi-budi-1")
        assert audit.verify_chain(upgraded).ok
        behind_the_program(upgraded, "UPDATE audit_log SET note = 'x' WHERE seq = 2")
        assert audit.verify_chain(upgraded).broken_seq == 2
    finally:
        upgraded.db.dispose()


def test_after_a_check_an_admin_can_accept_a_shorter_log_but_not_a_broken_one(
    busy: ServiceContext,
) -> None:
    head, _mac = integrity.chain_head(busy)
    behind_the_program(busy, ("DELETE FROM audit_log WHERE seq > ?", (head - 1,)))
    assert not audit.verify_chain(busy).ok
    result = integrity.reseal(busy)
    assert result.anchor_moved == (head, head - 1)
    last = _entries(busy)[-1]
    assert (last["action"], last["table_name"]) == ("reseal", "audit_log")
    assert str(last["note"]).startswith(
        f"kepala rantai di luar basis data dipindah dari #{head} ke #{head - 1}"
    )
    assert _failed(busy) == {}
    # An entry changed inside the chain stays reported whatever the administrator does.
    behind_the_program(busy, "UPDATE audit_log SET note = 'x' WHERE seq = 2")
    assert integrity.reseal(busy).anchor_moved is None
    assert audit.verify_chain(busy).broken_seq == 2


def _key_file_office(layout: HomeLayout, database_url: str | None) -> ServiceContext:
    from netral_desktop.services.setup import init_office

    return init_office(
        layout,
        office_code="34.02",
        name=None,
        admin_username="rina",
        admin_password=ADMIN_PASSWORD,
        key_store="file",
        passphrase="frasa-sandi-kantor",
        database_url=database_url,
    )


def _plain_files(root: Path, skip: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and p != skip]


def test_an_office_on_a_key_file_keeps_its_audit_key_only_in_the_key_file(
    layout: HomeLayout, database_url: str | None
) -> None:
    import base64

    from netral_desktop.store.keystore import PassphraseFileKeyStore

    ctx = _key_file_office(layout, database_url)
    try:
        accounts.authenticate(ctx, "rina", ADMIN_PASSWORD)
        integrity.flush_anchors()
        anchor_file = layout.root / integrity.ANCHOR_FILE
        assert anchor_file.stat().st_mode & 0o777 == 0o600
        # The passphrase-protected key file holds the audit key (key backups carry it) ...
        sealed = PassphraseFileKeyStore(layout.key_file, "frasa-sandi-kantor")
        key = sealed.get(integrity.AUDIT_KEY)
        assert key is not None
        # ... and no other file of the data folder holds it in any spelling.
        spellings = [key, key.hex().encode(), base64.b64encode(key)]
        for path in _plain_files(layout.root, layout.key_file):
            data = path.read_bytes()
            assert not any(s in data for s in spellings), path
        assert set(json.loads(anchor_file.read_text())) == {integrity.AUDIT_HEAD, "mac"}
        assert _failed(ctx) == {}
        behind_the_program(ctx, "DELETE FROM audit_log WHERE seq = 3")
        assert "entri terakhir dihapus" in _failed(ctx)["Log audit"]
    finally:
        ctx.db.dispose()


def test_a_key_file_office_writes_only_once_its_key_file_is_unlocked(
    layout: HomeLayout, database_url: str | None
) -> None:
    from netral_desktop.services.keys import unlock_key_file
    from netral_desktop.store import keystore

    _key_file_office(layout, database_url).db.dispose()
    keystore.forget_unlocked()  # a new process: nobody has given the passphrase yet
    ctx = open_context(layout)
    try:
        # Even a login is recorded: refused, saying how to give the passphrase.
        with pytest.raises(NetralError, match="--passphrase-env"):
            accounts.authenticate(ctx, "rina", ADMIN_PASSWORD)
        unlock_key_file(layout, "frasa-sandi-kantor", ctx)
        rina = ctx.as_actor(accounts.authenticate(ctx, "rina", ADMIN_PASSWORD))
        accounts.create_user(
            rina, username="budi", full_name="Budi", role="staf", password="sandi-budi-1"
        )
        assert _failed(ctx) == {}
    finally:
        ctx.db.dispose()


def test_an_anchor_file_moved_back_by_hand_is_reported(
    layout: HomeLayout, database_url: str | None
) -> None:
    ctx = _key_file_office(layout, database_url)
    try:
        rina = ctx.as_actor(accounts.authenticate(ctx, "rina", ADMIN_PASSWORD))
        integrity.flush_anchors()
        anchor_file = layout.root / integrity.ANCHOR_FILE
        early = anchor_file.read_text()
        accounts.create_user(
            rina, username="budi", full_name="Budi", role="staf", password="sandi-budi-1"
        )
        integrity.flush_anchors()
        # Someone deletes the newest entries and puts the earlier anchor back: that one is
        # genuine, but an anchor whose head was edited to match a truncated log is not.
        data = json.loads(anchor_file.read_text())
        data[integrity.AUDIT_HEAD]["seq"] -= 1
        anchor_file.write_text(json.dumps(data))
        assert "diubah di luar program" in _failed(ctx)["Log audit"]
        anchor_file.write_text(early)
        assert _failed(ctx) == {}  # an older genuine anchor: the log only grew since
    finally:
        ctx.db.dispose()


def test_an_office_set_up_before_keeps_no_audit_key_beside_its_key_file(
    layout: HomeLayout, database_url: str | None
) -> None:
    import base64

    from netral_desktop.store import keystore

    ctx = _key_file_office(layout, database_url)
    key = keystore.unlocked_file_store(layout.key_file).get(integrity.AUDIT_KEY)  # type: ignore[union-attr]
    ctx.db.dispose()
    # The anchor file as the previous version wrote it: the key in plain text beside the head.
    anchor_file = layout.root / integrity.ANCHOR_FILE
    data = json.loads(anchor_file.read_text())
    data.pop("mac", None)
    data[integrity.AUDIT_KEY] = base64.b64encode(key).decode()
    anchor_file.write_text(json.dumps(data))
    ctx = open_context(layout)
    try:
        assert _failed(ctx) == {}
        assert integrity.AUDIT_KEY not in json.loads(anchor_file.read_text())
        assert base64.b64encode(key) not in anchor_file.read_bytes()
    finally:
        ctx.db.dispose()


def test_a_numbering_scheme_changed_with_sql_is_reported(busy: ServiceContext) -> None:
    documents.set_numbering_scheme(busy, "surat", "B-{seq:04d}/{klasifikasi}/{office}/{year}")
    assert _failed(busy) == {}
    behind_the_program(busy, "UPDATE numbering_scheme SET scheme = 'PALSU-{seq}'")
    assert _failed(busy)["Segel akun, kantor dan dokumen"] == (
        "1 baris diubah di luar program (tidak cocok dengan segelnya): format nomor 'surat'"
    )


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("UPDATE office SET name = 'Bawaslu Palsu'", "Data kantor 34.02 diubah di luar program"),
        (
            "UPDATE numbering_scheme SET scheme = 'PALSU-{seq}'",
            "Format nomor seri surat diubah di luar program",
        ),
    ],
)
def test_what_papers_print_is_not_issued_after_a_change_behind_the_programs_back(
    busy: ServiceContext, tmp_path: Path, statement: str, message: str
) -> None:
    import yaml

    documents.set_numbering_scheme(busy, "surat", "B-{seq:04d}/{office}/{year}")
    source = tmp_path / "surat.yaml"
    source.write_text(yaml.safe_dump(letter(1), allow_unicode=True), encoding="utf-8")
    behind_the_program(busy, statement)
    with pytest.raises(VerificationFailed, match=message):
        documents.issue(busy, "surat_dinas", str(source))
    assert documents.list_issued(busy) == []


def test_an_older_copy_of_an_account_put_back_seal_and_all_is_refused(
    busy: ServiceContext,
) -> None:
    # The row as it was while budi was a coordinator, seal included (from an old copy of the
    # file), is put back after the administrator demoted him and disabled his account.
    from netral_desktop.store.models import User

    accounts.set_role(busy, "budi", "koordinator")
    with busy.db.read_session() as session:
        old = session.exec(select(User).where(User.username == "budi")).one()
    accounts.set_role(busy, "budi", "staf")
    accounts.set_active(busy, "budi", False)
    behind_the_program(
        busy,
        (
            "UPDATE user_account SET role = ?, active = ?, seal = ? WHERE username = 'budi'",
            (old.role, True, old.seal),
        ),
    )
    with pytest.raises(AuthenticationError) as refused:
        accounts.authenticate(busy, "budi", "sandi-budi-1")
    assert refused.value.code == "auth_tampered"
    assert "akun 'budi'" in _failed(busy)["Segel akun, kantor dan dokumen"]
    # Put right through the program, the account agrees with its log again.
    behind_the_program(
        busy,
        ("UPDATE user_account SET role = 'staf', active = ? WHERE username = 'budi'", (False,)),
    )
    integrity.reseal(busy)
    assert _failed(busy) == {}
