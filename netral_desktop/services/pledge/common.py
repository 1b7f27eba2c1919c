"""What the pledge modules share: the events' table name, the office's time zone, and the live
event or invitee a use case works on."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from netral_desktop.core.errors import NotFoundError
from netral_desktop.i18n import _
from netral_desktop.services.context import ServiceContext, current_office
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
