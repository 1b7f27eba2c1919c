"""Attendance at the door: marking whoever a typed name or scanned NIP finds, a reason for
being away, and undo. Attendance is a list of marks that is only added to: an invitee's
status is their newest live mark, and undo tombstones the mark it takes back. A mark is one
indexed lookup, one insert and one count over the event's invitees (a few milliseconds at
2,000 invitees)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from netral_desktop.core.clock import parse_iso_utc
from netral_desktop.core.errors import ValidationError
from netral_desktop.core.ids import new_id
from netral_desktop.core.pledge import (
    AttendanceStatus,
    MarkQuery,
    parse_attendance_status,
    parse_mark_query,
)
from netral_desktop.core.roles import Permission
from netral_desktop.core.roster import clean_text
from netral_desktop.i18n import _
from netral_desktop.services.context import Actor, ServiceContext
from netral_desktop.services.pledge.common import (
    live_event,
    live_invitee,
    local_zone,
    require_event_write,
    require_invitee_write,
)
from netral_desktop.services.pledge.counts import AttendanceCounts, counts_in
from netral_desktop.services.pledge.invitees import InviteeRow, invitee_rows
from netral_desktop.services.roster import PersonRow, RosterFilter
from netral_desktop.services.roster import search as roster_search
from netral_desktop.store import pledges as pledge_store
from netral_desktop.store.db import Session
from netral_desktop.store.models import Invitee
from netral_desktop.store.pledges import CurrentMark, NewMark

CANDIDATE_LIMIT = 20
ROSTER_LIMIT = 5  # people of the roster offered at the door besides the invitees


class MarkOutcome(StrEnum):
    MARKED = "marked"
    ALREADY = "already"  # the person already had this status: nothing written
    AMBIGUOUS = "ambiguous"  # several invitees match: choose one of ``candidates``
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class MarkResult:
    outcome: MarkOutcome
    message: str
    invitee: InviteeRow | None = None
    candidates: list[InviteeRow] = field(default_factory=list)
    counts: AttendanceCounts | None = None
    # People of the roster the query names who are not on the list (when no invitee, or
    # several, match): offered at the door as walk-ins ("bukan undangan").
    roster_people: list[PersonRow] = field(default_factory=list)

    @property
    def marked(self) -> bool:
        return self.outcome == MarkOutcome.MARKED


@dataclass(frozen=True)
class UndoResult:
    undone: bool
    message: str
    invitee: InviteeRow | None = None  # with the status they have again
    undone_status: str | None = None
    counts: AttendanceCounts | None = None


def _matching(session: Session, event_id: str, parsed: MarkQuery) -> list[tuple[str, str]]:
    """Invitees matching a query (up to one more than the candidates shown), the name typed
    exactly first."""
    return pledge_store.matching(
        session, event_id=event_id, parsed=parsed, limit=CANDIDATE_LIMIT + 1
    )


def current_mark(session: Session, invitee_id: str) -> CurrentMark | None:
    return pledge_store.current_mark(session, invitee_id=invitee_id)


def mark_in(
    ctx: ServiceContext,
    session: Session,
    actor: Actor,
    invitee: Invitee,
    status: AttendanceStatus,
    note: str,
) -> MarkOutcome:
    """Within a write transaction: give ``invitee`` ``status`` unless they have it already."""
    current = current_mark(session, invitee.id)
    if current is not None and current.status == status and (current.note == note or not note):
        return MarkOutcome.ALREADY
    stamp = ctx.write_stamp()
    mark_id = new_id()
    pledge_store.insert_marks(
        session,
        marks=[
            NewMark(
                event_id=invitee.event_id,
                invitee_id=invitee.id,
                status=status.value,
                note=note,
                marked_at=stamp.at,
                marked_by=actor.username,
            )
        ],
        stamp=stamp,
        ids=[mark_id],
        audit=[
            {
                "action": "mark",
                "table_name": "attendance",
                "record_id": mark_id,
                "old": {"status": current.status} if current else None,
                "new": {
                    "invitee_id": invitee.id,
                    "status": status.value,
                    **({"note": note} if note else {}),
                },
            }
        ],
    )
    return MarkOutcome.MARKED


def _local_clock(ctx: ServiceContext, stamp: str | None) -> str:
    if not stamp:
        return ""
    return parse_iso_utc(stamp).astimezone(local_zone(ctx)).strftime("%H.%M")


def _marked_message(ctx: ServiceContext, row: InviteeRow, counts: AttendanceCounts) -> str:
    status = AttendanceStatus(row.status) if row.status else None
    if status == AttendanceStatus.HADIR:
        return _("Hadir: {name} ({present} dari {total} peserta hadir)").format(
            name=row.full_name, present=counts.present, total=counts.total
        )
    return _("{name}: {status}").format(name=row.full_name, status=status.label if status else "")


def _already_message(ctx: ServiceContext, row: InviteeRow) -> str:
    status = AttendanceStatus(row.status) if row.status else AttendanceStatus.HADIR
    return _(
        "{name} sudah tercatat {status} pukul {time} oleh {user}; tidak ditandai dua kali."
    ).format(
        name=row.full_name,
        status=status.label.lower(),
        time=_local_clock(ctx, row.marked_at),
        user=row.marked_by or "-",
    )


def mark(
    ctx: ServiceContext,
    event_id: str,
    query: str,
    status: AttendanceStatus | str = AttendanceStatus.HADIR,
    note: str = "",
) -> MarkResult:
    """Mark present whoever ``query`` names at the door: a NIP (a scanner's 18 digits, or
    typed with spaces and dots), part of one, or part of a name.

    One match (or one whose whole name is exactly what was typed): marked present (or
    ``status``), unless they have that status already (reported, not marked twice).
    Several: ``candidates`` to choose from (then ``mark_invitee``). None: NOT_FOUND (offer
    ``add_walk_in``). Marked and already-marked results carry the new counts.
    """
    actor = require_event_write(ctx, event_id)
    chosen_status = _as_status(status)
    parsed = parse_mark_query(query)
    typed = " ".join(query.split())
    if not parsed.usable:
        return MarkResult(
            MarkOutcome.NOT_FOUND,
            _("Ketik paling sedikit 2 huruf nama atau 4 angka NIP."),
        )
    with ctx.db.read_session() as session:
        live_event(session, event_id)
        found = _matching(session, event_id, parsed)
        chosen = found[0][0] if len(found) == 1 else None
        if chosen is None and parsed.key:
            exact = [i for i, key in found if key == parsed.key]
            chosen = exact[0] if len(exact) == 1 else None
        if chosen is None and found:
            candidates = invitee_rows(session, event_id, [i for i, _k in found[:CANDIDATE_LIMIT]])
            more = "+" if len(found) > CANDIDATE_LIMIT else ""
            return MarkResult(
                MarkOutcome.AMBIGUOUS,
                _("{n} peserta cocok dengan '{query}': pilih salah satu.").format(
                    n=f"{CANDIDATE_LIMIT}{more}" if more else len(found), query=typed
                ),
                candidates=candidates,
                roster_people=roster_matches(ctx, event_id, query),
            )
    if chosen is None:
        people = roster_matches(ctx, event_id, query)
        if people:
            return MarkResult(
                MarkOutcome.NOT_FOUND,
                _(
                    "'{query}' bukan undangan, tetapi ada di daftar pegawai: pilih lalu Enter "
                    "untuk menambahkannya sebagai peserta tambahan."
                ).format(query=typed),
                roster_people=people,
            )
        return MarkResult(
            MarkOutcome.NOT_FOUND,
            _(
                "Tidak ada peserta yang cocok dengan '{query}'. Tambahkan sebagai peserta "
                "tambahan bila ia hadir."
            ).format(query=typed),
        )
    return _set_status(ctx, actor, chosen, chosen_status, clean_text(note)[:300])


def roster_matches(
    ctx: ServiceContext, event_id: str, query: str, limit: int = ROSTER_LIMIT
) -> list[PersonRow]:
    """Active people of the roster whom ``query`` (part of a name, or NIP digits) names and
    who are not on the event's list: whom the door offers as walk-ins."""
    ctx.require(Permission.ROSTER_READ)
    if not parse_mark_query(query).usable:
        return []
    # A few more than shown: some of those found may be on the list already.
    found = roster_search(ctx, query, RosterFilter(), limit=limit + CANDIDATE_LIMIT)
    with ctx.db.read_session() as session:
        listed = pledge_store.listed_people(
            session, event_id=event_id, person_ids=[p.id for p in found]
        )
    return [p for p in found if p.id not in listed][:limit]


def _as_status(status: AttendanceStatus | str) -> AttendanceStatus:
    if isinstance(status, AttendanceStatus):
        return status
    try:
        return parse_attendance_status(status)
    except ValueError:
        raise ValidationError(
            _(
                "Status kehadiran '{status}' tidak dikenal: pilih hadir, izin, sakit, dinas luar "
                "atau tanpa keterangan."
            ).format(status=status),
            code="status_unknown",
        ) from None


def mark_invitee(
    ctx: ServiceContext,
    invitee_id: str,
    status: AttendanceStatus | str = AttendanceStatus.HADIR,
    note: str = "",
) -> MarkResult:
    """Give one invitee a status: present (a candidate chosen after an ambiguous query) or a
    reason for being away (izin, sakit, dinas luar, tanpa keterangan) with an optional note."""
    actor = require_invitee_write(ctx, invitee_id)
    return _set_status(ctx, actor, invitee_id, _as_status(status), clean_text(note)[:300])


def _set_status(
    ctx: ServiceContext, actor: Actor, invitee_id: str, status: AttendanceStatus, note: str
) -> MarkResult:
    with ctx.db.write_session() as session:
        invitee = live_invitee(session, invitee_id)
        outcome = mark_in(ctx, session, actor, invitee, status, note)
        event_id = invitee.event_id
    with ctx.db.read_session() as session:
        row = invitee_rows(session, event_id, [invitee_id])[0]
        counts = counts_in(session, event_id)
    if outcome == MarkOutcome.ALREADY:
        return MarkResult(outcome, _already_message(ctx, row), row, counts=counts)
    return MarkResult(outcome, _marked_message(ctx, row, counts), row, counts=counts)


def undo_last_mark(ctx: ServiceContext, event_id: str) -> UndoResult:
    """Take back the acting user's newest mark in this event (again: the one before it).
    The invitee gets back the status they had before it (or none)."""
    actor = require_event_write(ctx, event_id)
    with ctx.db.write_session() as session:
        live_event(session, event_id)
        last = pledge_store.last_mark_by(session, event_id=event_id, username=actor.username)
        if last is None:
            return UndoResult(False, _("Tidak ada tanda kehadiran Anda yang dapat dibatalkan."))
        invitee_id, undone_status, marked_at = last.invitee_id, last.status, last.marked_at
        ctx.record_update(
            session,
            last,
            action="undo",
            old={"invitee_id": invitee_id, "status": undone_status},
            new={"deleted": True},
            tombstone=True,
        )
    with ctx.db.read_session() as session:
        invitee = invitee_rows(session, event_id, [invitee_id])[0]
        counts = counts_in(session, event_id)
    undone = AttendanceStatus(undone_status).label.lower()
    now_status = (
        AttendanceStatus(invitee.status).label.lower() if invitee.status else _("belum dicatat")
    )
    # Whose mark it was, so the person at the door can check it was the right one: the
    # name, what identifies them (NIP, agency) and when the mark was made.
    who = ", ".join(part for part in (invitee.nip, invitee.agency_name) if part)
    return UndoResult(
        True,
        _("Dibatalkan: {name} ({undone}){who}, ditandai pukul {time}; sekarang {status}.").format(
            name=invitee.full_name,
            undone=undone,
            who=f" — {who}" if who else "",
            time=_local_clock(ctx, marked_at),
            status=now_status,
        ),
        invitee,
        undone_status,
        counts,
    )
