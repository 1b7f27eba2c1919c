"""Receipts: the province's signed answer to a bundle, and the district taking it in.

A receipt ``<province>_<office>_<seq>.receipt`` is a small JSON file::

    {"format": "netral-receipt", "body": "<canonical JSON text>", "minisig": "<signature>"}

``body`` names the province, the office, the bundle (seq, manifest SHA-256), the office's
audit chain head the bundle carried, when it was merged, the rows counted and the attachments
the province now holds. ``minisig`` is the province key's minisign signature of ``body``'s
bytes, so with standard tools::

    jq -j .body X.receipt > body.json && jq -j .minisig X.receipt > body.json.minisig
    minisign -Vm body.json -p province.pub

The district checks the signature against the province key it trusts, that the receipt is for
this office and for a bundle it wrote (same manifest, same chain head), then marks that bundle
and the earlier ones acknowledged and the attachments held: its next bundle carries less.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netral_desktop.core.errors import NetralError, ValidationError, VerificationFailed
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services import audit
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.files import write_file
from netral_desktop.services.sync_import import (
    CONFLICTING,
    NEW,
    TOMBSTONED,
    UNCHANGED,
    UPDATED,
    ImportReport,
    IncomingBundle,
)
from netral_desktop.store import sync as sync_store
from netral_desktop.sync import minisign
from netral_desktop.sync.office_keys import OfficeKeys

FORMAT = "netral-receipt"
FORMAT_VERSION = 1
SUFFIX = ".receipt"
MAX_SIZE = 16 << 20  # a receipt lists hashes only; anything larger is not one


def receipt_name(province_code: str, office_code: str, seq: int) -> str:
    return f"{province_code}_{office_code}_{seq}{SUFFIX}"


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write_receipt(
    ctx: ServiceContext,
    bundle: IncomingBundle,
    report: ImportReport,
    folder: Path,
    *,
    keys: OfficeKeys | None = None,
) -> Path:
    """The signed receipt of a merged (or replayed) bundle, written whole into ``folder``."""
    ctx.require(Permission.BUNDLE_IMPORT)
    if report.dry_run:
        raise ValidationError(_("Uji coba tidak menghasilkan tanda terima."))
    office = current_office(ctx)
    if keys is None:
        from netral_desktop.services.sync_bundle_io import office_keys

        keys = office_keys(ctx)
    body = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "province": {"code": office.code, "name": office.name},
        "office": bundle.office_code,
        "seq": bundle.seq,
        "manifest_sha256": bundle.manifest_sha256,
        "chain_head": {"seq": bundle.chain_head[0], "mac": bundle.chain_head[1]},
        "imported_at": report.imported_at,
        "counts": {
            what: report.total(what) for what in (NEW, UPDATED, UNCHANGED, TOMBSTONED, CONFLICTING)
        },
        "files": sorted(bundle.files),
    }
    text = _canonical(body)
    signature = keys.signing.sign(
        text.encode("utf-8"),
        trusted_comment=f"netral receipt {office.code} {bundle.office_code} {bundle.seq}",
    )
    data = {"format": FORMAT, "body": text, "minisig": signature}
    path = Path(folder) / receipt_name(office.code, bundle.office_code, bundle.seq)
    write_file(path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return path


@dataclass(frozen=True)
class ReceiptResult:
    seq: int
    province: str
    files_acknowledged: int
    already: bool  # the same receipt was taken in before: nothing changed

    def describe(self) -> str:
        if self.already:
            return _(
                "Tanda terima bundel nomor {seq} sudah dicatat sebelumnya; tidak ada yang berubah."
            ).format(seq=self.seq)
        return _(
            "Tanda terima dari provinsi {province} untuk bundel nomor {seq} dicatat "
            "({files} lampiran diakui). Bundel berikutnya hanya membawa yang belum diakui."
        ).format(province=self.province, seq=self.seq, files=self.files_acknowledged)


def _refused(message: str, code: str) -> VerificationFailed:
    return VerificationFailed(message, code=code)


def read_receipt(path: Path, province_key: minisign.PublicKey) -> dict[str, Any]:
    """The receipt's body, after checking its signature (VerificationFailed otherwise)."""
    path = Path(path)
    try:
        raw = path.read_bytes()[: MAX_SIZE + 1]
    except OSError as exc:
        raise NetralError(
            _("Berkas {name} tidak dapat dibaca: {reason}.").format(
                name=path.name, reason=exc.strerror or exc
            )
        ) from exc
    try:
        if len(raw) > MAX_SIZE:
            raise ValueError("too large")
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("format")
        text, signature = data["body"], data["minisig"]
        if not isinstance(text, str) or not isinstance(signature, str):
            raise ValueError("fields")
    except (ValueError, KeyError, UnicodeDecodeError) as exc:
        raise _refused(
            _("Berkas {name} bukan tanda terima Netral yang sah. Tidak ada yang dicatat.").format(
                name=path.name
            ),
            "receipt_malformed",
        ) from exc
    try:
        province_key.verify(text.encode("utf-8"), signature)
    except (minisign.MinisignError, ValueError) as exc:
        raise _refused(
            _(
                "Tanda terima {name} tidak ditandatangani kunci provinsi yang dipercaya kantor "
                "ini (atau diubah setelah ditandatangani). Tidak ada yang dicatat. Jika provinsi "
                "baru mengganti kuncinya, impor dulu berkas kepercayaan terbarunya (netral trust "
                "import BERKAS), lalu impor tanda terima ini lagi."
            ).format(name=path.name),
            "receipt_signature",
        ) from exc
    try:
        body = json.loads(text)
        if body.get("format") != FORMAT or not isinstance(body.get("seq"), int):
            raise ValueError("body")
        if not isinstance(body.get("files"), list) or not all(
            isinstance(f, str) for f in body["files"]
        ):
            raise ValueError("files")
    except (ValueError, AttributeError) as exc:
        raise _refused(
            _("Isi tanda terima {name} cacat. Tidak ada yang dicatat.").format(name=path.name),
            "receipt_malformed",
        ) from exc
    return dict(body)


def import_receipt(
    ctx: ServiceContext, path: Path, *, province_key: minisign.PublicKey | None = None
) -> ReceiptResult:
    """Take in the province's receipt (koordinator or admin): refused (exit 3, nothing
    recorded) unless signed by the trusted province key and about a bundle this office wrote."""
    actor = ctx.require(Permission.BUNDLE_EXPORT)
    if province_key is None:
        from netral_desktop.services.sync_bundle_io import province_public_key

        province_key = province_public_key(ctx)  # from the trust file this office holds
    body = read_receipt(path, province_key)
    office = current_office(ctx)
    name = Path(path).name
    if body.get("office") != office.code:
        raise _refused(
            _("Tanda terima {name} untuk kantor {other}, bukan kantor ini ({own}).").format(
                name=name, other=body.get("office"), own=office.code
            ),
            "receipt_office",
        )
    seq = int(body["seq"])
    head = body.get("chain_head") or {}
    with ctx.db.write_session() as session:
        sent = sync_store.export_by_seq(session, seq=seq)
        if sent is None or sent.manifest_sha256 != body.get("manifest_sha256"):
            raise _refused(
                _(
                    "Tanda terima {name} menyebut bundel nomor {seq} yang tidak dibuat kantor ini "
                    "(isi berbeda). Tidak ada yang dicatat."
                ).format(name=name, seq=seq),
                "receipt_bundle",
            )
        if (head.get("seq"), head.get("mac")) != (sent.chain_seq, sent.chain_mac):
            raise _refused(
                _(
                    "Tanda terima {name}: ujung rantai log audit yang diterima provinsi berbeda "
                    "dari yang dikirim. Tidak ada yang dicatat; hubungi provinsi."
                ).format(name=name),
                "receipt_chain",
            )
        if sent.acknowledged_at is not None:
            already = set(body["files"]) <= sync_store.acknowledged_files(session)
            if already:
                return ReceiptResult(seq, str(body["province"].get("code", "")), 0, True)
        files = sync_store.acknowledge(session, seq=seq, at=ctx.now_iso(), files=body["files"])
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=actor.username,
            action="receipt_import",
            table_name="sync_export",
            record_id=str(seq),
            new={
                "province": body["province"],
                "manifest_sha256": body["manifest_sha256"],
                "imported_at": body.get("imported_at"),
                "counts": body.get("counts"),
                "files": files,
            },
            note=name,
        )
    return ReceiptResult(seq, str(body["province"].get("code", "")), files, False)
