"""Accounts: log in, lock-out, and the administrator's add / role / reset / disable."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from netral_desktop.config import LOCKOUT_MINUTES, MAX_FAILED_LOGINS
from netral_desktop.core.clock import FixedClock, iso_utc
from netral_desktop.core.errors import (
    AccountLocked,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    PermissionDenied,
    ValidationError,
)
from netral_desktop.services import accounts
from netral_desktop.services.accounts import _hasher as production_hasher  # before conftest's
from netral_desktop.services.context import SYSTEM, ServiceContext
from netral_desktop.store.models import AuditEntry, User
from tests.conftest import ADMIN_PASSWORD

BUDI_PASSWORD = "sandi-budi-2024"
WRONG = "bukan-sandinya"


@pytest.fixture
def budi(admin: ServiceContext) -> accounts.UserRow:
    return accounts.create_user(
        admin, username="budi", full_name="Budi Santoso", role="staf", password=BUDI_PASSWORD
    )


def _user(ctx: ServiceContext, username: str) -> User:
    with ctx.db.read_session() as session:
        return session.exec(select(User).where(User.username == username)).scalars().one()


def _audit_count(ctx: ServiceContext) -> int:
    with ctx.db.read_session() as session:
        return session.execute(select(func.count()).select_from(AuditEntry)).scalar() or 0


def _fail_logins(ctx: ServiceContext, username: str, times: int) -> None:
    for _ in range(times):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(ctx, username, WRONG)


# --- logging in -------------------------------------------------------------------------------


def test_login_with_the_right_password(office: ServiceContext, clock: FixedClock) -> None:
    actor = accounts.authenticate(office, " Rina ", ADMIN_PASSWORD)
    assert (actor.username, actor.role.value) == ("rina", "admin")
    assert _user(office, "rina").last_login_at == iso_utc(clock.now())


def test_wrong_password_and_unknown_user_get_the_same_answer(office: ServiceContext) -> None:
    with pytest.raises(AuthenticationError) as wrong_password:
        accounts.authenticate(office, "rina", WRONG)
    with pytest.raises(AuthenticationError) as unknown_user:
        accounts.authenticate(office, "tidak-ada", ADMIN_PASSWORD)
    assert str(wrong_password.value) == "Nama pengguna atau kata sandi salah."
    assert str(unknown_user.value) == str(wrong_password.value)
    assert _user(office, "rina").failed_logins == 1


def test_an_unknown_name_costs_the_same_password_check(
    office: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Otherwise the time a refusal takes tells which user names exist.
    real = accounts._hasher()
    checks: list[str] = []

    class Counting:
        def hash(self, password: str) -> str:
            return real.hash(password)

        def verify(self, password_hash: str, password: str) -> bool:
            checks.append(password)
            return real.verify(password_hash, password)

    monkeypatch.setattr(accounts, "_hasher", Counting)
    for name in ("rina", "tidak-ada"):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(office, name, WRONG)
    assert checks == [WRONG, WRONG]


def test_passwords_are_hashed_with_argon2id_at_a_real_cost() -> None:
    parameters = production_hasher()
    assert parameters.type.name == "ID"
    assert parameters.memory_cost >= 19 * 1024  # KiB; OWASP's floor for Argon2id
    assert parameters.time_cost >= 2
    assert production_hasher().hash("contoh-sandi").startswith("$argon2id$")


def test_a_successful_login_clears_earlier_failures(office: ServiceContext) -> None:
    _fail_logins(office, "rina", MAX_FAILED_LOGINS - 1)
    accounts.authenticate(office, "rina", ADMIN_PASSWORD)
    assert _user(office, "rina").failed_logins == 0
    _fail_logins(office, "rina", MAX_FAILED_LOGINS - 1)
    accounts.authenticate(office, "rina", ADMIN_PASSWORD)  # still not locked


def test_repeated_failures_lock_the_account_for_a_while(
    office: ServiceContext, budi: User, clock: FixedClock
) -> None:
    _fail_logins(office, "budi", MAX_FAILED_LOGINS - 1)
    with pytest.raises(AccountLocked) as caught:
        accounts.authenticate(office, "budi", WRONG)
    # 02:00 UTC + 15 minutes, shown in the office's time zone (Bantul: WIB, UTC+7).
    assert str(caught.value).startswith("Akun 'budi' dikunci sampai pukul 09:15 WIB karena 5 kali")

    # While locked even the right password is refused.
    clock.advance(minutes=LOCKOUT_MINUTES - 1)
    with pytest.raises(AccountLocked):
        accounts.authenticate(office, "budi", BUDI_PASSWORD)

    clock.advance(minutes=1)
    assert accounts.authenticate(office, "budi", BUDI_PASSWORD).username == "budi"
    assert _user(office, "budi").locked_until is None


def test_after_a_lock_out_ends_one_typo_does_not_lock_again(
    office: ServiceContext, budi: User, clock: FixedClock
) -> None:
    _fail_logins(office, "budi", MAX_FAILED_LOGINS)
    clock.advance(minutes=LOCKOUT_MINUTES)
    with pytest.raises(AuthenticationError) as caught:
        accounts.authenticate(office, "budi", WRONG)
    assert not isinstance(caught.value, AccountLocked)
    assert accounts.authenticate(office, "budi", BUDI_PASSWORD).username == "budi"


def test_lock_out_does_not_touch_other_accounts(office: ServiceContext, budi: User) -> None:
    _fail_logins(office, "budi", MAX_FAILED_LOGINS)
    assert accounts.authenticate(office, "rina", ADMIN_PASSWORD).username == "rina"


def test_reset_password_lifts_a_lock_out(
    office: ServiceContext, admin: ServiceContext, budi: User
) -> None:
    _fail_logins(office, "budi", MAX_FAILED_LOGINS)
    accounts.reset_password(admin, "budi", "sandi-baru-budi")
    assert accounts.authenticate(office, "budi", "sandi-baru-budi").username == "budi"
    with pytest.raises(AuthenticationError):
        accounts.authenticate(office, "budi", BUDI_PASSWORD)


def test_reset_password_checks_the_new_password(admin: ServiceContext, budi: User) -> None:
    before = _audit_count(admin)
    with pytest.raises(ValidationError, match="terlalu pendek"):
        accounts.reset_password(admin, "budi", "123")
    assert accounts.authenticate(admin, "budi", BUDI_PASSWORD)
    assert _audit_count(admin) == before + 1  # the login only


def test_change_own_password(office: ServiceContext, budi: User) -> None:
    ctx = office.as_actor(accounts.authenticate(office, "budi", BUDI_PASSWORD))
    with pytest.raises(AuthenticationError, match="Kata sandi lama salah"):
        accounts.change_own_password(ctx, WRONG, "sandi-lain-budi")
    accounts.change_own_password(ctx, BUDI_PASSWORD, "sandi-lain-budi")
    assert accounts.authenticate(office, "budi", "sandi-lain-budi")
    with pytest.raises(AuthenticationError):
        accounts.authenticate(office, "budi", BUDI_PASSWORD)


# --- the administrator's screen ---------------------------------------------------------------


def test_admin_adds_a_user_who_can_log_in(admin: ServiceContext, budi: User) -> None:
    assert (budi.username, budi.full_name, budi.role, budi.active) == (
        "budi",
        "Budi Santoso",
        "staf",
        True,
    )
    stored = _user(admin, "budi").password_hash
    assert stored.startswith("$argon2")
    assert BUDI_PASSWORD not in stored
    # What the service hands out (to the window) never carries the hash.
    assert not hasattr(budi, "password_hash")
    assert [u.username for u in accounts.list_users(admin)] == ["budi", "rina"]
    assert accounts.authenticate(admin, "budi", BUDI_PASSWORD).role.value == "staf"


@pytest.mark.parametrize("username", ["budi", "BUDI", " budi "])
def test_a_duplicate_username_is_refused(admin: ServiceContext, budi: User, username: str) -> None:
    with pytest.raises(ConflictError) as caught:
        accounts.create_user(
            admin, username=username, full_name="Budi Lain", role="staf", password="sandi-lain-1"
        )
    assert caught.value.code == "username_taken"
    assert str(caught.value) == "Nama pengguna 'budi' sudah dipakai. Pilih nama lain."
    assert [u.full_name for u in accounts.list_users(admin)] == ["Budi Santoso", "Rina Kartikasari"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"username": "b"}, "tidak sah"),
        ({"username": "1budi"}, "tidak sah"),
        ({"role": "bupati"}, "Peran 'bupati' tidak dikenal"),
        ({"full_name": "   "}, "Nama lengkap pengguna wajib diisi"),
        ({"password": "pendek"}, "terlalu pendek"),
        ({"username": "sitinurhaliza", "password": "SitiNurhaliza"}, "tidak boleh sama"),
    ],
)
def test_invalid_new_users_are_refused(
    admin: ServiceContext, fields: dict[str, str], message: str
) -> None:
    values = {"username": "siti", "full_name": "Siti", "role": "staf", "password": "sandi-siti-1"}
    values.update(fields)
    with pytest.raises(ValidationError, match=message):
        accounts.create_user(admin, **values)
    assert [u.username for u in accounts.list_users(admin)] == ["rina"]


def test_staf_cannot_manage_accounts(office: ServiceContext, budi: User) -> None:
    staf = office.as_actor(accounts.authenticate(office, "budi", BUDI_PASSWORD))
    with pytest.raises(PermissionDenied, match="Peran Staf tidak berwenang"):
        accounts.create_user(
            staf, username="siti", full_name="Siti", role="admin", password="sandi-siti-1"
        )
    with pytest.raises(PermissionDenied):
        accounts.set_role(staf, "budi", "admin")
    with pytest.raises(PermissionDenied):
        accounts.reset_password(staf, "rina", "sandi-curian-1")
    with pytest.raises(PermissionDenied):
        accounts.set_active(staf, "rina", False)
    with pytest.raises(PermissionDenied):
        accounts.list_users(staf)
    assert _user(office, "budi").role == "staf"
    assert accounts.authenticate(office, "rina", ADMIN_PASSWORD)


def test_nobody_logged_in_cannot_manage_accounts(office: ServiceContext) -> None:
    with pytest.raises(PermissionDenied, match="Masuk \\(login\\) dahulu"):
        accounts.create_user(
            office, username="siti", full_name="Siti", role="staf", password="sandi-siti-1"
        )


def test_set_role(admin: ServiceContext, budi: User) -> None:
    assert accounts.set_role(admin, "budi", "koordinator").role == "koordinator"
    assert accounts.authenticate(admin, "budi", BUDI_PASSWORD).role.value == "koordinator"
    with pytest.raises(ValidationError, match="tidak dikenal"):
        accounts.set_role(admin, "budi", "raja")
    with pytest.raises(NotFoundError, match="Pengguna 'siapa' tidak ditemukan"):
        accounts.set_role(admin, "siapa", "staf")


def test_the_last_admin_cannot_be_demoted(admin: ServiceContext, budi: User) -> None:
    before = _audit_count(admin)
    with pytest.raises(ConflictError) as caught:
        accounts.set_role(admin, "rina", "staf")
    assert caught.value.code == "last_admin"
    assert "administrator aktif terakhir" in str(caught.value)
    assert _user(admin, "rina").role == "admin"
    assert _audit_count(admin) == before

    accounts.set_role(admin, "budi", "admin")
    accounts.set_role(admin, "rina", "staf")  # another admin exists now
    assert _user(admin, "rina").role == "staf"


def test_a_disabled_admin_does_not_count_as_another_admin(
    admin: ServiceContext, budi: User
) -> None:
    accounts.set_role(admin, "budi", "admin")
    accounts.set_active(admin, "budi", False)
    with pytest.raises(ConflictError, match="administrator aktif terakhir"):
        accounts.set_role(admin, "rina", "sekretariat")


def test_the_last_active_admin_cannot_be_disabled(office: ServiceContext) -> None:
    system = office.as_actor(SYSTEM)
    with pytest.raises(ConflictError, match="administrator aktif terakhir"):
        accounts.set_active(system, "rina", False)
    assert _user(office, "rina").active


def test_nobody_can_disable_themselves(admin: ServiceContext, budi: User) -> None:
    accounts.set_role(admin, "budi", "admin")  # not the last admin: the rule is about oneself
    with pytest.raises(ConflictError, match="tidak dapat menonaktifkan akun Anda sendiri"):
        accounts.set_active(admin, "rina", False)
    assert _user(admin, "rina").active


def test_a_disabled_account_cannot_log_in_until_enabled(admin: ServiceContext, budi: User) -> None:
    accounts.set_active(admin, "budi", False)
    with pytest.raises(AuthenticationError) as caught:
        accounts.authenticate(admin, "budi", BUDI_PASSWORD)
    assert caught.value.code == "auth_disabled"
    assert "dinonaktifkan" in str(caught.value)
    accounts.set_active(admin, "budi", True)
    assert accounts.authenticate(admin, "budi", BUDI_PASSWORD).username == "budi"
