"""The office's own settings: name, time zone, Bawaslu code, letterhead details."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from netral_desktop.core.errors import NotInitialisedError, ValidationError
from netral_desktop.core.identifiers import digits_only
from netral_desktop.core.roles import Permission
from netral_desktop.core.wilayah import TimeZone
from netral_desktop.i18n import _, current_language
from netral_desktop.services import audit
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.store import office as office_store
from netral_desktop.store.db import Session
from netral_desktop.store.models import Office
from netral_desktop.store.office import OfficeRecord as OfficeRecord  # the window names it

EDITABLE_FIELDS = (
    "name",
    "time_zone",
    "bawaslu_code",
    "address",
    "phone",
    "email",
    "website",
    "city",
    "head_name",  # Ketua: signs letters, witnesses at others' pledge ceremonies
    "secretary_name",  # Kepala Sekretariat: signs the staff list
    "secretary_nip",
    "letter_issuer",  # the issuer part of letter numbers (tata naskah dinas)
    "evidence_max_mb",  # the largest evidence file accepted (services/evidence.py)
)


def office_zone(office: OfficeRecord) -> ZoneInfo:
    return ZoneInfo(TimeZone(office.time_zone).iana)


def format_local_time(ctx: ServiceContext, moment: datetime, pattern: str = "d MMM y HH:mm") -> str:
    """A UTC moment shown in the office's time zone, with its WIB/WITA/WIT label."""
    from babel.dates import format_datetime

    office = current_office(ctx)
    local = moment.astimezone(office_zone(office))
    return f"{format_datetime(local, pattern, locale=current_language())} {office.time_zone}"


def update_office(ctx: ServiceContext, **changes: str | int | None) -> OfficeRecord:
    ctx.require(Permission.MANAGE_SETTINGS)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("Pengaturan kantor tidak dikenal: {names}.").format(names=", ".join(sorted(unknown)))
        )
    if "time_zone" in changes:
        try:
            TimeZone(str(changes["time_zone"]).upper())
        except ValueError:
            raise ValidationError(
                _("Zona waktu harus WIB, WITA atau WIT, bukan '{value}'.").format(
                    value=changes["time_zone"]
                )
            ) from None
        changes["time_zone"] = str(changes["time_zone"]).upper()
    if changes.get("secretary_nip"):
        nip = digits_only(str(changes["secretary_nip"]))
        if len(nip) != 18:
            raise ValidationError(
                _("NIP Kepala Sekretariat harus 18 angka ('{value}').").format(
                    value=changes["secretary_nip"]
                ),
                code="secretary_nip_invalid",
            )
        changes["secretary_nip"] = nip
    elif "secretary_nip" in changes:
        changes["secretary_nip"] = None
    if "evidence_max_mb" in changes:
        changes["evidence_max_mb"] = _evidence_limit(changes["evidence_max_mb"])
    if "name" in changes and not str(changes["name"] or "").strip():
        raise ValidationError(_("Nama kantor wajib diisi."))
    with ctx.db.write_session() as session:
        office = _office_for_update(session)
        before = audit.row_values(office)
        for name, value in changes.items():
            setattr(office, name, value.strip() if isinstance(value, str) else value)
        old, new = audit.changed_values(before, audit.row_values(office))
        if not new:
            return OfficeRecord.of(office)
        ctx.record_update(session, office, action="update", old=old, new=new)
        return OfficeRecord.of(office)


def _evidence_limit(value: str | int | None) -> int:
    from netral_desktop.core.evidence import MAX_MAX_MB

    try:
        limit = int(str(value).strip())
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_MAX_MB:
        raise ValidationError(
            _(
                "Batas ukuran berkas bukti harus bilangan bulat 1 sampai {most} (MB), bukan "
                "'{value}'."
            ).format(most=MAX_MAX_MB, value=value),
            code="evidence_limit_invalid",
        )
    return limit


def database_engine(ctx: ServiceContext) -> tuple[str, str]:
    """The database engine's name and version (SQLite, or the PostgreSQL server's)."""
    return ctx.db.engine_version()


def data_counts(ctx: ServiceContext) -> dict[str, int]:
    """How many rows each table holds (for the home page), synced tables without tombstones.
    ``pledge_event`` counts pledge ceremonies only: socialization events are rows of that
    table too, counted under ``sosialisasi``."""
    with ctx.db.read_session() as session:
        counts = office_store.table_counts(session)
    if "sosialisasi" in counts and "pledge_event" in counts:
        counts["pledge_event"] -= counts["sosialisasi"]
    return counts


def _office_for_update(session: Session) -> Office:
    office = office_store.live_office(session)
    if office is None:
        raise NotInitialisedError(_("Kantor belum disiapkan."))
    return office


# The letterhead logo: an image the administrator chooses, stored under its SHA-256.
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 4000


def check_logo(data: bytes) -> str:
    """The image's format ("PNG" or "JPEG") if it can serve as a logo; else ValidationError."""
    import io

    from PIL import Image, UnidentifiedImageError

    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError(
            _("Berkas logo terlalu besar ({size} KB); paling besar {limit} KB.").format(
                size=len(data) // 1024, limit=LOGO_MAX_BYTES // 1024
            )
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            kind, size = image.format, image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("Berkas logo bukan gambar PNG atau JPEG yang utuh.")) from None
    if kind not in ("PNG", "JPEG"):
        raise ValidationError(
            _("Logo harus gambar PNG atau JPEG (berkas ini {kind}).").format(kind=kind)
        )
    if max(size) > LOGO_MAX_PIXELS or min(size) < 16:
        raise ValidationError(
            _("Ukuran logo {w}×{h} piksel tidak wajar (16 sampai {limit} piksel).").format(
                w=size[0], h=size[1], limit=LOGO_MAX_PIXELS
            )
        )
    return kind


def set_logo(ctx: ServiceContext, data: bytes | None) -> OfficeRecord:
    """Use ``data`` (PNG/JPEG bytes) as the letterhead logo; None removes it (a neutral mark
    is printed instead). The image is kept content-addressed in the attachments folder."""
    from netral_desktop.store import blobs

    ctx.require(Permission.MANAGE_SETTINGS)
    digest = None
    if data is not None:
        check_logo(data)
        if ctx.layout is None:
            raise ValidationError(_("Folder data tidak diketahui: logo tidak dapat disimpan."))
        digest = blobs.put_bytes(ctx.layout, data)
    with ctx.db.write_session() as session:
        office = _office_for_update(session)
        if office.logo_sha256 == digest:
            return OfficeRecord.of(office)
        old = office.logo_sha256
        office.logo_sha256 = digest
        ctx.record_update(
            session,
            office,
            action="set_logo",
            old={"logo_sha256": old},
            new={"logo_sha256": digest},
        )
        return OfficeRecord.of(office)


def logo_bytes(ctx: ServiceContext) -> bytes | None:
    """The letterhead logo the administrator chose, or None (a neutral mark is printed)."""
    from netral_desktop.store import blobs

    office = current_office(ctx)
    if not office.logo_sha256 or ctx.layout is None:
        return None
    return blobs.read_bytes(ctx.layout, office.logo_sha256)
