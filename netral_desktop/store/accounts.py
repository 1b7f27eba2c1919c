"""Queries of the accounts aggregate (local rows: accounts are not synced)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, true
from sqlmodel import Session, select

from netral_desktop.store.models import User


@dataclass(frozen=True)
class UserRow:
    """An account as the rest of the program sees it (never its password hash)."""

    id: str
    username: str
    full_name: str
    role: str
    active: bool
    failed_logins: int
    locked_until: str | None
    created_at: str
    last_login_at: str | None

    @classmethod
    def of(cls, user: User) -> UserRow:
        return cls(
            id=user.id,
            username=user.username,
            full_name=user.full_name,
            role=user.role,
            active=user.active,
            failed_logins=user.failed_logins,
            locked_until=user.locked_until,
            created_at=user.created_at,
            last_login_at=user.last_login_at,
        )


def by_username(session: Session, *, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).first()


def username_taken(session: Session, *, username: str) -> bool:
    found = session.execute(
        select(func.count()).select_from(User).where(User.username == username)
    ).scalar()
    return bool(found)


def all_users(session: Session) -> list[UserRow]:
    return [UserRow.of(u) for u in session.exec(select(User).order_by(User.username))]


def other_active_admins(session: Session, *, user_id: str, admin_role: str) -> int:
    return int(
        session.execute(
            select(func.count())
            .select_from(User)
            .where(User.role == admin_role, User.active == true(), User.id != user_id)
        ).scalar()
        or 0
    )
