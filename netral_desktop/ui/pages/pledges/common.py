"""What the pledge panels share: how a date and a status are shown, who may do what."""

from __future__ import annotations

from datetime import datetime

from netral_desktop.core.pledge import AttendanceStatus
from netral_desktop.core.roles import Permission, has_permission
from netral_desktop.services import pledge
from netral_desktop.services.context import ServiceContext


def when_text(starts_at: datetime) -> str:
    from babel.dates import format_datetime

    from netral_desktop.i18n import current_language

    return format_datetime(starts_at, "EEE, d MMM y HH:mm", locale=current_language())


def date_text(starts_at: datetime) -> str:
    """The event's day alone, written out (``19 November 2024``)."""
    from babel.dates import format_date

    from netral_desktop.i18n import current_language

    return format_date(starts_at, "long", locale=current_language())


def status_label(row: pledge.InviteeRow) -> str:
    return AttendanceStatus(row.status).label if row.status else "—"


def allowed(ctx: ServiceContext, permission: Permission) -> bool:
    """Whether the signed-in user may: buttons they may not use are disabled."""
    role = ctx.actor.role if ctx.actor else None
    return role is not None and has_permission(role, permission)
