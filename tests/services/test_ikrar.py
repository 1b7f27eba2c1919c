"""Pledge ceremonies: events, invitations, marking at the door, undo, walk-ins, evidence."""

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
    VerificationFailed,
)
from netral_desktop.core.ikrar import AttendanceStatus
from netral_desktop.services import audit, ikrar
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.ikrar import InviteCriteria, MarkOutcome
from netral_desktop.store import blobs
from tests.ikrar_samples import PEOPLE, build_roster, jpeg_bytes, new_event, png_bytes

pytestmark = pytest.mark.keyring


@pytest.fixture
def setup(sekretariat: ServiceContext) -> tuple[ServiceContext, dict[str, str], str]:
    """The secretariat, the small roster, and an event with both agencies invited."""
    ids = build_roster(sekretariat)
    event_id = new_event(sekretariat)
    ikrar.invite(sekretariat, event_id, InviteCriteria(agency_ids=(ids["dinkes"], ids["sewon"])))
    return sekretariat, ids, event_id


def _marks(ctx: ServiceContext) -> int:
    with ctx.db.read_session() as session:
        return int(session.execute(text("SELECT count(*) FROM attendance")).scalar() or 0)


# --- events ----------------------------------------------------------------------------------


def test_an_event_gets_the_pledge_template_and_local_time(sekretariat: ServiceContext) -> None:
    event_id = new_event(sekretariat)
    event = ikrar.get_event(sekretariat, event_id)
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
    assert ikrar.get_event(sekretariat, event_id).pledge_text == "Kami berikrar:\n\n1. Netral."
    ikrar.update_event(sekretariat, event_id, pledge_text="Kami berikrar:\n\n1. Tetap netral.")
    assert "Tetap netral" in ikrar.get_event(sekretariat, event_id).pledge_text


def test_a_stale_edit_is_refused(sekretariat: ServiceContext) -> None:
    event_id = new_event(sekretariat)
    revision = ikrar.get_event(sekretariat, event_id).revision
    ikrar.update_event(sekretariat, event_id, expected_revision=revision, place="Aula")
    with pytest.raises(ConflictError) as caught:
        ikrar.update_event(sekretariat, event_id, expected_revision=revision, place="Pendopo")
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
    assert [e.id for e in ikrar.upcoming_events(sekretariat)] == [today, later]
    assert [e.id for e in ikrar.list_events(sekretariat, when="past")] == [past]
    assert [e.id for e in ikrar.list_events(sekretariat)] == [later, today, past]
    assert [e.id for e in ikrar.list_events(sekretariat, query="nanti")] == [later]
    assert ikrar.get_event(sekretariat, today).upcoming
    assert not ikrar.get_event(sekretariat, past).upcoming


def test_elections_can_be_added(sekretariat: ServiceContext) -> None:
    added = ikrar.create_election(
        sekretariat, name="Pemungutan Suara Ulang Pilkada", kind="pilkada", year=2025
    )
    names = [e.name for e in ikrar.list_elections(sekretariat)]
    assert names[0] == "Pemungutan Suara Ulang Pilkada" and "Pemilu 2024" in names
    with pytest.raises(ConflictError):
        ikrar.create_election(sekretariat, name="pemilu 2024", kind="pemilu", year=2024)
    event_id = new_event(sekretariat, election_id=added.id)
    assert "Pemilihan Serentak Tahun 2025" in ikrar.get_event(sekretariat, event_id).pledge_text


def test_field_staff_read_but_do_not_manage_ceremonies(
    setup: tuple[ServiceContext, dict[str, str], str], staf: ServiceContext
) -> None:
    _ctx, _ids, event_id = setup
    assert ikrar.list_events(staf)[0].invitees == 8
    assert ikrar.counts(staf, event_id).invited == 8
    for attempt in (
        lambda: new_event(staf),
        lambda: ikrar.mark(staf, event_id, "budi"),
        lambda: ikrar.add_walk_in(staf, event_id, full_name="Tamu"),
        lambda: ikrar.attach_evidence(staf, event_id, png_bytes()),
        lambda: ikrar.delete_event(staf, event_id),
    ):
        with pytest.raises(PermissionDenied):
            attempt()


# --- invitations -----------------------------------------------------------------------------


def test_inviting_an_agency_adds_its_active_people_once(sekretariat: ServiceContext) -> None:
    ids = build_roster(sekretariat)
    event_id = new_event(sekretariat)
    preview = ikrar.invite_preview(
        sekretariat, event_id, InviteCriteria(agency_ids=(ids["dinkes"],))
    )
    assert (preview.added, preview.already) == (5, 0)
    first = ikrar.invite_agency(sekretariat, event_id, ids["dinkes"])
    assert (first.added, first.already) == (5, 0)  # Joko is no longer active
    again = ikrar.invite_agency(sekretariat, event_id, ids["dinkes"])
    assert (again.added, again.already) == (0, 5)
    names = {r.full_name for r in ikrar.list_invitees(sekretariat, event_id)}
    assert "Joko Pensiun" not in names and "Sri Wahyuni, S.Kep." in names
    event = ikrar.get_event(sekretariat, event_id)
    assert [name for _id, name in event.invited_agencies] == ["Dinas Kesehatan"]
    with sekretariat.db.read_session() as session:
        invites = session.execute(
            text("SELECT count(*) FROM audit_log WHERE action = 'invite'")
        ).scalar()
    assert invites == 5
    assert audit.verify_chain(sekretariat.db).ok


def test_inviting_by_unit_status_or_person(sekretariat: ServiceContext) -> None:
    ids = build_roster(sekretariat)
    event_id = new_event(sekretariat)
    by_unit = ikrar.invite(sekretariat, event_id, InviteCriteria(unit_kerja="puskesmas sewon i"))
    assert by_unit.added == 2
    by_status = ikrar.invite(sekretariat, event_id, InviteCriteria(statuses=("pppk",)))
    assert by_status.added == 1
    one = ikrar.invite_person(sekretariat, event_id, ids["agus"])
    assert one.added == 1
    assert ikrar.invite_person(sekretariat, event_id, ids["agus"]).already == 1
    assert ikrar.count_invitees(sekretariat, event_id) == 4
    assert ("Puskesmas Sewon I", 2) in ikrar.units_of(sekretariat, ids["dinkes"])
    with pytest.raises(ValidationError):
        ikrar.invite(sekretariat, event_id, InviteCriteria())


def test_invitees_keep_their_roster_details(
    setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = setup
    rows = {r.full_name: r for r in ikrar.list_invitees(ctx, event_id)}
    sri = rows["Sri Wahyuni, S.Kep."]
    assert (sri.nip, sri.agency_name, sri.unit_kerja) == (
        "198501012010012003",
        "Dinas Kesehatan",
        "Puskesmas Sewon I",
    )
    assert rows["Rina Lestari"].nip == "199001012022212001"  # the NI PPPK
    assert rows["Agus Salim"].nip is None
    # Listed by agency, then by name without titles.
    order = [r.full_name for r in ikrar.list_invitees(ctx, event_id)]
    assert order[:2] == ["dr. Andi Ma'ruf", "Budi Santoso"]
    assert order[-1] == "Ni Luh Putu Ayu Pradnya-Dewi"


# --- marking at the door ---------------------------------------------------------------------


def test_marking_by_nip_with_spaces_and_dots(
    setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = setup
    result = ikrar.mark(ctx, event_id, "1985 0101.201001 2 003")
    assert result.outcome == MarkOutcome.MARKED
    assert result.invitee is not None and result.invitee.full_name == "Sri Wahyuni, S.Kep."
    assert result.invitee.status == "hadir"
    assert result.counts is not None
    assert (result.counts.hadir, result.counts.belum, result.counts.invited) == (1, 7, 8)
    assert "1 dari 8" in result.message


def test_a_scanner_types_the_nip_and_enter(
    setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = setup
    assert ikrar.mark(ctx, event_id, "199001012022212001\r\n").marked  # an NI PPPK too


def test_already_present_is_reported_not_marked_twice(
    setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = setup
    assert ikrar.mark(ctx, event_id, PEOPLE["budi2"][1]).marked
    before = _marks(ctx)
    again = ikrar.mark(ctx, event_id, "1975 0715 2000 03 1 002")
    assert again.outcome == MarkOutcome.ALREADY
    assert "sudah tercatat hadir pukul 09.00" in again.message
    assert "tidak ditandai dua kali" in again.message
    assert _marks(ctx) == before
    assert again.counts is not None and again.counts.hadir == 1


def test_marking_by_part_of_a_name(setup: tuple[ServiceContext, dict[str, str], str]) -> None:
    ctx, _ids, event_id = setup
    result = ikrar.mark(ctx, event_id, "pradnya")
    assert result.marked and result.invitee is not None
    assert result.invitee.full_name == "Ni Luh Putu Ayu Pradnya-Dewi"
    assert ikrar.mark(ctx, event_id, "Dr. Andi MA'RUF").marked  # titles and case ignored


def test_several_matches_give_candidates_and_mark_nobody(
    setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = setup
    result = ikrar.mark(ctx, event_id, "sri")
    assert result.outcome == MarkOutcome.AMBIGUOUS
    assert [c.full_name for c in result.candidates] == [
        "Sri Wahyuni, S.Kep.",
        "Sri Wahyuningsih, A.Md.Keb.",
    ]
    assert "2 peserta cocok" in result.message
    assert _marks(ctx) == 0
    # Two people called Budi Santoso: the whole name is not enough either.
    budi = ikrar.mark(ctx, event_id, "Budi Santoso")
    assert budi.outcome == MarkOutcome.AMBIGUOUS
    assert {c.agency_name for c in budi.candidates} == {"Dinas Kesehatan", "Kecamatan Sewon"}
    chosen = ikrar.mark_invitee(ctx, budi.candidates[1].id)
    assert chosen.marked and chosen.counts is not None and chosen.counts.hadir == 1


def test_typed_words_must_begin_words_of_the_name(
    setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = setup
    # "ahyu" is inside "Wahyuni" but begins no word: nobody is marked by surprise.
    assert ikrar.mark(ctx, event_id, "ahyu").outcome == MarkOutcome.NOT_FOUND
    assert ikrar.mark(ctx, event_id, "agu sal").marked  # Agus Salim
    assert ikrar.count_invitees(ctx, event_id, query="dewi") == 1  # Pradnya-Dewi


def test_a_whole_name_typed_exactly_picks_that_person(
    setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = setup
    result = ikrar.mark(ctx, event_id, "sri wahyuni")  # also begins "Sri Wahyuningsih"
    assert result.marked and result.invitee is not None
    assert result.invitee.full_name == "Sri Wahyuni, S.Kep."


def test_nobody_or_too_little_typed(setup: tuple[ServiceContext, dict[str, str], str]) -> None:
    ctx, _ids, event_id = setup
    nobody = ikrar.mark(ctx, event_id, "Hendra Gunawan")
    assert nobody.outcome == MarkOutcome.NOT_FOUND
    assert "peserta tambahan" in nobody.message
    short = ikrar.mark(ctx, event_id, "s")
    assert short.outcome == MarkOutcome.NOT_FOUND and "paling sedikit" in short.message
    joko = ikrar.mark(ctx, event_id, PEOPLE["joko"][1])  # on the roster, not invited
    assert joko.outcome == MarkOutcome.NOT_FOUND
    assert _marks(ctx) == 0


def test_undo_takes_back_the_last_marks_one_by_one(
    setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = setup
    ikrar.mark(ctx, event_id, "pradnya")
    ikrar.mark(ctx, event_id, "andi")
    first = ikrar.undo_last_mark(ctx, event_id)
    assert first.undone and first.invitee is not None
    assert first.invitee.full_name == "dr. Andi Ma'ruf" and first.invitee.status is None
    assert first.counts is not None and first.counts.hadir == 1
    assert "sekarang belum dicatat" in first.message
    second = ikrar.undo_last_mark(ctx, event_id)
    assert second.invitee is not None and "Pradnya" in second.invitee.full_name
    nothing = ikrar.undo_last_mark(ctx, event_id)
    assert not nothing.undone
    assert ikrar.counts(ctx, event_id).hadir == 0
    # Undone marks stay in the table as tombstones.
    with ctx.db.read_session() as session:
        assert session.execute(text("SELECT count(*) FROM attendance WHERE deleted")).scalar() == 2


def test_undo_gives_back_the_status_before(
    setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = setup
    rina = next(r for r in ikrar.list_invitees(ctx, event_id) if r.full_name == "Rina Lestari")
    ikrar.mark_invitee(ctx, rina.id, "izin", note="Mengantar orang tua berobat")
    assert ikrar.mark(ctx, event_id, "rina lestari").marked  # she came after all
    undone = ikrar.undo_last_mark(ctx, event_id)
    assert undone.invitee is not None and undone.invitee.status == "izin"
    assert undone.invitee.note == "Mengantar orang tua berobat"


def test_undo_is_of_my_own_marks(
    setup: tuple[ServiceContext, dict[str, str], str], admin: ServiceContext
) -> None:
    ctx, _ids, event_id = setup
    ikrar.mark(ctx, event_id, "pradnya")
    ikrar.mark(admin, event_id, "andi")  # a second laptop at the door
    undone = ikrar.undo_last_mark(ctx, event_id)
    assert undone.invitee is not None and "Pradnya" in undone.invitee.full_name
    assert ikrar.counts(ctx, event_id).hadir == 1


def test_reasons_and_counts_per_status_and_agency(
    setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = setup
    rows = {r.full_name: r for r in ikrar.list_invitees(ctx, event_id)}
    ikrar.mark_invitee(ctx, rows["Rina Lestari"].id, "izin")
    ikrar.mark_invitee(ctx, rows["Agus Salim"].id, "sakit")
    ikrar.mark_invitee(ctx, rows["Budi Santoso"].id, AttendanceStatus.DINAS_LUAR)
    ikrar.mark_invitee(ctx, rows["Sri Wahyuningsih, A.Md.Keb."].id, "tanpa keterangan")
    ikrar.mark(ctx, event_id, "pradnya")
    ikrar.mark(ctx, event_id, "sri wahyuni")
    with pytest.raises(ValidationError):
        ikrar.mark_invitee(ctx, rows["Rina Lestari"].id, "cuti bersama")
    counts = ikrar.counts(ctx, event_id)
    assert (counts.hadir, counts.izin, counts.sakit, counts.dinas_luar) == (2, 1, 1, 1)
    assert (counts.tanpa_keterangan, counts.belum) == (1, 2)
    assert counts.invited == (
        counts.hadir
        + counts.izin
        + counts.sakit
        + counts.dinas_luar
        + counts.tanpa_keterangan
        + counts.belum
    )
    assert counts.rate == pytest.approx(2 / 8)
    by_agency = {a.agency_name: a.counts for a in ikrar.counts_by_agency(ctx, event_id)}
    assert list(by_agency) == ["Dinas Kesehatan", "Kecamatan Sewon"]
    assert (by_agency["Kecamatan Sewon"].hadir, by_agency["Kecamatan Sewon"].sakit) == (1, 1)
    assert sum(c.invited for c in by_agency.values()) == counts.invited
    assert ikrar.count_invitees(ctx, event_id, status="belum") == 2
    assert [r.full_name for r in ikrar.list_invitees(ctx, event_id, status="izin")] == [
        "Rina Lestari"
    ]
    assert ikrar.count_invitees(ctx, event_id, query="sri") == 2


# --- walk-ins --------------------------------------------------------------------------------


def test_a_walk_in_is_added_and_marked_in_one_step(
    setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, ids, event_id = setup
    result = ikrar.add_walk_in(
        ctx, event_id, full_name="Hendra Gunawan", agency_name="dinas kesehatan", jabatan="Sopir"
    )
    assert result.marked and result.invitee is not None
    walk_in = result.invitee
    assert walk_in.walk_in and walk_in.person_id is None and walk_in.status == "hadir"
    assert (walk_in.agency_id, walk_in.agency_name) == (ids["dinkes"], "Dinas Kesehatan")
    assert result.counts is not None
    assert (result.counts.invited, result.counts.walk_ins, result.counts.hadir_walk_in) == (
        8,
        1,
        1,
    )
    assert result.counts.rate == 0  # walk-ins do not raise the rate of the invited
    other = ikrar.add_walk_in(ctx, event_id, full_name="Tamu", agency_name="Kodim 0729")
    assert other.invitee is not None and other.invitee.agency_name == "Kodim 0729"
    with pytest.raises(ValidationError):
        ikrar.add_walk_in(ctx, event_id, full_name="X", nip="1985")


def test_a_walk_in_whose_nip_is_on_the_list_marks_that_invitee(
    setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = setup
    result = ikrar.add_walk_in(ctx, event_id, full_name="Sri W.", nip="19850101 201001 2 003")
    assert result.marked and result.invitee is not None
    assert result.invitee.full_name == "Sri Wahyuni, S.Kep." and not result.invitee.walk_in
    assert "ada di daftar undangan" in result.message
    assert ikrar.counts(ctx, event_id).walk_ins == 0


def test_a_walk_in_on_the_roster_is_linked_by_nip(
    setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, ids, event_id = setup
    result = ikrar.add_walk_in(ctx, event_id, full_name="joko", nip=PEOPLE["joko"][1])
    assert result.invitee is not None
    assert result.invitee.person_id == ids["joko"]
    assert result.invitee.full_name == "Joko Pensiun"  # the roster's spelling
    assert result.invitee.walk_in


def test_a_walk_in_is_matched_to_the_roster_later(
    setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, ids, event_id = setup
    walk_in = ikrar.add_walk_in(ctx, event_id, full_name="Pak Joko").invitee
    assert walk_in is not None
    candidates = ikrar.match_candidates(ctx, walk_in.id)
    assert "Joko Pensiun" in [p.full_name for p in candidates]
    matched = ikrar.match_walk_in(ctx, walk_in.id, ids["joko"])
    assert matched.id == walk_in.id and matched.person_id == ids["joko"]
    assert (matched.full_name, matched.nip, matched.unit_kerja) == (
        "Joko Pensiun",
        PEOPLE["joko"][1],
        "Sekretariat",
    )
    assert matched.status == "hadir"


def test_a_walk_in_who_was_invited_after_all_becomes_one_invitee(
    setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, ids, event_id = setup
    walk_in = ikrar.add_walk_in(ctx, event_id, full_name="Bu Rina (PPPK Dinkes)").invitee
    assert walk_in is not None
    kept = ikrar.match_walk_in(ctx, walk_in.id, ids["rina"])
    assert kept.id != walk_in.id and kept.full_name == "Rina Lestari" and not kept.walk_in
    assert kept.status == "hadir"
    counts = ikrar.counts(ctx, event_id)
    assert (counts.walk_ins, counts.hadir, counts.total) == (0, 1, 8)
    with pytest.raises(NotFoundError):
        ikrar.get_invitee(ctx, walk_in.id)
    regular = next(r for r in ikrar.list_invitees(ctx, event_id) if not r.walk_in)
    with pytest.raises(ValidationError):
        ikrar.match_walk_in(ctx, regular.id, ids["joko"])


# --- deleting --------------------------------------------------------------------------------


def test_deleting_an_event_with_attendance_asks_and_keeps_a_tombstone(
    setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = setup
    ikrar.mark(ctx, event_id, "pradnya")
    with pytest.raises(ConflictError) as caught:
        ikrar.delete_event(ctx, event_id)
    assert caught.value.code == "event_has_attendance"
    assert "1 catatan kehadiran" in str(caught.value)
    assert ikrar.list_events(ctx)
    ikrar.delete_event(ctx, event_id, confirm=True)
    assert ikrar.list_events(ctx) == []
    with pytest.raises(NotFoundError):
        ikrar.get_event(ctx, event_id)
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
    ikrar.delete_event(sekretariat, event_id)
    assert ikrar.list_events(sekretariat) == []


def test_an_event_is_found_by_the_end_of_its_id(sekretariat: ServiceContext) -> None:
    event_id = new_event(sekretariat)
    assert ikrar.find_event_id(sekretariat, event_id[-8:]) == event_id
    assert ikrar.find_event_id(sekretariat, event_id.upper()) == event_id
    with pytest.raises(NotFoundError):
        ikrar.find_event_id(sekretariat, "abc")


# --- evidence --------------------------------------------------------------------------------


def test_a_scan_is_kept_content_addressed_and_never_twice(sekretariat: ServiceContext) -> None:
    event_id = new_event(sekretariat)
    data = png_bytes()
    first = ikrar.attach_evidence(
        sekretariat, event_id, data, original_name="scan halaman 1.png", caption="Halaman 1"
    )
    item = first.attachment
    assert not first.duplicate
    assert (item.sha256, item.size, item.media_type) == (
        blobs.sha256_hex(data),
        len(data),
        "image/png",
    )
    assert (item.added_by, item.original_name) == ("sari", "scan halaman 1.png")
    assert sekretariat.layout is not None
    assert blobs.read_bytes(sekretariat.layout, item.sha256) == data
    again = ikrar.attach_evidence(sekretariat, event_id, data, original_name="copy.png")
    assert again.duplicate and again.attachment.id == item.id
    assert [e.id for e in ikrar.list_evidence(sekretariat, event_id)] == [item.id]
    assert ikrar.evidence_bytes(sekretariat, item.id) == data


def test_files_that_are_not_scans_are_refused(sekretariat: ServiceContext, tmp_path) -> None:  # type: ignore[no-untyped-def]
    event_id = new_event(sekretariat)
    docx = tmp_path / "daftar hadir.png"  # a Word file renamed: the content decides
    docx.write_bytes(b"PK\x03\x04" + b"\0" * 200)
    with pytest.raises(ValidationError) as caught:
        ikrar.attach_evidence(sekretariat, event_id, docx)
    assert caught.value.code == "evidence_type"
    assert "daftar hadir.png bukan gambar (PNG, JPEG, WebP, TIFF) atau PDF" in str(caught.value)
    truncated = png_bytes()[:60]
    with pytest.raises(ValidationError) as caught:
        ikrar.attach_evidence(sekretariat, event_id, truncated, original_name="potong.png")
    assert caught.value.code == "evidence_damaged"
    with pytest.raises(ValidationError):
        ikrar.attach_evidence(sekretariat, event_id, b"", original_name="kosong.pdf")
    assert ikrar.list_evidence(sekretariat, event_id) == []
    assert sekretariat.layout is not None
    assert not list(sekretariat.layout.attachments.rglob("*")) or all(
        p.is_dir() for p in sekretariat.layout.attachments.rglob("*")
    )


def test_thumbnails_of_photos_and_pdf_scans(sekretariat: ServiceContext, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from io import BytesIO

    from PIL import Image

    from netral_desktop.pdf.render import render_pdf
    from netral_desktop.pdf.spec import load_spec
    from tests.doc_samples import DOC, OFFICE, letter

    event_id = new_event(sekretariat)
    photo = ikrar.attach_evidence(sekretariat, event_id, jpeg_bytes((1600, 1200))).attachment
    pdf_path = tmp_path / "pindaian.pdf"
    pdf_path.write_bytes(render_pdf(load_spec("surat_dinas"), letter(), OFFICE, DOC))
    scan = ikrar.attach_evidence(sekretariat, event_id, pdf_path).attachment
    assert scan.media_type == "application/pdf" and scan.original_name == "pindaian.pdf"
    for item, expected in ((photo, (160, 120)), (scan, None)):
        thumb = Image.open(BytesIO(ikrar.evidence_thumbnail(sekretariat, item.id)))
        assert thumb.format == "PNG" and max(thumb.size) == 160
        if expected:
            assert thumb.size == expected
    small = Image.open(BytesIO(ikrar.evidence_thumbnail(sekretariat, photo.id, size=64)))
    assert small.size == (64, 48)


def test_a_missing_attachment_is_noticed(sekretariat: ServiceContext) -> None:
    from netral_desktop.services.check import check_attachment_records

    event_id = new_event(sekretariat)
    item = ikrar.attach_evidence(sekretariat, event_id, png_bytes()).attachment
    assert check_attachment_records(sekretariat).ok
    assert sekretariat.layout is not None
    blobs.blob_path(sekretariat.layout, item.sha256).unlink()
    result = check_attachment_records(sekretariat)
    assert not result.ok and item.sha256 in result.detail
    with pytest.raises(NotFoundError):
        ikrar.evidence_bytes(sekretariat, item.id)


def test_an_altered_attachment_is_noticed(sekretariat: ServiceContext) -> None:
    from netral_desktop.services.check import check_attachments

    event_id = new_event(sekretariat)
    item = ikrar.attach_evidence(sekretariat, event_id, png_bytes()).attachment
    assert check_attachments(sekretariat).ok
    assert sekretariat.layout is not None
    path = blobs.blob_path(sekretariat.layout, item.sha256)
    path.write_bytes(png_bytes(color="black"))
    with pytest.raises(VerificationFailed):
        ikrar.evidence_bytes(sekretariat, item.id)
    assert not check_attachments(sekretariat).ok


def test_a_wrong_attachment_is_detached_but_kept(sekretariat: ServiceContext) -> None:
    event_id = new_event(sekretariat)
    item = ikrar.attach_evidence(sekretariat, event_id, png_bytes()).attachment
    ikrar.remove_evidence(sekretariat, item.id)
    assert ikrar.list_evidence(sekretariat, event_id) == []
    assert sekretariat.layout is not None
    assert blobs.read_bytes(sekretariat.layout, item.sha256) is not None
    with sekretariat.db.read_session() as session:
        assert session.execute(text("SELECT deleted FROM attachment")).scalar() == 1


def test_every_change_is_in_an_unbroken_audit_log(
    setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, ids, event_id = setup
    ikrar.mark(ctx, event_id, "pradnya")
    ikrar.undo_last_mark(ctx, event_id)
    walk_in = ikrar.add_walk_in(ctx, event_id, full_name="Pak Joko").invitee
    assert walk_in is not None
    ikrar.match_walk_in(ctx, walk_in.id, ids["joko"])
    ikrar.attach_evidence(ctx, event_id, png_bytes())
    with ctx.db.read_session() as session:
        actions = set(
            session.execute(text("SELECT action FROM audit_log WHERE actor = 'sari'")).scalars()
        )
    assert {"create", "invite", "mark", "undo", "walk_in", "match", "attach"} <= actions
    assert audit.verify_chain(ctx.db).ok
    event = ikrar.get_event(ctx, event_id)
    assert json.loads(json.dumps(event.invited_agencies))
