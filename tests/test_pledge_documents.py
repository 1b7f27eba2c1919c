"""The pledge documents: the attendance sheet people sign, the pledge text, the recap (PDF and
.xlsx), through the documents engine; and the engine's additions they need."""

from __future__ import annotations

import io
import re
from itertools import pairwise
from pathlib import Path

import pytest

from netral_desktop.pdf.render import DocInfo, prepare_data, render_prepared
from netral_desktop.pdf.spec import SpecError, load_spec, parse_spec
from netral_desktop.services import pledge, roster
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.pledge import InviteCriteria
from netral_desktop.services.pledge import documents as docs
from tests.doc_samples import DOC, OFFICE, page_texts, pdftotext, qpdf_check
from tests.pledge_samples import build_roster, new_event

LONG_NAME = (
    "Prof. Dr. Ir. Raden Mas Bambang Soeprapto Hadiningrat Kusumowardhono, S.H., M.Hum., M.Sc."
)
SLOT = re.compile(r"^(\d+)\.$")


@pytest.fixture
def sekretariat(admin: ServiceContext) -> ServiceContext:
    from tests.services.conftest import _user

    return _user(admin, "sari", "sekretariat")


@pytest.fixture
def staf(admin: ServiceContext) -> ServiceContext:
    from tests.services.conftest import _user

    return _user(admin, "dodi", "staf")


@pytest.fixture
def event(sekretariat: ServiceContext) -> tuple[ServiceContext, str]:
    """An event with the small roster's two agencies invited, some attendance, a walk-in."""
    ids = build_roster(sekretariat)
    event_id = new_event(
        sekretariat,
        reader_name="Drs. H. Agus Budiraharja, M.Si.",
        reader_position="Sekretaris Daerah Kabupaten Bantul",
    )
    pledge.invite(sekretariat, event_id, InviteCriteria(agency_ids=(ids["dinkes"], ids["sewon"])))
    for query in ("sri wahyuni", "andi", "rina", "pradnya", "Sri Wahyuningsih"):
        assert pledge.mark(sekretariat, event_id, query).marked
    budi = pledge.mark(sekretariat, event_id, "budi santoso").candidates
    pledge.mark_invitee(sekretariat, budi[0].id, "dinas_luar")
    pledge.add_walk_in(sekretariat, event_id, full_name=LONG_NAME, agency_name="Kodim 0729")
    return sekretariat, event_id


def raw_text(pdf: bytes) -> str:
    """The text in drawing order, whitespace collapsed: a name wrapped over several lines of
    its cell reads whole."""
    import subprocess

    out = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return " ".join(out.split())


def _slots(pdf: bytes) -> list[list[tuple[int, float]]]:
    """Per page, the signature slot labels ("12.") with their x position, in drawing order."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        found: list[tuple[int, float]] = []

        def visit(text, cm, tm, _font, _size, found=found):  # type: ignore[no-untyped-def]
            match = SLOT.match(text.strip())
            if match:
                found.append((int(match[1]), cm[0] * tm[4] + cm[2] * tm[5] + cm[4]))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


# --- the attendance sheet --------------------------------------------------------------------


def test_the_sheet_lists_invitees_by_agency_with_blank_rows(
    event: tuple[ServiceContext, str], tmp_path: Path
) -> None:
    ctx, event_id = event
    path = tmp_path / "daftar_hadir.pdf"
    path.write_bytes(docs.issue(ctx, docs.FORM_SHEET, event_id).pdf)
    assert qpdf_check(path).returncode == 0
    text = raw_text(path.read_bytes())
    for expected in (
        "DAFTAR HADIR",
        "APEL IKRAR NETRALITAS ASN PEMERINTAH KABUPATEN BANTUL",
        "Selasa, 10 September 2024",
        "08.00 WIB s.d. selesai",
        "Lapangan Trirenggo",
        "Pemerintah Kabupaten Bantul",
        "NIP/NI PPPK",
        "Tanda Tangan",
        "Dinas Kesehatan (5 orang)",
        "Kecamatan Sewon (3 orang)",
        "Kodim 0729 (1 orang)",
        "Peserta tambahan (belum terdaftar)",
        "Ni Luh Putu Ayu Pradnya-Dewi",
        "dr. Andi Ma'ruf",
        "19850101 201001 2 003",
        "Bantul, 10 September 2024",
        "Dewi Anggraini, S.E.",
        "NIP 19800517 200501 2 003",
    ):
        assert expected in text, expected
    assert "Joko Pensiun" not in text  # no longer active: not invited
    # 8 invited, 1 walk-in, then blank rows numbered on: as many of the 10 asked as fit on
    # the page with the signature, never a second page with a few blank rows only.
    slots = [n for page in _slots(path.read_bytes()) for n, _x in page]
    assert slots == list(range(1, len(slots) + 1)) and 10 <= len(slots) <= 19
    assert len(page_texts(path.read_bytes())) == 1


@pytest.mark.parametrize("people", [8, 16, 23, 40])
def test_blank_rows_never_make_a_near_empty_page(sekretariat: ServiceContext, people: int) -> None:
    """Whatever the number of invitees, the last page holds more than blank rows and the
    signature (the review found 4 blank rows and a signature alone on page 2)."""
    agency = roster.create_agency(sekretariat, roster.AgencyFields(name="Dinas Sosial")).id
    for n in range(people):
        roster.create_person(
            sekretariat,
            roster.PersonFields(
                full_name=f"Pegawai Ke-{n + 1}", status="non_asn", agency_id=agency
            ),
        )
    event_id = new_event(sekretariat)
    pledge.invite(sekretariat, event_id, InviteCriteria(agency_ids=(agency,)))
    for per_agency in (False, True):
        options = docs.SheetOptions(per_agency=per_agency, blank_rows=10)
        pdf = docs.draft(sekretariat, docs.FORM_SHEET, event_id, options)
        names = [
            sum(1 for n in range(people) if f"Pegawai Ke-{n + 1}\n" in page + "\n")
            for page in page_texts(pdf)
        ]
        last = page_texts(pdf)[-1]
        assert "Dewi Anggraini, S.E." in last
        if not per_agency:
            assert "Pegawai Ke-" in last, names  # filled rows travel with the signature


def test_the_signature_space_alternates_left_and_right(event: tuple[ServiceContext, str]) -> None:
    ctx, event_id = event
    pdf = docs.draft(ctx, docs.FORM_SHEET, event_id)
    slots = [slot for page in _slots(pdf) for slot in page]
    odd = {round(x) for n, x in slots if n % 2}
    even = {round(x) for n, x in slots if n % 2 == 0}
    assert len(odd) == 1 and len(even) >= 1  # odd ones start at the cell's left edge
    assert max(odd) + 40 < min(even)  # even ones start near the middle of the cell


def test_one_agency_per_page_when_asked(event: tuple[ServiceContext, str]) -> None:
    ctx, event_id = event
    options = docs.SheetOptions(per_agency=True, blank_rows=5)
    pdf = docs.draft(ctx, docs.FORM_SHEET, event_id, options)
    pages = page_texts(pdf)
    assert len(pages) == 4
    assert "Dinas Kesehatan (5 orang)" in pages[0] and "Kecamatan Sewon" not in pages[0]
    assert "Kecamatan Sewon (3 orang)" in pages[1]
    assert "Kodim 0729 (1 orang)" in pages[2]
    assert "Peserta tambahan (belum terdaftar)" in pages[3]
    # Each agency's part is numbered from 1 and signed by the official.
    assert [[n for n, _x in page] for page in _slots(pdf)] == [
        [1, 2, 3, 4, 5],
        [1, 2, 3],
        [1],
        [1, 2, 3, 4, 5],
    ]
    assert all("Dewi Anggraini, S.E." in page for page in pages)
    # Each agency's part opens like the first page (title, event details) and is numbered
    # on its own, so it can be handed to the agency as a whole.
    assert all("DAFTAR HADIR" in page and "Hari/Tanggal" in page for page in pages)
    assert all("Halaman 1 dari 1" in page for page in pages)


def test_an_event_with_nobody_invited_prints_blank_rows(sekretariat: ServiceContext) -> None:
    event_id = new_event(sekretariat, title="Ikrar Netralitas ASN Kecamatan Sewon")
    pdf = docs.draft(sekretariat, docs.FORM_SHEET, event_id)
    slots = [n for page in _slots(pdf) for n, _x in page]
    assert slots == list(range(1, docs.EMPTY_EVENT_ROWS + 1))
    text = "\n".join(page_texts(pdf))
    assert "Peserta tambahan" not in text and "DAFTAR HADIR" in text
    more = docs.draft(sekretariat, docs.FORM_SHEET, event_id, docs.SheetOptions(blank_rows=40))
    assert [n for page in _slots(more) for n, _x in page][-1] == 40


def test_a_long_name_wraps_inside_its_cell(
    event: tuple[ServiceContext, str], tmp_path: Path
) -> None:
    ctx, event_id = event
    path = tmp_path / "daftar_hadir.pdf"
    path.write_bytes(docs.draft(ctx, docs.FORM_SHEET, event_id))
    assert LONG_NAME in raw_text(path.read_bytes())  # nothing lost
    words = LONG_NAME.split()
    longest = 0
    for line in pdftotext(path).splitlines():  # as laid out on the page
        run = 0
        for word in line.split():
            run = run + 1 if run < len(words) and word == words[run] else 0
            longest = max(longest, run)
    assert 0 < longest <= len(words) // 2  # over several lines of its cell


def test_the_same_event_renders_the_same_bytes(event: tuple[ServiceContext, str]) -> None:
    ctx, event_id = event
    assert docs.draft(ctx, docs.FORM_SHEET, event_id) == docs.draft(ctx, docs.FORM_SHEET, event_id)
    spec = load_spec(docs.FORM_SHEET)
    values = prepare_data(spec, docs.sheet_data(ctx, event_id).values)
    first = render_prepared(spec, values, OFFICE, DOC).pdf
    assert render_prepared(spec, values, OFFICE, DOC).pdf == first


def test_rows_are_tall_enough_to_sign() -> None:
    from pypdf import PdfReader
    from reportlab.lib.units import mm

    from benchmarks.pledge import sheet_values
    from netral_desktop.pdf.render import page_size

    spec = load_spec(docs.FORM_SHEET)
    assert page_size(spec)[0] < page_size(spec)[1]  # portrait A4, as sheets are printed
    pdf = render_prepared(spec, prepare_data(spec, sheet_values(60)), OFFICE, DOC).pdf
    for page in PdfReader(io.BytesIO(pdf)).pages:
        ys: list[float] = []

        def visit(text, cm, tm, _font, _size, ys=ys):  # type: ignore[no-untyped-def]
            if SLOT.match(text.strip()):
                ys.append(cm[3] * tm[5] + cm[5])

        page.extract_text(visitor_text=visit)
        gaps = [a - b for a, b in pairwise(ys) if a > b]
        assert gaps and min(gaps) >= 12 * mm - 0.01


# --- the pledge text and the recap -----------------------------------------------------------


def test_the_pledge_text_with_the_heads_of_agencies(
    event: tuple[ServiceContext, str], tmp_path: Path
) -> None:
    ctx, event_id = event
    path = tmp_path / "naskah.pdf"
    path.write_bytes(docs.issue(ctx, docs.FORM_PLEDGE, event_id).pdf)
    assert qpdf_check(path).returncode == 0
    text = raw_text(path.read_bytes())
    for expected in (
        "IKRAR NETRALITAS APARATUR SIPIL NEGARA",
        "PEMILIHAN SERENTAK TAHUN 2024",
        "di lingkungan Pemerintah Kabupaten Bantul",
        "1. Menjaga dan menegakkan prinsip netralitas",
        "4. Menolak politik uang",
        "Drs. H. Agus Budiraharja, M.Si.",
        "Dinas Kesehatan",
        "dr. Hj. Endang Sri Rahayu, M.Kes.",
        "Kecamatan Sewon",
        "Drs. Bambang Purwanto",
        "Saksi,",
        "Dibacakan oleh",
    ):
        assert expected in text, expected
    numbers = [n for page in _slots(path.read_bytes()) for n, _x in page]
    assert numbers == [1, 2, 3, 4, 1, 2]  # the pledge's four points, a slot per agency head


def test_the_recap_per_agency_and_overall(
    event: tuple[ServiceContext, str], tmp_path: Path
) -> None:
    ctx, event_id = event
    path = tmp_path / "rekap.pdf"
    ctx.clock.advance(days=120)  # the ceremony (10 September) is over
    path.write_bytes(docs.issue(ctx, docs.FORM_RECAP, event_id).pdf)
    assert qpdf_check(path).returncode == 0
    lines = [" ".join(line.split()) for line in pdftotext(path).splitlines()]
    assert "1 Dinas Kesehatan 5 4 0 0 1 0 0 80,0%" in lines
    assert "2 Kecamatan Sewon 3 1 0 0 0 2 0 33,3%" in lines
    assert "3 Kodim 0729 0 0 0 0 0 0 1 -" in lines
    assert "Jumlah 8 5 0 0 1 2 1 62,5%" in lines
    text = " ".join(lines)
    assert "Diundang 8 orang; hadir 5 orang (62,5%)." in text
    assert "seluruh yang hadir: 6 orang" in text
    assert "2 undangan belum dicatat kehadirannya" in text


def test_the_recap_as_a_spreadsheet(event: tuple[ServiceContext, str], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    ctx, event_id = event
    path = docs.write_recap_xlsx(ctx, event_id, tmp_path / "keluar" / "rekap.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Rekap", "Peserta"]
    rows = [r for r in book["Rekap"].iter_rows(values_only=True) if r and r[0] != "No"]
    table = {r[1]: r[2:] for r in rows if len(r) > 2 and isinstance(r[2], int)}
    assert table["Dinas Kesehatan"] == (5, 4, 0, 0, 1, 0, 0, pytest.approx(0.8))
    assert table["Jumlah"] == (8, 5, 0, 0, 1, 2, 1, pytest.approx(0.625))
    people = list(book["Peserta"].iter_rows(values_only=True))
    assert len(people) == 1 + 9
    sri = next(r for r in people if r[1] == "Sri Wahyuni, S.Kep.")
    assert (sri[2], sri[6]) == ("19850101 201001 2 003", "Hadir")
    assert any(r[1] == LONG_NAME and r[10] == "ya" for r in people)
    # Office time with Indonesian dates (the test clock: 14 May 2024, 09.00 WIB), never UTC.
    assert people[0][8] == "Dicatat (WIB)" and sri[8] == "14 Mei 2024 09.00"
    assert not any("UTC" in str(cell) for row in people for cell in row)
    # The letterhead's text and the event atop, the rate's definition under the table.
    top = [r[0] for r in book["Rekap"].iter_rows(values_only=True) if r and r[0]]
    assert top[0] == "PEMERINTAH KABUPATEN BANTUL"  # a Pemda ceremony: the Pemda's heading
    assert "Hari/Tanggal: Selasa, 10 September 2024, 08.00 WIB" in top
    assert "DRAF: acara belum selesai; angka dapat berubah." in top
    cells = [c for r in book["Rekap"].iter_rows(values_only=True) for c in r if c]
    assert pledge.RATE_DEFINITION in cells
    # Each sheet prints on A4 landscape, one page wide, its header row frozen and repeated.
    rows_of_recap = list(book["Rekap"].iter_rows(values_only=True))
    recap_header = next(i for i, r in enumerate(rows_of_recap, start=1) if r and r[0] == "No")
    for sheet, header in ((book["Rekap"], recap_header), (book["Peserta"], 1)):
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.freeze_panes == f"A{header + 1}"
        assert sheet.print_title_rows == f"${header}:${header}"


def test_documents_belong_to_the_event(event: tuple[ServiceContext, str]) -> None:
    from netral_desktop.services import documents

    ctx, event_id = event
    issued = docs.issue(ctx, docs.FORM_SHEET, event_id).document
    assert (issued.record_kind, issued.record_id) == ("pledge_event", event_id)
    assert issued.record_label.startswith("Apel Ikrar Netralitas")
    # The generic route finds the event's data too (netral doc render FORM EVENT_ID).
    ctx.clock.advance(days=120)
    again = documents.issue(ctx, docs.FORM_RECAP, event_id[-10:])
    assert again.document.record_id == event_id


def test_staff_may_print_but_the_recap_file_is_logged(
    event: tuple[ServiceContext, str], staf: ServiceContext, tmp_path: Path
) -> None:
    _ctx, event_id = event
    assert docs.draft(staf, docs.FORM_SHEET, event_id).startswith(b"%PDF")
    docs.write_recap_xlsx(staf, event_id, tmp_path / "rekap.xlsx")
    with staf.db.read_session() as session:
        from sqlalchemy import text

        logged = session.execute(
            text("SELECT actor FROM audit_log WHERE action = 'export' AND table_name = :t"),
            {"t": "pledge_event"},
        ).scalar()
    assert logged == "dodi"


# --- the engine's additions, refused when wrong ----------------------------------------------

SPEC = """\
code: {code}
title: Uji
record: berkas
page: {{size: A4}}
fields:
  pilihan: {{type: flag}}
  judul: {{type: text}}
  baris: {{type: rows, columns: [nama, instansi]}}
blocks:
{blocks}
"""


def _spec(tmp_path: Path, blocks: str) -> Path:
    folder = tmp_path / "forms" / "uji"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "spec.yaml"
    path.write_text(SPEC.format(code="uji", blocks=blocks), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("blocks", "line", "message"),
    [
        ("  - type: text\n    text: '{pilihan}'", 11, "pilihan ya/tidak"),
        (
            "  - type: table\n    field: baris\n    group_by: unit\n"
            "    columns: [{key: nama, header: Nama}]",
            12,
            "kolom 'unit' tidak ada",
        ),
        (
            "  - type: table\n    field: baris\n    group_new_page: pilihan\n"
            "    columns: [{key: nama, header: Nama}]",
            12,
            "memerlukan 'group_by'",
        ),
        (
            "  - type: table\n    field: baris\n    group_by: instansi\n"
            "    group_new_page: judul\n    columns: [{key: nama, header: Nama}]",
            13,
            "bertipe text",
        ),
        (
            "  - type: table\n    field: baris\n    group_heading: '{group} {nama}'\n"
            "    columns: [{key: nama, header: Nama}]",
            12,
            "{group} dan {count}",
        ),
        (
            "  - type: table\n    field: baris\n    row_height_mm: 90\n"
            "    columns: [{key: nama, header: Nama}]",
            12,
            "antara 0 dan 60",
        ),
    ],
)
def test_wrong_table_options_are_refused_with_their_line(
    tmp_path: Path, blocks: str, line: int, message: str
) -> None:
    with pytest.raises(SpecError) as caught:
        parse_spec(_spec(tmp_path, blocks))
    assert caught.value.line == line, str(caught.value)
    assert message in str(caught.value)


def test_every_pledge_form_loads() -> None:
    for code in docs.FORMS:
        spec = load_spec(code)
        assert spec.record == code
    sheet = load_spec(docs.FORM_SHEET)
    table = next(b for b in sheet.blocks if b.type == "table")
    assert [c["key"] for c in table.opts["columns"]] == [
        "_no",
        "nama",
        "nip",
        "jabatan",
        "unit_kerja",
        "_ttd",
    ]
    assert table.opts["group_by"] == "instansi"
    assert table.opts["group_new_page"] == "per_instansi"


def test_a_heading_never_ends_a_page_and_a_group_goes_on_with_its_name() -> None:
    from benchmarks.pledge import sheet_values

    spec = load_spec(docs.FORM_SHEET)
    values = prepare_data(spec, sheet_values(400))
    pages = page_texts(
        render_prepared(spec, values, OFFICE, DocInfo(date=DOC.date, draft=True)).pdf
    )
    heading = re.compile(r"Instansi Contoh \d\d Kabupaten Bantul( \(\d+ orang\)| \(lanjutan\))")
    for text in pages[1:]:
        lines = [line for line in text.splitlines() if line.strip()]
        first_row = next(i for i, line in enumerate(lines) if "Tanda Tangan" in line) + 1
        assert heading.search(lines[first_row]), lines[first_row]  # the group is named on top
    for text in pages:
        body = [line for line in text.splitlines() if line.strip()]
        last = max(i for i, line in enumerate(body) if SLOT.match(line.split()[-1] if line else ""))
        assert not heading.search(body[last]) or last == len(body) - 1
