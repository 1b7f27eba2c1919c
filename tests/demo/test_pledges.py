"""Demo ceremonies: around both 2024 elections, realistic attendance, some still to come."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import text

from netral_desktop.demo.pledges import add_demo_pledges
from netral_desktop.demo.roster import add_demo_roster
from netral_desktop.services import pledge
from netral_desktop.services.context import ServiceContext


def _summary(ctx: ServiceContext) -> list[tuple[str, str, int, int]]:
    return [
        (e.title, e.starts_at.isoformat(), e.invitees, e.present) for e in pledge.list_events(ctx)
    ]


def test_small_demo_ceremonies(admin: ServiceContext) -> None:
    add_demo_roster(admin, "small")
    assert add_demo_pledges(admin, "small") == 5
    assert add_demo_pledges(admin, "small") == 0  # once only
    events = pledge.list_events(admin)
    upcoming = pledge.upcoming_events(admin)  # the clock says 14 May 2024
    assert all(e.present == 0 for e in upcoming)
    assert [e.election_name for e in upcoming][:2] == ["Pemilu 2029", "Pemilu 2029"]
    assert all(e.starts_at.year == 2024 for e in upcoming[:2])
    past = pledge.list_events(admin, when="past")
    assert past and len(past) + len(upcoming) == len(events)
    assert {e.election_name for e in past} <= {"Pemilu 2024", "Pilkada 2024"}
    for event in past:
        counts = pledge.counts(admin, event.id)
        assert 0.7 < (counts.rate or 0) <= 1
        assert counts.invited == event.invitees - counts.walk_ins
    evidence = [item for e in past for item in pledge.list_evidence(admin, e.id)]
    assert evidence and evidence[0].media_type == "image/png"
    assert pledge.evidence_thumbnail(admin, evidence[0].id).startswith(b"\x89PNG")


def test_demo_attendance_looks_like_a_real_ceremony(admin: ServiceContext) -> None:
    add_demo_roster(admin, "small")
    add_demo_pledges(admin, "small")
    with admin.db.read_session() as session:
        statuses = Counter(
            dict(
                session.execute(
                    text("SELECT status, count(*) FROM attendance GROUP BY status")
                ).all()
            )
        )
    assert statuses["hadir"] > 5 * sum(v for k, v in statuses.items() if k != "hadir")


def test_same_seed_same_ceremonies(admin: ServiceContext, office: ServiceContext) -> None:
    add_demo_roster(admin, "small")
    add_demo_pledges(admin, "small")
    first = _summary(admin)
    with admin.db.write_session() as session:
        for table in ("evidence_custody", "attachment", "attendance", "invitee", "pledge_event"):
            session.execute(text(f"DELETE FROM {table}"))
        session.execute(text("DELETE FROM election WHERE origin != 'seed'"))
    add_demo_pledges(admin, "small")
    assert _summary(admin) == first
