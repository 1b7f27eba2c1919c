"""What the pledge modules share: the events' table name, the office's time zone, and the live
event or invitee a use case works on."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from netral_desktop.core.errors import NotFoundError
from netral_desktop.core.roles import Permission, has_permission
from netral_desktop.i18n import _
from netral_desktop.services.context import Actor, ServiceContext, current_office
from netral_desktop.services.office import office_zone
from netral_desktop.store import pledges as pledge_store
from netral_desktop.store.db import Session
from netral_desktop.store.models import Invitee, PledgeEvent

EVENT_TABLE = "pledge_event"


def local_zone(ctx: ServiceContext) -> ZoneInfo:
    return office_zone(current_office(ctx))


def live_event(session: Session, event_id: str) -> PledgeEvent:
    event = pledge_store.event(session, event_id=event_id)
    if event is None or event.deleted:
        raise NotFoundError(_("Acara ikrar tidak ditemukan (mungkin sudah dihapus)."))
    return event


def live_invitee(session: Session, invitee_id: str) -> Invitee:
    invitee = pledge_store.invitee(session, invitee_id=invitee_id)
    if invitee is None or invitee.deleted:
        raise NotFoundError(_("Peserta tidak ditemukan (mungkin sudah dihapus dari daftar)."))
    live_event(session, invitee.event_id)
    return invitee


def require_event_write(ctx: ServiceContext, event_id: str) -> Actor:
    """The acting user, if they may change the event's invitees, marks and scans: a pledge
    ceremony needs PLEDGE_WRITE; a socialization event (which shares them) PLEDGE_WRITE or
    SOSIALISASI_WRITE. The event is looked up only for a role with the second alone."""
    actor = ctx.actor
    if actor is None or has_permission(actor.role, Permission.PLEDGE_WRITE):
        return ctx.require(Permission.PLEDGE_WRITE)
    if has_permission(actor.role, Permission.SOSIALISASI_WRITE):
        with ctx.db.read_session() as session:
            kind = pledge_store.event_kind(session, event_id=event_id)
        if kind == "sosialisasi":
            return actor
    return ctx.require(Permission.PLEDGE_WRITE)


def require_invitee_write(ctx: ServiceContext, invitee_id: str) -> Actor:
    """``require_event_write`` for the event of the invitee ``invitee_id``."""
    actor = ctx.actor
    if actor is None or has_permission(actor.role, Permission.PLEDGE_WRITE):
        return ctx.require(Permission.PLEDGE_WRITE)
    with ctx.db.read_session() as session:
        invitee = pledge_store.invitee(session, invitee_id=invitee_id)
        event_id = invitee.event_id if invitee is not None else ""
    return require_event_write(ctx, event_id)
