"""Walk-ins: someone at the door who is not on the list, added and marked present in one
step, and matched to the roster later (when they turn out to be invited after all, the two
become one invitee)."""

from __future__ import annotations

from typing import Any

from netral_desktop.core.errors import ValidationError
from netral_desktop.core.identifiers import digits_only
from netral_desktop.core.pledge import AttendanceStatus
from netral_desktop.core.roster import clean_text, name_key
from netral_desktop.i18n import _
from netral_desktop.services import audit
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.pledge.attendance import (
    MarkOutcome,
    MarkResult,
    current_mark,
    mark_in,
)
from netral_desktop.services.pledge.common import (
    live_event,
    live_invitee,
    require_event_write,
    require_invitee_write,
)
from netral_desktop.services.pledge.counts import counts_in
from netral_desktop.services.pledge.invitees import InviteeRow, get_invitee, invitee_rows
from netral_desktop.services.roster import live_agency, live_person
from netral_desktop.store import pledges as pledge_store
from netral_desktop.store.db import Session
from netral_desktop.store.models import Invitee, Person
from netral_desktop.store.pledges import NewMark


def _roster_values(session: Session, person: Person) -> dict[str, Any]:
    agency = pledge_store.agency(session, agency_id=person.agency_id) if person.agency_id else None
    return {
        "person_id": person.id,
        "full_name": person.full_name,
        "name_key": person.name_key,
        "nip": person.nip or person.ni_pppk,
        "status": person.status,
        "jabatan": person.jabatan,
        "unit_kerja": person.unit_kerja,
        "agency_id": person.agency_id,
        "agency_name": agency.name if agency else "",
    }


def add_walk_in(
    ctx: ServiceContext,
    event_id: str,
    *,
    full_name: str,
    nip: str = "",
    agency_id: str | None = None,
    agency_name: str = "",
    unit_kerja: str = "",
    jabatan: str = "",
    present: bool = True,
    person_id: str | None = None,
) -> MarkResult:
    """Someone at the door who is not on the list, added (and marked present) in one step.

    ``person_id`` names the roster person they are (chosen at the door from the roster): the
    walk-in takes their roster details. A NIP already on the list marks that invitee instead;
    a NIP of the roster links the walk-in to that person. Otherwise the walk-in keeps what
    was typed and can be matched to the roster later (``match_walk_in``).
    """
    actor = require_event_write(ctx, event_id)
    name = clean_text(full_name)
    if not name:
        raise ValidationError(_("Nama peserta wajib diisi."), code="name_missing")
    digits = digits_only(clean_text(nip)) if clean_text(nip) else ""
    if digits and (not digits.isdigit() or len(digits) != 18):
        raise ValidationError(
            _("NIP/NI PPPK harus 18 angka ('{value}'); kosongkan bila belum diketahui.").format(
                value=nip
            ),
            code="nip_invalid",
        )
    with ctx.db.write_session() as session:
        live_event(session, event_id)
        if person_id:
            person: Person | None = live_person(session, person_id)
        else:
            person = pledge_store.person_with_number(session, digits=digits) if digits else None
        listed = None
        if digits:
            listed = pledge_store.listed_with_nip(session, event_id=event_id, nip=digits)
        if listed is None and person is not None:
            listed = pledge_store.listed_person(session, event_id=event_id, person_id=person.id)
        if listed is not None:
            invitee = pledge_store.invitee(session, invitee_id=listed)
            assert invitee is not None
            outcome = mark_in(ctx, session, actor, invitee, AttendanceStatus.HADIR, "")
            return_id, note = invitee.id, "listed"
        else:
            values: dict[str, Any]
            if person is not None:
                values = _roster_values(session, person)
            else:
                agency = live_agency(session, agency_id) if agency_id else None
                if agency is None and clean_text(agency_name):
                    from netral_desktop.services.roster import find_agency_in

                    agency = find_agency_in(session, agency_name)
                values = {
                    "person_id": None,
                    "full_name": name,
                    "name_key": name_key(name),
                    "nip": digits or None,
                    "status": "",
                    "jabatan": clean_text(jabatan),
                    "unit_kerja": clean_text(unit_kerja),
                    "agency_id": agency.id if agency else None,
                    "agency_name": agency.name if agency else clean_text(agency_name),
                }
            invitee = Invitee(event_id=event_id, walk_in=True, **values)
            ctx.insert_synced(
                session, invitee, action="walk_in", new={k: v for k, v in values.items() if v}
            )
            outcome = MarkOutcome.NOT_FOUND
            if present:
                outcome = mark_in(ctx, session, actor, invitee, AttendanceStatus.HADIR, "")
            return_id, note = invitee.id, "added"
    with ctx.db.read_session() as session:
        row = invitee_rows(session, event_id, [return_id])[0]
        counts = counts_in(session, event_id)
    if note == "listed":
        message = (
            _("{name} ternyata ada di daftar undangan: ditandai hadir.")
            if outcome == MarkOutcome.MARKED
            else _("{name} ada di daftar undangan dan sudah tercatat hadir.")
        ).format(name=row.full_name)
        return MarkResult(outcome, message, row, counts=counts)
    message = (
        _("{name} ditambahkan sebagai peserta tambahan dan ditandai hadir.")
        if present
        else _("{name} ditambahkan sebagai peserta tambahan.")
    ).format(name=row.full_name)
    return MarkResult(MarkOutcome.MARKED, message, row, counts=counts)


def match_candidates(ctx: ServiceContext, invitee_id: str, limit: int = 10) -> list[Any]:
    """Roster people a walk-in may be (``roster.PersonRow``, inactive ones too): by NIP, else
    by the whole name, else by each longer word of it ("Pak Joko" finds Joko Pensiun)."""
    from netral_desktop.services import roster

    invitee = get_invitee(ctx, invitee_id)
    everyone = roster.RosterFilter(include_inactive=True)
    if invitee.nip:
        found = roster.search(ctx, invitee.nip, everyone, limit=limit)
        if found:
            return found
    key = name_key(invitee.full_name)
    found = roster.search(ctx, key, everyone, limit=limit)
    words = sorted((w for w in key.split() if len(w) >= 3), key=len, reverse=True)
    seen = {p.id for p in found}
    for word in words:
        if len(found) >= limit:
            break
        for person in roster.search(ctx, word, everyone, limit=limit):
            if person.id not in seen and len(found) < limit:
                seen.add(person.id)
                found.append(person)
    return found


def match_walk_in(ctx: ServiceContext, invitee_id: str, person_id: str) -> InviteeRow:
    """Link a walk-in to the roster person they are: their details come from the roster.

    If that person was on the list already (not found at the door), the two become one:
    the invitee on the list takes the walk-in's attendance and the walk-in is tombstoned.
    Returns the invitee that remains.
    """
    require_invitee_write(ctx, invitee_id)
    with ctx.db.write_session() as session:
        walk_in = live_invitee(session, invitee_id)
        if not walk_in.walk_in:
            raise ValidationError(
                _("Hanya peserta tambahan yang dicocokkan dengan daftar pegawai."),
                code="not_walk_in",
            )
        person = live_person(session, person_id)
        other_id = pledge_store.listed_person(
            session, event_id=walk_in.event_id, person_id=person.id, besides=walk_in.id
        )
        now = ctx.now_iso()
        if other_id is not None:
            current = current_mark(session, walk_in.id)
            if current is not None:
                # The mark moves to the listed invitee as it was made (audited as the merge).
                pledge_store.insert_marks(
                    session,
                    marks=[
                        NewMark(
                            event_id=walk_in.event_id,
                            invitee_id=other_id,
                            status=current.status,
                            note=current.note,
                            marked_at=current.marked_at,
                            marked_by=current.marked_by,
                        )
                    ],
                    stamp=ctx.write_stamp(at=now),
                )
            ctx.record_update(
                session,
                walk_in,
                action="merge",
                old={"full_name": walk_in.full_name, "nip": walk_in.nip},
                new={"merged_into": other_id, "person_id": person.id},
                at=now,
                tombstone=True,
            )
            keep = other_id
        else:
            before = audit.row_values(walk_in)
            for name, value in _roster_values(session, person).items():
                setattr(walk_in, name, value)
            old, new = audit.changed_values(before, audit.row_values(walk_in))
            ctx.record_update(session, walk_in, action="match", old=old, new=new, at=now)
            keep = walk_in.id
        event_id = walk_in.event_id
    with ctx.db.read_session() as session:
        return invitee_rows(session, event_id, [keep])[0]
