"""The home page's facts: the ceremonies' open tasks the role can do, and the role's abilities
in a few lines (nothing the role cannot use)."""

from __future__ import annotations

from datetime import datetime

from netral_desktop.services import home, pledge
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.pledge import documents as pledge_documents
from tests.pledge_samples import build_roster, png_bytes


def _event(ctx: ServiceContext, title: str, when: datetime, agency_id: str) -> str:
    event = pledge.create_event(
        ctx,
        pledge.EventFields(
            title=title,
            starts_at=when,
            place="Aula",
            organiser_kind="pemda",
            invited_agency_ids=(agency_id,),
        ),
    )
    pledge.invite(ctx, event.id, pledge.InviteCriteria(agency_ids=(agency_id,)))
    return event.id


def _kinds(ctx: ServiceContext) -> dict[str, list[str]]:
    return {g.kind: [t.title for t in g.tasks] for g in home.tasks(ctx)}


def test_open_tasks_come_and_go_as_the_work_is_done(sekretariat, staf) -> None:  # type: ignore[no-untyped-def]
    # The clock stands at 14 May 2024, 09:00 WIB.
    ids = build_roster(sekretariat)
    past = _event(sekretariat, "Ikrar Dinkes", datetime(2024, 5, 10, 9, 0), ids["dinkes"])
    soon = _event(sekretariat, "Ikrar Sewon", datetime(2024, 5, 20, 9, 0), ids["sewon"])
    _event(sekretariat, "Ikrar jauh", datetime(2024, 8, 20, 9, 0), ids["sewon"])  # not yet
    assert _kinds(sekretariat) == {home.ISSUE_SHEET: ["Ikrar Sewon"]}
    pledge.mark(sekretariat, past, "198501012010012003")
    pledge.add_walk_in(sekretariat, past, full_name="Tamu Dari Kecamatan")
    kinds = _kinds(sekretariat)
    assert kinds == {
        home.ISSUE_SHEET: ["Ikrar Sewon"],
        home.MATCH_WALK_INS: ["Ikrar Dinkes"],
        home.ATTACH_SHEET: ["Ikrar Dinkes"],
    }
    group = {g.kind: g for g in home.tasks(sekretariat)}[home.MATCH_WALK_INS]
    assert group.tasks[0].count == 1 and group.total == 1
    assert group.tasks[0].text == (
        "Cocokkan 1 peserta tambahan dengan daftar pegawai — Ikrar Dinkes, 10 Mei 2024"
    )
    # Staff may print but neither mark nor attach: only the sheet to issue is theirs.
    assert set(_kinds(staf)) == {home.ISSUE_SHEET}
    pledge_documents.issue(sekretariat, pledge_documents.FORM_SHEET, soon)
    pledge.attach_evidence(sekretariat, past, png_bytes(), original_name="daftar-hadir.png")
    assert _kinds(sekretariat) == {home.MATCH_WALK_INS: ["Ikrar Dinkes"]}


def test_the_sheet_constants_follow_the_pledge_documents() -> None:
    assert home.SHEET_FORM == pledge_documents.FORM_SHEET
    assert home.SHEET_RECORD_KIND == pledge_documents.RECORD_KIND


def test_abilities_are_short_and_only_what_the_role_can_use() -> None:
    assert home.abilities("sekretariat") == [
        "menyiapkan ikrar netralitas dan mencatat kehadiran",
        "mengubah daftar pegawai dan instansi",
        "menerbitkan dan mencetak dokumen",
    ]
    assert "membaca log audit" in home.abilities("koordinator")
    assert len(home.abilities("admin")) == 9
    # Cases: staff record them, the koordinator decides, the province reads them.
    assert "mencatat laporan, temuan dan bukti pelanggaran" in home.abilities("staf")
    assert "mengambil tahapan dan putusan perkara" not in home.abilities("staf")
    assert "mengambil tahapan dan putusan perkara" in home.abilities("koordinator")
    assert "membaca berkas perkara" in home.abilities("provinsi")
    assert "membaca berkas perkara" not in home.abilities("koordinator")
    # A feature the program does not have yet (bundles) is not promised to anyone.
    assert not any("bundel" in line for line in home.abilities("admin"))
