"""Pledge events: the pledge text, local time, edits, elections, who may manage them, deleting,
and the audit log of an event's whole life."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from netral_desktop.core.errors import (
    ConflictError,
    NotFoundError,
    PermissionDenied,
    ValidationError,
)
from netral_desktop.services import audit, pledge
from netral_desktop.services.context import ServiceContext
from tests.pledge_samples import new_event, png_bytes


def test_an_event_gets_the_pledge_template_and_local_time(sekretariat: ServiceContext) -> None:
    event_id = new_event(sekretariat)
    event = pledge.get_event(sekretariat, event_id)
    assert event.starts_at.strftime("%Y-%m-%d %H:%M") == "2024-09-10 08:00"
    assert event.time_zone == "WIB"
    assert event.starts_at.astimezone(UTC) == datetime(2024, 9, 10, 1, 0, tzinfo=UTC)
    text_ = event.pledge_text
    assert "Pemerintah Kabupaten Bantul" in text_
    assert "Pemilihan Serentak Tahun 2024" in text_
    points = [p for p in text_.split("\n\n") if p[:2] in ("1.", "2.", "3.", "4.")]
    assert len(points) == 4
    assert "{" not in text_
    assert event.organiser == "Pemerintah Kabupaten Bantul"
    assert event.election_name == "Pilkada 2024"


def test_the_pledge_text_is_editable_per_event(sekretariat: ServiceContext) -> None:
    event_id = new_event(sekretariat, pledge_text="Kami berikrar:\n\n1. Netral.")
    assert pledge.get_event(sekretariat, event_id).pledge_text == "Kami berikrar:\n\n1. Netral."
    pledge.update_event(
        sekretariat, event_id, pledge.EventChanges(pledge_text="Kami berikrar:\n\n1. Tetap netral.")
    )
    assert "Tetap netral" in pledge.get_event(sekretariat, event_id).pledge_text


def test_a_stale_edit_is_refused(sekretariat: ServiceContext) -> None:
    event_id = new_event(sekretariat)
    revision = pledge.get_event(sekretariat, event_id).revision
    pledge.update_event(
        sekretariat, event_id, pledge.EventChanges(place="Aula"), expected_revision=revision
    )
    with pytest.raises(ConflictError) as caught:
        pledge.update_event(
            sekretariat, event_id, pledge.EventChanges(place="Pendopo"), expected_revision=revision
        )
    assert caught.value.code == "stale_revision"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"title": " "}, "title_missing"),
        ({"starts_at": "besok pagi"}, "starts_at_invalid"),
        ({"organiser_kind": "partai"}, "organiser_unknown"),
        ({"organiser_kind": "instansi"}, "organiser_agency_missing"),
        ({"signer_nip": "1980 0517"}, "signer_nip_invalid"),
    ],
)
def test_bad_events_are_refused(sekretariat: ServiceContext, fields: dict, code: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValidationError) as caught:
        new_event(sekretariat, **fields)
    assert caught.value.code == code


def test_upcoming_and_past_events(sekretariat: ServiceContext) -> None:
    # The clock says 14 May 2024, 09.00 WIB.
    past = new_event(sekretariat, title="Lalu", starts_at="2024-02-01 08:00")
    today = new_event(sekretariat, title="Hari ini", starts_at="2024-05-14 07:00")
    later = new_event(sekretariat, title="Nanti", starts_at="2024-09-10 08:00")
    assert [e.id for e in pledge.upcoming_events(sekretariat)] == [today, later]
    assert [e.id for e in pledge.list_events(sekretariat, when="past")] == [past]
    assert [e.id for e in pledge.list_events(sekretariat)] == [later, today, past]
    assert [e.id for e in pledge.list_events(sekretariat, query="nanti")] == [later]
    assert pledge.get_event(sekretariat, today).upcoming
    assert not pledge.get_event(sekretariat, past).upcoming


def test_elections_can_be_added(sekretariat: ServiceContext) -> None:
    added = pledge.create_election(
        sekretariat, name="Pemungutan Suara Ulang Pilkada", kind="pilkada", year=2025
    )
    names = [e.name for e in pledge.list_elections(sekretariat)]
    assert names[0] == "Pemungutan Suara Ulang Pilkada" and "Pemilu 2024" in names
    with pytest.raises(ConflictError):
        pledge.create_election(sekretariat, name="pemilu 2024", kind="pemilu", year=2024)
    event_id = new_event(sekretariat, election_id=added.id)
    assert "Pemilihan Serentak Tahun 2025" in pledge.get_event(sekretariat, event_id).pledge_text


def test_field_staff_read_but_do_not_manage_ceremonies(
    pledge_setup: tuple[ServiceContext, dict[str, str], str], staf: ServiceContext
) -> None:
    _ctx, _ids, event_id = pledge_setup
    assert pledge.list_events(staf)[0].invitees == 8
    assert pledge.counts(staf, event_id).invited == 8
    for attempt in (
        lambda: new_event(staf),
        lambda: pledge.mark(staf, event_id, "budi"),
        lambda: pledge.add_walk_in(staf, event_id, full_name="Tamu"),
        lambda: pledge.attach_evidence(staf, event_id, png_bytes()),
        lambda: pledge.delete_event(staf, event_id),
    ):
        with pytest.raises(PermissionDenied):
            attempt()


# --- deleting --------------------------------------------------------------------------------


def test_deleting_an_event_with_attendance_asks_and_keeps_a_tombstone(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = pledge_setup
    pledge.mark(ctx, event_id, "pradnya")
    with pytest.raises(ConflictError) as caught:
        pledge.delete_event(ctx, event_id)
    assert caught.value.code == "event_has_attendance"
    assert "1 catatan kehadiran" in str(caught.value)
    assert pledge.list_events(ctx)
    pledge.delete_event(ctx, event_id, confirm=True)
    assert pledge.list_events(ctx) == []
    with pytest.raises(NotFoundError):
        pledge.get_event(ctx, event_id)
    with ctx.db.read_session() as session:
        row = session.execute(
            text("SELECT deleted, revision FROM pledge_event WHERE id = :id"), {"id": event_id}
        ).one()
        assert tuple(row) == (1, 3)  # created, invited agencies, deleted: never removed
    history = audit.history(ctx.db, "pledge_event", event_id)
    assert [e.action for e in history] == ["create", "update", "delete"]


def test_an_event_without_attendance_is_deleted_without_asking(
    sekretariat: ServiceContext,
) -> None:
    event_id = new_event(sekretariat)
    pledge.delete_event(sekretariat, event_id)
    assert pledge.list_events(sekretariat) == []


def test_an_event_is_found_by_the_end_of_its_id(sekretariat: ServiceContext) -> None:
    event_id = new_event(sekretariat)
    assert pledge.find_event_id(sekretariat, event_id[-8:]) == event_id
    assert pledge.find_event_id(sekretariat, event_id.upper()) == event_id
    with pytest.raises(NotFoundError):
        pledge.find_event_id(sekretariat, "abc")


# --- the audit log ---------------------------------------------------------------------------


def test_every_change_is_in_an_unbroken_audit_log(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, ids, event_id = pledge_setup
    pledge.mark(ctx, event_id, "pradnya")
    pledge.undo_last_mark(ctx, event_id)
    walk_in = pledge.add_walk_in(ctx, event_id, full_name="Pak Joko").invitee
    assert walk_in is not None
    pledge.match_walk_in(ctx, walk_in.id, ids["joko"])
    pledge.attach_evidence(ctx, event_id, png_bytes())
    with ctx.db.read_session() as session:
        actions = set(
            session.execute(text("SELECT action FROM audit_log WHERE actor = 'sari'")).scalars()
        )
    assert {"create", "invite", "mark", "undo", "walk_in", "match", "attach"} <= actions
    assert audit.verify_chain(ctx.db).ok
    event = pledge.get_event(ctx, event_id)
    assert json.loads(json.dumps(event.invited_agencies))
