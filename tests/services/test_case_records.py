"""Case records: a report with its reported person and reporter, the list and its filters,
one case's view, pseudonyms and sealed identities, role limits (both engines)."""

from __future__ import annotations

import pytest

from netral_desktop.core.errors import NotFoundError, PermissionDenied, ValidationError
from netral_desktop.services import cases
from netral_desktop.services.context import ServiceContext
from tests.case_samples import (
    REPORTER_NAME,
    REPORTER_NIK,
    report,
    reporter,
    subject,
    user,
    witness,
)


@pytest.fixture
def staf(admin: ServiceContext) -> ServiceContext:
    return user(admin, "dodi", "staf")


@pytest.fixture
def koordinator(admin: ServiceContext) -> ServiceContext:
    return user(admin, "kiki", "koordinator")


def test_a_report_is_recorded_with_its_place_named_as_the_region_list_names_it(
    staf: ServiceContext,
) -> None:
    case_id = cases.new_case(staf, report(desa_name="Pendowoharjo"))
    view = cases.case_view(staf, case_id)
    assert (view.origin, view.ruleset, view.election_code) == ("laporan", "pilkada", "PB")
    assert view.status == "diterima"
    assert view.kecamatan_name == "Sewon"
    assert view.region_text == "Kalurahan Pendowoharjo, Kapanewon Sewon"
    assert [s.full_name for s in view.subjects] == ["Drs. Heru Prasetyo, M.Si."]
    # A civil servant entered without NIP or rank: accepted, the gaps shown.
    assert view.subjects[0].incomplete == ("NIP", "pangkat/golongan")
    assert view.received_date is not None and view.received_date.isoformat() == "2024-05-13"
    assert view.timeline[0].to_status == "diterima"
    assert view.timeline[0].actor == "dodi"


def test_staff_see_the_reporter_only_by_pseudonym(staf: ServiceContext) -> None:
    case_id = cases.new_case(staf, report(parties=(reporter(), witness())))
    view = cases.case_view(staf, case_id)
    assert [p.name for p in view.parties] == ["Pelapor-0001", "Saksi-0001"]
    assert all(p.identity is None and not p.revealed for p in view.parties)
    assert not view.identities_visible
    with pytest.raises(PermissionDenied):
        cases.reveal_party(staf, case_id, view.parties[0].id)


def test_the_coordinator_sees_identities_and_every_view_is_logged(
    staf: ServiceContext, koordinator: ServiceContext
) -> None:
    from netral_desktop.services import audit

    case_id = cases.new_case(staf, report())
    view = cases.case_view(koordinator, case_id)
    party = view.parties[0]
    assert party.revealed and party.name == REPORTER_NAME
    assert party.identity is not None and party.identity.nik == REPORTER_NIK
    identity = cases.reveal_party(koordinator, case_id, party.id)
    assert identity.address.startswith("Jl. Parangtritis")
    entries = audit.history(koordinator.db, "case_party", party.id)
    reveals = [e for e in entries if e.action == "reveal"]
    assert [e.actor for e in reveals] == ["kiki", "kiki"]
    # The log names the pseudonym, never the identity.
    assert all(REPORTER_NAME not in (e.new_values or "") for e in entries)
    assert all(REPORTER_NIK not in (e.new_values or "") for e in entries)


def test_pseudonyms_count_per_office(staf: ServiceContext) -> None:
    first = cases.new_case(staf, report())
    second = cases.new_case(staf, report(parties=(reporter(name="Ani"), witness())))
    assert [p.pseudonym for p in cases.case_view(staf, first).parties] == ["Pelapor-0001"]
    assert [p.pseudonym for p in cases.case_view(staf, second).parties] == [
        "Pelapor-0002",
        "Saksi-0001",
    ]


def test_bad_input_is_refused_with_a_message_saying_what_to_do(staf: ServiceContext) -> None:
    with pytest.raises(ValidationError, match="pokok perkara"):
        cases.new_case(staf, report(title=" "))
    with pytest.raises(ValidationError, match="bukan kecamatan di wilayah"):
        cases.new_case(staf, report(kecamatan_code="33.01.01"))
    with pytest.raises(ValidationError, match="Tanggal diketahui lebih awal"):
        cases.new_case(staf, report(known_date="2024-05-01"))
    with pytest.raises(ValidationError, match="belum terjadi"):
        cases.new_case(staf, report(received_date="2024-06-01"))
    with pytest.raises(ValidationError, match="NIK"):
        cases.new_case(staf, report(parties=(reporter(nik="3402080000000000"),)))
    with pytest.raises(ValidationError, match="Kosongkan NIP"):
        cases.new_case(staf, report(subjects=(subject(nip="199999999999999999"),)))
    with pytest.raises(ValidationError, match="Pilkada memakai PB"):
        cases.new_case(staf, report(election_code="PL"))
    with pytest.raises(ValidationError, match="Jenis terlapor"):
        cases.new_case(staf, report(subjects=(subject(kind="camat"),)))
    assert cases.list_cases(staf) == []


def test_a_subject_is_completed_later_and_linked_to_the_roster(
    staf: ServiceContext, admin: ServiceContext
) -> None:
    from tests.pledge_samples import build_roster

    ids = build_roster(admin)
    case_id = cases.new_case(staf, report())
    subject_id = cases.case_view(staf, case_id).subjects[0].id
    person_id = ids["budi"]
    assert cases.update_subject(
        staf, case_id, subject_id, cases.SubjectChanges(person_id=person_id)
    )
    seen = cases.case_view(staf, case_id).subjects[0]
    assert (seen.person_id, seen.full_name) == (person_id, "Budi Santoso")
    assert seen.nip == "19700512 199803 1 004"
    assert seen.agency_name == "Dinas Kesehatan"
    assert seen.incomplete == ("pangkat/golongan",)


def test_the_list_filters_and_searches(staf: ServiceContext) -> None:
    first = cases.new_case(staf, report())
    second = cases.new_case(
        staf,
        report(
            origin="temuan",
            title="Camat hadir dalam deklarasi pasangan calon",
            subjects=(subject(full_name="Sutrisno", agency_name="Kapanewon Sewon"),),
            parties=(),
        ),
    )
    assert {r.id for r in cases.list_cases(staf)} == {first, second}
    assert [r.id for r in cases.list_cases(staf, cases.CaseFilter(origin="temuan"))] == [second]
    assert [r.id for r in cases.list_cases(staf, cases.CaseFilter(search="sutrisno"))] == [second]
    assert [r.id for r in cases.list_cases(staf, cases.CaseFilter(search="facebook"))] == []
    assert [r.id for r in cases.list_cases(staf, cases.CaseFilter(search="media sosial"))] == [
        first
    ]
    assert cases.count_cases(staf, cases.CaseFilter(status="diterima")) == 2
    row = next(r for r in cases.list_cases(staf) if r.id == second)
    assert row.subjects == ("Sutrisno",) and row.agencies == ("Kapanewon Sewon",)


def test_roles_without_cases_cannot_read_or_write_them(admin: ServiceContext) -> None:
    sekretariat = user(admin, "dodi", "sekretariat")
    with pytest.raises(PermissionDenied):
        cases.new_case(sekretariat, report())
    with pytest.raises(PermissionDenied):
        cases.list_cases(sekretariat)


def test_an_unknown_case_is_not_found(staf: ServiceContext) -> None:
    with pytest.raises(NotFoundError):
        cases.case_view(staf, "nope")
    case_id = cases.new_case(staf, report())
    assert cases.find_case_id(staf, case_id[-8:]) == case_id


def test_editing_saves_only_what_changed_and_refuses_stale_forms(staf: ServiceContext) -> None:
    from netral_desktop.core.errors import ConflictError

    case_id = cases.new_case(staf, report())
    revision = cases.case_view(staf, case_id).revision
    assert cases.update_case(staf, case_id, cases.CaseChanges(notes="Bukti tangkapan layar"))
    assert not cases.update_case(staf, case_id, cases.CaseChanges(notes="Bukti tangkapan layar"))
    with pytest.raises(ConflictError):
        cases.update_case(
            staf, case_id, cases.CaseChanges(notes="lain"), expected_revision=revision
        )
    assert cases.case_view(staf, case_id).notes == "Bukti tangkapan layar"


def test_the_province_reads_but_neither_writes_nor_sees_identities(
    staf: ServiceContext, admin: ServiceContext
) -> None:
    provinsi = user(admin, "kiki", "provinsi")
    case_id = cases.new_case(staf, report())
    assert [r.id for r in cases.list_cases(provinsi)] == [case_id]
    view = cases.case_view(provinsi, case_id)
    assert [p.name for p in view.parties] == ["Pelapor-0001"]
    assert cases.available_steps(provinsi, case_id) == []
    with pytest.raises(PermissionDenied):
        cases.new_case(provinsi, report())
    with pytest.raises(PermissionDenied):
        cases.take_step(provinsi, case_id, "kajian_awal")


def test_the_coordinator_corrects_an_identity_and_the_log_names_only_the_fields(
    staf: ServiceContext, koordinator: ServiceContext
) -> None:
    from netral_desktop.services import audit

    case_id = cases.new_case(staf, report())
    party_id = cases.case_view(staf, case_id).parties[0].id
    with pytest.raises(PermissionDenied):
        cases.update_party(staf, case_id, party_id, cases.PartyChanges(phone="0813"))
    with pytest.raises(ValidationError, match="NIK"):
        cases.update_party(koordinator, case_id, party_id, cases.PartyChanges(nik="12345"))
    assert cases.update_party(
        koordinator, case_id, party_id, cases.PartyChanges(address="Jl. Imogiri Barat 3")
    )
    assert cases.reveal_party(koordinator, case_id, party_id).address == "Jl. Imogiri Barat 3"
    updates = [
        e for e in audit.history(koordinator.db, "case_party", party_id) if e.action == "update"
    ]
    assert [e.new_values for e in updates] == ['{"fields":["address"],"standing":"pemilih"}']


def test_the_category_comes_from_the_taxonomy_and_is_checked_against_the_stage(
    staf: ServiceContext,
) -> None:
    with pytest.raises(ValidationError, match="tidak ada di daftar"):
        cases.new_case(staf, report(category_code="XX-99"))
    fits = cases.case_view(staf, cases.new_case(staf, report(category_code="ke-02")))
    assert fits.category_code == "KE-02" and fits.category_label.startswith("KE-02 ")
    assert fits.category_warning == ""
    other = cases.case_view(staf, cases.new_case(staf, report(category_code="DS-01")))
    assert "padahal perkara ini terjadi sebelumnya" in other.category_warning
