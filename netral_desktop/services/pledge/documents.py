"""The documents of a pledge event, through the documents engine (forms/ikrar_*):

- ``ikrar_daftar_hadir``: the attendance sheet people sign (grouped by agency, optionally one
  agency per page, blank rows at the end for walk-ins);
- ``ikrar_naskah``: the pledge text with signature lines for the heads of invited agencies;
- ``ikrar_rekap``: invited, present, absent by reason and the rate, per agency and overall;

and the recap as a spreadsheet. Importing this module registers the three data providers, so
``netral doc render ikrar_daftar_hadir EVENT_ID`` works like any other form. The wording
printed on the documents is Indonesian whatever the window's language: these are official
papers (their fixed text lives in the form specs).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netral_desktop.core.clock import parse_iso_utc
from netral_desktop.core.errors import ValidationError
from netral_desktop.core.identifiers import format_nip
from netral_desktop.core.pledge import AttendanceStatus, OrganiserKind
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import N_, _
from netral_desktop.services import audit, documents, pledge, xlsx_cells
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.documents import RecordData
from netral_desktop.services.files import write_with
from netral_desktop.services.pledge.events import with_region
from netral_desktop.store import pledges as pledge_store

if TYPE_CHECKING:
    from netral_desktop.pdf.render import OfficeInfo

FORM_SHEET = "ikrar_daftar_hadir"
FORM_PLEDGE = "ikrar_naskah"
FORM_RECAP = "ikrar_rekap"
FORMS = (FORM_SHEET, FORM_PLEDGE, FORM_RECAP)
RECORD_KIND = "pledge_event"
DEFAULT_BLANK_ROWS = 10
EMPTY_EVENT_ROWS = 30  # a sheet for an event with nobody invited yet: blank rows to fill in
MAX_BLANK_ROWS = 1000


@dataclass(frozen=True)
class SheetOptions:
    per_agency: bool = False  # each agency on pages of its own, numbered from 1
    blank_rows: int = DEFAULT_BLANK_ROWS  # for people who come but are not on the list


def _number(value: int) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale="id")


_percent = pledge.rate_text
# A ceremony has a start time only; it counts as ended this long after (an apel or a pledge
# reading takes an hour or two): before that its recap can only be a draft.
EVENT_LENGTH = timedelta(hours=3)


def _signing_place(ctx: ServiceContext) -> str:
    from netral_desktop.core import wilayah

    office = current_office(ctx)
    if office.city:
        return office.city
    region = wilayah.region(office.code)
    name = region.name if region else office.name.removeprefix("Bawaslu ")
    return name.removeprefix("Kabupaten ").removeprefix("Kota ")


@dataclass(frozen=True)
class Roles:
    """Who is named on an event's papers: the organiser's heading (None: Bawaslu's own), the
    signer (the head of the organiser, or for Bawaslu's events its Kepala Sekretariat), and
    Bawaslu's witness at another organiser's event (Ketua or an Anggota; none at its own)."""

    heading: OfficeInfo | None
    signer_name: str
    signer_position: str
    signer_nip: str
    witness_name: str
    witness_position: str


def roles(ctx: ServiceContext, event: pledge.EventDetail, *, pledge_paper: bool = False) -> Roles:
    """The organiser decides the heading and the signer; what the event leaves empty comes
    from the organiser's data (the agency's head) or the office's settings. At Bawaslu's own
    event its Kepala Sekretariat signs the attendance papers and its Ketua the pledge."""
    from netral_desktop.pdf.render import OfficeInfo

    office = current_office(ctx)
    region = pledge.region_words(office)
    agency = None
    if event.organiser_agency_id:
        with ctx.db.read_session() as session:
            agency = pledge_store.agency(session, agency_id=event.organiser_agency_id)
    name, position = event.signer_name, event.signer_position
    nip = event.signer_nip or ""
    if event.organiser_kind == OrganiserKind.BAWASLU:
        if not (name or position) and pledge_paper:
            name, position = office.head_name, f"Ketua {office.name}"  # no NIP: not ASN
        elif not (name or position):
            name = office.secretary_name
            position = f"Kepala Sekretariat {office.name}"
            nip = office.secretary_nip or ""
        return Roles(None, name, position, format_nip(nip) if nip else "", "", "")
    government = f"Pemerintah {region}"
    if agency is not None:
        kop: tuple[str, ...] = (government, agency.name)
        address = agency.address
    elif event.organiser_name:
        kop, address = (event.organiser_name,), ""
    else:
        kop, address = (government,), ""
    heading = OfficeInfo(name=kop[-1], address=address, city=office.city, kop=kop)
    if not (name or position) and agency is not None:
        name, position = agency.head_name, f"Kepala {with_region(agency.name, region)}"
        nip = agency.head_nip or ""
    witness_name, witness_position = event.witness_name, event.witness_position
    if not (witness_name or witness_position):
        witness_name, witness_position = office.head_name, f"Ketua {office.name}"
    return Roles(
        heading,
        name,
        position,
        format_nip(nip) if nip else "",
        witness_name,
        witness_position,
    )


def _common(ctx: ServiceContext, event: pledge.EventDetail, who: Roles) -> dict[str, Any]:
    """The values every pledge form shares: the event, its time and place, the signers."""
    return {
        "acara": event.title,
        "tanggal": event.starts_at.date(),
        "tempat_ttd": _signing_place(ctx),
        "jabatan_penanda_tangan": who.signer_position,
        "nama_penanda_tangan": who.signer_name,
        "nip_penanda_tangan": who.signer_nip,
        "jabatan_saksi": who.witness_position,
        "nama_saksi": who.witness_name,
    }


def _organiser(ctx: ServiceContext, event: pledge.EventDetail) -> str:
    """Who organises, with the region named ("Dinas Kesehatan Kabupaten Bantul")."""
    if event.organiser_kind == OrganiserKind.INSTANSI:
        return with_region(event.organiser, pledge.region_words(current_office(ctx)))
    return event.organiser


def _time_words(event: pledge.EventDetail) -> str:
    return f"{event.starts_at:%H.%M} {event.time_zone} s.d. selesai"


def _label(event: pledge.EventDetail) -> str:
    return f"{event.title} ({event.starts_at:%Y-%m-%d})"[:300]


def sheet_data(
    ctx: ServiceContext, event_id: str, options: SheetOptions | None = None
) -> RecordData:
    """The attendance sheet's values: invitees by agency then name, then blank rows (an event
    with nobody invited gets a whole sheet of blank rows)."""
    ctx.require(Permission.ROSTER_READ)
    options = options or SheetOptions()
    if not 0 <= options.blank_rows <= MAX_BLANK_ROWS:
        raise ValidationError(
            _("Jumlah baris kosong harus antara 0 dan {max}.").format(max=MAX_BLANK_ROWS),
            code="blank_rows_invalid",
        )
    event = pledge.get_event(ctx, event_id)
    who = roles(ctx, event)
    with ctx.db.read_session() as session:
        found = pledge_store.sheet_rows(session, event_id=event_id)
    rows: list[dict[str, str]] = [
        {
            "nama": name,
            "nip": format_nip(nip) if nip else "",
            "jabatan": jabatan,
            "unit_kerja": unit,
            "instansi": agency,
        }
        for name, nip, jabatan, unit, agency in found
    ]
    blank = options.blank_rows if rows else max(options.blank_rows, EMPTY_EVENT_ROWS)
    rows += [{} for _ in range(blank)]
    values = {
        **_common(ctx, event, who),
        "waktu": _time_words(event),
        "tempat": event.place,
        "penyelenggara": _organiser(ctx, event),
        "per_instansi": options.per_agency,
        "peserta": rows,
    }
    return RecordData(
        kind=RECORD_KIND, id=event.id, label=_label(event), values=values, heading=who.heading
    )


def pledge_data(ctx: ServiceContext, event_id: str) -> RecordData:
    """The pledge text of the event, with a signature line per invited agency's head (the
    agencies of the invitees when none were named)."""
    ctx.require(Permission.ROSTER_READ)
    event = pledge.get_event(ctx, event_id)
    agency_ids = [agency_id for agency_id, _name in event.invited_agencies]
    with ctx.db.read_session() as session:
        if not agency_ids:
            agency_ids = pledge_store.invitee_agency_ids(session, event_id=event_id)
        heads = pledge_store.agency_heads(session, agency_ids=agency_ids)
    ordered = [heads[i] for i in agency_ids if i in heads]
    if not event.invited_agencies:
        ordered.sort(key=lambda pair: pair[0].casefold())
    election = pledge.election_words(event.election_name, event.election_kind, event.election_year)
    who = roles(ctx, event, pledge_paper=True)
    values = {
        **_common(ctx, event, who),
        "pemilihan": f"pada {election}" if event.election_id else "",
        "naskah": [p.strip() for p in event.pledge_text.split("\n\n") if p.strip()],
        "pembaca": event.reader_name,
        "jabatan_pembaca": event.reader_position,
        "kepala": [{"instansi": name, "nama": head} for name, head in ordered],
    }
    return RecordData(
        kind=RECORD_KIND, id=event.id, label=_label(event), values=values, heading=who.heading
    )


@dataclass(frozen=True)
class RecapLine:
    agency_name: str
    invited: int
    present: int  # of the invited
    izin: int
    sakit: int
    dinas_luar: int
    tanpa_keterangan: int  # including the invited never marked
    walk_ins_present: int

    @property
    def rate(self) -> float | None:
        return self.present / self.invited if self.invited else None


def recap_lines(
    ctx: ServiceContext, event_id: str
) -> tuple[list[RecapLine], RecapLine, pledge.AttendanceCounts]:
    """Per agency and overall: the figures of the recap. Invited people never marked count
    as tanpa keterangan (the sheet came back without their signature)."""

    def line(name: str, c: pledge.AttendanceCounts) -> RecapLine:
        return RecapLine(
            name,
            c.invited,
            c.hadir,
            c.izin,
            c.sakit,
            c.dinas_luar,
            c.tanpa_keterangan + c.belum,
            c.hadir_walk_in,
        )

    per_agency = pledge.counts_by_agency(ctx, event_id)
    total = pledge.counts(ctx, event_id)
    return (
        [line(a.agency_name, a.counts) for a in per_agency],
        line("Jumlah", total),
        total,
    )


def recap_data(ctx: ServiceContext, event_id: str) -> RecordData:
    ctx.require(Permission.ROSTER_READ)
    event = pledge.get_event(ctx, event_id)
    lines, total, counts = recap_lines(ctx, event_id)
    rows = [
        {
            "instansi": line.agency_name or "(tanpa instansi)",
            "diundang": _number(line.invited),
            "hadir": _number(line.present),
            "izin": _number(line.izin),
            "sakit": _number(line.sakit),
            "dinas_luar": _number(line.dinas_luar),
            "tanpa_keterangan": _number(line.tanpa_keterangan),
            "tambahan": _number(line.walk_ins_present),
            "persen": _percent(line.present, line.invited),
        }
        for line in [*lines, total]
    ]
    summary = [
        f"Diundang {_number(total.invited)} orang; hadir {_number(total.present)} orang "
        f"({_percent(total.present, total.invited)}).",
        f"Tidak hadir: izin {_number(total.izin)}, sakit {_number(total.sakit)}, dinas luar "
        f"{_number(total.dinas_luar)}, tanpa keterangan {_number(total.tanpa_keterangan)}.",
        f"Peserta tambahan (tidak ada di daftar undangan) yang hadir: "
        f"{_number(total.walk_ins_present)} orang; seluruh yang hadir: "
        f"{_number(counts.present)} orang.",
    ]
    notes = [pledge.RATE_DEFINITION]
    if counts.belum:
        notes.append(
            f"Sebanyak {_number(counts.belum)} undangan belum dicatat kehadirannya dan dihitung "
            "tanpa keterangan."
        )
    who = roles(ctx, event)
    if not ended(ctx, event):
        notes.append(
            "Rekap ini dibuat sebelum acara selesai; angkanya dapat berubah dan belum dapat "
            "diterbitkan."
        )
    values = {
        **_common(ctx, event, who),
        "waktu": _time_words(event),
        "tempat": event.place,
        "penyelenggara": _organiser(ctx, event),
        "pemilihan": event.election_name,
        "rekap": rows,
        "ringkasan": summary,
        "catatan": notes,
    }
    return RecordData(
        kind=RECORD_KIND,
        id=event.id,
        label=_label(event),
        values=values,
        heading=who.heading,
        draft_only=can_issue(ctx, FORM_RECAP, event.id) or "",
    )


def form_title(form: str) -> str:
    """The paper's name as its spec gives it."""
    return documents.form_title(form)


def ended(ctx: ServiceContext, event: pledge.EventDetail) -> bool:
    """Has the ceremony ended (its start plus ``EVENT_LENGTH``)? Before that a recap is a
    draft: the figures may still change."""
    return ctx.clock.now() >= event.starts_at + EVENT_LENGTH


def can_issue(ctx: ServiceContext, form: str, event_id: str) -> str | None:
    """Why the form cannot be issued for the event yet (None: it can): a recap waits for
    the event to end."""
    if form == FORM_RECAP:
        event = pledge.get_event(ctx, event_id)
        if not ended(ctx, event):
            done = event.starts_at + EVENT_LENGTH
            return _(
                "Rekap kehadiran baru dapat diterbitkan setelah acara selesai (mulai "
                "{when}). Sebelum itu rekap hanya dapat dilihat sebagai draf."
            ).format(when=f"{done:%d-%m-%Y %H.%M} {event.time_zone}")
    return None


def record_data(
    ctx: ServiceContext, form: str, event_id: str, options: SheetOptions | None = None
) -> RecordData:
    """The values of one of the event's forms (``FORMS``)."""
    if form == FORM_SHEET:
        return sheet_data(ctx, event_id, options)
    if form == FORM_PLEDGE:
        return pledge_data(ctx, event_id)
    if form == FORM_RECAP:
        return recap_data(ctx, event_id)
    raise ValidationError(
        _("Formulir '{form}' bukan dokumen acara ikrar.").format(form=form), code="form_unknown"
    )


def draft(
    ctx: ServiceContext, form: str, event_id: str, options: SheetOptions | None = None
) -> bytes:
    """A preview of the form for the event (marked DRAF, no verification code). Reads only:
    safe on a background worker."""
    return documents.render_draft(
        ctx, form, event_id, data=record_data(ctx, form, event_id, options)
    )


def issue(
    ctx: ServiceContext,
    form: str,
    event_id: str,
    options: SheetOptions | None = None,
    *,
    deliver: Callable[[bytes], object] | None = None,
) -> documents.Issued:
    """Issue the form for the event: verification code and QR in the footer, the PDF kept and
    recorded (so a scan of the signed sheet can be checked with ``netral doc verify``). The
    same content issued before is returned, not issued again; a recap waits for the end of
    the event. ``deliver(pdf)`` writes the copy asked for before the issue commits."""
    return documents.issue(
        ctx,
        form,
        event_id,
        data=record_data(ctx, form, event_id, options),
        deliver=deliver,
        once=True,
    )


def issued_copy(
    ctx: ServiceContext, form: str, event_id: str, options: SheetOptions | None = None
) -> documents.Issued | None:
    """The copy already issued with exactly this content (None: not issued yet)."""
    return documents.issued_copy(
        ctx, form, event_id, data=record_data(ctx, form, event_id, options)
    )


# --- the recap as a spreadsheet ------------------------------------------------------------


def write_recap_xlsx(ctx: ServiceContext, event_id: str, path: str | Path) -> Path:
    """Two sheets: the recap per agency (numbers as numbers, the rate as a percentage) under
    the letterhead's text, and every invitee with their attendance (times in the office's
    zone, dates in Indonesian). Each sheet prints on A4 landscape, one page wide, its header
    row repeated and frozen. Written whole or not at all; recorded in the audit log
    (personal data leaving the program)."""
    from openpyxl import Workbook

    from netral_desktop.pdf.dates import format_date_id
    from netral_desktop.pdf.render import letterhead_lines
    from netral_desktop.services.office import office_zone

    actor = ctx.require(Permission.PRINT)
    ctx.require(Permission.ROSTER_READ)
    event = pledge.get_event(ctx, event_id)
    lines, total, _counts = recap_lines(ctx, event_id)
    office = current_office(ctx)
    zone = office_zone(office)
    who = roles(ctx, event)
    kop = [
        re.sub(r"<[^>]+>|&nbsp;", " ", text).replace("·", "-").strip()
        for text, _size, _bold in letterhead_lines(who.heading or documents.office_info(ctx))
    ]
    book = Workbook(write_only=True)

    def cells(sheet, values: list[Any], *, strong: bool = False, percent_at: int = -1):  # type: ignore[no-untyped-def]
        return [
            xlsx_cells.cell(
                sheet,
                value,
                bold=strong,
                number_format="0.0%" if index == percent_at and isinstance(value, float) else None,
            )
            for index, value in enumerate(values)
        ]

    def print_setup(sheet, header_row: int, last_column: str) -> None:  # type: ignore[no-untyped-def]
        sheet.freeze_panes = f"A{header_row + 1}"
        sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = "9"  # A4 (ECMA-376 paper size code)
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True
        sheet.oddFooter.center.text = "Halaman &P dari &N"
        sheet.oddFooter.left.text = event.title[:80].replace("&", "&&")

    when = f"{format_date_id(event.starts_at, 'long')}, {event.starts_at:%H.%M} {event.time_zone}"
    top = [
        *[[text] for text in kop],
        [],
        ["REKAPITULASI KEHADIRAN IKRAR NETRALITAS ASN"],
        [event.title],
        [f"Hari/Tanggal: {when}"],
        [f"Tempat: {event.place or '-'}"],
        [f"Penyelenggara: {_organiser(ctx, event)}"],
    ]
    if not ended(ctx, event):
        top.append(["DRAF: acara belum selesai; angka dapat berubah."])
    top.append([])
    recap = book.create_sheet(_("Rekap")[:31])
    widths = (5, 42, 11, 9, 8, 8, 11, 17, 17, 12)
    for letter, width in zip("ABCDEFGHIJ", widths, strict=True):
        recap.column_dimensions[letter].width = width
    print_setup(recap, len(top) + 1, "J")
    for index, line_values in enumerate(top):
        recap.append(cells(recap, line_values, strong=index < len(kop) or index == len(kop) + 1))
    headers = [
        _("No"),
        _("Instansi"),
        _("Diundang"),
        _("Hadir"),
        _("Izin"),
        _("Sakit"),
        _("Dinas luar"),
        _("Tanpa keterangan"),
        _("Peserta tambahan"),
        _("Kehadiran (%)"),
    ]
    recap.append(cells(recap, headers, strong=True))
    for number, line in enumerate([*lines, total], start=1):
        is_total = line is total
        recap.append(
            cells(
                recap,
                [
                    None if is_total else number,
                    _("Jumlah") if is_total else line.agency_name or _("(tanpa instansi)"),
                    line.invited,
                    line.present,
                    line.izin,
                    line.sakit,
                    line.dinas_luar,
                    line.tanpa_keterangan,
                    line.walk_ins_present,
                    line.rate,
                ],
                strong=is_total,
                percent_at=9,
            )
        )
    recap.append([])
    recap.append(cells(recap, [None, pledge.RATE_DEFINITION]))
    made = ctx.clock.now().astimezone(zone)
    recap.append(
        cells(
            recap,
            [
                None,
                f"Dibuat {format_date_id(made)} pukul {made:%H.%M} {office.time_zone} "
                f"oleh {actor.full_name or actor.username}.",
            ],
        )
    )

    people = book.create_sheet(_("Peserta")[:31])
    for letter, width in zip(
        "ABCDEFGHIJK", (5, 34, 23, 28, 28, 30, 14, 24, 26, 12, 10), strict=True
    ):
        people.column_dimensions[letter].width = width
    print_setup(people, 1, "K")
    people.append(
        cells(
            people,
            [
                _("No"),
                _("Nama"),
                _("NIP / NI PPPK"),
                _("Jabatan"),
                _("Unit kerja"),
                _("Instansi"),
                _("Kehadiran"),
                _("Keterangan"),
                _("Dicatat ({zone})").format(zone=office.time_zone),
                _("Oleh"),
                _("Peserta tambahan"),
            ],
            strong=True,
        )
    )
    offset, number = 0, 0
    while True:
        page = pledge.list_invitees(ctx, event_id, offset=offset, limit=2000)
        for row in page:
            number += 1
            nip = format_nip(row.nip) if row.nip else ""
            marked = ""
            if row.marked_at:
                moment = parse_iso_utc(row.marked_at).astimezone(zone)
                marked = f"{format_date_id(moment)} {moment:%H.%M}"
            people.append(
                [
                    number,
                    xlsx_cells.cell(people, row.full_name),
                    xlsx_cells.cell(people, nip, text=True),
                    xlsx_cells.cell(people, row.jabatan),
                    xlsx_cells.cell(people, row.unit_kerja),
                    xlsx_cells.cell(people, row.agency_name),
                    AttendanceStatus(row.status).label if row.status else _("belum dicatat"),
                    xlsx_cells.cell(people, row.note),
                    marked,
                    row.marked_by or "",
                    _("ya") if row.walk_in else "",
                ]
            )
        if len(page) < 2000:
            break
        offset += 2000

    target = Path(path)
    write_with(target, book.save)  # whole or not at all; a full disk: a message to show
    with ctx.db.write_session() as session:
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=actor.username,
            action="export",
            table_name=pledge.EVENT_TABLE,
            record_id=event.id,
            new={"file": target.name, "rows": number},
            note=N_("ekspor rekap kehadiran"),
        )
    return target


def _provider(form: str):  # type: ignore[no-untyped-def]
    def load(ctx: ServiceContext, record: str) -> RecordData:
        return record_data(ctx, form, pledge.find_event_id(ctx, record))

    return load


for _form in FORMS:
    documents.register_provider(_form, _provider(_form))
