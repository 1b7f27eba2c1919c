"""Demo socialization events: a campaign's worth, held ones with attendance and photos."""

from __future__ import annotations

from netral_desktop.demo.roster import add_demo_roster
from netral_desktop.demo.sosialisasi import add_demo_sosialisasi
from netral_desktop.services import pledge, sosialisasi
from netral_desktop.services.context import ServiceContext


def test_small_demo_events(admin: ServiceContext) -> None:
    add_demo_roster(admin, "small")
    assert add_demo_sosialisasi(admin, "small") == 12
    assert add_demo_sosialisasi(admin, "small") == 0  # once only
    events = sosialisasi.list_events(admin)
    assert len(events) == 12
    held = [e for e in events if e.held]
    assert len(held) >= 6
    # The clock says 14 May 2024: the Pemilu 2024 campaign is the latest one over.
    assert {e.election_name for e in held} == {"Pemilu 2024"}
    assert all(e.starts_at.date() <= admin.clock.now().date() for e in held)
    planned = [e for e in events if e.starts_at > admin.clock.now()]
    assert len(planned) == 3 and not any(e.held for e in planned)
    assert len({e.kecamatan_code for e in events}) >= 10  # spread over the kapanewon
    with_attendance = 0
    for row in held:
        event = sosialisasi.get_event(admin, row.id)
        assert event.speakers and event.minutes and event.audience
        assert event.participants_total is not None and event.participants_total >= event.present
        with_attendance += event.present > 0
    assert with_attendance >= 3
    photos = [p for e in held for p in sosialisasi.photos(admin, e.id)]
    assert len(photos) >= 8 and all(p.media_type == "image/jpeg" for p in photos)
    assert pledge.list_events(admin) == []  # none of them is a pledge ceremony
    figures = sosialisasi.reach(admin)
    assert figures.events == len(held) and figures.people >= len(held) * 16
