"""What the case screens share: who may do what, the words for codes the services do not
name on their rows, and the office's today (deadlines are days in the office's zone)."""

from __future__ import annotations

from datetime import date

from netral_desktop.core.cases import SUBJECT_KIND_LABELS
from netral_desktop.core.roles import Permission, has_permission
from netral_desktop.i18n import _
from netral_desktop.services.context import ServiceContext


def allowed(ctx: ServiceContext, permission: Permission) -> bool:
    role = ctx.actor.role if ctx.actor else None
    return role is not None and has_permission(role, permission)


def may_see_identities(ctx: ServiceContext) -> bool:
    """Koordinator and admin: the reporter's and witnesses' identities (each view logged)."""
    return allowed(ctx, Permission.CASE_IDENTITY)


def kind_label(code: str) -> str:
    return _(SUBJECT_KIND_LABELS[code]) if code in SUBJECT_KIND_LABELS else code


SUBJECT_KINDS = tuple(SUBJECT_KIND_LABELS)


def office_today(ctx: ServiceContext) -> date:
    from netral_desktop.services.documents import local_today

    return local_today(ctx)
