"""Trust between a province and its districts: the trust file (province issues, district
takes), the enrollment file (district asks, province takes), key rotation and revocation, and
checking a bundle against what this office trusts.

Where the trust is kept: a signed file in the data folder (``trust/trust.json``: the trust
file exactly as issued or received), *pinned* by ``trust/trust.json.minisig``, a minisign
signature of it by this office's own key. Not a table, because the trust anchor must not live
in the database that bundles are merged into (an import, a restore or someone with sqlite3
could then swap the province key), and because a file signed twice needs no migration and is
the same on SQLite and PostgreSQL. The province's signature says the file is the province's;
the pin says *this office* accepted it (after the phone check): a file swapped in the data
folder fails the pin, and only a holder of the office key (in the keyring) can re-pin. A new
pair is staged beside the held one (``trust.json.next``) and then installed, so a change cut
short (even a key rotation, which changes the key between the two) is finished on the next
read instead of leaving a pair refused as tampered.

Key rotation, both ways: a district's new key reaches the province in an enrollment file
endorsed by its old key; the province's new key reaches the districts in the next trust file,
endorsed by its old key (``export_trust(rotate=True)``), and a copy of that file stays in
``trust/rotation-vN.json`` for a district that missed it. The rotated office keeps its old
age identity (services/keys.py ``rotate_office_keys``): bundles already encrypted to the old
recipient still open.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from netral_desktop.core.errors import ConflictError, ValidationError, VerificationFailed
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services import audit
from netral_desktop.services.context import SYSTEM, ServiceContext, current_office
from netral_desktop.services.files import write_file
from netral_desktop.store import keystore
from netral_desktop.sync import bundle, minisign
from netral_desktop.sync.office_keys import OfficeKeys
from netral_desktop.sync.signers import TrustedSigner, TrustList
from netral_desktop.sync.trust import (
    Enrollment,
    TrustFile,
    TrustRefused,
    accept_trust_file,
    is_rotation,
    make_enrollment,
    parse_enrollment,
    parse_trust_file,
)

TRUST_DIR = "trust"
TRUST_FILE = "trust.json"
PIN_FILE = "trust.json.minisig"
# A change of the held pair, staged beside it until both files are in place (``_stage``).
STAGED_TRUST_FILE = "trust.json.next"
STAGED_PIN_FILE = "trust.json.next.minisig"
ROTATION_FILE = "rotation-v{version}.json"  # each rotation's trust file, kept at the province
PROVINCE = "province"


def _keys(ctx: ServiceContext, store: keystore.KeyStore | None) -> OfficeKeys:
    from netral_desktop.services.keys import office_keys_of
    from netral_desktop.services.setup import open_key_store

    return office_keys_of(ctx, store or open_key_store(ctx))


def _folder(ctx: ServiceContext) -> Path:
    if ctx.layout is None:
        raise ValidationError(_("Perintah ini memerlukan folder data."))
    return ctx.layout.root / TRUST_DIR


def _is_province(ctx: ServiceContext) -> bool:
    return current_office(ctx).mode == PROVINCE


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError(
            _("Berkas {path} tidak dapat dibaca: {reason}.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc


def held_trust(ctx: ServiceContext, keys: OfficeKeys) -> TrustFile | None:
    """The trust file this office holds, its pin checked; None before the first one."""
    held = _held(ctx, keys)
    return None if held is None else held[1]


def _held(ctx: ServiceContext, keys: OfficeKeys) -> tuple[bytes, TrustFile] | None:
    """The held trust file's bytes (as pinned) and what they say.

    A change of the held file that was cut short (a crash, a pulled plug) is finished here:
    when the file and its pin do not agree under this office's key but the staged pair does
    (``_stage``), the staged pair is what the office was installing, and is installed."""
    folder = _folder(ctx)
    data, pin = _pair(folder / TRUST_FILE, folder / PIN_FILE)
    if data is not None and _pinned(data, pin, keys):
        _drop_staged(folder)  # a change that never got as far as the keys or the files
        return data, _parsed_held(folder, data)
    staged, staged_pin = _pair(folder / STAGED_TRUST_FILE, folder / STAGED_PIN_FILE)
    if staged is not None and staged_pin is not None and _pinned(staged, staged_pin, keys):
        trust = _parsed_held(folder, staged)
        _install(folder, staged, staged_pin)
        kept = folder / ROTATION_FILE.format(version=trust.version)
        own_rotation = trust.previous_key is not None and trust.signing_key == keys.public
        if own_rotation and not kept.exists():  # the province's, cut short before the copy
            write_file(kept, staged)
        return staged, trust
    if data is None:
        return None
    raise _tampered(folder)


def _pair(data_path: Path, pin_path: Path) -> tuple[bytes | None, str | None]:
    """A trust file and its pin as read (None for one absent or unreadable)."""
    try:
        data: bytes | None = data_path.read_bytes()
    except FileNotFoundError:
        data = None
    except OSError as exc:
        raise _tampered(data_path.parent) from exc
    try:
        pin: str | None = pin_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pin = None
    return data, pin


def _pinned(data: bytes, pin: str | None, keys: OfficeKeys) -> bool:
    if pin is None:
        return False
    try:
        keys.public.verify(data, pin)
    except minisign.MinisignError:
        return False
    return True


def _parsed_held(folder: Path, data: bytes) -> TrustFile:
    try:
        return parse_trust_file(data)
    except TrustRefused as exc:
        raise _tampered(folder) from exc


def _tampered(folder: Path) -> VerificationFailed:
    return VerificationFailed(
        _(
            "Berkas kepercayaan di folder data ({path}) diubah di luar program atau rusak. "
            "Demi keamanan tidak dipakai: impor lagi berkas kepercayaan dari provinsi "
            "(netral trust import --fresh BERKAS) dan periksa sidik jarinya lewat telepon."
        ).format(path=folder / TRUST_FILE),
        code="trust_tampered",
    )


def _store_trust(ctx: ServiceContext, keys: OfficeKeys, data: bytes) -> None:
    folder = _folder(ctx)
    _install(folder, data, _stage(folder, keys.signing, data))


def _stage(folder: Path, signing: minisign.SecretKey, data: bytes) -> str:
    """Write ``data`` and its pin by ``signing`` beside the held pair, ready to install; the
    pin. Staged first, a change of the held file is never lost half-way: the file and its pin
    are two files (and a key rotation changes the key in between), so a crash could leave a
    file its pin does not match, refused as tampered; ``_held`` installs the staged pair
    instead. A key not (yet) the office's makes a staged pair that is never taken."""
    pin = signing.sign(data, trusted_comment="netral-trust pinned by this office")
    write_file(folder / STAGED_TRUST_FILE, data)
    write_file(folder / STAGED_PIN_FILE, pin.encode("utf-8"))
    return pin


def _install(folder: Path, data: bytes, pin: str) -> None:
    # The pin first: never an unpinned file trusted (a crash between the two leaves the staged
    # pair to install again).
    write_file(folder / PIN_FILE, pin.encode("utf-8"))
    write_file(folder / TRUST_FILE, data)
    _drop_staged(folder)


def _drop_staged(folder: Path) -> None:
    for name in (STAGED_TRUST_FILE, STAGED_PIN_FILE):
        with contextlib.suppress(OSError):
            (folder / name).unlink()


def _record(ctx: ServiceContext, action: str, note: str) -> None:
    office = current_office(ctx)
    with ctx.db.write_session() as session:
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=(ctx.actor or SYSTEM).username,
            action=action,
            table_name="office",
            record_id=office.id,
            note=note,
        )


# --- province ------------------------------------------------------------------------------


def _require_province(ctx: ServiceContext) -> None:
    if not _is_province(ctx):
        raise ValidationError(
            _(
                "Hanya kantor provinsi (mode province) yang menerbitkan berkas kepercayaan dan "
                "menerima pendaftaran kantor."
            ),
            code="not_province",
        )


def province_trust(ctx: ServiceContext, keys: OfficeKeys) -> TrustFile:
    """The province's own trust file (a first, empty one made on first use)."""
    held = held_trust(ctx, keys)
    if held is not None:
        return held
    office = current_office(ctx)
    return TrustFile(
        province_code=office.code,
        province_name=office.name,
        signing_key=keys.public,
        age_recipient=keys.recipient,
        version=1,
        issued_at=ctx.now_iso(),
    )


@dataclass(frozen=True)
class TrustExported:
    path: Path
    trust: TrustFile
    rotated: bool = False  # new province keys: trust.previous_key is the old signing key
    kept: Path | None = None  # the rotation's copy in the data folder


def export_trust(
    ctx: ServiceContext,
    target: Path,
    *,
    rotate: bool = False,
    store: keystore.KeyStore | None = None,
) -> TrustExported:
    """Write the province's current trust file to ``target`` (for the districts). With
    ``rotate``, new province keys are made first and the next version carries them, endorsed
    by the old signing key (districts holding the old key take it without a phone call); the
    new keys replace the old in the key store, the old age identity kept for bundles already
    encrypted to it. Receipts are signed by the new key from then on."""
    from netral_desktop.services.setup import open_key_store

    ctx.require(Permission.MANAGE_KEYS)
    _require_province(ctx)
    store = store or open_key_store(ctx)
    keys = _keys(ctx, store)
    trust = province_trust(ctx, keys)
    if rotate:
        return _rotate_province(ctx, store, keys, trust, target)
    held = _held(ctx, keys)
    if held is None:
        data = trust.sealed(keys.signing)
        _store_trust(ctx, keys, data)
    else:
        data = held[0]  # as held, not sealed again: a rotation's file keeps its endorsement
    path = write_file(target, data)
    _record(
        ctx,
        "trust_exported",
        _("berkas kepercayaan versi {version} ke {name}").format(
            version=trust.version, name=Path(target).name
        ),
    )
    return TrustExported(path, trust)


def _rotate_province(
    ctx: ServiceContext,
    store: keystore.KeyStore,
    old: OfficeKeys,
    trust: TrustFile,
    target: Path,
) -> TrustExported:
    from netral_desktop.services.keys import rotate_office_keys

    new = OfficeKeys.generate()
    rotated = trust.rotated(new.public, new.recipient, ctx.now_iso())
    data = rotated.sealed(new.signing, previous=old.signing)
    # The trust pinned by the new key, staged; the file for the districts; then the keys
    # (the old identity kept); then the staged trust installed. Nothing in the office changes
    # if a file cannot be written; cut short after the keys, the next read of the trust
    # installs the staged one (``_held``); before, the old keys and trust stay as they were.
    folder = _folder(ctx)
    pin = _stage(folder, new.signing, data)
    path = write_file(target, data)
    rotate_office_keys(store, old, new)
    _install(folder, data, pin)
    kept = write_file(folder / ROTATION_FILE.format(version=rotated.version), data)
    _record(
        ctx,
        "keys_rotated",
        _(
            "kunci provinsi baru {new} menggantikan {old}; berkas kepercayaan versi {version} "
            "ke {name}, disahkan kunci lama"
        ).format(
            new=new.public.id_text,
            old=old.public.id_text,
            version=rotated.version,
            name=Path(target).name,
        ),
    )
    return TrustExported(path, rotated, rotated=True, kept=kept)


@dataclass(frozen=True)
class EnrollmentPreview:
    enrollment: Enrollment
    outcome: str  # new | rotated | updated | unchanged
    trust: TrustFile  # the trust file after taking it in


def preview_enrollment(
    ctx: ServiceContext, source: Path, *, store: keystore.KeyStore | None = None
) -> EnrollmentPreview:
    """What importing the enrollment file would do (checked; nothing written)."""
    ctx.require(Permission.MANAGE_KEYS)
    _require_province(ctx)
    keys = _keys(ctx, store)
    enrollment = parse_enrollment(_read(source))
    trust, outcome = province_trust(ctx, keys).with_enrollment(enrollment, ctx.now_iso())
    return EnrollmentPreview(enrollment, outcome, trust)


def read_enrollment(source: Path) -> Enrollment:
    """The enrollment file at ``source``, its own signatures checked (nothing else): who a
    refused enrollment is from."""
    return parse_enrollment(_read(source))


def import_enrollment(
    ctx: ServiceContext, source: Path, *, store: keystore.KeyStore | None = None
) -> EnrollmentPreview:
    """Take a district's enrollment into the province's trust file (one version up)."""
    preview = preview_enrollment(ctx, source, store=store)
    if preview.outcome == "unchanged":
        return preview
    keys = _keys(ctx, store)
    _store_trust(ctx, keys, preview.trust.sealed(keys.signing))
    e = preview.enrollment
    _record(
        ctx,
        "enrollment_imported",
        _("{code} {name}: kunci {key} ({outcome}); berkas kepercayaan versi {version}").format(
            code=e.office_code,
            name=e.office_name,
            key=e.signing_key.id_text,
            outcome=preview.outcome,
            version=preview.trust.version,
        ),
    )
    return preview


def revoke_office(
    ctx: ServiceContext, code: str, *, store: keystore.KeyStore | None = None
) -> TrustFile:
    """Revoke an enrolled office's key (lost or stolen): its bundles are refused from now on
    and it enrolls again with a new key."""
    ctx.require(Permission.MANAGE_KEYS)
    _require_province(ctx)
    keys = _keys(ctx, store)
    trust = province_trust(ctx, keys).with_revocation(code, ctx.now_iso())
    _store_trust(ctx, keys, trust.sealed(keys.signing))
    _record(
        ctx,
        "office_key_revoked",
        _("kunci kantor {code} dicabut; berkas kepercayaan versi {version}").format(
            code=code, version=trust.version
        ),
    )
    return trust


# --- district ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrustPreview:
    trust: TrustFile
    first: bool  # no trust file held (or taken afresh): confirm the fingerprint by phone
    is_new: bool  # False: the very file already held
    rotated: bool = False  # a new province key, endorsed by the one held: no phone call
    held: TrustFile | None = None  # the trust file it replaces


def preview_trust(
    ctx: ServiceContext,
    source: Path,
    *,
    fresh: bool = False,
    store: keystore.KeyStore | None = None,
) -> TrustPreview:
    """Check a trust file from the province (nothing written). ``fresh``: taken as if it
    were the first (the province key checked again by phone), for a district that missed a
    province key rotation or whose province lost its key."""
    ctx.require(Permission.MANAGE_KEYS)
    if _is_province(ctx):
        raise ValidationError(
            _("Kantor provinsi menerbitkan berkas kepercayaan sendiri, tidak mengimpornya."),
            code="is_province",
        )
    keys = _keys(ctx, store)
    try:
        held = held_trust(ctx, keys)
    except VerificationFailed as exc:
        # A held file that fails its pin is trusted for nothing: taken afresh (after the
        # phone check) is the way out; anything else stays refused.
        if not fresh or exc.code != "trust_tampered":
            raise
        held = None
    office = current_office(ctx)
    against = None if fresh else held
    trust, is_new = accept_trust_file(
        _read(source), held=against, province_code=office.province_code
    )
    if fresh and held is not None and trust == held:
        is_new = False
    return TrustPreview(
        trust, against is None, is_new, rotated=is_rotation(trust, against), held=held
    )


def import_trust(
    ctx: ServiceContext,
    source: Path,
    *,
    confirmed_fingerprint: str | None = None,
    fresh: bool = False,
    store: keystore.KeyStore | None = None,
) -> TrustPreview:
    """Take the trust file. The first one (and one taken ``fresh``) needs
    ``confirmed_fingerprint``: the province key's fingerprint the person confirmed by phone,
    which must be the file's; later ones are checked against the province key already
    trusted, or endorsed by it at a province key rotation."""
    preview = preview_trust(ctx, source, fresh=fresh, store=store)
    if preview.first and _normal(confirmed_fingerprint or "") != _normal(preview.trust.fingerprint):
        raise ConflictError(
            _(
                "Sidik jari yang dikonfirmasi tidak sama dengan sidik jari kunci provinsi di "
                "berkas ini ({fingerprint}). Tidak ada yang diubah."
            ).format(fingerprint=preview.trust.fingerprint),
            code="fingerprint_mismatch",
        )
    if not preview.is_new:
        return preview
    keys = _keys(ctx, store)
    _store_trust(ctx, keys, _read(source))
    t = preview.trust
    note = _("provinsi {code}: kunci {key} (sidik jari {fingerprint}), versi {version}").format(
        code=t.province_code,
        key=t.signing_key.id_text,
        fingerprint=t.fingerprint,
        version=t.version,
    )
    if preview.rotated and preview.held is not None:
        note += _("; menggantikan kunci {old}, disahkan kunci lama").format(
            old=preview.held.signing_key.id_text
        )
    elif fresh and preview.held is not None:
        note += _("; diimpor dari awal, menggantikan kunci {old}").format(
            old=preview.held.signing_key.id_text
        )
    _record(ctx, "province_key_rotated" if preview.rotated else "trust_imported", note)
    return preview


def _normal(fingerprint: str) -> str:
    return "".join(fingerprint.split()).upper()


@dataclass(frozen=True)
class EnrollmentExported:
    path: Path
    enrollment: Enrollment
    rotated: bool


def export_enrollment(
    ctx: ServiceContext,
    target: Path,
    *,
    rotate: bool = False,
    store: keystore.KeyStore | None = None,
) -> EnrollmentExported:
    """Write this office's enrollment file for the province. With ``rotate``, new office keys
    are made first and the enrollment is also signed by the old key (the province swaps the
    keys on import); the new keys replace the old in the key store."""
    from netral_desktop.services.keys import rotate_office_keys
    from netral_desktop.services.setup import open_key_store

    ctx.require(Permission.MANAGE_KEYS)
    if _is_province(ctx):
        raise ValidationError(
            _("Kantor provinsi tidak mendaftar ke provinsi lain."), code="is_province"
        )
    store = store or open_key_store(ctx)
    old = _keys(ctx, store)
    keys = OfficeKeys.generate() if rotate else old
    office = current_office(ctx)
    enrollment = Enrollment(
        office_code=office.code,
        office_name=office.name,
        province_code=office.province_code,
        signing_key=keys.public,
        age_recipient=keys.recipient,
        created_at=ctx.now_iso(),
        previous_key=old.public if rotate else None,
    )
    data = make_enrollment(enrollment, keys.signing, previous=old.signing if rotate else None)
    held = _held(ctx, old) if rotate else None
    # With a rotation, the held trust pinned again by the new key: staged before anything is
    # written and installed once the keys changed, so a crash in between leaves it to install
    # (``_held``), never a trust file refused as tampered.
    pin = None if held is None else _stage(_folder(ctx), keys.signing, held[0])
    path = write_file(target, data)
    if rotate:
        keys = rotate_office_keys(store, old, keys)
        if held is not None and pin is not None:
            _install(_folder(ctx), held[0], pin)
        _record(
            ctx,
            "keys_rotated",
            _("kunci baru {new} menggantikan {old}; pendaftaran {name}").format(
                new=keys.public.id_text, old=old.public.id_text, name=Path(target).name
            ),
        )
    return EnrollmentExported(path, enrollment, rotate)


# --- what a bundle is checked against ------------------------------------------------------


def trust_list(ctx: ServiceContext, keys: OfficeKeys) -> TrustList:
    """The keys this office accepts bundles from: the offices its trust file enrolls, and its
    own key (an office checks its own bundles; a hub its own devices')."""
    office = current_office(ctx)
    own = TrustedSigner(office.code, office.name, keys.public)
    if not _is_province(ctx):
        return TrustList([own])
    held = held_trust(ctx, keys)
    return TrustList([own]) if held is None else held.trust_list([own])


def province_recipient(ctx: ServiceContext, keys: OfficeKeys) -> str:
    """The province's age recipient a district encrypts its bundles to."""
    held = held_trust(ctx, keys)
    if held is None:
        raise ValidationError(
            _(
                "Kantor ini belum memegang berkas kepercayaan provinsi. Impor dulu: netral trust "
                "import BERKAS (dari Bawaslu provinsi), lalu ekspor bundel."
            ),
            code="no_trust",
        )
    return held.age_recipient


@dataclass(frozen=True)
class BundleCheck:
    path: Path
    office_code: str
    office_name: str
    seq: int
    prev: str | None
    created_at: str
    records: dict[str, int]
    files: int
    chain_head: tuple[int, str] | None
    key_id: str
    manifest_sha256: str


def verify_bundle(
    ctx: ServiceContext,
    path: Path,
    *,
    store: keystore.KeyStore | None = None,
    last_seen: bundle.SeenBundle | None = None,
) -> BundleCheck:
    """Every check of design.md §7 on the bundle at ``path``; BundleRefused naming the one
    that failed. Nothing is written."""
    keys = _keys(ctx, store)
    work = ctx.layout.root if ctx.layout is not None else None
    with bundle.read_bundle(
        Path(path),
        trust=trust_list(ctx, keys),
        identity=keys.identities,
        last_seen=last_seen,
        allow_gap=last_seen is None,
        work_dir=work,
    ) as verified:
        m = verified.manifest
        # The records as the merge would take them: verifying refuses what importing would.
        from netral_desktop.services.sync_bundle_io import incoming_record
        from netral_desktop.services.sync_import import check_table_records

        for table in verified.tables():
            check_table_records(
                m.office_code,
                table,
                (incoming_record(row, m.office_code) for row in verified.records(table)),
            )
        return BundleCheck(
            Path(path),
            m.office_code,
            m.office_name,
            m.seq,
            m.prev,
            m.created_at,
            dict(m.record_counts),
            m.file_count,
            m.chain_head,
            verified.signer.public_key.id_text,
            verified.manifest_sha256,
        )
