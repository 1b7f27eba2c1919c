"""The office's reach: socialization events held and people reached in an election, by
month and by kecamatan (the home page's charts and their table)."""

from __future__ import annotations

from dataclasses import dataclass

from netral_desktop.core.clock import parse_iso_utc
from netral_desktop.core.roles import Permission
from netral_desktop.core.sosialisasi import LocalTerms, local_terms, people_reached
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.office import office_zone
from netral_desktop.services.sosialisasi.events import kecamatan_choices
from netral_desktop.store import pledges as pledge_store
from netral_desktop.store import sosialisasi as store

MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


@dataclass(frozen=True)
class ReachLine:
    key: str  # "2024-01" or a kecamatan code
    label: str  # "Jan 2024" or the kecamatan's name
    events: int
    people: int


@dataclass(frozen=True)
class Reach:
    election_id: str | None
    election_name: str  # "" for every election
    terms: LocalTerms
    by_month: tuple[ReachLine, ...]  # oldest first, months without events included
    by_kecamatan: tuple[ReachLine, ...]  # the office's kecamatan by name (a province: those
    # with events)
    events: int
    people: int


def reach(ctx: ServiceContext, election_id: str | None = None) -> Reach:
    """Events marked held and people they reached (the participant count, else those marked
    present) in ``election_id`` (by default the election of the latest event), by month in
    the office's time zone and by kecamatan."""
    ctx.require(Permission.ROSTER_READ)
    office = current_office(ctx)
    zone = office_zone(office)
    with ctx.db.read_session() as session:
        chosen = election_id or store.latest_election_id(session)
        election = pledge_store.election(session, election_id=chosen) if chosen else None
        rows = store.reach_rows(session, election_id=chosen)
        tallies = pledge_store.event_tallies(session, event_ids=[row.id for row in rows])
    months: dict[str, list[int]] = {}
    places: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    total_people = 0
    for row in rows:
        present = tallies.get(row.id, (0, 0))[1]
        people = people_reached(
            row.participants_total, row.participants_male, row.participants_female, present
        )
        total_people += people
        local = parse_iso_utc(row.starts_at).astimezone(zone)
        month = months.setdefault(f"{local:%Y-%m}", [0, 0])
        month[0] += 1
        month[1] += people
        place = places.setdefault(row.kecamatan_code, [0, 0])
        place[0] += 1
        place[1] += people
        names[row.kecamatan_code] = row.kecamatan_name
    by_month: list[ReachLine] = []
    if months:
        first, last = min(months), max(months)
        year, month_number = int(first[:4]), int(first[5:])
        while f"{year:04d}-{month_number:02d}" <= last:
            key = f"{year:04d}-{month_number:02d}"
            events, people = months.get(key, (0, 0))
            label = f"{MONTHS[month_number - 1]} {year}"
            by_month.append(ReachLine(key, label, events, people))
            month_number += 1
            if month_number > 12:
                year, month_number = year + 1, 1
    if len(office.code) == 5:
        for code, name in kecamatan_choices(ctx, office):
            names.setdefault(code, name)
    by_kecamatan = [
        ReachLine(code, names[code] or "—", *places.get(code, (0, 0)))
        for code in sorted(names, key=lambda c: names[c])
    ]
    return Reach(
        election_id=chosen,
        election_name=election.name if election else "",
        terms=local_terms(office.code),
        by_month=tuple(by_month),
        by_kecamatan=tuple(by_kecamatan),
        events=len(rows),
        people=total_people,
    )
