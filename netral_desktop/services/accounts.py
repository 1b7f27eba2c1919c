"""Accounts: log in with lock-out, and the admin's add / role / reset / disable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import cache
from typing import TYPE_CHECKING

from netral_desktop.config import LOCKOUT_MINUTES, MAX_FAILED_LOGINS
from netral_desktop.core.accounts import check_password, check_username, normalise_username
from netral_desktop.core.clock import iso_utc, parse_iso_utc
from netral_desktop.core.errors import (
    AccountLocked,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    ValidationError,
)
from netral_desktop.core.ids import new_id
from netral_desktop.core.roles import Permission, Role
from netral_desktop.i18n import N_, _
from netral_desktop.services import audit, integrity
from netral_desktop.services.context import Actor, ServiceContext
from netral_desktop.store import accounts as accounts_store
from netral_desktop.store.accounts import UserRow as UserRow  # the window's row type
from netral_desktop.store.db import Session
from netral_desktop.store.models import User

if TYPE_CHECKING:  # argon2 loads on the first password check
    from argon2 import PasswordHasher

TABLE = "user_account"


@cache
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    return _hasher().hash("netral-desktop: tidak ada pengguna ini")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def _verify(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def actor_of(user: User) -> Actor:
    return Actor(user.id, user.username, Role(user.role), user.full_name)


def _check_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise ValidationError(
            _("Peran '{role}' tidak dikenal. Pilih salah satu: {roles}.").format(
                role=role, roles=", ".join(r.value for r in Role)
            )
        ) from None


def _get(session: Session, username: str) -> User:
    user = accounts_store.by_username(session, username=normalise_username(username))
    if user is None:
        raise NotFoundError(
            _("Pengguna '{name}' tidak ditemukan.").format(name=normalise_username(username))
        )
    return user


def authenticate(ctx: ServiceContext, username: str, password: str) -> Actor:
    """Check a login. Failures are counted; too many in a row lock the account for a while."""
    name = normalise_username(username)
    now = ctx.clock.now()
    wrong = AuthenticationError(_("Nama pengguna atau kata sandi salah."), code="auth_failed")
    _refuse_if_tampered(ctx, name)
    with ctx.db.write_session() as session:
        user = accounts_store.by_username(session, username=name)
        if user is None:
            _verify(_dummy_hash(), password)  # same work either way: timing tells no names
            raise wrong
        if not user.active:
            # Only someone who knows the password learns that the account is disabled.
            if not _verify(user.password_hash, password):
                raise wrong
            raise AuthenticationError(
                _("Akun '{name}' dinonaktifkan. Hubungi administrator kantor.").format(name=name),
                code="auth_disabled",
            )
        if user.locked_until and parse_iso_utc(user.locked_until) > now:
            raise _locked_error(user, ctx)
        if user.locked_until:  # the lock-out has run out: the count starts afresh
            user.failed_logins, user.locked_until = 0, None
        if not _verify(user.password_hash, password):
            user.failed_logins += 1
            note = N_("percobaan ke-{n}").format(n=user.failed_logins)
            locked = user.failed_logins >= MAX_FAILED_LOGINS
            if locked:
                user.locked_until = iso_utc(now + timedelta(minutes=LOCKOUT_MINUTES))
            session.add(user)
            audit.record(
                session,
                at=iso_utc(now),
                actor=name,
                action="login_failed",
                table_name=TABLE,
                record_id=user.id,
                note=note,
            )
            error = _locked_error(user, ctx) if locked else wrong
        else:
            user.failed_logins = 0
            user.locked_until = None
            user.last_login_at = iso_utc(now)
            session.add(user)
            audit.record(
                session,
                at=iso_utc(now),
                actor=name,
                action="login",
                table_name=TABLE,
                record_id=user.id,
            )
            return actor_of(user)
    raise error


def _refuse_if_tampered(ctx: ServiceContext, name: str) -> None:
    """An account changed behind the program's back (a role raised with sqlite3, a lock
    lifted, a password hash planted) no longer matches its seal: it cannot be trusted,
    whatever password is given. The refusal is logged."""
    with ctx.db.read_session() as session:
        user = accounts_store.by_username(session, username=name)
        if user is None or (
            integrity.row_intact(ctx.db, user) and integrity.account_agrees_with_log(ctx.db, user)
        ):
            return
    with ctx.db.write_session() as session:
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=name,
            action="login_refused",
            table_name=TABLE,
            record_id=user.id,
            note="akun diubah di luar program",
        )
    raise AuthenticationError(
        _(
            "Akun '{name}' tidak dapat dipakai masuk: datanya (peran, status aktif, kunci "
            "atau kata sandi) diubah di luar program dan tidak cocok lagi dengan segel "
            "kantor. Minta administrator memeriksanya dengan 'netral check'."
        ).format(name=name),
        code="auth_tampered",
    )


def _locked_error(user: User, ctx: ServiceContext) -> AccountLocked:
    from netral_desktop.services.office import format_local_time

    until = format_local_time(ctx, parse_iso_utc(user.locked_until or ""), "HH:mm")
    return AccountLocked(
        _(
            "Akun '{name}' dikunci sampai pukul {until} karena {n} kali salah kata sandi. "
            "Coba lagi setelah itu, atau minta administrator mengatur ulang kata sandinya."
        ).format(name=user.username, until=until, n=MAX_FAILED_LOGINS)
    )


def insert_user(
    session: Session,
    *,
    at: str,
    actor: str,
    username: str,
    full_name: str,
    role: str,
    password: str,
) -> User:
    """Add a user inside an open write transaction (shared by setup and the admin screen)."""
    name = check_username(username)
    role_value = _check_role(role)
    check_password(password, username=name)
    if not full_name.strip():
        raise ValidationError(_("Nama lengkap pengguna wajib diisi."))
    if accounts_store.username_taken(session, username=name):
        raise ConflictError(
            _("Nama pengguna '{name}' sudah dipakai. Pilih nama lain.").format(name=name),
            code="username_taken",
        )
    user = User(
        id=new_id(),
        username=name,
        full_name=full_name.strip(),
        role=role_value.value,
        password_hash=hash_password(password),
        created_at=at,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        at=at,
        actor=actor,
        action="create",
        table_name=TABLE,
        record_id=user.id,
        new=audit.row_values(user),
    )
    return user


def create_user(
    ctx: ServiceContext, *, username: str, full_name: str, role: str, password: str
) -> UserRow:
    actor = ctx.require(Permission.MANAGE_ACCOUNTS)
    with ctx.db.write_session() as session:
        user = insert_user(
            session,
            at=ctx.now_iso(),
            actor=actor.username,
            username=username,
            full_name=full_name,
            role=role,
            password=password,
        )
        return UserRow.of(user)


def list_users(ctx: ServiceContext) -> list[UserRow]:
    ctx.require(Permission.MANAGE_ACCOUNTS)
    with ctx.db.read_session() as session:
        return accounts_store.all_users(session)


def _update(
    ctx: ServiceContext, username: str, action: str, change: Callable[[Session, User], None]
) -> UserRow:
    actor = ctx.require(Permission.MANAGE_ACCOUNTS)
    with ctx.db.write_session() as session:
        user = _get(session, username)
        before = user.model_dump()
        change(session, user)
        session.add(user)
        session.flush()
        old, new = audit.changed_values(before, user.model_dump())
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=actor.username,
            action=action,
            table_name=TABLE,
            record_id=user.id,
            old=old,
            new=new,
        )
        return UserRow.of(user)


def _ensure_other_admin(session: Session, user: User) -> None:
    """An office must keep at least one active administrator."""
    if user.role != Role.ADMIN or not user.active:
        return
    if not accounts_store.other_active_admins(
        session, user_id=user.id, admin_role=Role.ADMIN.value
    ):
        raise ConflictError(
            _(
                "'{name}' adalah administrator aktif terakhir. Tambahkan administrator lain "
                "lebih dahulu."
            ).format(name=user.username),
            code="last_admin",
        )


def set_role(ctx: ServiceContext, username: str, role: str) -> UserRow:
    new_role = _check_role(role)

    def change(session: Session, user: User) -> None:
        if new_role != Role.ADMIN:
            _ensure_other_admin(session, user)
        user.role = new_role.value

    return _update(ctx, username, "set_role", change)


def reset_password(ctx: ServiceContext, username: str, password: str) -> UserRow:
    """Set a new password; this also lifts a lock-out."""

    def change(_session: Session, user: User) -> None:
        check_password(password, username=user.username)
        user.password_hash = hash_password(password)
        user.failed_logins = 0
        user.locked_until = None

    return _update(ctx, username, "reset_password", change)


def set_active(ctx: ServiceContext, username: str, active: bool) -> UserRow:
    def change(session: Session, user: User) -> None:
        if not active:
            if ctx.actor and user.id == ctx.actor.user_id:
                raise ConflictError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
            _ensure_other_admin(session, user)
        user.active = active

    return _update(ctx, username, "enable" if active else "disable", change)


def change_own_password(ctx: ServiceContext, old_password: str, new_password: str) -> None:
    if ctx.actor is None:
        raise AuthenticationError(_("Masuk (login) dahulu untuk melakukan ini."))
    with ctx.db.write_session() as session:
        user = _get(session, ctx.actor.username)
        if not _verify(user.password_hash, old_password):
            raise AuthenticationError(_("Kata sandi lama salah."))
        check_password(new_password, username=user.username)
        user.password_hash = hash_password(new_password)
        session.add(user)
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=user.username,
            action="change_password",
            table_name=TABLE,
            record_id=user.id,
            old={"password_hash": audit.REDACTED},
            new={"password_hash": audit.REDACTED},
        )
