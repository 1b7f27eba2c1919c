"""Deadlines per case: the next one with its article, counted through Lebaran's holidays and
cuti bersama, near and overdue, the overdue list, a year without holiday data shown as
such, late reports recorded with their reason, late invitations (both engines)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from netral_desktop.core.clock import FixedClock
from netral_desktop.core.errors import ValidationError
from netral_desktop.services import cases
from netral_desktop.services.context import ServiceContext
from tests.case_samples import PEMILU_2024, report, user


@pytest.fixture
def people(admin: ServiceContext) -> tuple[ServiceContext, ServiceContext]:
    return user(admin, "dodi", "staf"), user(admin, "kiki", "koordinator")


def pemilu(**changes: object) -> cases.CaseFields:
    values: dict[str, object] = {"election_id": PEMILU_2024, "event_date": None}
    values.update(changes)
    return report(**values)


def test_the_decision_deadline_counts_working_days_around_lebaran(
    people: tuple[ServiceContext, ServiceContext],
) -> None:
    staf, koordinator = people
    case_id = cases.new_case(staf, pemilu(known_date="2024-03-28", received_date="2024-04-01"))
    deadline = cases.case_view(staf, case_id).deadline
    # Kajian awal: 2 working days after Monday 1 April.
    assert deadline is not None and (deadline.rule, deadline.due) == (
        "kajian_awal",
        date(2024, 4, 3),
    )
    cases.take_step(koordinator, case_id, "kajian_awal", at="2024-04-01")
    cases.take_step(koordinator, case_id, "registrasi", at="2024-04-01")
    deadline = cases.case_view(staf, case_id).deadline
    # 7 working days after 1 April: 2-5 April, then Lebaran (8-12 April) and the cuti bersama
    # of 15 April are skipped: 16, 17, 18 April.
    assert deadline is not None and deadline.rule == "decision"
    assert deadline.due == date(2024, 4, 18)
    assert "Pasal 26 ayat (1)" in deadline.article
    assert deadline.overdue and not deadline.near  # today is 14 May 2024
    cases.extend_decision(koordinator, case_id, "Menunggu keterangan BKD")
    deadline = cases.case_view(staf, case_id).deadline
    assert deadline is not None and deadline.rule == "decision_extended"
    # 14 working days in total, not 7 + 14: 2-5 April, 16-19 April, 22-26 April, 29 April.
    assert deadline.due == date(2024, 4, 29)
    with pytest.raises(ValidationError, match="sudah dicatat"):
        cases.extend_decision(koordinator, case_id, "lagi")


def test_overdue_and_due_this_week_lists(people: tuple[ServiceContext, ServiceContext]) -> None:
    staf, koordinator = people
    overdue = cases.new_case(staf, pemilu(known_date="2024-03-28", received_date="2024-04-01"))
    # Received Wednesday 8 May; 9 May (Ascension) and 10 May (cuti bersama) are skipped:
    # the kajian awal is due Tuesday 14 May, today.
    near = cases.new_case(staf, pemilu(known_date="2024-05-07", received_date="2024-05-08"))
    closed = cases.new_case(staf, pemilu(known_date="2024-03-28", received_date="2024-04-01"))
    cases.take_step(koordinator, closed, "cabut", reason="Pelapor mencabut laporan")
    assert [r.id for r in cases.list_cases(staf, cases.CaseFilter(overdue=True))] == [overdue]
    assert [r.id for r in cases.list_cases(staf, cases.CaseFilter(due_within_days=7))] == [near]
    row = next(r for r in cases.list_cases(staf) if r.id == near)
    assert (row.due_date, row.overdue, row.due_soon) == (date(2024, 5, 14), False, True)
    counts = cases.home_counts(staf)
    assert (counts.overdue, counts.due_this_week, counts.open_cases) == (1, 1, 2)
    assert counts.by_status == {"diterima": 2, "dicabut": 1}


def test_a_year_without_holiday_data_is_shown_not_assumed(admin: ServiceContext) -> None:
    later = replace(admin, clock=FixedClock(datetime(2026, 12, 31, 2, 0, tzinfo=UTC)))
    staf = user(later, "dodi", "staf")
    # Received Wednesday 30 Dec 2026: the second working day falls in 2027, with no data.
    case_id = cases.new_case(staf, pemilu(known_date="2026-12-29", received_date="2026-12-30"))
    view = cases.case_view(staf, case_id)
    assert view.deadline is not None
    assert (view.deadline.due, view.deadline.missing_year) == (None, 2027)
    assert "data hari libur tahun 2027 belum ada" in view.deadline.text
    assert cases.list_cases(staf, cases.CaseFilter(overdue=True)) == []


def test_a_late_report_is_recorded_as_late_with_its_reason(
    people: tuple[ServiceContext, ServiceContext],
) -> None:
    staf, _koordinator = people
    # Known Monday 1 April 2024: 7 working days end on 18 April (Lebaran skipped).
    late = pemilu(known_date="2024-04-01", received_date="2024-04-22")
    with pytest.raises(ValidationError, match="setelah batas waktu pelaporan") as caught:
        cases.new_case(staf, late)
    assert "18-04-2024" in str(caught.value) and caught.value.code == "report_late"
    assert cases.list_cases(staf) == []
    case_id = cases.new_case(staf, replace(late, late_reason="Pelapor sakit, surat dokter"))
    view = cases.case_view(staf, case_id)
    assert view.late and view.late_reason == "Pelapor sakit, surat dokter"
    assert view.timeline[0].reason == "Pelapor sakit, surat dokter"
    # In time: known 1 April, received 18 April.
    on_time = cases.new_case(staf, pemilu(known_date="2024-04-01", received_date="2024-04-18"))
    assert not cases.case_view(staf, on_time).late
    # Pilkada counts calendar days: known 1 May, received 9 May is late.
    with pytest.raises(ValidationError, match="08-05-2024"):
        cases.new_case(
            staf, report(event_date=None, known_date="2024-05-01", received_date="2024-05-09")
        )


def test_a_late_invitation_is_flagged(people: tuple[ServiceContext, ServiceContext]) -> None:
    staf, _koordinator = people
    case_id = cases.new_case(staf, pemilu(known_date="2024-05-07", received_date="2024-05-08"))
    subject_id = cases.case_view(staf, case_id).subjects[0].id
    on_time = cases.add_hearing(
        staf,
        case_id,
        cases.HearingFields(
            scheduled_at="2024-05-15 09:00", subject_id=subject_id, invitation_date="2024-05-14"
        ),
    )
    late = cases.add_hearing(
        staf,
        case_id,
        cases.HearingFields(
            scheduled_at="2024-05-14 13:00", subject_id=subject_id, invitation_date="2024-05-14"
        ),
    )
    hearings = {h.id: h for h in cases.case_view(staf, case_id).hearings}
    assert (hearings[on_time].invitation_late, hearings[late].invitation_late) == (False, True)


def test_a_finding_waiting_for_registration_has_no_kajian_awal_deadline(
    admin: ServiceContext,
) -> None:
    # Regression: the kajian-awal deadline (reports only) was shown on findings and tips.
    # A finding's registration counts from the pleno that set it, a date the case has not
    # recorded yet: no deadline is shown rather than a wrong one.
    case_id = cases.new_case(admin, report(origin="temuan", election_id=PEMILU_2024, parties=()))
    view = cases.case_view(admin, case_id)
    assert view.status == "diterima"
    assert view.deadline is None


def test_a_ruleset_that_refuses_late_reports(admin: ServiceContext) -> None:
    import yaml

    from netral_desktop.core.procedure import shipped_path

    late = report(
        election_id=PEMILU_2024,
        event_date="2024-04-01",
        known_date="2024-04-02",
        late_reason="Pelapor baru kembali dari luar kota.",
    )
    # The shipped rulesets record a late report, with its reason.
    assert cases.case_view(admin, cases.new_case(admin, late)).late
    data = yaml.safe_load(shipped_path("pemilu").read_text(encoding="utf-8"))
    data["late_reports"] = "refuse"
    folder = admin.layout.root / "rulesets"  # type: ignore[union-attr]
    folder.mkdir()
    (folder / "pemilu.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(ValidationError) as info:
        cases.new_case(admin, late)
    assert info.value.code == "report_late_refused"
    assert "informasi awal" in info.value.message
    assert cases.count_cases(admin, cases.CaseFilter()) == 1
