"""Clarification hearings: invitations and the repeat invitation, attendance, oath,
statement, online hearings with their reason and recording; the PPK's follow-up period
(both engines)."""

from __future__ import annotations

import pytest

from netral_desktop.core.errors import NotFoundError, ValidationError
from netral_desktop.services import cases
from netral_desktop.services.context import ServiceContext
from tests.case_samples import report, user


@pytest.fixture
def staf(admin: ServiceContext) -> ServiceContext:
    return user(admin, "dodi", "staf")


def test_a_hearing_is_recorded_step_by_step(staf: ServiceContext) -> None:
    case_id = cases.new_case(staf, report())
    view = cases.case_view(staf, case_id)
    subject_id, reporter_id = view.subjects[0].id, view.parties[0].id
    hearing = cases.add_hearing(
        staf,
        case_id,
        cases.HearingFields(
            scheduled_at="2024-05-20 09:00",
            subject_id=subject_id,
            place="Kantor Bawaslu Kabupaten Bantul",
            invitation_date="2024-05-15",
        ),
    )
    with pytest.raises(ValidationError, match="setelah tanggal klarifikasi"):
        cases.update_hearing(
            staf, case_id, hearing, cases.HearingChanges(second_invitation_date="2024-05-21")
        )
    assert cases.update_hearing(
        staf, case_id, hearing, cases.HearingChanges(second_invitation_date="2024-05-17")
    )
    with pytest.raises(ValidationError, match="tidak memberi keterangan"):
        cases.update_hearing(
            staf,
            case_id,
            hearing,
            cases.HearingChanges(attendance="tidak_hadir", statement="Mengaku"),
        )
    assert cases.update_hearing(
        staf,
        case_id,
        hearing,
        cases.HearingChanges(attendance="hadir", oath=True, statement="Mengakui unggahan itu"),
    )
    assert not cases.update_hearing(staf, case_id, hearing, cases.HearingChanges(oath=True))
    # The reporter is heard by pseudonym: no name is stored on the hearing.
    cases.add_hearing(
        staf,
        case_id,
        cases.HearingFields(scheduled_at="2024-05-20 10:00", party_id=reporter_id),
    )
    seen = cases.case_view(staf, case_id).hearings
    assert [(h.name, h.heard_as) for h in seen] == [
        ("Drs. Heru Prasetyo, M.Si.", "terlapor"),
        ("Pelapor-0001", "pelapor"),
    ]
    first = seen[0]
    assert (first.attendance, first.oath, first.statement) == (
        "hadir",
        True,
        "Mengakui unggahan itu",
    )
    assert first.scheduled_at is not None and f"{first.scheduled_at:%H:%M}" == "09:00"
    assert first.second_invitation_date is not None


def test_an_online_hearing_needs_its_reason_and_recording(staf: ServiceContext) -> None:
    case_id = cases.new_case(staf, report())
    subject_id = cases.case_view(staf, case_id).subjects[0].id
    with pytest.raises(ValidationError, match="alasan geografis"):
        cases.add_hearing(
            staf,
            case_id,
            cases.HearingFields(
                scheduled_at="2024-05-20 09:00", subject_id=subject_id, online=True
            ),
        )
    hearing = cases.add_hearing(
        staf,
        case_id,
        cases.HearingFields(
            scheduled_at="2024-05-20 09:00",
            subject_id=subject_id,
            online=True,
            online_reason="Terlapor bertugas di pulau terpencil",
        ),
    )
    with pytest.raises(ValidationError, match="wajib direkam"):
        cases.update_hearing(
            staf, case_id, hearing, cases.HearingChanges(attendance="hadir", statement="Ya")
        )
    assert cases.update_hearing(
        staf,
        case_id,
        hearing,
        cases.HearingChanges(attendance="hadir", statement="Ya", recording_id="rekaman-1"),
    )
    assert cases.case_view(staf, case_id).hearings[0].recording_id == "rekaman-1"


def test_bad_hearing_input_is_refused(staf: ServiceContext) -> None:
    case_id = cases.new_case(staf, report())
    with pytest.raises(ValidationError, match="TTTT-BB-HH JJ:MM"):
        cases.add_hearing(staf, case_id, cases.HearingFields(scheduled_at="besok", name="Ahli"))
    with pytest.raises(ValidationError, match="tulis namanya"):
        cases.add_hearing(staf, case_id, cases.HearingFields(scheduled_at="2024-05-20 09:00"))
    with pytest.raises(NotFoundError):
        cases.update_hearing(staf, case_id, "nope", cases.HearingChanges(oath=True))
    expert = cases.add_hearing(
        staf,
        case_id,
        cases.HearingFields(
            scheduled_at="2024-05-20 09:00", name="Dr. Ahli Hukum", heard_as="ahli"
        ),
    )
    assert cases.case_view(staf, case_id).hearings[0].id == expert


def test_a_forwarded_person_without_follow_up_is_flagged_after_the_office_period(
    admin: ServiceContext,
) -> None:
    from netral_desktop.services.cases.deadlines import set_follow_up_days

    staf, koordinator = user(admin, "dodi", "staf"), user(admin, "kiki", "koordinator")
    case_id = cases.new_case(
        staf, report(known_date="2024-03-01", received_date="2024-03-04", event_date=None)
    )
    only = cases.case_view(staf, case_id).subjects[0].id
    for step in ("kajian_awal", "registrasi", "kajian"):
        cases.take_step(koordinator, case_id, step, at="2024-03-05")
    cases.take_step(koordinator, case_id, "pleno_terbukti", subject_id=only, at="2024-03-06")
    cases.take_step(koordinator, case_id, "teruskan_rekomendasi", subject_id=only, at="2024-04-01")
    # 43 days by 14 May: the ruleset's 60 days have not passed; the office's own 30 have.
    assert not cases.case_view(staf, case_id).subjects[0].follow_up_overdue
    set_follow_up_days(admin, 30)
    assert cases.case_view(staf, case_id).subjects[0].follow_up_overdue
    with pytest.raises(ValidationError):
        set_follow_up_days(admin, 0)
