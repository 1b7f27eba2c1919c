"""The procedure of a case through its ruleset: the whole Pemilu and Pilkada procedures,
refusals naming the missing step or the role that may, per-person routes, numbers of the
four formats, reopening a decided case (both engines)."""

from __future__ import annotations

import json

import pytest

from netral_desktop.core.errors import PermissionDenied, ValidationError
from netral_desktop.services import cases
from netral_desktop.services.context import ServiceContext
from tests.case_samples import PEMILU_2024, report, subject, user, witness


@pytest.fixture
def people(admin: ServiceContext) -> tuple[ServiceContext, ServiceContext]:
    return user(admin, "dodi", "staf"), user(admin, "kiki", "koordinator")


def pemilu_report() -> cases.CaseFields:
    return report(
        election_id=PEMILU_2024,
        title="Camat mengajak warga memilih calon anggota DPRD",
        event_date="2024-01-15",
        known_date="2024-01-16",
        received_date="2024-01-18",
        stage="setelah_penetapan",
        category_code="DS-01",
        subjects=(
            subject(),
            subject(full_name="Sutrisno", jabatan="Camat Sewon", agency_name="Kapanewon Sewon"),
        ),
        parties=(
            report().parties[0],
            witness(),
        ),
    )


def steps_of(ctx: ServiceContext, case_id: str, subject_id: str | None = None) -> list[str]:
    return [s.code for s in cases.available_steps(ctx, case_id, subject_id)]


def test_the_whole_pemilu_procedure(people: tuple[ServiceContext, ServiceContext]) -> None:
    staf, koordinator = people
    case_id = cases.new_case(staf, pemilu_report())
    view = cases.case_view(koordinator, case_id)
    assert view.intake_number == "001/LP/PL/Kab/15.02/I/2024"
    first, second = (s.id for s in view.subjects)
    # Staff may only record the completion of a report; the coordinator decides.
    assert steps_of(staf, case_id) == []
    assert "kajian_awal" in steps_of(koordinator, case_id)
    cases.take_step(koordinator, case_id, "kajian_awal", at="2024-01-19")
    taken = cases.take_step(koordinator, case_id, "registrasi", at="2024-01-22")
    assert taken.numbers == ("001/Reg/LP/PL/Kab/15.02/I/2024",)
    cases.take_step(koordinator, case_id, "klarifikasi", at="2024-01-24")
    cases.take_step(koordinator, case_id, "kajian", at="2024-01-26")
    cases.take_step(
        koordinator,
        case_id,
        "pleno_peraturan_lain",
        subject_id=first,
        at="2024-01-29",
        values={"note": "Terbukti mengunggah dukungan"},
    )
    cases.take_step(koordinator, case_id, "pleno_pidana", subject_id=second, at="2024-01-29")
    view = cases.case_view(koordinator, case_id)
    assert view.status == "diputus" and view.locked
    assert [s.outcome for s in view.subjects] == ["peraturan_lain", "pidana"]
    # Each person goes their own way: B.17 to KASN (before 24 Aug 2024), B.16 to Gakkumdu.
    assert steps_of(koordinator, case_id, first) == ["teruskan_rekomendasi"]
    assert steps_of(koordinator, case_id, second) == ["teruskan_gakkumdu"]
    rekom = cases.take_step(
        koordinator, case_id, "teruskan_rekomendasi", subject_id=first, at="2024-01-30"
    )
    assert rekom.numbers == ("001/Rekom-DPPL/LP/PL/Kab/15.02/I/2024",)
    assert rekom.documents == ("B.17", "B.18")
    terus = cases.take_step(
        koordinator, case_id, "teruskan_gakkumdu", subject_id=second, at="2024-01-30"
    )
    assert terus.numbers == ("002/Terus-TPP/LP/PL/Kab/15.02/I/2024",)
    cases.take_step(
        koordinator,
        case_id,
        "hasil_gakkumdu",
        subject_id=second,
        reason="Dihentikan di tahap pembahasan kedua Sentra Gakkumdu",
        at="2024-02-05",
    )
    with pytest.raises(ValidationError, match="nomor dan tanggal"):
        cases.take_step(koordinator, case_id, "tindak_lanjut", subject_id=first)
    with pytest.raises(ValidationError, match="bukan jenis sanksi"):
        cases.take_step(
            koordinator,
            case_id,
            "tindak_lanjut",
            subject_id=first,
            values={
                "sanction": "teguran tertulis",
                "sanction_number": "800/123/2024",
                "sanction_date": "2024-03-01",
            },
        )
    cases.take_step(
        koordinator,
        case_id,
        "tindak_lanjut",
        subject_id=first,
        at="2024-03-04",
        values={
            "sanction": "penurunan jabatan setingkat lebih rendah selama 12 bulan",
            "sanction_number": "800/123/2024",
            "sanction_date": "2024-03-01",
        },
    )
    cases.take_step(koordinator, case_id, "arsipkan", at="2024-03-05")
    view = cases.case_view(koordinator, case_id)
    assert view.status == "arsip" and view.final
    one, two = view.subjects
    assert one.status == "ditindaklanjuti" and one.recipient.startswith("Komisi Aparatur")
    assert one.sanction_number == "800/123/2024" and one.sanction.startswith("penurunan")
    assert two.status == "selesai_gakkumdu" and "Gakkumdu" in two.recipient
    assert two.gakkumdu_outcome.startswith("Dihentikan")
    # The timeline tells everything that happened: who, when, which papers, which numbers.
    codes = [t.code for t in view.timeline]
    assert codes[:5] == ["terima_laporan", "kajian_awal", "registrasi", "klarifikasi", "kajian"]
    assert codes[-1] == "arsipkan"
    assert all(t.actor in ("dodi", "kiki") for t in view.timeline)
    assert view.timeline[0].documents == ("B.1", "B.3")
    assert view.registered_date is not None and view.registered_date.isoformat() == "2024-01-22"


def test_a_step_out_of_order_is_refused_naming_the_missing_step(
    people: tuple[ServiceContext, ServiceContext],
) -> None:
    staf, koordinator = people
    case_id = cases.new_case(staf, pemilu_report())
    with pytest.raises(ValidationError, match="'Kajian awal' belum dilakukan"):
        cases.take_step(koordinator, case_id, "registrasi")
    with pytest.raises(PermissionDenied, match="hanya dapat dilakukan oleh Koordinator"):
        cases.take_step(staf, case_id, "kajian_awal")
    with pytest.raises(ValidationError, match="memerlukan alasan"):
        cases.take_step(koordinator, case_id, "cabut")
    view = cases.case_view(koordinator, case_id)
    assert view.status == "diterima" and [t.code for t in view.timeline] == ["terima_laporan"]
    cases.take_step(koordinator, case_id, "kajian_awal")
    cases.take_step(koordinator, case_id, "registrasi")
    cases.take_step(koordinator, case_id, "kajian")
    first = view.subjects[0].id
    with pytest.raises(ValidationError, match="pilih terlapornya"):
        cases.take_step(koordinator, case_id, "pleno_terbukti")
    with pytest.raises(
        ValidationError, match="'Pleno - terbukti melanggar netralitas' belum dilakukan"
    ):
        cases.take_step(koordinator, case_id, "teruskan_rekomendasi", subject_id=first)


def test_a_decided_case_is_edited_only_after_reopening_with_a_reason(
    people: tuple[ServiceContext, ServiceContext],
) -> None:
    staf, koordinator = people
    case_id = cases.new_case(staf, pemilu_report())
    first = cases.case_view(staf, case_id).subjects[0].id
    for step in ("kajian_awal", "registrasi", "kajian"):
        cases.take_step(koordinator, case_id, step)
    cases.take_step(koordinator, case_id, "pleno_tidak_terbukti", subject_id=first, reason="x")
    with pytest.raises(ValidationError, match="dibuka kembali dengan alasan"):
        cases.update_case(staf, case_id, cases.CaseChanges(notes="ralat"))
    with pytest.raises(ValidationError, match="dibuka kembali"):
        cases.add_subject(staf, case_id, subject(full_name="Orang Lain"))
    with pytest.raises(PermissionDenied):
        cases.reopen(staf, case_id, "salah ketik")
    with pytest.raises(ValidationError, match="alasan"):
        cases.reopen(koordinator, case_id, " ")
    cases.reopen(koordinator, case_id, "Nama terlapor salah ketik")
    assert cases.update_case(staf, case_id, cases.CaseChanges(notes="ralat nama"))
    view = cases.case_view(koordinator, case_id)
    reopened = [t for t in view.timeline if t.code == "buka_kembali"]
    assert [(t.reason, t.actor) for t in reopened] == [("Nama terlapor salah ketik", "kiki")]
    # The next step in a decided status closes it for editing again.
    second = view.subjects[1].id
    cases.take_step(koordinator, case_id, "pleno_terbukti", subject_id=second)
    assert cases.case_view(koordinator, case_id).locked


def test_the_pilkada_procedure_counts_in_its_own_ruleset(
    people: tuple[ServiceContext, ServiceContext],
) -> None:
    staf, koordinator = people
    case_id = cases.new_case(staf, report(category_code="KE-02"))
    view = cases.case_view(koordinator, case_id)
    assert view.intake_number == "001/LP/PB/Kab/15.02/V/2024"
    assert view.ruleset == "pilkada"
    only = view.subjects[0].id
    cases.take_step(koordinator, case_id, "kajian_awal", at="2024-05-13")
    cases.take_step(koordinator, case_id, "registrasi", at="2024-05-13")
    cases.take_step(koordinator, case_id, "kajian", at="2024-05-14")
    cases.take_step(koordinator, case_id, "pleno_terbukti", subject_id=only, at="2024-05-14")
    taken = cases.take_step(
        koordinator, case_id, "teruskan_rekomendasi", subject_id=only, at="2024-05-14"
    )
    assert taken.numbers == ("001/Rekom-DPPL/LP/PB/Kab/15.02/V/2024",)
    cases.take_step(
        koordinator,
        case_id,
        "koreksi",
        subject_id=only,
        reason="Terlapor meminta koreksi",
        values={"correction_number": "001/K/LP/PB/Prov/15.00/V/2024"},
    )
    with pytest.raises(ValidationError, match="format Perbawaslu"):
        cases.take_step(
            koordinator,
            case_id,
            "hasil_koreksi",
            subject_id=only,
            reason="Dikuatkan",
            values={"correction_number": "nomor 1"},
        )
    view = cases.case_view(koordinator, case_id)
    assert view.subjects[0].correction_number == "001/K/LP/PB/Prov/15.00/V/2024"
    assert view.status == "koreksi"


def test_a_finding_is_numbered_with_its_register_number(
    people: tuple[ServiceContext, ServiceContext],
) -> None:
    staf, koordinator = people
    case_id = cases.new_case(staf, report(origin="temuan", parties=()))
    view = cases.case_view(koordinator, case_id)
    assert view.intake_number == ""
    assert view.register_number == "001/Reg/TM/PB/Kab/15.02/V/2024"
    cases.take_step(koordinator, case_id, "registrasi_temuan")
    assert cases.case_view(koordinator, case_id).register_number == view.register_number


def test_every_step_is_in_the_audit_log(people: tuple[ServiceContext, ServiceContext]) -> None:
    from netral_desktop.services import audit

    staf, koordinator = people
    case_id = cases.new_case(staf, pemilu_report())
    cases.take_step(koordinator, case_id, "kajian_awal")
    entries = audit.history(koordinator.db, "case_file", case_id)
    steps = [json.loads(e.new_values or "{}") for e in entries if e.action == "step"]
    assert steps == [{"status": "kajian_awal", "step": "kajian_awal"}]


def test_case_numbers_are_taken_on_one_computer_and_never_twice(
    people: tuple[ServiceContext, ServiceContext], admin: ServiceContext
) -> None:
    """Perbawaslu numbers have no device part: the office's numbering computer takes them; a
    step recorded on another computer waits for its number, which the numbering computer
    gives later; a hand-over continues after the highest number known."""
    from dataclasses import replace

    from tests.conftest import behind_the_program

    staf, koordinator = people
    first = cases.new_case(staf, report())  # this computer becomes the numbering computer
    device, here = cases.numbering_device(staf)
    assert here and device == staf.meta["device_id"]
    laptop = {**staf.meta, "device_id": "laptop-b"}
    staf_b = replace(staf, meta=laptop)
    koordinator_b = replace(koordinator, meta=laptop)
    # Recorded on the laptop, never refused: the number waits.
    second = cases.new_case(staf_b, report(title="Laporan di laptop"))
    view = cases.case_view(koordinator_b, second)
    assert view.intake_number == "" and view.pending_numbers == ("Nomor penyampaian laporan",)
    with pytest.raises(ValidationError, match="komputer penomoran"):
        cases.take_pending_numbers(koordinator_b, second)
    cases.take_step(koordinator_b, second, "kajian_awal")
    cases.take_step(koordinator_b, second, "registrasi")
    assert len(cases.case_view(koordinator, second).pending_numbers) == 2
    # On the numbering computer the waiting numbers are given, in order.
    assert cases.take_pending_numbers(koordinator, second) == [
        "002/LP/PB/Kab/15.02/V/2024",
        "001/Reg/LP/PB/Kab/15.02/V/2024",
    ]
    assert cases.take_pending_numbers(koordinator, second) == []
    assert cases.case_view(koordinator, second).pending_numbers == ()
    # The administrator moves numbering to the laptop; its own counter knows nothing (a new
    # computer), yet it continues after the highest number the synced rows hold.
    admin_b = replace(admin, meta=laptop)
    cases.set_numbering_here(admin_b)
    behind_the_program(admin, ("DELETE FROM document_sequence WHERE series LIKE ?", ("perkara/%",)))
    third = cases.new_case(staf_b, report(title="Laporan ketiga"))
    assert cases.case_view(staf_b, third).intake_number == "003/LP/PB/Kab/15.02/V/2024"
    # The first computer now waits for numbers in its turn.
    fourth = cases.new_case(staf, report(title="Laporan keempat"))
    assert cases.case_view(staf, fourth).intake_number == ""
    numbers = [cases.case_view(koordinator, c).intake_number for c in (first, second, third)]
    assert numbers == [
        "001/LP/PB/Kab/15.02/V/2024",
        "002/LP/PB/Kab/15.02/V/2024",
        "003/LP/PB/Kab/15.02/V/2024",
    ]


# --- the procedure's words in the window's language ---------------------------------------------


def test_english_mode_shows_the_procedures_words_in_english(
    people: tuple[ServiceContext, ServiceContext],
) -> None:
    from netral_desktop.i18n import set_language

    staf, koordinator = people
    case_id = cases.new_case(staf, pemilu_report())
    cases.take_step(koordinator, case_id, "kajian_awal", at="2024-01-19")

    def words() -> tuple[str, str, list[str], str, str]:
        row = cases.list_cases(koordinator)[0]
        view = cases.case_view(koordinator, case_id)
        steps = [s.label for s in cases.available_steps(koordinator, case_id)]
        first = view.timeline[0].label
        return row.status_label, view.status_label, steps, first, view.subjects[0].status_label

    assert words() == (
        "Kajian awal",
        "Kajian awal",
        [
            "Pemberitahuan perbaikan laporan",
            "Registrasi",
            "Tidak diregistrasi",
            "Pencabutan laporan",
            "Pelimpahan laporan",
            "Permintaan pengambilalihan",
            "Diteruskan tanpa registrasi (peraturan lain)",
        ],
        "Penerimaan laporan",
        "Belum diputus",
    )
    set_language("en")
    try:
        assert words() == (
            "Initial review",
            "Initial review",
            [
                "Notice to complete the report",
                "Registration",
                "Not registered",
                "Withdrawal of the report",
                "Referral of the report",
                "Request for takeover",
                "Forwarded without registration (another law)",
            ],
            "Receipt of the report",
            "Not decided yet",
        )
        assert cases.home_counts(koordinator).status_labels == {"kajian_awal": "Initial review"}
    finally:
        set_language("id")


def test_an_offices_own_ruleset_words_show_as_written_in_both_languages(
    admin: ServiceContext, people: tuple[ServiceContext, ServiceContext]
) -> None:
    import yaml

    from netral_desktop.core.procedure import shipped_path
    from netral_desktop.i18n import set_language
    from netral_desktop.services.cases import procedure

    staf, koordinator = people
    data = yaml.safe_load(shipped_path("pemilu").read_text(encoding="utf-8"))
    data["statuses"]["kajian_awal"]["label"] = "Telaah pendahuluan"
    data["subject_statuses"]["dilaporkan"]["label"] = "Menunggu pleno kantor"
    data["steps"]["registrasi"]["label"] = "Registrasi oleh kantor"
    assert admin.layout is not None
    folder = admin.layout.root / "rulesets"
    folder.mkdir()
    (folder / "pemilu.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    case_id = cases.new_case(staf, pemilu_report())
    cases.take_step(koordinator, case_id, "kajian_awal", at="2024-01-19")
    for language, registered in (("id", "Diregistrasi"), ("en", "Registered")):
        set_language(language)
        try:
            assert cases.list_cases(koordinator)[0].status_label == "Telaah pendahuluan"
            view = cases.case_view(koordinator, case_id)
            assert view.status_label == "Telaah pendahuluan"
            assert view.subjects[0].status_label == "Menunggu pleno kantor"
            labels = [s.label for s in cases.available_steps(koordinator, case_id)]
            assert "Registrasi oleh kantor" in labels
            # The words it did not change are the shipped ones, translated.
            assert procedure.status_label("pemilu", "diregistrasi", ctx=koordinator) == registered
        finally:
            set_language("id")
