"""The office's own settings: the time zone can be changed, and only by an administrator."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from netral_desktop.config import MAX_FAILED_LOGINS
from netral_desktop.core.errors import AccountLocked, PermissionDenied, ValidationError
from netral_desktop.services import accounts
from netral_desktop.services import office as office_service
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.store.models import AuditEntry


def _last_entry(ctx: ServiceContext) -> AuditEntry:
    with ctx.db.read_session() as session:
        statement = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)
        return session.exec(statement).scalars().one()


def test_changing_the_time_zone_changes_the_times_shown(admin: ServiceContext) -> None:
    updated = office_service.update_office(admin, time_zone="wit")
    assert updated.time_zone == "WIT"
    assert updated.revision == 2
    entry = _last_entry(admin)
    assert json.loads(entry.old_values or "") == {"time_zone": "WIB"}
    assert json.loads(entry.new_values or "") == {"time_zone": "WIT"}

    # Lock-out times are shown in the office's zone: 02:15 UTC is 11:15 WIT.
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(Exception, match="salah"):
            accounts.authenticate(admin, "rina", "bukan-sandinya")
    with pytest.raises(AccountLocked, match="sampai pukul 11:15 WIT"):
        accounts.authenticate(admin, "rina", "bukan-sandinya")


def test_saving_the_same_values_records_nothing(admin: ServiceContext) -> None:
    before = _last_entry(admin).seq
    office_service.update_office(admin, time_zone="WIB", name="Bawaslu Kabupaten Bantul")
    assert _last_entry(admin).seq == before
    assert current_office(admin).revision == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"time_zone": "GMT+7"}, "Zona waktu harus WIB, WITA atau WIT"),
        ({"name": "  "}, "Nama kantor wajib diisi"),
        ({"code": "34.04"}, "Pengaturan kantor tidak dikenal: code"),
    ],
)
def test_invalid_settings_are_refused(
    admin: ServiceContext, changes: dict[str, str], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        office_service.update_office(admin, **changes)
    found = current_office(admin)
    assert (found.code, found.name, found.time_zone) == ("34.02", "Bawaslu Kabupaten Bantul", "WIB")


def test_only_an_administrator_changes_settings(admin: ServiceContext) -> None:
    accounts.create_user(
        admin, username="dewi", full_name="Dewi", role="koordinator", password="sandi-dewi-1"
    )
    dewi = admin.as_actor(accounts.authenticate(admin, "dewi", "sandi-dewi-1"))
    with pytest.raises(PermissionDenied):
        office_service.update_office(dewi, time_zone="WITA")
    assert current_office(admin).time_zone == "WIB"
