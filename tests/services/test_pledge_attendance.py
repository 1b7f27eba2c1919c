"""Attendance: marking at the door by NIP or name, candidates, undo, reasons and counts,
walk-ins."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from netral_desktop.core.errors import NotFoundError, ValidationError
from netral_desktop.core.pledge import AttendanceStatus
from netral_desktop.services import pledge
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.pledge import MarkOutcome
from tests.pledge_samples import PEOPLE


def _marks(ctx: ServiceContext) -> int:
    with ctx.db.read_session() as session:
        return int(session.execute(text("SELECT count(*) FROM attendance")).scalar() or 0)


# --- marking at the door ---------------------------------------------------------------------


def test_marking_by_nip_with_spaces_and_dots(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = pledge_setup
    result = pledge.mark(ctx, event_id, "1985 0101.201001 2 003")
    assert result.outcome == MarkOutcome.MARKED
    assert result.invitee is not None and result.invitee.full_name == "Sri Wahyuni, S.Kep."
    assert result.invitee.status == "hadir"
    assert result.counts is not None
    assert (result.counts.hadir, result.counts.belum, result.counts.invited) == (1, 7, 8)
    assert "1 dari 8" in result.message


def test_a_scanner_types_the_nip_and_enter(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = pledge_setup
    assert pledge.mark(ctx, event_id, "199001012022212001\r\n").marked  # an NI PPPK too


def test_already_present_is_reported_not_marked_twice(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = pledge_setup
    assert pledge.mark(ctx, event_id, PEOPLE["budi2"][1]).marked
    before = _marks(ctx)
    again = pledge.mark(ctx, event_id, "1975 0715 2000 03 1 002")
    assert again.outcome == MarkOutcome.ALREADY
    assert "sudah tercatat hadir pukul 09.00" in again.message
    assert "tidak ditandai dua kali" in again.message
    assert _marks(ctx) == before
    assert again.counts is not None and again.counts.hadir == 1


def test_marking_by_part_of_a_name(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = pledge_setup
    result = pledge.mark(ctx, event_id, "pradnya")
    assert result.marked and result.invitee is not None
    assert result.invitee.full_name == "Ni Luh Putu Ayu Pradnya-Dewi"
    assert pledge.mark(ctx, event_id, "Dr. Andi MA'RUF").marked  # titles and case ignored


def test_several_matches_give_candidates_and_mark_nobody(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = pledge_setup
    result = pledge.mark(ctx, event_id, "sri")
    assert result.outcome == MarkOutcome.AMBIGUOUS
    assert [c.full_name for c in result.candidates] == [
        "Sri Wahyuni, S.Kep.",
        "Sri Wahyuningsih, A.Md.Keb.",
    ]
    assert "2 peserta cocok" in result.message
    assert _marks(ctx) == 0
    # Two people called Budi Santoso: the whole name is not enough either.
    budi = pledge.mark(ctx, event_id, "Budi Santoso")
    assert budi.outcome == MarkOutcome.AMBIGUOUS
    assert {c.agency_name for c in budi.candidates} == {"Dinas Kesehatan", "Kecamatan Sewon"}
    chosen = pledge.mark_invitee(ctx, budi.candidates[1].id)
    assert chosen.marked and chosen.counts is not None and chosen.counts.hadir == 1


def test_typed_words_must_begin_words_of_the_name(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = pledge_setup
    # "ahyu" is inside "Wahyuni" but begins no word: nobody is marked by surprise.
    assert pledge.mark(ctx, event_id, "ahyu").outcome == MarkOutcome.NOT_FOUND
    assert pledge.mark(ctx, event_id, "agu sal").marked  # Agus Salim
    assert pledge.count_invitees(ctx, event_id, query="dewi") == 1  # Pradnya-Dewi


def test_a_whole_name_typed_exactly_picks_that_person(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = pledge_setup
    result = pledge.mark(ctx, event_id, "sri wahyuni")  # also begins "Sri Wahyuningsih"
    assert result.marked and result.invitee is not None
    assert result.invitee.full_name == "Sri Wahyuni, S.Kep."


def test_nobody_or_too_little_typed(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = pledge_setup
    nobody = pledge.mark(ctx, event_id, "Hendra Gunawan")
    assert nobody.outcome == MarkOutcome.NOT_FOUND
    assert "peserta tambahan" in nobody.message
    short = pledge.mark(ctx, event_id, "s")
    assert short.outcome == MarkOutcome.NOT_FOUND and "paling sedikit" in short.message
    joko = pledge.mark(ctx, event_id, PEOPLE["joko"][1])  # on the roster, not invited
    assert joko.outcome == MarkOutcome.NOT_FOUND
    assert _marks(ctx) == 0


def test_undo_takes_back_the_last_marks_one_by_one(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = pledge_setup
    pledge.mark(ctx, event_id, "pradnya")
    pledge.mark(ctx, event_id, "andi")
    first = pledge.undo_last_mark(ctx, event_id)
    assert first.undone and first.invitee is not None
    assert first.invitee.full_name == "dr. Andi Ma'ruf" and first.invitee.status is None
    assert first.counts is not None and first.counts.hadir == 1
    assert "sekarang belum dicatat" in first.message
    second = pledge.undo_last_mark(ctx, event_id)
    assert second.invitee is not None and "Pradnya" in second.invitee.full_name
    nothing = pledge.undo_last_mark(ctx, event_id)
    assert not nothing.undone
    assert pledge.counts(ctx, event_id).hadir == 0
    # Undone marks stay in the table as tombstones.
    with ctx.db.read_session() as session:
        assert session.execute(text("SELECT count(*) FROM attendance WHERE deleted")).scalar() == 2


def test_undo_gives_back_the_status_before(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = pledge_setup
    rina = next(r for r in pledge.list_invitees(ctx, event_id) if r.full_name == "Rina Lestari")
    pledge.mark_invitee(ctx, rina.id, "izin", note="Mengantar orang tua berobat")
    assert pledge.mark(ctx, event_id, "rina lestari").marked  # she came after all
    undone = pledge.undo_last_mark(ctx, event_id)
    assert undone.invitee is not None and undone.invitee.status == "izin"
    assert undone.invitee.note == "Mengantar orang tua berobat"


def test_undo_is_of_my_own_marks(
    pledge_setup: tuple[ServiceContext, dict[str, str], str], admin: ServiceContext
) -> None:
    ctx, _ids, event_id = pledge_setup
    pledge.mark(ctx, event_id, "pradnya")
    pledge.mark(admin, event_id, "andi")  # a second laptop at the door
    undone = pledge.undo_last_mark(ctx, event_id)
    assert undone.invitee is not None and "Pradnya" in undone.invitee.full_name
    assert pledge.counts(ctx, event_id).hadir == 1


def test_reasons_and_counts_per_status_and_agency(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = pledge_setup
    rows = {r.full_name: r for r in pledge.list_invitees(ctx, event_id)}
    pledge.mark_invitee(ctx, rows["Rina Lestari"].id, "izin")
    pledge.mark_invitee(ctx, rows["Agus Salim"].id, "sakit")
    pledge.mark_invitee(ctx, rows["Budi Santoso"].id, AttendanceStatus.DINAS_LUAR)
    pledge.mark_invitee(ctx, rows["Sri Wahyuningsih, A.Md.Keb."].id, "tanpa keterangan")
    pledge.mark(ctx, event_id, "pradnya")
    pledge.mark(ctx, event_id, "sri wahyuni")
    with pytest.raises(ValidationError):
        pledge.mark_invitee(ctx, rows["Rina Lestari"].id, "cuti bersama")
    counts = pledge.counts(ctx, event_id)
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
    by_agency = {a.agency_name: a.counts for a in pledge.counts_by_agency(ctx, event_id)}
    assert list(by_agency) == ["Dinas Kesehatan", "Kecamatan Sewon"]
    assert (by_agency["Kecamatan Sewon"].hadir, by_agency["Kecamatan Sewon"].sakit) == (1, 1)
    assert sum(c.invited for c in by_agency.values()) == counts.invited
    assert pledge.count_invitees(ctx, event_id, status="belum") == 2
    assert [r.full_name for r in pledge.list_invitees(ctx, event_id, status="izin")] == [
        "Rina Lestari"
    ]
    assert pledge.count_invitees(ctx, event_id, query="sri") == 2


# --- walk-ins --------------------------------------------------------------------------------


def test_a_walk_in_is_added_and_marked_in_one_step(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, ids, event_id = pledge_setup
    result = pledge.add_walk_in(
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
    other = pledge.add_walk_in(ctx, event_id, full_name="Tamu", agency_name="Kodim 0729")
    assert other.invitee is not None and other.invitee.agency_name == "Kodim 0729"
    with pytest.raises(ValidationError):
        pledge.add_walk_in(ctx, event_id, full_name="X", nip="1985")


def test_a_walk_in_whose_nip_is_on_the_list_marks_that_invitee(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = pledge_setup
    result = pledge.add_walk_in(ctx, event_id, full_name="Sri W.", nip="19850101 201001 2 003")
    assert result.marked and result.invitee is not None
    assert result.invitee.full_name == "Sri Wahyuni, S.Kep." and not result.invitee.walk_in
    assert "ada di daftar undangan" in result.message
    assert pledge.counts(ctx, event_id).walk_ins == 0


def test_a_walk_in_on_the_roster_is_linked_by_nip(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, ids, event_id = pledge_setup
    result = pledge.add_walk_in(ctx, event_id, full_name="joko", nip=PEOPLE["joko"][1])
    assert result.invitee is not None
    assert result.invitee.person_id == ids["joko"]
    assert result.invitee.full_name == "Joko Pensiun"  # the roster's spelling
    assert result.invitee.walk_in


def test_a_walk_in_is_matched_to_the_roster_later(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, ids, event_id = pledge_setup
    walk_in = pledge.add_walk_in(ctx, event_id, full_name="Pak Joko").invitee
    assert walk_in is not None
    candidates = pledge.match_candidates(ctx, walk_in.id)
    assert "Joko Pensiun" in [p.full_name for p in candidates]
    matched = pledge.match_walk_in(ctx, walk_in.id, ids["joko"])
    assert matched.id == walk_in.id and matched.person_id == ids["joko"]
    assert (matched.full_name, matched.nip, matched.unit_kerja) == (
        "Joko Pensiun",
        PEOPLE["joko"][1],
        "Sekretariat",
    )
    assert matched.status == "hadir"


def test_a_walk_in_who_was_invited_after_all_becomes_one_invitee(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, ids, event_id = pledge_setup
    walk_in = pledge.add_walk_in(ctx, event_id, full_name="Bu Rina (PPPK Dinkes)").invitee
    assert walk_in is not None
    kept = pledge.match_walk_in(ctx, walk_in.id, ids["rina"])
    assert kept.id != walk_in.id and kept.full_name == "Rina Lestari" and not kept.walk_in
    assert kept.status == "hadir"
    counts = pledge.counts(ctx, event_id)
    assert (counts.walk_ins, counts.hadir, counts.total) == (0, 1, 8)
    with pytest.raises(NotFoundError):
        pledge.get_invitee(ctx, walk_in.id)
    regular = next(r for r in pledge.list_invitees(ctx, event_id) if not r.walk_in)
    with pytest.raises(ValidationError):
        pledge.match_walk_in(ctx, regular.id, ids["joko"])


# --- the roster at the door ------------------------------------------------------------------


def test_the_door_offers_roster_people_who_were_not_invited(sekretariat: ServiceContext) -> None:
    from tests.pledge_samples import build_roster, new_event

    ids = build_roster(sekretariat)
    event_id = new_event(sekretariat)
    pledge.invite(sekretariat, event_id, pledge.InviteCriteria(agency_ids=(ids["sewon"],)))
    result = pledge.mark(sekretariat, event_id, "sri wahyuni")
    assert result.outcome == MarkOutcome.NOT_FOUND
    assert [p.full_name for p in result.roster_people] == [
        "Sri Wahyuni, S.Kep.",
        "Sri Wahyuningsih, A.Md.Keb.",
    ]
    assert "bukan undangan" in result.message
    assert pledge.mark(sekretariat, event_id, "1985 0101").roster_people[0].id == ids["sri"]
    # Chosen at the door: a walk-in with the roster's details, linked to the person.
    added = pledge.add_walk_in(sekretariat, event_id, full_name="sri wahyuni", person_id=ids["sri"])
    assert added.marked and added.invitee is not None
    row = added.invitee
    assert (row.full_name, row.nip, row.person_id) == (
        "Sri Wahyuni, S.Kep.",
        PEOPLE["sri"][1],
        ids["sri"],
    )
    assert row.walk_in and row.agency_name == "Dinas Kesehatan" and row.status == "hadir"
    # On the list now: no longer offered from the roster; the mark finds her.
    again = pledge.mark(sekretariat, event_id, "sri wahyuni,")
    assert again.outcome == MarkOutcome.ALREADY and again.roster_people == []


def test_invitees_are_not_offered_again_from_the_roster(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = pledge_setup
    result = pledge.mark(ctx, event_id, "sri")  # two invitees, both from the roster
    assert result.outcome == MarkOutcome.AMBIGUOUS and len(result.candidates) == 2
    assert result.roster_people == []
    nobody = pledge.mark(ctx, event_id, "joko")  # on the roster, but no longer active
    assert nobody.outcome == MarkOutcome.NOT_FOUND and nobody.roster_people == []


def test_undo_says_whose_mark_it_took_back(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = pledge_setup
    pledge.mark(ctx, event_id, "pradnya")
    undone = pledge.undo_last_mark(ctx, event_id)
    assert undone.message == (
        "Dibatalkan: Ni Luh Putu Ayu Pradnya-Dewi (hadir) — 199203042019022001, Kecamatan "
        "Sewon, ditandai pukul 09.00; sekarang belum dicatat."
    )
