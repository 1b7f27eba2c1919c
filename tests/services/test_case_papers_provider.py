"""A case's papers from the case itself (the ``perkara`` provider): the case's own numbers on
its papers, names only where the reader is entitled, the kajian kept confidential until the
plenary, each issued paper in the case's history, the case summary (both engines)."""

from __future__ import annotations

import pytest

from netral_desktop.core.errors import PermissionDenied, ValidationError
from netral_desktop.services import audit, cases, documents
from netral_desktop.services.cases import papers
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.office import update_office
from tests.case_samples import PEMILU_2024, REPORTER_NAME, WITNESS_NAME, report, subject, user
from tests.case_samples import witness as witness_fields
from tests.doc_samples import page_texts

KETUA = "Dr. H. Ahmad Fauzi, S.H., M.Si."


@pytest.fixture
def people(admin: ServiceContext) -> tuple[ServiceContext, ServiceContext]:
    update_office(admin, head_name=KETUA, city="Bantul")
    return user(admin, "dodi", "staf"), user(admin, "kiki", "koordinator")


def _text(pdf: bytes) -> str:
    return " ".join("\n".join(page_texts(pdf)).split())


def _pemilu_case(staf: ServiceContext) -> str:
    return cases.new_case(
        staf,
        report(
            election_id=PEMILU_2024,
            title="Camat mengajak warga memilih calon anggota DPRD",
            event_date="2024-01-15",
            known_date="2024-01-16",
            received_date="2024-01-18",
            stage="setelah_penetapan",
            subjects=(
                subject(),
                subject(full_name="Sutrisno", jabatan="Camat Sewon", agency_name="Kapanewon Sewon"),
            ),
            parties=(report().parties[0], witness_fields()),
        ),
    )


def test_the_reporters_papers_carry_the_intake_number_and_go_into_the_case_history(
    people: tuple[ServiceContext, ServiceContext],
) -> None:
    staf, koordinator = people
    case_id = _pemilu_case(staf)
    number = cases.case_view(koordinator, case_id).intake_number
    assert number == "001/LP/PL/Kab/15.02/I/2024"
    form = papers.issue_paper(koordinator, case_id, "b1_formulir_laporan")
    receipt = papers.issue_paper(koordinator, number, "b3_tanda_bukti_laporan")  # by number
    assert form.document.number == receipt.document.number == number
    assert form.document.seq is None and receipt.document.seq is None  # no number drawn
    text = _text(form.pdf)
    assert f"Nomor: {number}" in text
    # The reporter's own papers name the reporter and the witness (the case's parties).
    assert REPORTER_NAME in text and WITNESS_NAME in text
    assert "Camat mengajak warga memilih calon anggota DPRD" in text
    assert "Drs. Heru Prasetyo, M.Si." in text and "Sutrisno" in text
    assert REPORTER_NAME in _text(receipt.pdf)
    # Each issued paper is in the case's history, with its number and code.
    entries = [
        e for e in audit.history(koordinator.db, "case_file", case_id) if e.action == "issue"
    ]
    assert len(entries) == 2
    assert number in (entries[0].new_values or "") and form.document.code in (
        entries[0].new_values or ""
    )
    assert [p.form for p in papers.case_papers(staf, case_id)] == [
        "b1_formulir_laporan",
        "b3_tanda_bukti_laporan",
    ]


def test_staff_preview_the_reporters_papers_by_pseudonym_and_cannot_issue_them(
    people: tuple[ServiceContext, ServiceContext],
) -> None:
    staf, _koordinator = people
    case_id = _pemilu_case(staf)
    text = _text(papers.draft_paper(staf, case_id, "b1_formulir_laporan"))
    assert "Pelapor-0001" in text and "Saksi-0001" in text
    assert REPORTER_NAME not in text and WITNESS_NAME not in text
    with pytest.raises(ValidationError, match="hanya koordinator atau administrator"):
        papers.issue_paper(staf, case_id, "b1_formulir_laporan")
    assert documents.list_issued(staf) == []


def test_papers_for_others_show_the_pseudonym_even_to_the_coordinator(
    people: tuple[ServiceContext, ServiceContext],
) -> None:
    staf, koordinator = people
    case_id = _pemilu_case(staf)
    cases.take_step(koordinator, case_id, "kajian_awal", at="2024-01-19")
    cases.take_step(koordinator, case_id, "registrasi", at="2024-01-22")
    notice = papers.issue_paper(koordinator, case_id, "b18_pemberitahuan_status")
    text = _text(notice.pdf)
    assert "Pelapor-0001" in text and REPORTER_NAME not in text
    assert "001/Reg/LP/PL/Kab/15.02/I/2024" in text
    review = _text(papers.draft_paper(koordinator, case_id, "b7_kajian_awal"))
    assert "Pelapor-0001" in review and REPORTER_NAME not in review
    # The province's copy of the summary names them (for those who may see identities).
    summary = _text(papers.export_summary(koordinator, case_id, for_province=True).pdf)
    assert REPORTER_NAME in summary
    assert REPORTER_NAME not in _text(papers.export_summary(koordinator, case_id).pdf)


def test_the_kajian_stays_confidential_until_the_plenary_decides(
    people: tuple[ServiceContext, ServiceContext],
) -> None:
    staf, koordinator = people
    case_id = _pemilu_case(staf)
    cases.take_step(koordinator, case_id, "kajian_awal", at="2024-01-19")
    cases.take_step(koordinator, case_id, "registrasi", at="2024-01-22")
    cases.take_step(koordinator, case_id, "kajian", at="2024-01-26")
    with pytest.raises(PermissionDenied, match="masih rahasia"):
        papers.draft_paper(staf, case_id, "b13_kajian")
    assert "RAHASIA" in _text(papers.draft_paper(koordinator, case_id, "b13_kajian"))
    with pytest.raises(ValidationError, match="masih rahasia sampai diputus"):
        papers.issue_paper(koordinator, case_id, "b13_kajian")
    first, second = (s.id for s in cases.case_view(koordinator, case_id).subjects)
    cases.take_step(koordinator, case_id, "pleno_peraturan_lain", subject_id=first, at="2024-01-29")
    cases.take_step(
        koordinator,
        case_id,
        "pleno_tidak_terbukti",
        subject_id=second,
        reason="Tidak cukup bukti",
        at="2024-01-29",
    )
    issued = papers.issue_paper(koordinator, case_id, "b13_kajian")
    assert issued.document.number == "001/Reg/LP/PL/Kab/15.02/I/2024"
    text = _text(issued.pdf)
    assert "Pelapor-0001" in text and REPORTER_NAME not in text  # it travels with the B.17


def test_the_recommendation_carries_the_persons_forwarding_number(
    people: tuple[ServiceContext, ServiceContext],
) -> None:
    staf, koordinator = people
    case_id = _pemilu_case(staf)
    for step, day in (
        ("kajian_awal", "2024-01-19"),
        ("registrasi", "2024-01-22"),
        ("kajian", "2024-01-26"),
    ):
        cases.take_step(koordinator, case_id, step, at=day)
    first, second = (s.id for s in cases.case_view(koordinator, case_id).subjects)
    with pytest.raises(ValidationError, match="PERKARA@ID"):
        papers.draft_paper(koordinator, case_id, "b17_rekomendasi_peraturan_lain")
    cases.take_step(koordinator, case_id, "pleno_peraturan_lain", subject_id=first, at="2024-01-29")
    # Decided but not forwarded yet: a preview, no paper without its number.
    with pytest.raises(ValidationError, match="belum memiliki nomor"):
        papers.issue_paper(koordinator, case_id, "b17_rekomendasi_peraturan_lain", target=first)
    cases.take_step(koordinator, case_id, "teruskan_rekomendasi", subject_id=first, at="2024-01-30")
    issued = papers.issue_paper(
        koordinator, case_id, "b17_rekomendasi_peraturan_lain", target=first
    )
    assert issued.document.number == "001/Rekom-DPPL/LP/PL/Kab/15.02/I/2024"
    text = _text(issued.pdf)
    assert "Drs. Heru Prasetyo, M.Si." in text and "Sutrisno" not in text
    assert "001/Reg/LP/PL/Kab/15.02/I/2024" in text
    with pytest.raises(Exception, match="tidak ada pada perkara ini"):
        papers.draft_paper(
            koordinator, case_id, "b17_rekomendasi_peraturan_lain", target="bukan-terlapor"
        )
    assert second


def test_the_summary_lists_the_timeline_and_the_papers_issued(
    people: tuple[ServiceContext, ServiceContext],
) -> None:
    staf, koordinator = people
    case_id = _pemilu_case(staf)
    cases.take_step(koordinator, case_id, "kajian_awal", at="2024-01-19")
    papers.issue_paper(koordinator, case_id, "b3_tanda_bukti_laporan")
    summary = papers.export_summary(staf, case_id)
    text = _text(summary.pdf)
    assert text.startswith("BADAN PENGAWAS PEMILIHAN UMUM KABUPATEN BANTUL")
    assert "RINGKASAN PERKARA" in text and "001/LP/PL/Kab/15.02/I/2024" in text
    assert "Penerimaan laporan" in text and "Kajian awal" in text
    assert "Tanda Bukti Penyampaian Laporan (B.3)" in text
    assert "Pelapor-0001" in text and REPORTER_NAME not in text
    again = papers.export_summary(staf, case_id)
    assert again.reused and again.document.code == summary.document.code


def test_a_form_that_is_not_a_case_paper_is_refused(
    people: tuple[ServiceContext, ServiceContext],
) -> None:
    staf, _koordinator = people
    case_id = _pemilu_case(staf)
    with pytest.raises(ValidationError, match="bukan kertas perkara"):
        papers.paper_data(staf, "surat_dinas", case_id)
    # Through the documents service, by the spec's ``record: perkara``.
    pdf = documents.render_draft(staf, "b1_formulir_laporan", case_id)
    assert "Pelapor-0001" in _text(pdf)


def test_a_report_form_made_from_a_file_and_a_case_never_share_a_number(
    people: tuple[ServiceContext, ServiceContext],
) -> None:
    from netral_desktop.config import forms_dir

    staf, koordinator = people
    first = _pemilu_case(staf)  # the case's step takes 001 of January
    loose = documents.issue(
        koordinator, "b1_formulir_laporan", str(forms_dir() / "b1_formulir_laporan" / "contoh.yaml")
    )
    second = _pemilu_case(staf)
    numbers = {
        cases.case_view(koordinator, first).intake_number,
        loose.document.number,
        cases.case_view(koordinator, second).intake_number,
    }
    assert len(numbers) == 3
    assert [n.partition("/")[0] for n in sorted(numbers)] == ["001", "002", "003"]


def test_hearing_papers_carry_the_register_number_and_name_the_person_heard(
    people: tuple[ServiceContext, ServiceContext],
) -> None:
    staf, koordinator = people
    case_id = _pemilu_case(staf)
    cases.take_step(koordinator, case_id, "kajian_awal", at="2024-01-19")
    view = cases.case_view(koordinator, case_id)
    witness = next(p for p in view.parties if p.role == "saksi")
    hearing = cases.add_hearing(
        koordinator,
        case_id,
        cases.HearingFields(
            scheduled_at="2024-01-25 09:00",
            party_id=witness.id,
            place="Ruang Klarifikasi Bawaslu Kabupaten Bantul",
            invitation_date="2024-01-23",
        ),
    )
    # Not registered yet: the invitation can be previewed, not issued.
    with pytest.raises(ValidationError, match="registrasi"):
        papers.issue_paper(koordinator, case_id, "b9_undangan_klarifikasi", target=hearing)
    cases.take_step(koordinator, case_id, "registrasi", at="2024-01-22")
    invitation = papers.issue_paper(koordinator, f"{case_id}@{hearing}", "b9_undangan_klarifikasi")
    assert invitation.document.number == "001/Reg/LP/PL/Kab/15.02/I/2024"
    text = _text(invitation.pdf)
    assert f"Sdr. {WITNESS_NAME}" in text and "sebagai Saksi" in text
    assert "Kamis, 25 Januari 2024" in text and "09.00 WIB" in text
    assert invitation.document.record_id == f"{case_id}@{hearing}"
    minutes = _text(
        papers.draft_paper(staf, case_id, "b12_berita_acara_klarifikasi", target=hearing)
    )
    assert "Saksi-0001" in minutes and WITNESS_NAME not in minutes  # staff: pseudonym
    assert "Paraf yang memberi keterangan" in minutes


def test_papers_keep_the_procedures_indonesian_words_in_english_mode(
    people: tuple[ServiceContext, ServiceContext],
) -> None:
    """Official paper stays Indonesian whatever the window's language: the status, the steps,
    the origin; the window itself stays English meanwhile."""
    from netral_desktop.i18n import _, set_language

    staf, koordinator = people
    case_id = _pemilu_case(staf)
    cases.take_step(koordinator, case_id, "kajian_awal", at="2024-01-19")
    cases.take_step(koordinator, case_id, "registrasi", at="2024-01-22")
    set_language("en")
    try:
        assert cases.case_view(koordinator, case_id).status_label == "Registered"  # the window
        notice = _text(papers.issue_paper(koordinator, case_id, "b18_pemberitahuan_status").pdf)
        summary = _text(papers.export_summary(koordinator, case_id).pdf)
        assert _("Beranda") == "Home"
    finally:
        set_language("id")
    assert "Diregistrasi" in notice and "Registered" not in notice
    for words in ("Diregistrasi", "Penerimaan laporan", "Kajian awal", "Registrasi", "Laporan"):
        assert words in summary, words
    for english in ("Registered", "Receipt of the report", "Initial review", "Report"):
        assert english not in summary, english
