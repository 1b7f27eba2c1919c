"""Queries of the accounts aggregate (local rows: accounts are not synced)."""

from __future__ import annotations

from sqlalchemy import func, select, true
from sqlmodel import Session

from netral_desktop.store.models import User


def by_username(session: Session, *, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).scalars().first()


def username_taken(session: Session, *, username: str) -> bool:
    found = session.execute(
        select(func.count()).select_from(User).where(User.username == username)
    ).scalar()
    return bool(found)


def all_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(User.username)).scalars())


def other_active_admins(session: Session, *, user_id: str, admin_role: str) -> int:
    return int(
        session.execute(
            select(func.count())
            .select_from(User)
            .where(User.role == admin_role, User.active == true(), User.id != user_id)
        ).scalar()
        or 0
    )
