"""A case's papers (the ``perkara`` provider): a case → the values of each of its forms.

The forms are the Perbawaslu 7/2022 models in forms/ (B.1 … B.18), the Pilkada report form
and the case summary. Their numbers are the case's own, taken by the steps of the procedure
(services/cases/numbers.py: one numbering computer, no clash across devices): the papers carry
them (``numbering.number_from``) and never draw another; a paper whose number the case does
not have yet is refused, naming the step that gives it.

Who may read a reporter's or witness's name (issue 13, item 7): a paper for the case's own
parties (the reporter's receipt, the invitation to the person invited, the minutes of the
person heard) or for the province shows identities, and only a koordinator or administrator
may issue it (each opening is logged by the case view); every other paper (B.13 and B.17
travel to the agency, B.18 is posted on the notice board) shows the pseudonym
("Pelapor-0007"). The kajian (B.13) stays confidential until the plenary decides (Pasal 36
ayat (4)): before that only those who decide may draft it, and nobody may issue it.

Issuing writes, in the same transaction as the document's record, an audit entry on the case
naming the paper, its number and its verification code (the case's history shows every paper);
the case's papers are listed from the issued documents whose record is the case.

Record ids: ``CASE`` or ``CASE@TARGET`` where TARGET is one of the case's reported people
(B.16, B.17), hearings (B.9-B.12) or parties; CASE is the case's id or its number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from netral_desktop.core.cases import PartyIdentity
from netral_desktop.core.errors import NotFoundError, PermissionDenied, ValidationError
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import N_, _, source_language
from netral_desktop.services import audit, documents
from netral_desktop.services.cases.common import find_case_id
from netral_desktop.services.cases.queries import (
    CaseView,
    HearingView,
    PartyView,
    SubjectView,
    TimelineEntry,
    case_view,
)
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.documents import Issued, RecordData, local_today
from netral_desktop.store import case_papers as papers_store
from netral_desktop.store.db import Session
from netral_desktop.store.documents import IssuedRow
from netral_desktop.store.office import OfficeRecord

PROVIDER = "perkara"
CASE_TABLE = "case_file"

# Who reads each paper: "pihak" (the case's own parties), "provinsi", or "umum" (anyone else:
# the agency, the police, the notice board, the office's own file).
PIHAK, PROVINSI, UMUM = "pihak", "provinsi", "umum"
AUDIENCES = (PIHAK, PROVINSI, UMUM)


@dataclass(frozen=True)
class PaperPlan:
    audience: str  # the default reader
    target: str = ""  # "subject" | "hearing" | "" (the case)
    number: str = ""  # the case number it carries: intake | register | forward | ""


PLANS: dict[str, PaperPlan] = {
    "b1_formulir_laporan": PaperPlan(PIHAK, number="intake"),
    "pilkada_formulir_laporan": PaperPlan(PIHAK, number="intake"),
    "b2_formulir_temuan": PaperPlan(UMUM, number="register"),
    "b3_tanda_bukti_laporan": PaperPlan(PIHAK, number="intake"),
    "b3_1_tanda_bukti_perbaikan": PaperPlan(PIHAK, number="intake"),
    "b4_pencabutan_laporan": PaperPlan(PIHAK),
    "b7_kajian_awal": PaperPlan(UMUM, number="intake"),
    "b8_informasi_awal": PaperPlan(UMUM),
    "b9_undangan_klarifikasi": PaperPlan(PIHAK, "hearing", "register"),
    "b10_berita_acara_sumpah": PaperPlan(PIHAK, "hearing", "register"),
    "b11_berita_acara_sumpah_ahli": PaperPlan(PIHAK, "hearing", "register"),
    "b12_berita_acara_klarifikasi": PaperPlan(PIHAK, "hearing", "register"),
    "b13_kajian": PaperPlan(UMUM, number="register"),
    "b16_penerusan_pidana": PaperPlan(UMUM, "subject", "forward"),
    "b17_rekomendasi_peraturan_lain": PaperPlan(UMUM, "subject", "forward"),
    "b18_pemberitahuan_status": PaperPlan(UMUM),
    "ringkasan_perkara": PaperPlan(UMUM),
}
# The ruleset's document codes (steps' ``documents``) to the forms that print them.
FORM_OF_CODE = {
    "B.1": "b1_formulir_laporan",
    "B.2": "b2_formulir_temuan",
    "B.3": "b3_tanda_bukti_laporan",
    "B.3.1": "b3_1_tanda_bukti_perbaikan",
    "B.4": "b4_pencabutan_laporan",
    "B.7": "b7_kajian_awal",
    "B.8": "b8_informasi_awal",
    "B.9": "b9_undangan_klarifikasi",
    "B.10": "b10_berita_acara_sumpah",
    "B.11": "b11_berita_acara_sumpah_ahli",
    "B.12": "b12_berita_acara_klarifikasi",
    "B.13": "b13_kajian",
    "B.16": "b16_penerusan_pidana",
    "B.17": "b17_rekomendasi_peraturan_lain",
    "B.18": "b18_pemberitahuan_status",
}
# Which step gives the number a paper carries (for the message when it is missing).
NUMBER_STEPS = {
    "intake": N_("penerimaan laporan"),
    "register": N_("registrasi"),
    "forward": N_("penerusan rekomendasi atau penerusan ke Sentra Gakkumdu"),
}
DOTS = "." * 30  # a blank to fill in by hand
GENDERS = {"L": "Laki-laki", "P": "Perempuan"}
HEARD_AS_WORDS = {
    "pelapor": "Pelapor",
    "terlapor": "Terlapor",
    "saksi": "Saksi",
    "ahli": "Ahli",
}


def form_for(code: str, ruleset: str = "pemilu") -> str:
    """The form that prints a ruleset's document code ("B.1" → its form; Pilkada's report)."""
    if code == "B.1" and ruleset == "pilkada":
        return "pilkada_formulir_laporan"
    form = FORM_OF_CODE.get(code)
    if form is None:
        raise ValidationError(
            _("Dokumen {code} belum memiliki formulir di versi ini.").format(code=code),
            code="form_unknown",
        )
    return form


# --- the case's values for one paper -----------------------------------------------------------


@dataclass(frozen=True)
class _Reader:
    """What the paper may show: identities or pseudonyms."""

    identities: bool  # the paper's reader is entitled (own parties, province)
    blocked: str  # why it can only be a draft for this actor ("" when it can be issued)


def _reader(ctx: ServiceContext, view: CaseView, audience: str) -> _Reader:
    if audience not in (PIHAK, PROVINSI):
        return _Reader(identities=False, blocked="")
    if view.identities_visible:
        return _Reader(identities=True, blocked="")
    return _Reader(
        identities=False,
        blocked=_(
            "Kertas ini memuat identitas pelapor atau saksi: hanya koordinator atau "
            "administrator yang dapat menerbitkannya. Pratinjau ini memakai nama samaran."
        ),
    )


def _identity(party: PartyView | None, reader: _Reader) -> PartyIdentity:
    """A party as this paper may show it: the identity, or the pseudonym alone."""
    if party is None:
        return PartyIdentity(name="")
    if reader.identities and party.identity is not None:
        return party.identity
    return PartyIdentity(name=party.pseudonym)


def _ttl(identity: PartyIdentity) -> str:
    from netral_desktop.pdf.dates import format_date_id

    born = ""
    if identity.birth_date:
        try:
            born = format_date_id(date.fromisoformat(identity.birth_date))
        except ValueError:
            born = identity.birth_date
    return ", ".join(p for p in (identity.birth_place, born) if p)


def _reporter(view: CaseView) -> PartyView | None:
    return next((p for p in view.parties if p.role == "pelapor"), None)


def _party_rows(view: CaseView, role: str, reader: _Reader) -> list[dict[str, str]]:
    rows = []
    for party in view.parties:
        if party.role != role:
            continue
        who = _identity(party, reader)
        rows.append({"nama": who.name, "alamat": who.address, "telepon": who.phone})
    return rows


def _subject_line(s: SubjectView) -> str:
    where = ", ".join(p for p in (s.jabatan, s.agency_name or s.unit_kerja) if p)
    return f"{s.full_name} ({where})" if where else s.full_name


def _subject_rows(view: CaseView) -> list[dict[str, str]]:
    return [
        {
            "nama": s.full_name,
            "alamat": s.unit_kerja or s.agency_name or view.region_text,
            "telepon": "",
        }
        for s in view.subjects
    ]


def _evidence(ctx: ServiceContext, case_id: str) -> list[Any]:
    from netral_desktop.services import evidence

    return list(evidence.list_for(ctx, CASE_TABLE, case_id))


def _first_step(view: CaseView) -> TimelineEntry | None:
    steps = [t for t in view.timeline if t.kind == "step"]
    return steps[0] if steps else None


def _step(view: CaseView, *codes: str) -> TimelineEntry | None:
    """The latest step of one of ``codes``."""
    found = [t for t in view.timeline if t.kind == "step" and t.code in codes]
    return found[-1] if found else None


def _day(entry: TimelineEntry | None, fallback: date) -> date:
    if entry is None:
        return fallback
    return entry.effective_date or entry.at.date()


def _hour(entry: TimelineEntry | None) -> str:
    """The hour a step was recorded, when it was recorded on the day it happened (a step
    recorded later does not know the hour: left to write in)."""
    if entry is None or (entry.effective_date and entry.effective_date != entry.at.date()):
        return DOTS[:10]
    return entry.at.strftime("%H.%M")


def _evidence_lines(ctx: ServiceContext, case_id: str) -> list[str]:
    found = [e.caption or e.original_name for e in _evidence(ctx, case_id)]
    return found or ["(belum ada bukti yang dicatat)"]


def _place(view: CaseView) -> str:
    return ", ".join(p for p in (view.place, view.region_text) if p)


def _signer(office: OfficeRecord) -> dict[str, str]:
    return {
        "jabatan_penanda_tangan": f"Ketua {office.name}",
        "nama_penanda_tangan": office.head_name,
    }


def _level(office: OfficeRecord) -> str:
    from netral_desktop.services.cases.numbers import level_of

    return level_of(office)  # type: ignore[arg-type]  # reads mode and code only


def _kind_words(view: CaseView) -> str:
    return "Temuan" if view.origin != "laporan" else "Laporan"


def _origin_code(view: CaseView) -> str:
    return "LP" if view.origin == "laporan" else "TM"


def _legal_basis(ctx: ServiceContext, view: CaseView) -> list[str]:
    from netral_desktop.core import taxonomy

    if not view.category_code:
        return []
    home = ctx.layout.root if ctx.layout is not None else None
    try:
        category = taxonomy.load_taxonomy(home=home).get(view.category_code)
    except ValidationError:
        return []
    return [part.strip() for part in category.legal_basis.split(";") if part.strip()]


def _category(ctx: ServiceContext, view: CaseView) -> str:
    from netral_desktop.core import taxonomy

    if not view.category_code:
        return ""
    home = ctx.layout.root if ctx.layout is not None else None
    try:
        return taxonomy.load_taxonomy(home=home).get(view.category_code).label
    except ValidationError:
        return view.category_code


def _hearing(view: CaseView, target: str) -> HearingView:
    for hearing in view.hearings:
        if hearing.id == target:
            return hearing
    raise NotFoundError(
        _("Klarifikasi '{id}' tidak ada pada perkara ini. Sebutkan id klarifikasinya.").format(
            id=target
        )
    )


def _subject(view: CaseView, target: str) -> SubjectView:
    for subject in view.subjects:
        if subject.id == target:
            return subject
    raise NotFoundError(
        _("Terlapor '{id}' tidak ada pada perkara ini. Sebutkan id terlapornya.").format(id=target)
    )


def _decided(view: CaseView) -> bool:
    """The plenary has decided on at least one reported person."""
    return any(s.outcome or s.decided_date for s in view.subjects)


@dataclass
class _Context:
    ctx: ServiceContext
    view: CaseView
    office: OfficeRecord
    reader: _Reader
    today: date
    target: str


def _common(c: _Context) -> dict[str, Any]:
    return {"jenis": c.view.election_code or "PL", "tingkat": _level(c.office)}


def _reporter_fields(c: _Context) -> dict[str, Any]:
    who = _identity(_reporter(c.view), c.reader)
    return {
        "pelapor_nama": who.name or DOTS,
        "pelapor_ttl": _ttl(who),
        "pelapor_alamat": who.address,
        "pelapor_telepon": who.phone,
    }


def _v_laporan(c: _Context) -> dict[str, Any]:
    view = c.view
    who = _identity(_reporter(view), c.reader)
    received = _first_step(view)
    return {
        **_common(c),
        "nomor_penyampaian": view.intake_number,
        **_reporter_fields(c),
        "pelapor_jenis_kelamin": GENDERS.get(who.gender, who.gender),
        "pelapor_pekerjaan": who.occupation,
        "pelapor_email": who.email,
        "terlapor": _subject_rows(view),
        "peristiwa": view.title,
        "tempat_kejadian": _place(view),
        "tanggal_kejadian": view.event_date,
        "tanggal_diketahui": view.known_date,
        "saksi": _party_rows(view, "saksi", c.reader),
        "bukti": _evidence_lines(c.ctx, view.id),
        "uraian": view.account or view.title,
        "tempat_penerimaan": c.office.city,
        "tanggal_diterima": view.received_date or c.today,
        "jam_diterima": _hour(received),
        "zona_waktu": c.office.time_zone,
        "penerima_nama": received.actor_name if received is not None else "",
    }


def _v_temuan(c: _Context) -> dict[str, Any]:
    view = c.view
    found = _first_step(view)
    values = dict(found.values) if found is not None else {}
    return {
        **_common(c),
        "nomor_register": view.register_number,
        "penemu_nama": (found.actor_name if found is not None else "") or DOTS,
        "penemu_jabatan": str(values.get("jabatan_penemu") or f"Pengawas {c.office.name}"),
        "penemu_alamat": c.office.address,
        "terlapor": _subject_rows(view),
        "peristiwa": view.title,
        "tempat_kejadian": _place(view),
        "tanggal_kejadian": view.event_date,
        "tanggal_diketahui": view.known_date,
        "saksi": _party_rows(view, "saksi", c.reader),
        "surat_tugas": str(values.get("surat_tugas") or ""),
        "laporan_hasil_pengawasan": str(values.get("laporan_hasil_pengawasan") or ""),
        "bukti": _evidence_lines(c.ctx, view.id),
        "uraian": view.account or view.title,
        "tempat_ttd": c.office.city,
        "tanggal_ditetapkan": _day(found, view.received_date or c.today),
        **_signer(c.office),
    }


def _documents_received(c: _Context) -> list[dict[str, str]]:
    rows = [{"bentuk": "Formulir Laporan", "jumlah": "1 berkas"}]
    for item in _evidence(c.ctx, c.view.id):
        rows.append({"bentuk": item.caption or item.original_name, "jumlah": "1 berkas"})
    return rows


def _v_tanda_bukti(c: _Context) -> dict[str, Any]:
    view = c.view
    received = _first_step(view)
    return {
        **_common(c),
        "nomor_penyampaian": view.intake_number,
        **_reporter_fields(c),
        "tanggal_diterima": view.received_date or c.today,
        "jam_diterima": _hour(received),
        "zona_waktu": c.office.time_zone,
        "dokumen": _documents_received(c),
        "pemilihan": view.election_name or view.ruleset_title,
        "tempat_penerimaan": c.office.city,
        "penerima_nama": received.actor_name if received is not None else "",
    }


def _v_tanda_bukti_perbaikan(c: _Context) -> dict[str, Any]:
    values = _v_tanda_bukti(c)
    done = _step(c.view, "perbaikan_laporan")
    values.pop("jenis")
    values.pop("tingkat")
    values.update(
        tanggal_laporan=c.view.received_date,
        tanggal_diterima=_day(done, c.today),
        jam_diterima=_hour(done),
        penerima_nama=done.actor_name if done is not None else "",
        dokumen=[],
    )
    return values


def _v_pencabutan(c: _Context) -> dict[str, Any]:
    withdrawn = _step(c.view, "cabut")
    who = _identity(_reporter(c.view), c.reader)
    return {
        "tempat_surat": c.office.city,
        "tanggal_surat": _day(withdrawn, c.today),
        "kepada": f"Ketua {c.office.name}",
        "di": c.office.city,
        "pelapor_nama": who.name or DOTS,
        "pelapor_alamat": who.address,
        "pelapor_telepon": who.phone,
        "tanggal_laporan": c.view.received_date or c.today,
        "nomor_penyampaian": c.view.intake_number or DOTS,
        # Written by the reporter: the reason recorded with the step, or a line to write on.
        "alasan": (withdrawn.reason if withdrawn is not None else "") or DOTS * 3,
    }


KAJIAN_AWAL_CONCLUSION = {
    "registrasi": ("pelanggaran_pemilu", "registrasi"),
    "minta_perbaikan": ("belum_lengkap", "lengkapi"),
    "tidak_registrasi": ("belum_lengkap", "hentikan"),
    "teruskan_tanpa_registrasi": ("peraturan_lain", "teruskan"),
    "limpahkan": ("pelanggaran_pemilu", "limpahkan"),
    "ambil_alih": ("pelanggaran_pemilu", "ambil_alih"),
    "cabut": ("", "cabut"),
}


def _v_kajian_awal(c: _Context) -> dict[str, Any]:
    view = c.view
    who = _identity(_reporter(view), c.reader)
    review = _step(view, "kajian_awal")
    after = [
        t
        for t in view.timeline
        if t.kind == "step"
        and t.code in KAJIAN_AWAL_CONCLUSION
        and review is not None
        and t.at >= review.at
    ]
    conclusion, advice = KAJIAN_AWAL_CONCLUSION[after[0].code] if after else ("", "")
    values = dict(review.values) if review is not None else {}
    out: dict[str, Any] = {
        "nomor_penyampaian": view.intake_number,
        "pelapor_nama": who.name or DOTS,
        "pelapor_alamat": who.address,
        "tanggal_diterima": view.received_date or c.today,
        "terlapor": [_subject_line(s) for s in view.subjects],
        "peristiwa": view.title,
        "tempat_kejadian": _place(view),
        "tanggal_kejadian": view.event_date,
        "tanggal_diketahui": view.known_date,
        "uraian": view.account or view.title,
        "kesimpulan": conclusion,
        "rekomendasi": [advice] if advice else [],
        "catatan_rekomendasi": (after[0].reason if after else "") or "",
        "tempat_ttd": c.office.city,
        "tanggal_kajian": _day(review, c.today),
        **_signer(c.office),
    }
    for key in ("syarat_formal", "syarat_materiel"):
        if isinstance(values.get(key), list):
            out[key] = values[key]
    return out


def _v_informasi_awal(c: _Context) -> dict[str, Any]:
    view = c.view
    source = _identity(_reporter(view), c.reader)
    noted = _first_step(view)
    return {
        "sumber_jenis": str((dict(noted.values) if noted else {}).get("bentuk") or "Informasi"),
        "sumber_nama": source.name,
        "sumber_keterangan": source.address,
        "tanggal_informasi": view.received_date or c.today,
        "terlapor": [_subject_line(s) for s in view.subjects],
        "bukti": _evidence_lines(c.ctx, view.id),
        "uraian": view.account or view.title,
        "tempat_ttd": c.office.city,
        "tanggal_dicatat": _day(noted, c.today),
        "penerima_nama": noted.actor_name if noted is not None else "",
    }


def _heard(c: _Context) -> tuple[HearingView, PartyIdentity, str]:
    """The hearing, the person heard as this paper may show them, and their capacity."""
    hearing = _hearing(c.view, c.target)
    person = PartyIdentity(name=hearing.name)
    if hearing.party_id:
        party = next((p for p in c.view.parties if p.id == hearing.party_id), None)
        person = _identity(party, c.reader)
    elif hearing.subject_id:
        subject = _subject(c.view, hearing.subject_id)
        where = ", ".join(p for p in (subject.jabatan, subject.agency_name) if p)
        person = PartyIdentity(name=subject.full_name, occupation=where)
    capacity = HEARD_AS_WORDS.get(hearing.heard_as, hearing.heard_as.title())
    return hearing, person, capacity


def _v_undangan(c: _Context) -> dict[str, Any]:
    hearing, person, capacity = _heard(c)
    when = hearing.scheduled_at
    second = hearing.second_invitation_date is not None
    return {
        "nomor_register": c.view.register_number,
        "jenis_perkara": _kind_words(c.view),
        "undangan_ke": "Kedua" if second else "",
        "tanggal_surat": hearing.second_invitation_date or hearing.invitation_date or c.today,
        "kepada": person.name or DOTS,
        "alamat_kepada": person.address,
        "kedudukan": capacity,
        "pokok_perkara": c.view.title,
        "tanggal_klarifikasi": when.date() if when is not None else None,
        "jam": when.strftime("%H.%M") if when is not None else DOTS,
        "zona_waktu": c.office.time_zone,
        "cara": "Daring" if hearing.online else "Luring (tatap muka)",
        "tempat": hearing.place,
        **_signer(c.office),
    }


def _v_sumpah(c: _Context) -> dict[str, Any]:
    hearing, person, capacity = _heard(c)
    when = hearing.scheduled_at
    values: dict[str, Any] = {
        "nomor_register": c.view.register_number,
        "jenis_perkara": _kind_words(c.view),
        "tanggal": when.date() if when is not None else c.today,
        "jam": when.strftime("%H.%M") if when is not None else DOTS,
        "zona_waktu": c.office.time_zone,
        "tempat": hearing.place or DOTS,
        "nama": person.name or DOTS,
        "ttl": _ttl(person),
        "jenis_kelamin": GENDERS.get(person.gender, person.gender),
        "agama": DOTS,  # not recorded: written on the day
        "pekerjaan": person.occupation,
        "alamat": person.address,
        "kedudukan": capacity,
    }
    return values


def _v_sumpah_ahli(c: _Context) -> dict[str, Any]:
    values = _v_sumpah(c)
    values.update(kedudukan="Ahli", keahlian=DOTS, instansi="")
    return values


def _v_berita_acara(c: _Context) -> dict[str, Any]:
    hearing, person, capacity = _heard(c)
    when = hearing.scheduled_at
    examiner = c.ctx.actor.full_name if c.ctx.actor is not None else ""
    answers: list[dict[str, str]] = []
    if hearing.statement:
        answers.append(
            {
                "bagian": "Keterangan",
                "pertanyaan": "Keterangan yang diberikan",
                "jawaban": hearing.statement,
            }
        )
    else:  # blank rows to write the questions and answers in
        answers = [{} for _index in range(8)]
    return {
        "nomor_register": c.view.register_number,
        "jenis_perkara": _kind_words(c.view),
        "tanggal": when.date() if when is not None else c.today,
        "jam_mulai": when.strftime("%H.%M") if when is not None else DOTS,
        "jam_selesai": DOTS,
        "zona_waktu": c.office.time_zone,
        "tempat": hearing.place or DOTS,
        "pemeriksa": [{"nama": examiner, "jabatan": f"Pengawas {c.office.name}"}],
        "surat_tugas": DOTS,
        "nama": person.name or DOTS,
        "ttl": _ttl(person),
        "jenis_kelamin": GENDERS.get(person.gender, person.gender),
        "pekerjaan": person.occupation,
        "alamat": person.address,
        "kedudukan": capacity,
        "tanya_jawab": answers,
        "penolakan": [],
        "pemeriksa_nama": examiner,
    }


OUTCOME_CONCLUSION = {
    "terbukti": "terbukti",
    "tidak_terbukti": "tidak_terbukti",
    "peraturan_lain": "peraturan_lain",
    "pidana": "terbukti",
    "administratif": "terbukti",
}
OUTCOME_ADVICE = {
    "peraturan_lain": "peraturan_lain",
    "pidana": "pidana",
    "administratif": "administratif",
    "tidak_terbukti": "dihentikan",
    "terbukti": "peraturan_lain",
}


def _v_kajian(c: _Context) -> dict[str, Any]:
    view = c.view
    review = _step(view, "kajian")
    values = dict(review.values) if review is not None else {}
    reporter = _identity(_reporter(view), c.reader)
    outcomes = [s.outcome for s in view.subjects if s.outcome]
    finder = _first_step(view)
    return {
        "nomor_register": view.register_number,
        "kasus_posisi": view.account or view.title,
        "asal": "Pelapor" if view.origin == "laporan" else "Penemu",
        "penemu_pelapor": (
            reporter.name
            if view.origin == "laporan"
            else (finder.actor_name if finder is not None else "")
        )
        or DOTS,
        "terlapor": [
            {"nama": s.full_name, "jabatan": s.jabatan, "instansi": s.agency_name}
            for s in view.subjects
        ],
        "tanggal_kejadian": view.event_date,
        "tempat_kejadian": _place(view),
        "tanggal_diketahui": view.known_date,
        "tanggal_diterima": view.received_date,
        "tanggal_registrasi": view.registered_date,
        "bukti": _evidence_lines(c.ctx, view.id),
        "dasar_hukum": values.get("dasar_hukum") or _legal_basis(c.ctx, view) or [DOTS],
        "fakta": values.get("fakta") or (review.reason if review is not None else "") or DOTS,
        "analisis": values.get("analisis") or DOTS,
        "kesimpulan": sorted({OUTCOME_CONCLUSION[o] for o in outcomes if o in OUTCOME_CONCLUSION}),
        "rekomendasi": sorted({OUTCOME_ADVICE[o] for o in outcomes if o in OUTCOME_ADVICE}),
        "per_terlapor": [
            {
                "nama": s.full_name,
                "kesimpulan": s.outcome_label if s.outcome else "",
                "tindak_lanjut": s.recipient or s.outcome_note,
            }
            for s in view.subjects
            if s.outcome
        ],
        "tempat_ttd": c.office.city,
        "tanggal_kajian": _day(review, c.today),
        **_signer(c.office),
    }


def _forwarded(c: _Context) -> tuple[SubjectView, dict[str, Any]]:
    subject = _subject(c.view, c.target)
    where = ", ".join(p for p in (subject.jabatan, subject.agency_name) if p)
    return subject, {
        "asal": _origin_code(c.view),
        "jenis": c.view.election_code or "PL",
        "tingkat": _level(c.office),
        "nomor_register": c.view.register_number,
        "jenis_perkara": _kind_words(c.view),
        "peristiwa": c.view.account or c.view.title,
        "tanggal_pleno": subject.decided_date or c.today,
        "berkas": [
            f"Formulir {_kind_words(c.view)}",
            "Kajian Dugaan Pelanggaran (Model B.13)",
            "Bukti-bukti",
        ],
        **_signer(c.office),
        "_where": where,
    }


def _v_penerusan(c: _Context) -> dict[str, Any]:
    subject, values = _forwarded(c)
    where = values.pop("_where")
    values.update(
        nomor_penerusan=subject.forward_number,
        kepada=subject.recipient or f"Kepala Kepolisian Resor {c.office.city}",
        di=c.office.city,
        terlapor=[f"{subject.full_name}, {where}" if where else subject.full_name],
        pasal=subject.outcome_note or DOTS,
    )
    return values


def _v_rekomendasi(c: _Context) -> dict[str, Any]:
    subject, values = _forwarded(c)
    values.pop("_where")
    ppk = ", ".join(p for p in (subject.ppk_title, subject.ppk_name) if p)
    values.update(
        nomor_rekomendasi=subject.forward_number,
        kepada=[subject.recipient or DOTS],
        di=DOTS if not subject.recipient else "Jakarta",
        terlapor=[
            {
                "nama": subject.full_name,
                "nip": subject.nip,
                "jabatan": subject.jabatan,
                "instansi": subject.agency_name,
            }
        ],
        ppk=ppk,
        peraturan=_legal_basis(c.ctx, c.view) or [subject.outcome_note or DOTS],
    )
    return values


def _v_status(c: _Context) -> dict[str, Any]:
    view = c.view
    reporter = _reporter(view)
    names = ", ".join(s.full_name for s in view.subjects)
    if view.origin == "laporan":
        first = f"Pelapor: {reporter.pseudonym if reporter else '-'}"
    else:
        finder = _first_step(view)
        first = f"Pengawas Pemilu: {finder.actor_name if finder is not None else '-'}"
    why = [s.recipient for s in view.subjects if s.recipient]
    refused = _step(view, "tidak_registrasi", "pleno_tidak_terbukti", "tidak_tindak_lanjut")
    if not why and refused is not None and refused.reason:
        why = [refused.reason]
    return {
        "tanggal": c.today,
        "pemilihan": view.election_name or view.ruleset_title,
        "status": [
            {
                "pihak": f"{first}; Terlapor: {names or '-'}",
                "nomor": view.register_number or view.intake_number or "-",
                "status": view.status_label,
                "tujuan": "; ".join(why) or "-",
            }
        ],
        "tempat_ttd": c.office.city,
        **_signer(c.office),
    }


def _v_ringkasan(c: _Context) -> dict[str, Any]:
    from netral_desktop.pdf.dates import format_date_id

    view = c.view
    pihak = []
    for party in view.parties:
        who = _identity(party, c.reader)
        note = ", ".join(p for p in (who.address, who.phone) if p) or party.standing_label
        pihak.append({"peran": party.role_label, "nama": who.name, "keterangan": note})
    with c.ctx.db.read_session() as session:
        issued = papers_store.issued_for_case(session, kind=PROVIDER, case_id=view.id)
    deadline = view.deadline
    due = ""
    if deadline is not None:
        due = (
            deadline.text
            if deadline.due is None
            else (f"{deadline.label}: {format_date_id(deadline.due)} ({deadline.article})")
        )
    actor = c.ctx.actor
    return {
        "nomor": view.register_number or view.intake_number or view.title,
        "asal": view.origin_label,
        "pemilihan": view.election_name,
        "aturan": view.ruleset_title,
        "status": view.status_label,
        "kategori": _category(c.ctx, view),
        "tahapan": view.stage_label,
        "nomor_penyampaian": view.intake_number,
        "nomor_register": view.register_number,
        "nomor_rekomendasi": "; ".join(s.forward_number for s in view.subjects if s.forward_number),
        "nomor_koreksi": "; ".join(
            s.correction_number for s in view.subjects if s.correction_number
        ),
        "tanggal_kejadian": view.event_date,
        "tanggal_diketahui": view.known_date,
        "tanggal_diterima": view.received_date,
        "tanggal_registrasi": view.registered_date,
        "tempat_kejadian": _place(view),
        "tenggat": due,
        "pihak": pihak,
        "terlapor": [
            {
                "nama": s.full_name,
                "jenis": s.kind_label,
                "instansi": ", ".join(p for p in (s.jabatan, s.agency_name) if p),
                "hasil": ", ".join(
                    p for p in (s.outcome_label if s.outcome else s.status_label, s.recipient) if p
                ),
            }
            for s in view.subjects
        ],
        "uraian": view.account,
        "riwayat": [
            {
                "tanggal": format_date_id(t.effective_date or t.at.date(), "short"),
                "langkah": t.label + (f" ({t.subject_name})" if t.subject_name else ""),
                "oleh": t.actor_name or t.actor,
                "catatan": "; ".join(
                    p for p in (t.reason, ", ".join(t.documents), ", ".join(t.numbers)) if p
                ),
            }
            for t in view.timeline
        ],
        "dokumen": [
            {
                "formulir": row.title,
                "nomor": row.number or row.code,
                "tanggal": row.issued_at[:10],
            }
            for row in issued
            # Not the summaries themselves: a summary asked for again is the same paper.
            if row.form != "ringkasan_perkara"
        ],
        "bukti": [
            {
                "nama": e.original_name,
                "jenis": e.media_type,
                "sidik": f"{e.sha256[:16]} {e.sha256[16:24]}",
            }
            for e in _evidence(c.ctx, view.id)
        ],
        "catatan": view.notes,
        "dicetak": c.today,
        "dicetak_oleh": actor.full_name if actor is not None else "",
    }


_VALUES: dict[str, Callable[[_Context], dict[str, Any]]] = {
    "b1_formulir_laporan": _v_laporan,
    "pilkada_formulir_laporan": _v_laporan,
    "b2_formulir_temuan": _v_temuan,
    "b3_tanda_bukti_laporan": _v_tanda_bukti,
    "b3_1_tanda_bukti_perbaikan": _v_tanda_bukti_perbaikan,
    "b4_pencabutan_laporan": _v_pencabutan,
    "b7_kajian_awal": _v_kajian_awal,
    "b8_informasi_awal": _v_informasi_awal,
    "b9_undangan_klarifikasi": _v_undangan,
    "b10_berita_acara_sumpah": _v_sumpah,
    "b11_berita_acara_sumpah_ahli": _v_sumpah_ahli,
    "b12_berita_acara_klarifikasi": _v_berita_acara,
    "b13_kajian": _v_kajian,
    "b16_penerusan_pidana": _v_penerusan,
    "b17_rekomendasi_peraturan_lain": _v_rekomendasi,
    "b18_pemberitahuan_status": _v_status,
    "ringkasan_perkara": _v_ringkasan,
}


def split_record(record: str) -> tuple[str, str]:
    """``CASE`` or ``CASE@TARGET`` → (case, target)."""
    case, _sep, target = record.strip().partition("@")
    return case.strip(), target.strip()


def paper_data(
    ctx: ServiceContext,
    form: str,
    case: str,
    *,
    target: str = "",
    audience: str | None = None,
) -> RecordData:
    """The values of ``form`` for the case ``case`` (its id or number), for a reader: the
    form's own (``PLANS``) unless ``audience`` names another (``provinsi``: a copy for the
    province shows identities)."""
    ctx.require(Permission.CASE_READ)
    if "@" in case:  # "CASE@TARGET", as record ids are written
        case, named = split_record(case)
        target = target or named
    plan = PLANS.get(form)
    if plan is None:
        raise ValidationError(
            _("Formulir {form} bukan kertas perkara. Yang tersedia: {forms}.").format(
                form=form, forms=", ".join(PLANS)
            ),
            code="form_unknown",
        )
    audience = audience or plan.audience
    if audience not in AUDIENCES:
        raise ValidationError(
            _("Pembaca '{value}' tidak dikenal: pihak, provinsi, atau umum.").format(value=audience)
        )
    if plan.target and not target:
        what = _("klarifikasi") if plan.target == "hearing" else _("terlapor")
        raise ValidationError(
            _(
                "Formulir {form} dibuat untuk satu {what}: tulis PERKARA@ID (id {what} pada "
                "perkara itu)."
            ).format(form=form, what=what),
            code="target_missing",
        )
    case_id = find_case_id(ctx, case)
    # Official paper: the view's words (statuses, steps, origins, deadlines) in Indonesian
    # whatever the window's language; messages to the user below stay in it.
    with source_language():
        view = case_view(ctx, case_id)
    # Pasal 36 ayat (4): the kajian is confidential until the plenary decides.
    if form == "b13_kajian" and not _decided(view) and not _may_decide(ctx):
        raise PermissionDenied(
            _(
                "Kajian (B.13) masih rahasia sampai diputus dalam rapat pleno: hanya "
                "koordinator atau administrator yang dapat melihat drafnya."
            )
        )
    reader = _reader(ctx, view, audience)
    office = current_office(ctx)
    c = _Context(ctx, view, office, reader, local_today(ctx), target)
    with source_language():
        values = _VALUES[form](c)
    blocked = reader.blocked
    if form == "b13_kajian" and not _decided(view):
        blocked = _(
            "Kajian (B.13) masih rahasia sampai diputus dalam rapat pleno (Perbawaslu 7/2022 "
            "Pasal 36 ayat (4)): hanya dapat dilihat sebagai draf."
        )
    if not blocked and plan.number:
        if plan.number == "forward":
            number = _subject(view, target).forward_number
        else:
            number = view.intake_number if plan.number == "intake" else view.register_number
        if not number:
            blocked = _(
                "Perkara ini belum memiliki nomor untuk {form}: catat dahulu langkah "
                "{step}. Pratinjau tetap dapat dilihat."
            ).format(form=form, step=_(NUMBER_STEPS[plan.number]))
    record_id = f"{case_id}@{target}" if target else case_id
    label = " · ".join(p for p in (view.register_number or view.intake_number, view.title) if p)
    return RecordData(
        kind=PROVIDER,
        id=record_id,
        label=label[:300],
        values=values,
        draft_only=blocked,
    )


def _may_decide(ctx: ServiceContext) -> bool:
    from netral_desktop.core.roles import has_permission

    return ctx.actor is not None and has_permission(ctx.actor.role, Permission.CASE_DECIDE)


def _provider(ctx: ServiceContext, form: str, record: str) -> RecordData:
    case, target = split_record(record)
    return paper_data(ctx, form, case, target=target)


documents.register_form_provider(PROVIDER, _provider)


# --- use cases ---------------------------------------------------------------------------------


def draft_paper(
    ctx: ServiceContext,
    case: str,
    form: str,
    *,
    target: str = "",
    audience: str | None = None,
) -> bytes:
    """A preview of one of the case's papers (marked DRAF, no verification code)."""
    data = paper_data(ctx, form, case, target=target, audience=audience)
    return documents.render_draft(ctx, form, data.id, data=data)


def issue_paper(
    ctx: ServiceContext,
    case: str,
    form: str,
    *,
    target: str = "",
    audience: str | None = None,
    deliver: Callable[[bytes], object] | None = None,
) -> Issued:
    """Issue one of the case's papers: it carries the case's number, and the case's history
    records it (form, number, verification code) in the same transaction."""
    data = paper_data(ctx, form, case, target=target, audience=audience)
    case_id, _target = split_record(data.id)
    actor = ctx.actor

    def note(session: Session, document: IssuedRow) -> None:
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=actor.username if actor is not None else "system",
            action="issue",
            table_name=CASE_TABLE,
            record_id=case_id,
            new={
                "form": document.form,
                "number": document.number,
                "code": document.code,
                "record": f"{PROVIDER}/{data.id}",  # the person or hearing it is for
            },
        )

    return documents.issue(ctx, form, data.id, data=data, deliver=deliver, on_issue=note)


def case_papers(ctx: ServiceContext, case: str) -> list[IssuedRow]:
    """The papers issued for a case (and its people and hearings), oldest first."""
    ctx.require(Permission.CASE_READ)
    case_id = find_case_id(ctx, case)
    with ctx.db.read_session() as session:
        return papers_store.issued_for_case(session, kind=PROVIDER, case_id=case_id)


def export_summary(
    ctx: ServiceContext,
    case: str,
    *,
    for_province: bool = False,
    deliver: Callable[[bytes], object] | None = None,
) -> Issued:
    """The case summary as an issued paper (verification code; the same content asked for
    again returns the copy issued before). Pseudonyms, unless it is the province's copy and
    the reader may see identities."""
    return issue_paper(
        ctx,
        case,
        "ringkasan_perkara",
        audience=PROVINSI if for_province else UMUM,
        deliver=deliver,
    )


__all__ = [
    "FORM_OF_CODE",
    "PLANS",
    "PROVIDER",
    "case_papers",
    "draft_paper",
    "export_summary",
    "form_for",
    "issue_paper",
    "paper_data",
    "split_record",
]
