"""Official documents: drafts, issuing (number, verification code, record), listing, verifying.

Issuing happens in one write transaction: the next number of the series is taken (an atomic
upsert, safe with concurrent writers), the PDF rendered with it, stored under its SHA-256, and
the record and audit entry written. Any failure rolls everything back, so numbers never repeat
and never skip.

Where a document's data comes from is a *provider*, named by the spec's ``record``:
``berkas`` reads a YAML/JSON file; other services register theirs (``register_provider``),
e.g. the roster registers ``instansi`` through ``register_roster_source``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from netral_desktop.core.errors import NotFoundError, ValidationError, VerificationFailed
from netral_desktop.core.numbering import (
    DRAFT_SEQ,
    check_scheme,
    format_number,
    new_verification_code,
    normalise_code,
    scheme_fields,
)
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services import audit, integrity
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.office import office_zone
from netral_desktop.store import blobs
from netral_desktop.store import documents as documents_store
from netral_desktop.store.db import Session
from netral_desktop.store.documents import IssuedRow as IssuedRow  # the window's row type
from netral_desktop.store.models import IssuedDocument
from netral_desktop.store.office import OfficeRecord

if TYPE_CHECKING:  # imported where used: ReportLab loads only when a document is made
    from netral_desktop.pdf.render import OfficeInfo
    from netral_desktop.pdf.spec import FormSpec, NumberingSpec

TABLE = "issued_document"
FILE_PROVIDER = "berkas"
QR_PREFIX = "NETRAL-DOC"


@dataclass(frozen=True)
class RecordData:
    """A record ready for a form: what it is (for the issued record) and its field values."""

    kind: str
    id: str
    label: str
    values: dict[str, Any]
    # The letterhead when the paper is another organiser's (a Pemda's or an agency's
    # ceremony); None: the office's own.
    heading: OfficeInfo | None = None
    # Why this can only be a draft for now (a recap before its event ended); "" when final.
    draft_only: str = ""


Provider = Callable[[ServiceContext, str], RecordData]
# A provider whose values depend on the form (one record, many papers: a case's B.1 … B.18):
# ``provider(ctx, form_code, record_id)``.
FormProvider = Callable[[ServiceContext, str, str], RecordData]
_PROVIDERS: dict[str, Provider] = {}
_FORM_PROVIDERS: dict[str, FormProvider] = {}
# Which service registers the provider of a ``record:`` kind: imported on first need, so the
# command line and the window find every form's data without importing them all up front.
PROVIDER_MODULES = {
    "instansi": "netral_desktop.services.roster",
    "ikrar_daftar_hadir": "netral_desktop.services.pledge.documents",
    "ikrar_naskah": "netral_desktop.services.pledge.documents",
    "ikrar_rekap": "netral_desktop.services.pledge.documents",
    "pakta_integritas": "netral_desktop.services.pakta",
    "sosialisasi_laporan": "netral_desktop.services.sosialisasi.documents",
    "sosialisasi_model_a": "netral_desktop.services.sosialisasi.documents",
    "perkara": "netral_desktop.services.cases.papers",
}


def register_provider(name: str, provider: Provider) -> None:
    """Make ``record: name`` in a spec load its data through ``provider(ctx, record_id)``."""
    _PROVIDERS[name] = provider


def register_form_provider(name: str, provider: FormProvider) -> None:
    """Make ``record: name`` load its data through ``provider(ctx, form_code, record_id)``:
    one record (a case) gives each of its papers the values that paper needs."""
    _FORM_PROVIDERS[name] = provider


# --- the roster list's data (wired to the roster service at merge) -----------------------------


class RosterSource(Protocol):
    """What the agency roster list needs from the roster.

    ``employees`` yields one mapping per civil servant with the keys ``nama``, ``nip`` (NIP
    or NI PPPK), ``jabatan``, ``pangkat_gol``, ``unit_kerja``, ``status`` (pns, pppk,
    non_asn) and ``updated_at`` (the row's clock stamp), missing ones print empty, in the
    order they are to be listed; the row number (No) is added by the document. A source may
    also have ``source(ctx)``: the file and UTC moment of the last roster import.
    """

    def agency_name(self, ctx: ServiceContext, agency_id: str) -> str: ...

    def employees(self, ctx: ServiceContext, agency_id: str) -> Iterable[Mapping[str, Any]]: ...


ROSTER_COLUMNS = ("nama", "nip", "status", "jabatan", "pangkat_gol", "unit_kerja")


def _local_date(ctx: ServiceContext, stamp: str) -> date:
    from netral_desktop.core.clock import parse_iso_utc

    zone = office_zone(current_office(ctx))
    return parse_iso_utc(stamp.partition("#")[0]).astimezone(zone).date()


def roster_provider(source: RosterSource) -> Provider:
    """The staff list: NIP/NI PPPK formatted, the status of each (PNS, PPPK, non-ASN), the
    date of the roster data (its last change, not the printing day) and where it came from,
    signed by the Kepala Sekretariat named in the office's settings."""
    from netral_desktop.core.identifiers import format_nip
    from netral_desktop.core.roster import PersonStatus

    def status_label(value: Any) -> str:
        try:
            return PersonStatus(str(value)).label if value else ""
        except ValueError:
            return str(value)

    def load(ctx: ServiceContext, agency_id: str) -> RecordData:
        ctx.require(Permission.ROSTER_READ)
        name = source.agency_name(ctx, agency_id)
        found = list(source.employees(ctx, agency_id))
        rows = []
        for row in found:
            values = {k: str(row.get(k) or "") for k in ROSTER_COLUMNS}
            values["nip"] = format_nip(values["nip"]) if values["nip"] else ""
            values["status"] = status_label(row.get("status"))
            rows.append(values)
        stamps = [str(row["updated_at"]) for row in found if row.get("updated_at")]
        as_of = _local_date(ctx, max(stamps)) if stamps else local_today(ctx)
        office = current_office(ctx)
        origin = getattr(source, "source", None)
        imported = origin(ctx) if origin is not None else None
        if imported:
            from netral_desktop.pdf.dates import DocDate

            file, at = imported
            where = f"impor berkas {file} ({DocDate(_local_date(ctx, at))})"
        else:
            where = "data kepegawaian yang dicatat di Netral Desktop"
        return RecordData(
            kind="instansi",
            id=agency_id,
            label=name,
            values={
                "instansi": name,
                "keadaan": as_of,
                "sumber": where,
                "jabatan_penanda_tangan": f"Kepala Sekretariat {office.name}",
                "nama_penanda_tangan": office.secretary_name,
                "nip_penanda_tangan": format_nip(office.secretary_nip)
                if office.secretary_nip
                else "",
                "pegawai": rows,
            },
        )

    return load


def register_roster_source(source: RosterSource) -> None:
    register_provider("instansi", roster_provider(source))


# --- helpers ----------------------------------------------------------------------------------


def local_today(ctx: ServiceContext) -> date:
    """Today in the office's time zone (the date printed on documents)."""
    return ctx.clock.now().astimezone(office_zone(current_office(ctx))).date()


def office_info(ctx: ServiceContext, office: OfficeRecord | None = None) -> OfficeInfo:
    """The letterhead values of the office, with its logo's bytes if one is set."""
    from netral_desktop.pdf.render import OfficeInfo

    office = office or current_office(ctx)
    logo = None
    if office.logo_sha256 and ctx.layout is not None:
        logo = blobs.read_bytes(ctx.layout, office.logo_sha256)  # office given: no re-read
    return OfficeInfo(
        name=office.name,
        address=office.address,
        phone=office.phone,
        email=office.email,
        website=office.website,
        city=office.city,
        code=office.code,
        bawaslu_code=office.bawaslu_code or "",
        time_zone=office.time_zone,
        logo=logo,
    )


def load_record(ctx: ServiceContext, spec: FormSpec, record: str) -> RecordData:
    """The data for ``spec`` from ``record``: a data file (YAML/JSON) or a provider's id."""
    path = Path(record)
    if path.suffix.lower() in (".yaml", ".yml", ".json") or spec.record == FILE_PROVIDER:
        return _record_from_file(path)
    known = spec.record in _PROVIDERS or spec.record in _FORM_PROVIDERS
    if not known and spec.record in PROVIDER_MODULES:
        # The service that owns the data registers its provider when imported.
        import importlib

        importlib.import_module(PROVIDER_MODULES[spec.record])
    form_provider = _FORM_PROVIDERS.get(spec.record)
    if form_provider is not None:
        return form_provider(ctx, spec.code, record)
    provider = _PROVIDERS.get(spec.record)
    if provider is None:
        raise ValidationError(
            _(
                "Data '{kind}' untuk formulir {form} belum tersedia di versi ini. Berikan "
                "berkas data YAML/JSON sebagai RECORD."
            ).format(kind=spec.record, form=spec.code),
            code="provider_missing",
        )
    return provider(ctx, record)


def _record_from_file(path: Path) -> RecordData:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(
            _("Berkas data {path} tidak dapat dibaca: {reason}.").format(path=path, reason=exc)
        ) from None
    try:
        if path.suffix.lower() == ".json":
            values = json.loads(text)
        else:
            import yaml

            values = yaml.safe_load(text)
    except ValueError as exc:  # yaml.YAMLError and json's errors are ValueErrors or close
        raise ValidationError(
            _("Berkas data {path} rusak: {reason}.").format(path=path, reason=exc)
        ) from None
    except Exception as exc:
        raise ValidationError(
            _("Berkas data {path} rusak: {reason}.").format(path=path, reason=exc)
        ) from None
    if not isinstance(values, dict):
        raise ValidationError(
            _("Berkas data {path} harus berisi pemetaan isian: nilai.").format(path=path)
        )
    label = str(values.get("hal") or values.get("instansi") or path.stem)
    return RecordData(kind=FILE_PROVIDER, id=path.name, label=label[:300], values=values)


def _spec(form: str) -> FormSpec:
    from netral_desktop.pdf.spec import load_spec

    return load_spec(form)


def qr_payload(office_code: str, code: str, content_sha256: str = "") -> str:
    """What the QR code carries: the office, the verification code and the content hash
    (its first 32 hex digits, 128 bits: enough to tell one paper from another)."""
    tail = f" {content_sha256[:32]}" if content_sha256 else ""
    return f"{QR_PREFIX} {office_code} {code}{tail}"


def content_hash(spec: FormSpec, values: dict[str, Any], heading: OfficeInfo | None) -> str:
    """The hash of what a paper says: its form, its values and whose heading it carries.
    Two issues with the same content are the same document (reopening shows it)."""
    import hashlib

    payload = {
        "form": spec.code,
        "values": values,
        "heading": [heading.kop, heading.address, heading.name] if heading else None,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def issue_moment(ctx: ServiceContext) -> datetime:
    """Now in the office's time zone: the creation date written into the PDF."""
    return ctx.clock.now().astimezone(office_zone(current_office(ctx)))


def _scheme_for(
    session: Session, numbering: NumberingSpec, ctx: ServiceContext | None = None
) -> str:
    override = documents_store.scheme_override(session, series=numbering.series)
    if override is not None and ctx is not None:
        _refuse_if_tampered(ctx, "numbering_scheme", override, numbering.series)
    return override.scheme if override else numbering.scheme


def _refuse_if_tampered(ctx: ServiceContext, table: str, row: Any, label: str) -> None:
    """What a paper prints (the office's details, a number's format) must be what the
    program wrote: a row changed behind its back is not printed on an issued document."""
    if not integrity.row_intact(ctx.db, row, table):
        from netral_desktop.store.seals import tampered_message

        raise VerificationFailed(tampered_message(table, label), code="tampered")


def reused_number(spec: FormSpec, values: dict[str, Any]) -> str:
    """The number a paper carries from its record (``numbering.number_from``: a receipt
    with its report's number), "" when the form draws its own or the record has none yet."""
    if spec.numbering is None or not spec.numbering.number_from:
        return ""
    return str(values.get(spec.numbering.number_from) or "").strip()


def _number_fields(values: dict[str, Any], spec: FormSpec) -> dict[str, str]:
    return {n: str(values[n]) for n, f in spec.fields.items() if f.type == "text"}


@dataclass(frozen=True)
class NumberParts:
    """What a number is made of besides the sequence: the office's format, the sequence's
    key (per device when the format has ``{device}``), the issuer and device codes."""

    scheme: str
    series: str
    issuer: str
    device: str


def _number_parts(
    ctx: ServiceContext,
    session: Session,
    numbering: NumberingSpec,
    office: OfficeRecord,
    *,
    draft: bool,
) -> NumberParts:
    from netral_desktop.services.numbering import device_code

    scheme = _scheme_for(session, numbering, ctx)
    names = scheme_fields(scheme)
    device = device_code(ctx) if "device" in names else ""
    issuer = office.letter_issuer if "issuer" in names else ""
    if not draft and "device" in names and not device:
        raise ValidationError(
            _(
                "Kode perangkat komputer ini untuk nomor surat belum diatur. Setiap komputer "
                "kantor memakai kode sendiri (mis. A, B) agar dua komputer tidak pernah "
                "memberi nomor yang sama: atur di Pengaturan atau dengan "
                "'netral doc device A'."
            ),
            code="device_code_missing",
        )
    if not draft and "issuer" in names and not issuer:
        raise ValidationError(
            _(
                "Kode penerbit surat kantor (bagian nomor surat menurut tata naskah dinas) "
                "belum diatur: isi di Pengaturan atau dengan 'netral office --kode-penerbit "
                "KODE'."
            ),
            code="letter_issuer_missing",
        )
    series = f"{numbering.series}@{device}" if device else numbering.series
    return NumberParts(scheme, series, issuer or DRAFT_SEQ, device or DRAFT_SEQ)


def _format(
    parts: NumberParts,
    seq: int | None,
    on: date,
    office: OfficeRecord,
    values: dict[str, Any],
    spec: FormSpec,
) -> str:
    return format_number(
        parts.scheme,
        seq=seq,
        on=on,
        office=office.bawaslu_code or office.code,
        office_code=office.code,
        series=parts.series,
        extra=_number_fields(values, spec),
        issuer=parts.issuer,
        device=parts.device,
    )


def next_sequence(session: Session, series: str, year: int) -> int:
    """Take the next number of ``series`` in ``year``, inside the caller's write transaction
    (never the same number twice, even with concurrent writers)."""
    return documents_store.next_sequence(session, series=series, year=year)


# --- use cases --------------------------------------------------------------------------------


def render_draft(
    ctx: ServiceContext, form: str, record: str, *, data: RecordData | None = None
) -> bytes:
    """A preview: the document as it will look, without number or code, marked DRAF.

    Reads only; safe to call from a background worker.
    """
    from netral_desktop.pdf.render import DocInfo, prepare_data, render_prepared

    ctx.require(Permission.PRINT)
    spec = _spec(form)
    record_data = data or load_record(ctx, spec, record)
    values = prepare_data(spec, record_data.values)
    office = current_office(ctx)
    today = local_today(ctx)
    number = reused_number(spec, values)
    if spec.numbering and not number and spec.numbering.draws:
        with ctx.db.read_session() as session:
            parts = _number_parts(ctx, session, spec.numbering, office, draft=True)
        number = _format(parts, None, today, office, values, spec)
    doc = DocInfo(date=today, number=number, draft=True, created=issue_moment(ctx))
    return render_prepared(spec, values, office_info(ctx, office), doc, record_data.heading).pdf


@dataclass(frozen=True)
class Issued:
    document: IssuedRow
    pdf: bytes
    reused: bool = False  # the same content was issued before: this is that copy


def issued_copy(
    ctx: ServiceContext, form: str, record: str, *, data: RecordData | None = None
) -> Issued | None:
    """The document already issued for ``record`` with exactly this content, if any (so
    opening a paper again shows the issued copy instead of issuing another)."""
    from netral_desktop.pdf.render import prepare_data

    ctx.require(Permission.PRINT)
    spec = _spec(form)
    record_data = data or load_record(ctx, spec, record)
    values = prepare_data(spec, record_data.values)
    digest = content_hash(spec, values, record_data.heading)
    return _issued_with(ctx, spec.code, record_data, digest)


def _issued_with(ctx: ServiceContext, form: str, record: RecordData, digest: str) -> Issued | None:
    with ctx.db.read_session() as session:
        row = documents_store.issued_with_content(
            session, form=form, kind=record.kind, record_id=record.id[:300], content_sha256=digest
        )
    if row is None or ctx.layout is None:
        return None
    pdf = blobs.read_bytes(ctx.layout, row.sha256)
    if pdf is None or blobs.sha256_hex(pdf) != row.sha256:
        return None  # the stored copy is gone: issue it again rather than fail
    return Issued(row, pdf, reused=True)


def issue(
    ctx: ServiceContext,
    form: str,
    record: str,
    *,
    data: RecordData | None = None,
    deliver: Callable[[bytes], object] | None = None,
    once: bool | None = None,
    on_issue: Callable[[Session, IssuedRow], object] | None = None,
) -> Issued:
    """Issue a document: number (if the form is numbered), verification code, stored PDF,
    record and audit entry, all or nothing. ``deliver(pdf)`` (writing the copy a person asked
    for) runs before the transaction commits: if it fails (a full USB stick), the document is
    not issued, its number not used and its stored PDF removed. With ``once`` (a record's
    papers, such as an event's sheet) the copy issued before with the same content is returned
    (``reused``, and delivered) instead; a letter asked for again is a new letter with a new
    number. By default a paper without a number is issued once, a numbered letter each time
    it is asked for; a paper carrying its record's number (``number_from``: a receipt with its
    report's number) is issued once. ``on_issue(session, document)`` runs inside the same
    transaction once the record is written (a case notes the number it was given): if it
    fails, nothing is issued."""
    from netral_desktop.pdf.render import DocInfo, prepare_data, render_prepared

    actor = ctx.require(Permission.PRINT)
    if ctx.layout is None:
        raise ValidationError(_("Folder data tidak diketahui: dokumen tidak dapat disimpan."))
    spec = _spec(form)
    record_data = data or load_record(ctx, spec, record)
    values = prepare_data(spec, record_data.values)  # bad data fails before any lock is taken
    if record_data.draft_only:
        raise ValidationError(record_data.draft_only, code="draft_only")
    if spec.numbering and values.get("klasifikasi"):
        from netral_desktop.services.numbering import check_classification

        check_classification(ctx, str(values["klasifikasi"]))
    content = content_hash(spec, values, record_data.heading)
    reused = reused_number(spec, values)
    if spec.numbering and not reused and not spec.numbering.draws:
        field = spec.fields[spec.numbering.number_from]
        raise ValidationError(
            _(
                "Formulir {form} memakai nomor yang sudah ada ({label}), tetapi nomor itu "
                "belum ada: terbitkan dahulu dokumen yang memberi nomor tersebut."
            ).format(form=spec.code, label=field.label),
            code="number_missing",
        )
    draws = bool(spec.numbering and not reused)
    if once is None:
        once = not draws
    earlier = _issued_with(ctx, spec.code, record_data, content) if once else None
    if earlier is not None:
        if deliver is not None:
            deliver(earlier.pdf)
        return earlier
    office = current_office(ctx)
    _refuse_if_tampered(ctx, "office", office, office.code)
    info = office_info(ctx, office)
    now_iso = ctx.now_iso()
    today = local_today(ctx)
    created_at = issue_moment(ctx)
    created: list[Path] = []
    try:
        with ctx.db.write_session() as session:
            series = year = seq = None
            number = reused or None
            if spec.numbering and draws:
                parts = _number_parts(ctx, session, spec.numbering, office, draft=False)
                series, year = parts.series, today.year
                seq = next_sequence(session, series, year)
                number = _format(parts, seq, today, office, values, spec)
            code = _unused_code(session)
            rendered = render_prepared(
                spec,
                values,
                info,
                DocInfo(
                    date=today,
                    number=number or "",
                    code=code,
                    qr_payload=qr_payload(office.code, code, content),
                    created=created_at,
                ),
                record_data.heading,
            )
            # The PDF carries a fresh verification code, so no other record can share its file:
            # if this transaction fails, the file is this call's to remove (no orphan left).
            stored = blobs.blob_path(ctx.layout, blobs.sha256_hex(rendered.pdf))
            if not stored.exists():
                created.append(stored)
            digest = blobs.put_bytes(ctx.layout, rendered.pdf)
            row = IssuedDocument(
                id="",
                origin="",
                created_at="",
                updated_at="",
                updated_by="",
                form=spec.code,
                title=spec.title,
                series=series,
                year=year,
                seq=seq,
                number=number,
                code=code,
                record_kind=record_data.kind,
                record_id=record_data.id[:300],
                record_label=record_data.label[:300],
                sha256=digest,
                size=len(rendered.pdf),
                pages=rendered.pages,
                issued_by=actor.username,
                issued_by_name=actor.full_name,
                issued_at=now_iso,
                content_sha256=content,
            )
            ctx.insert_synced(
                session,
                row,
                action="issue",
                new={
                    "form": spec.code,
                    "number": number,
                    "code": code,
                    "record": f"{record_data.kind}/{record_data.id}",
                    "sha256": digest,
                    "pages": rendered.pages,
                },
            )
            issued_row = IssuedRow.of(row)
            if on_issue is not None:
                on_issue(session, issued_row)
            if deliver is not None:
                deliver(rendered.pdf)
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise
    return Issued(issued_row, rendered.pdf)


def _unused_code(session: Session) -> str:
    while True:
        code = new_verification_code()
        if not documents_store.code_taken(session, code=code):
            return code


def list_issued(
    ctx: ServiceContext,
    *,
    form: str | None = None,
    search: str | None = None,
    year: int | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[IssuedRow]:
    """Issued documents, newest first; ``search`` matches number, code, record or issuer."""
    ctx.require(Permission.PRINT)
    with ctx.db.read_session() as session:
        return documents_store.issued(
            session, form=form, search=search, year=year, limit=limit, offset=offset
        )


def count_issued(
    ctx: ServiceContext,
    *,
    form: str | None = None,
    search: str | None = None,
    year: int | None = None,
) -> int:
    """How many documents ``list_issued`` would list with the same filter."""
    ctx.require(Permission.PRINT)
    with ctx.db.read_session() as session:
        return documents_store.issued_count(session, form=form, search=search, year=year)


def issued_pdf(ctx: ServiceContext, code: str) -> bytes:
    """The stored PDF of an issued document, checked against its recorded hash."""
    ctx.require(Permission.PRINT)
    document = _find(ctx, normalise_code(code))
    if document is None or ctx.layout is None:
        raise NotFoundError(_("Dokumen dengan kode {code} tidak ditemukan.").format(code=code))
    _refuse_if_tampered(ctx, TABLE, document, document.code)
    data = blobs.read_bytes(ctx.layout, document.sha256)
    if data is None or blobs.sha256_hex(data) != document.sha256:
        raise NotFoundError(
            _("Berkas PDF dokumen {code} hilang atau berubah di folder data.").format(code=code)
        )
    return data


def _find(ctx: ServiceContext, code: str) -> IssuedRow | None:
    with ctx.db.read_session() as session:
        return documents_store.by_code(session, code=code)


@dataclass(frozen=True)
class Verification:
    code: str
    document: IssuedRow | None
    file_sha256: str | None = None
    # False when the document's record (number, code, PDF hash) was changed behind the
    # program's back: nothing it says can be trusted, so it verifies nothing.
    record_intact: bool = True

    @property
    def issued_here(self) -> bool:
        return self.document is not None

    @property
    def file_matches(self) -> bool | None:
        """None when no file was given."""
        if self.file_sha256 is None or self.document is None:
            return None
        return self.file_sha256 == self.document.sha256

    @property
    def ok(self) -> bool:
        return self.issued_here and self.record_intact and self.file_matches is not False


def verify(ctx: ServiceContext, code: str, *, file_bytes: bytes | None = None) -> Verification:
    """Was a document with ``code`` issued here; is ``file_bytes`` (if given) that document?"""
    ctx.require(Permission.PRINT)
    normal = normalise_code(code)
    document = _find(ctx, normal)
    file_sha = blobs.sha256_hex(file_bytes) if file_bytes is not None else None
    intact = document is None or integrity.row_intact(ctx.db, document, TABLE)
    result = Verification(normal, document, file_sha, intact)
    with ctx.db.write_session() as session:
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=ctx.actor.username if ctx.actor else "system",
            action="verify",
            table_name=TABLE,
            record_id=document.id if document else normal,
            note=_verify_note(result),
        )
    return result


def _verify_note(result: Verification) -> str:
    if not result.issued_here:
        return "tidak ditemukan"
    if not result.record_intact:
        return "catatan dokumen diubah di luar program"
    if result.file_matches is None:
        return "ditemukan"
    return "berkas cocok" if result.file_matches else "berkas TIDAK cocok"


def numbering_scheme(ctx: ServiceContext, series: str) -> str | None:
    with ctx.db.read_session() as session:
        row = documents_store.scheme_override(session, series=series)
    return row.scheme if row else None


def set_numbering_scheme(ctx: ServiceContext, series: str, scheme: str | None) -> None:
    """The office's own format for ``series`` (None: back to each form's default).

    The format is checked against every form drawing from the series.
    """
    from netral_desktop.pdf.spec import available_forms

    actor = ctx.require(Permission.MANAGE_SETTINGS)
    users = [
        s
        for s in (_spec(f) for f in available_forms())
        if s.numbering and s.numbering.draws and s.numbering.series == series
    ]
    if not users:
        raise ValidationError(
            _("Tidak ada formulir yang memakai seri nomor '{series}'.").format(series=series)
        )
    if scheme is not None:
        for spec in users:
            text_fields = {n for n, f in spec.fields.items() if f.type == "text"}
            check_scheme(scheme, text_fields)
    with ctx.db.write_session() as session:
        row = documents_store.scheme_override(session, series=series)
        old = row.scheme if row else None
        documents_store.save_scheme(
            session, series=series, scheme=scheme, at=ctx.now_iso(), by=actor.username
        )
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=actor.username,
            action="set_scheme",
            table_name="numbering_scheme",
            record_id=series,
            old={"scheme": old},
            new={"scheme": scheme},
        )


def form_title(form: str) -> str:
    return _spec(form).title


def form_specs() -> list[Any]:
    """Every form in forms/, as its spec (for the window's lists of forms)."""
    from netral_desktop.pdf.spec import available_forms, load_spec

    return [load_spec(code) for code in available_forms()]


def page_images(pdf: bytes, *, dpi: float) -> Iterator[Any]:
    """The pages of ``pdf`` as RGB images (width, height, stride, data), for preview and print."""
    from netral_desktop.pdf.preview import render_pages

    return render_pages(pdf, dpi=dpi)
