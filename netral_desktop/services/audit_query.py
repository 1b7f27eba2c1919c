"""Reading the audit log (for the window's log page and ``netral audit``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from netral_desktop.core.clock import parse_iso_utc
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import current_language
from netral_desktop.services.audit_words import (
    Describer,
    EntryText,
    matching_codes,
    referenced_ids,
)
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.office import office_zone
from netral_desktop.store import audit as audit_store
from netral_desktop.store import audit_labels
from netral_desktop.store.audit import AuditRow
from netral_desktop.store.audit_labels import LabelledAuditRow, RecordLabel
from netral_desktop.store.db import Database

__all__ = [
    "AuditRow",
    "EntryText",
    "count",
    "described_count",
    "described_page",
    "page",
    "person_history",
    "recent_entries",
]


def recent_entries(db: Database, *, limit: int = 50) -> list[AuditRow]:
    with db.read_session() as session:
        return audit_store.recent(session, limit=limit)


def page(
    ctx: ServiceContext, *, offset: int, limit: int, text: str = "", newest_first: bool = True
) -> list[AuditRow]:
    """One page of the log, newest first, filtered by a substring of actor/action/table/id."""
    ctx.require(Permission.VIEW_AUDIT)
    with ctx.db.read_session() as session:
        return audit_store.search(
            session, text=text, offset=offset, limit=limit, newest_first=newest_first
        )


def count(ctx: ServiceContext, *, text: str = "") -> int:
    ctx.require(Permission.VIEW_AUDIT)
    with ctx.db.read_session() as session:
        return audit_store.count(session, text=text)


def moment_formatters(ctx: ServiceContext) -> tuple[Any, Any, str]:
    """Two functions of an iso_utc moment, in the office's zone: "14 Mei 2024 09:00" (a
    record's time) and "14 Mei 2024 09:00:05" (an entry's time); and the zone's name. The
    month names are read from Babel once: Babel for every cell costs more than the query."""
    from babel.dates import get_month_names

    office = current_office(ctx)
    zone = office_zone(office)
    months = get_month_names("abbreviated", locale=current_language())

    def local(iso: str) -> datetime:
        # fromisoformat reads the log's "...Z" stamps ten times faster than strptime.
        moment = datetime.fromisoformat(iso)
        if moment.tzinfo is None:
            moment = parse_iso_utc(iso)
        return moment.astimezone(zone)

    def show(iso: str) -> str:
        moment = local(iso)
        return f"{moment.day} {months[moment.month]} {moment.year} {moment:%H:%M}"

    def when(iso: str) -> str:
        moment = local(iso)
        return f"{moment.day} {months[moment.month]} {moment.year} {moment:%H:%M:%S}"

    return show, when, office.time_zone


def _describer(ctx: ServiceContext, session: Any, rows: list[LabelledAuditRow]) -> Describer:
    """A describer with the labels of every record the rows' values point at."""
    labels: dict[tuple[str, str], RecordLabel] = {}
    for table, ids in referenced_ids(r.entry for r in rows).items():
        for record_id, label in audit_labels.labels_of(session, table=table, ids=ids).items():
            labels[(table, record_id)] = label
    show, when, zone_name = moment_formatters(ctx)
    return Describer(labels, show, when, zone_name)


def described_page(
    ctx: ServiceContext, *, offset: int, limit: int, text: str = "", newest_first: bool = True
) -> list[EntryText]:
    """One page of the log in words: actions and record kinds in the current language, each
    record's label (a name and NIP, a title and date, a number), changes by field label.

    The search matches the stored codes and, through the words, the current language's
    ("kehadiran" finds the marks)."""
    ctx.require(Permission.VIEW_AUDIT)
    actions, tables = matching_codes(text)
    with ctx.db.read_session() as session:
        rows = audit_labels.search_labelled(
            session,
            text=text,
            offset=offset,
            limit=limit,
            newest_first=newest_first,
            actions=actions,
            tables=tables,
        )
        describer = _describer(ctx, session, rows)
    return [describer.describe(row) for row in rows]


def described_count(ctx: ServiceContext, *, text: str = "") -> int:
    """How many entries ``described_page``'s search finds."""
    ctx.require(Permission.VIEW_AUDIT)
    actions, tables = matching_codes(text)
    with ctx.db.read_session() as session:
        return audit_labels.count_filtered(session, text=text, actions=actions, tables=tables)


def person_history(ctx: ServiceContext, person_id: str) -> list[EntryText]:
    """A person's history in words, oldest first: the entries of that person's record (the
    import that added them shown as "ditambahkan lewat impor", without the file's totals),
    and of their invitations and attendance marks."""
    from netral_desktop.services.roster import live_person

    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        person = live_person(session, person_id)
        invitee_ids, mark_ids = audit_labels.ids_of_person(session, person_id=person.id)
        rows = [
            *audit_labels.history_labelled(session, table_name="person", record_ids=[person.id]),
            *audit_labels.history_labelled(session, table_name="invitee", record_ids=invitee_ids),
            *audit_labels.history_labelled(session, table_name="attendance", record_ids=mark_ids),
            *(
                LabelledAuditRow(entry, None)
                for entry in audit_labels.imports_that_created(
                    session, created_at=person.created_at
                )
            ),
        ]
        rows.sort(key=lambda r: r.entry.seq)
        describer = _describer(ctx, session, rows)
    return [describer.describe(row, person_view=True) for row in rows]
