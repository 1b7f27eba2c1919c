"""The audit log: who did what to which record, hash-chained so tampering shows."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from netral_desktop.config import HomeLayout
from netral_desktop.core.clock import FixedClock, iso_utc
from netral_desktop.services import accounts, audit
from netral_desktop.services import office as office_service
from netral_desktop.services.context import ServiceContext
from netral_desktop.store.models import AuditEntry, User
from tests.conftest import ADMIN_PASSWORD, behind_the_program


def _entries(ctx: ServiceContext) -> list[AuditEntry]:
    with ctx.db.read_session() as session:
        return list(session.exec(select(AuditEntry).order_by(AuditEntry.seq)).scalars())


def _last(ctx: ServiceContext) -> AuditEntry:
    return _entries(ctx)[-1]


def _raw(ctx: ServiceContext, statement: str, *params: object) -> None:
    behind_the_program(ctx, (statement, params))


@pytest.fixture
def busy(admin: ServiceContext, clock: FixedClock) -> ServiceContext:
    """An office with a few changes logged (seq 1-2 setup, 3 login, 4-7 below)."""
    clock.advance(minutes=5)
    accounts.create_user(
        admin, username="budi", full_name="Budi Santoso", role="staf", password="sandi-budi-1"
    )
    accounts.set_role(admin, "budi", "koordinator")
    office_service.update_office(admin, phone="(0274) 367 123")
    accounts.reset_password(admin, "budi", "sandi-budi-2")
    assert len(_entries(admin)) == 7
    return admin


def test_setup_is_logged(office: ServiceContext, clock: FixedClock) -> None:
    init, create = _entries(office)
    assert (init.seq, init.actor, init.action, init.table_name) == (1, "rina", "init", "office")
    assert json.loads(init.new_values or "{}")["code"] == "34.02"
    assert (create.action, create.table_name, create.actor) == ("create", "user_account", "rina")
    assert init.at == create.at == iso_utc(clock.now())


def test_every_write_records_who_when_which_record_old_and_new(
    admin: ServiceContext, clock: FixedClock
) -> None:
    clock.advance(hours=1)
    user = accounts.create_user(
        admin, username="budi", full_name="Budi Santoso", role="staf", password="sandi-budi-1"
    )
    created = _last(admin)
    assert (created.actor, created.action, created.table_name, created.record_id) == (
        "rina",
        "create",
        "user_account",
        user.id,
    )
    assert created.at == iso_utc(clock.now())
    assert created.old_values is None
    new = json.loads(created.new_values or "{}")
    assert (new["username"], new["full_name"], new["role"], new["active"]) == (
        "budi",
        "Budi Santoso",
        "staf",
        True,
    )

    clock.advance(minutes=1)
    accounts.set_role(admin, "budi", "sekretariat")
    changed = _last(admin)
    assert (changed.action, changed.record_id, changed.at) == (
        "set_role",
        user.id,
        iso_utc(clock.now()),
    )
    assert json.loads(changed.old_values or "") == {"role": "staf"}
    assert json.loads(changed.new_values or "") == {"role": "sekretariat"}

    accounts.set_active(admin, "budi", False)
    assert json.loads(_last(admin).old_values or "") == {"active": True}
    assert json.loads(_last(admin).new_values or "") == {"active": False}

    office_row = office_service.update_office(admin, address="Jl. Jenderal Sudirman No. 12")
    updated = _last(admin)
    assert (updated.table_name, updated.record_id, updated.action) == (
        "office",
        office_row.id,
        "update",
    )
    assert json.loads(updated.old_values or "") == {"address": ""}
    assert json.loads(updated.new_values or "") == {"address": "Jl. Jenderal Sudirman No. 12"}


def test_history_of_one_record(busy: ServiceContext) -> None:
    with busy.db.read_session() as session:
        budi = session.exec(select(User).where(User.username == "budi")).scalars().one()
    actions = [e.action for e in audit.history(busy.db, "user_account", budi.id)]
    assert actions == ["create", "set_role", "reset_password"]


def test_logins_and_failed_logins_are_logged(office: ServiceContext) -> None:
    with pytest.raises(Exception, match="salah"):
        accounts.authenticate(office, "rina", "bukan-sandinya")
    accounts.authenticate(office, "rina", ADMIN_PASSWORD)
    failed, ok = _entries(office)[-2:]
    assert (failed.actor, failed.action, failed.note) == ("rina", "login_failed", "percobaan ke-1")
    assert (ok.actor, ok.action) == ("rina", "login")


def test_a_password_reset_is_logged_without_the_password(busy: ServiceContext) -> None:
    reset = _last(busy)
    assert reset.action == "reset_password"
    old = json.loads(reset.old_values or "{}")
    new = json.loads(reset.new_values or "{}")
    # The fact that the password changed is there; what it was or became is not.
    assert old.get("password_hash") == audit.REDACTED
    assert new.get("password_hash") == audit.REDACTED


def test_password_hashes_never_appear_in_the_log(busy: ServiceContext) -> None:
    budi = busy.as_actor(accounts.authenticate(busy, "budi", "sandi-budi-2"))
    accounts.change_own_password(budi, "sandi-budi-2", "sandi-budi-3")
    with busy.db.read_session() as session:
        hashes = list(session.exec(select(User.password_hash)).scalars())
    log = json.dumps([e.model_dump() for e in _entries(busy)], ensure_ascii=False)
    assert "$argon2" not in log
    for secret in [*hashes, "sandi-budi-1", "sandi-budi-2", "sandi-budi-3", ADMIN_PASSWORD]:
        assert secret not in log


def test_a_refused_change_leaves_no_entry(busy: ServiceContext) -> None:
    before = len(_entries(busy))
    with pytest.raises(Exception, match="administrator aktif terakhir"):
        accounts.set_role(busy, "rina", "staf")
    assert len(_entries(busy)) == before


# --- the hash chain ---------------------------------------------------------------------------


def test_an_untouched_chain_verifies(busy: ServiceContext) -> None:
    report = audit.verify_chain(busy.db)
    assert (report.ok, report.entries, report.broken_seq) == (True, 7, None)
    entries = _entries(busy)
    assert entries[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))


def test_an_empty_log_verifies(tmp_path: Path) -> None:
    from netral_desktop.store.db import open_database

    database = open_database(HomeLayout(tmp_path / "kosong"), create=True)
    try:
        assert audit.verify_chain(database).ok
        assert audit.verify_chain(database).entries == 0
    finally:
        database.dispose()


def test_changed_values_are_detected_at_that_entry(
    busy: ServiceContext, layout: HomeLayout
) -> None:
    _raw(busy, "UPDATE audit_log SET new_values = ? WHERE seq = 5", '{"role":"admin"}')
    report = audit.verify_chain(busy.db)
    assert (report.ok, report.broken_seq) == (False, 5)
    assert report.reason == "isi entri diubah di luar program"


@pytest.mark.parametrize(
    ("column", "value"),
    [("actor", "budi"), ("at", "2024-05-13T00:00:00.000000Z"), ("note", "x"), ("action", "x")],
)
def test_any_changed_field_is_detected(
    busy: ServiceContext, layout: HomeLayout, column: str, value: str
) -> None:
    _raw(busy, f"UPDATE audit_log SET {column} = ? WHERE seq = 4", value)
    assert audit.verify_chain(busy.db).broken_seq == 4


def test_an_entry_rehashed_after_a_change_breaks_the_next_link(
    busy: ServiceContext, layout: HomeLayout
) -> None:
    # Even someone who holds the audit key and re-MACs the one entry they changed breaks the
    # link the next entry holds.
    from netral_desktop.core.audit_chain import entry_mac

    assert busy.db.chain_seal is not None
    entry = _entries(busy)[4]  # seq 5
    forged = entry.model_dump(exclude={"hash"})
    forged["new_values"] = '{"role":"admin"}'
    _raw(
        busy,
        "UPDATE audit_log SET new_values = ?, hash = ? WHERE seq = 5",
        forged["new_values"],
        entry_mac(busy.db.chain_seal.key, forged),
    )
    report = audit.verify_chain(busy.db)
    assert (report.ok, report.broken_seq) == (False, 6)
    assert report.reason == "rantai hash terputus sebelum entri ini"


def test_an_entry_rehashed_with_the_programs_plain_hash_is_caught_at_that_entry(
    busy: ServiceContext, layout: HomeLayout
) -> None:
    entry = _entries(busy)[4]  # seq 5
    forged = entry.model_dump(exclude={"hash"})
    forged["new_values"] = '{"role":"admin"}'
    _raw(
        busy,
        "UPDATE audit_log SET new_values = ?, hash = ? WHERE seq = 5",
        forged["new_values"],
        audit.entry_hash(**forged),
    )
    report = audit.verify_chain(busy.db)
    assert (report.ok, report.broken_seq) == (False, 5)
    assert report.reason == (
        "isi entri diubah lalu hash-nya dihitung ulang di luar program (tanpa kunci kantor)"
    )


def test_a_deleted_middle_entry_is_detected(busy: ServiceContext, layout: HomeLayout) -> None:
    _raw(busy, "DELETE FROM audit_log WHERE seq = 4")
    report = audit.verify_chain(busy.db)
    assert (report.ok, report.broken_seq) == (False, 4)
    assert report.reason == "entri nomor 4 hilang (ditemukan nomor 5)"


def test_an_edited_prev_hash_is_detected(busy: ServiceContext, layout: HomeLayout) -> None:
    _raw(busy, "UPDATE audit_log SET prev_hash = ? WHERE seq = 3", "f" * 64)
    report = audit.verify_chain(busy.db)
    assert (report.ok, report.broken_seq) == (False, 3)
    assert report.reason == "rantai hash terputus sebelum entri ini"


def test_reordered_entries_are_detected(busy: ServiceContext, layout: HomeLayout) -> None:
    for statement in (
        "UPDATE audit_log SET seq = -1 WHERE seq = 4",
        "UPDATE audit_log SET seq = 4 WHERE seq = 5",
        "UPDATE audit_log SET seq = 5 WHERE seq = -1",
    ):
        _raw(busy, statement)
    report = audit.verify_chain(busy.db)
    assert (report.ok, report.broken_seq) == (False, 4)


def test_concurrent_writers_keep_one_unbroken_chain(admin: ServiceContext) -> None:
    # The window writes on a background worker while, say, a command runs: every write takes
    # the write lock before reading the chain's end, so no two entries share a number.
    from concurrent.futures import ThreadPoolExecutor

    def save(n: int) -> None:
        office_service.update_office(admin, phone=f"(0274) 367 {n:03d}")

    before = len(_entries(admin))
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(save, range(24)))
    report = audit.verify_chain(admin.db)
    assert report.ok, report.reason
    assert report.entries == before + 24
