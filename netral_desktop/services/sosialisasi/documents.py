"""The papers of a socialization event, through the documents engine (forms/sosialisasi_*):

- ``sosialisasi_laporan``: the laporan kegiatan (facts, speakers, minutes summary, follow-up,
  and a grid of the photos with captions, printed from downscaled copies);
- ``sosialisasi_model_a``: Formulir Model A, the laporan hasil pengawasan of Perbawaslu
  5/2022 for the office's supervision of the event;

and the daftar hadir, which is the pledge ceremonies' own form (``ikrar_daftar_hadir``, the
same sheet of invitees by agency with blank rows), fed by the pledge documents' provider.
Importing this module registers the two data providers, so ``netral doc render
sosialisasi_laporan EVENT_ID`` works like any other form. What the papers print is Indonesian
whatever the window's language (official papers: the fixed text lives in the specs).
"""

from __future__ import annotations

from typing import Any

from netral_desktop.core.errors import ValidationError
from netral_desktop.core.identifiers import format_nip
from netral_desktop.core.roles import Permission
from netral_desktop.core.sosialisasi import Method
from netral_desktop.i18n import _
from netral_desktop.pdf.dates import format_date_id
from netral_desktop.services import documents
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.documents import RecordData
from netral_desktop.services.pledge import documents as pledge_documents
from netral_desktop.services.sosialisasi import files
from netral_desktop.services.sosialisasi.events import EventDetail, find_event_id, get_event

FORM_REPORT = "sosialisasi_laporan"
FORM_A = "sosialisasi_model_a"
FORM_SHEET = pledge_documents.FORM_SHEET
FORMS = (FORM_REPORT, FORM_A)
RECORD_KIND = "sosialisasi"


def _number(value: int) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale="id")


def _time_words(event: EventDetail) -> str:
    end = f"{event.ends_at:%H.%M}" if event.ends_at else "selesai"
    return f"{event.starts_at:%H.%M} s.d. {end} {event.time_zone}"


def _label(event: EventDetail) -> str:
    return f"{event.title} ({event.starts_at:%Y-%m-%d})"[:300]


def participants_words(event: EventDetail) -> str:
    """ "64 orang (laki-laki 30, perempuan 34)"; the attendance count when none was given."""
    total = event.participants_total
    male, female = event.participants_male, event.participants_female
    if total is None and (male is not None or female is not None):
        total = (male or 0) + (female or 0)
    if total is None:
        if event.present:
            return f"{_number(event.present)} orang (menurut daftar hadir)"
        return ""
    parts = []
    if male is not None:
        parts.append(f"laki-laki {_number(male)}")
    if female is not None:
        parts.append(f"perempuan {_number(female)}")
    if male is not None and female is not None and total > male + female:
        parts.append(f"tidak tercatat {_number(total - male - female)}")
    return f"{_number(total)} orang" + (f" ({', '.join(parts)})" if parts else "")


def _attendance_words(event: EventDetail) -> str:
    if not event.invited and not event.present:
        return ""
    return f"{_number(event.present)} hadir dari {_number(event.invited)} undangan"


def _method(event: EventDetail) -> str:
    try:
        return Method(event.method).printed
    except ValueError:
        return event.method


def report_data(ctx: ServiceContext, event_id: str) -> RecordData:
    """The laporan kegiatan's values, the photos' downscaled copies included."""
    ctx.require(Permission.ROSTER_READ)
    event = get_event(ctx, event_id)
    rows = files.photos(ctx, event.id)
    photos = [
        {"image": copy, "caption": row.caption or row.original_name}
        for row, copy in zip(rows, files.report_copies(ctx, rows), strict=True)
    ]
    values: dict[str, Any] = {
        "acara": event.title,
        "tanggal": event.starts_at.date(),
        "waktu": _time_words(event),
        "tempat": event.place,
        "penyelenggara": event.organiser,
        "metode": _method(event),
        "pemilihan": event.election_name,
        "sasaran": ", ".join(event.audience),
        "peserta": participants_words(event),
        "daftar_hadir": _attendance_words(event),
        "narasumber": [
            {"nama": s.name, "instansi": s.institution, "topik": s.topic} for s in event.speakers
        ],
        "notulen": event.minutes,
        "tindak_lanjut": event.follow_up,
        "foto": photos,
        "tempat_ttd": pledge_documents._signing_place(ctx),
        "jabatan_penanda_tangan": event.signer_position,
        "nama_penanda_tangan": event.signer_name,
        "nip_penanda_tangan": format_nip(event.signer_nip) if event.signer_nip else "",
    }
    return RecordData(kind=RECORD_KIND, id=event.id, label=_label(event), values=values)


def _summary(event: EventDetail) -> str:
    """Section III when the office wrote no findings: what happened, from the record."""
    day = event.starts_at
    speakers = "; ".join(
        f"{s.name}" + (f" ({s.institution})" if s.institution else "") for s in event.speakers
    )
    lines = [
        f"Pada {format_date_id(day, 'long')} pukul {day:%H.%M} {event.time_zone} bertempat di "
        f"{event.place or '-'} telah dilaksanakan {event.title} oleh {event.organiser}, "
        f"dengan metode {_method(event).lower()}."
    ]
    people = participants_words(event)
    if people:
        lines.append(
            f"Kegiatan diikuti {people}"
            + (f", dengan sasaran {', '.join(event.audience)}." if event.audience else ".")
        )
    if speakers:
        lines.append(f"Narasumber: {speakers}.")
    if event.minutes:
        lines.append(event.minutes)
    return "\n\n".join(lines)


def model_a_data(ctx: ServiceContext, event_id: str) -> RecordData:
    """Formulir Model A's values for the office's supervision of the event. The supervisor's
    name is required: the form is the report of a named person on duty."""
    ctx.require(Permission.ROSTER_READ)
    event = get_event(ctx, event_id)
    if not event.supervisor_name:
        raise ValidationError(
            _(
                "Isi dahulu nama pelaksana tugas pengawasan kegiatan ini (bagian Pengawasan "
                "pada isian kegiatan), lalu buat Formulir Model A."
            ),
            code="supervisor_missing",
        )
    office = current_office(ctx)
    when = f"{event.starts_at:%H.%M} {event.time_zone}"
    values: dict[str, Any] = {
        "tahapan": event.stage,
        "pengawas": event.supervisor_name,
        "jabatan": event.supervisor_position,
        "surat_tugas": event.assignment_number,
        "alamat": office.address,
        "kegiatan": event.title,
        "bentuk": "Pengawasan langsung",
        "tujuan": (
            "Memastikan kegiatan sosialisasi berjalan sesuai ketentuan peraturan "
            "perundang-undangan dan mencegah pelanggaran netralitas ASN."
        ),
        "sasaran": ", ".join(event.audience) or event.organiser,
        "tanggal": event.starts_at.date(),
        "waktu_tempat": f"{format_date_id(event.starts_at, 'long')}, pukul {when}, {event.place}",
        "uraian": event.findings or _summary(event),
        "dugaan_pelanggaran": event.violations,
        "dugaan_sengketa": "",
        "tempat_ttd": pledge_documents._signing_place(ctx),
    }
    return RecordData(kind=RECORD_KIND, id=event.id, label=_label(event), values=values)


def record_data(ctx: ServiceContext, form: str, event_id: str) -> RecordData:
    if form == FORM_REPORT:
        return report_data(ctx, event_id)
    if form == FORM_A:
        return model_a_data(ctx, event_id)
    if form == FORM_SHEET:
        get_event(ctx, event_id)  # a socialization event, live
        return pledge_documents.sheet_data(ctx, event_id)
    raise ValidationError(
        _("Formulir '{form}' bukan dokumen kegiatan sosialisasi.").format(form=form),
        code="form_unknown",
    )


def draft(ctx: ServiceContext, form: str, event_id: str) -> bytes:
    """A preview of the paper (marked DRAF, no number or code). Reads only: safe on a
    background worker."""
    return documents.render_draft(ctx, form, event_id, data=record_data(ctx, form, event_id))


def issue(ctx: ServiceContext, form: str, event_id: str) -> documents.Issued:
    """Issue the paper: number (Form A), verification code and QR, the PDF kept and
    recorded."""
    return documents.issue(ctx, form, event_id, data=record_data(ctx, form, event_id))


def _provider(form: str):  # type: ignore[no-untyped-def]
    def load(ctx: ServiceContext, record: str) -> RecordData:
        return record_data(ctx, form, find_event_id(ctx, record))

    return load


for _form in FORMS:
    documents.register_provider(_form, _provider(_form))
