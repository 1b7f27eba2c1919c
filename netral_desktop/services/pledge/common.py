"""What the pledge modules share: the events' table name, the office's time zone, the live
event or invitee a use case works on, and the SQL shape of an invitee with their current mark
(the invitees list, the counts and the door all read it)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from netral_desktop.core.errors import NotFoundError
from netral_desktop.core.pledge import MarkQuery
from netral_desktop.i18n import _
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.office import office_zone
from netral_desktop.store.models import Invitee, PledgeEvent

EVENT_TABLE = "pledge_event"


def local_zone(ctx: ServiceContext) -> ZoneInfo:
    return office_zone(current_office(ctx))


def live_event(session: Session, event_id: str) -> PledgeEvent:
    event = session.get(PledgeEvent, event_id)
    if event is None or event.deleted:
        raise NotFoundError(_("Acara ikrar tidak ditemukan (mungkin sudah dihapus)."))
    return event


def live_invitee(session: Session, invitee_id: str) -> Invitee:
    invitee = session.get(Invitee, invitee_id)
    if invitee is None or invitee.deleted:
        raise NotFoundError(_("Peserta tidak ditemukan (mungkin sudah dihapus dari daftar)."))
    live_event(session, invitee.event_id)
    return invitee


# An invitee's status is their newest live mark. Joined as ``attendance c`` through one
# index probe per invitee (ix_attendance_invitee): joining a window-function subquery instead
# made SQLite scan it once per invitee, 100 ms at 2,000 invitees.
ORDER_MARKS = "ORDER BY marked_at DESC, updated_at DESC, id DESC"
WITH_MARK = (
    "invitee i LEFT JOIN attendance c ON c.id = (SELECT a.id FROM attendance a "
    "WHERE a.invitee_id = i.id AND a.deleted = 0 "
    "ORDER BY a.marked_at DESC, a.updated_at DESC, a.id DESC LIMIT 1)"
)


def match_clause(parsed: MarkQuery) -> tuple[str, dict[str, Any]]:
    """WHERE clause over invitee ``i`` for a typed query: the whole NIP; a part of it
    anywhere; or every typed word beginning a word of the name ("sri wah" finds Sri Wahyuni,
    while "sri" never finds Yusrizal: a unique match is marked at once, so it must be the
    person meant)."""
    if parsed.is_whole_nip:
        return "i.nip = :digits", {"digits": parsed.digits}
    if parsed.digits:
        return "instr(i.nip, :digits) > 0", {"digits": parsed.digits}
    if not parsed.words:
        return "0", {}
    parts = [f"instr(' ' || i.name_key, :w{n}) > 0" for n in range(len(parsed.words))]
    return " AND ".join(parts), {f"w{n}": " " + w for n, w in enumerate(parsed.words)}
