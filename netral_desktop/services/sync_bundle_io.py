"""Between the services and the bundle file (sync/bundle.py): writing an office's outgoing
bundle with its keys, and reading a verified bundle into what the merge takes.

Rows whose origin is ``seed`` (seeded with the same id in every office: elections, audience
segments) travel with the origin ``<office>/seed`` (the bundle format holds only rows of the
sending office) and are read back as ``seed``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netral_desktop import __version__
from netral_desktop.core.errors import NetralError
from netral_desktop.i18n import _
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.gc_pause import gc_paused
from netral_desktop.store.models import SCHEMA_HISTORY, SCHEMA_VERSION
from netral_desktop.sync import bundle as bundle_format
from netral_desktop.sync import minisign
from netral_desktop.sync.office_keys import OfficeKeys
from netral_desktop.sync.signers import TrustList

SEED_ORIGIN = "seed"
SEED_DEVICE = "seed"


@dataclass(frozen=True)
class WrittenBundle:
    """One bundle file written (an export past the size limit writes a series)."""

    path: Path
    seq: int
    manifest_sha256: str
    rows: int
    files: int


def _outgoing_origin(origin: str, office_code: str) -> str:
    return f"{office_code}/{SEED_DEVICE}" if origin == SEED_ORIGIN else origin


def incoming_origin(origin: str, office_code: str) -> str:
    return SEED_ORIGIN if origin == f"{office_code}/{SEED_DEVICE}" else origin


def incoming_record(row: bundle_format.BundleRow, office_code: str) -> dict[str, Any]:
    """A bundle row as the merge takes it (a record: id, revision, origin, ..., data)."""
    return {
        "id": row.id,
        "revision": row.revision,
        "origin": incoming_origin(row.origin, office_code),
        "updated_at": row.updated_at,
        "deleted": row.deleted,
        "data": row.data,
    }


def office_keys(ctx: ServiceContext, passphrase: str | None = None) -> OfficeKeys:
    from netral_desktop.services.keys import office_keys_of
    from netral_desktop.services.setup import open_key_store

    return office_keys_of(ctx, open_key_store(ctx, passphrase))


def province_recipient(ctx: ServiceContext, keys: OfficeKeys | None = None) -> str:
    """The age recipient of the province this office sends to (from its trust file)."""
    from netral_desktop.services import trust

    return trust.province_recipient(ctx, keys or office_keys(ctx))


def province_public_key(ctx: ServiceContext, keys: OfficeKeys | None = None) -> minisign.PublicKey:
    """The signing key of the province this office trusts (receipts are checked with it)."""
    from netral_desktop.services import trust

    held = trust.held_trust(ctx, keys or office_keys(ctx))
    if held is None:
        raise NetralError(
            _(
                "Berkas kepercayaan provinsi belum diimpor, jadi tanda terima tidak dapat "
                "diperiksa. Impor dulu: 'netral trust import BERKAS'."
            ),
            code="no_trust",
        )
    return held.signing_key


def trust_list(ctx: ServiceContext, keys: OfficeKeys | None = None) -> TrustList:
    """The keys of the offices whose bundles this installation takes in."""
    from netral_desktop.services import trust

    return trust.trust_list(ctx, keys or office_keys(ctx))


def make_writer(
    ctx: ServiceContext,
    *,
    keys: OfficeKeys | None = None,
    recipients: list[str] | None = None,
) -> Callable[..., list[WrittenBundle]]:
    """The writer ``sync_export.export_bundle`` calls: signs with the office key, encrypts
    to the province and to the office itself (the keys member to the province alone), and
    reads each file back to verify it."""

    def write(
        outgoing: Any,
        folder: Path,
        *,
        progress: Callable[[int, int], Any] | None = None,
        cancel: Callable[[], bool] | None = None,
        **_options: Any,
    ) -> list[WrittenBundle]:
        own = keys or office_keys(ctx)
        to = recipients or [province_recipient(ctx, own)]
        if own.recipient not in to:
            to = [*to, own.recipient]  # the office can reopen its own bundles
        code = outgoing.office_code

        def rows(records: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
            for record in records:
                if record["origin"] == SEED_ORIGIN:
                    record = {**record, "origin": _outgoing_origin(record["origin"], code)}
                yield record

        def report(done: int, total: int) -> bool:
            if progress is not None:
                progress(done, total)
            return not (cancel is not None and cancel())

        # The office's purpose keys go to the province alone: the office's own age identity
        # (kept in a backup file too) must not be enough to open what its data key sealed.
        others = [r for r in to if r != own.recipient]
        sent_keys = outgoing.keys if others else None
        contents = bundle_format.BundleContents(
            office_code=code,
            office_name=outgoing.office_name,
            device=outgoing.device,
            seq=outgoing.seq,
            prev=outgoing.prev,
            created_at=outgoing.created_at,
            acknowledged_seq=outgoing.acknowledged_seq,
            schema_version=SCHEMA_VERSION,
            app_version=__version__,
            chain_head=outgoing.chain_head,
            records={table: rows(records) for table, records in outgoing.records.items()},
            files=sorted(outgoing.files.items()),
            keys=None if sent_keys is None else bundle_format.seal_keys(sent_keys, others),
        )
        written = bundle_format.write_bundle(
            contents,
            signing_key=own.signing,
            recipients=to,
            out_dir=Path(folder),
            progress=report,
            verify_identity=own.age_identity,
        )
        return [_written(paths) for paths in written]

    return write


def _written(paths: bundle_format.BundlePaths) -> WrittenBundle:
    return WrittenBundle(paths.bundle, paths.seq, paths.manifest_sha256, paths.records, paths.files)


@contextmanager
def read(
    ctx: ServiceContext,
    path: Path,
    *,
    trust: TrustList | None = None,
    identity: str | list[str] | None = None,
) -> Iterator[Any]:
    """Check the bundle at ``path`` (BundleRefused, exit 3, nothing written) and give it as
    the merge's IncomingBundle; the decrypted copy is removed when the block ends."""
    from netral_desktop.services.sync_import import check_records

    own = None if trust is not None and identity is not None else office_keys(ctx)
    with ExitStack() as open_bundle:
        # Reading tens of thousands of records: without the collector (services/gc_pause.py),
        # and only while reading (the caller's block is the caller's).
        with gc_paused():
            verified = open_bundle.enter_context(
                bundle_format.read_bundle(
                    Path(path),
                    trust=trust or trust_list(ctx, own),
                    identity=identity or own.identities,  # type: ignore[union-attr]
                    allow_gap=True,  # seq, prev and gaps: the merge's rules (sync_import.py)
                    schema_versions=SCHEMA_HISTORY,
                    work_dir=ctx.layout.root if ctx.layout is not None else None,
                )
            )
            incoming = _incoming(verified, Path(path))
            # Part of verifying: a record this database cannot take refuses the bundle here,
            # before the merge's transaction begins.
            check_records(incoming)
            incoming.checked = True
        yield incoming


def _incoming(verified: Any, path: Path) -> Any:
    """The verified bundle as the merge takes it (sync_import.IncomingBundle)."""
    from netral_desktop.services.sync_import import IncomingBundle

    manifest = verified.manifest
    code = manifest.office_code
    records = {
        table: [incoming_record(row, code) for row in verified.records(table)]
        for table in verified.tables()
    }
    files: dict[str, Any] = {
        sha: (lambda sha=sha: verified.open_attachment(sha)) for sha in verified.attachments()
    }
    return IncomingBundle(
        office_code=code,
        office_name=manifest.office_name,
        seq=manifest.seq,
        prev=manifest.prev,
        created_at=manifest.created_at,
        acknowledged_seq=manifest.acknowledged_seq or 0,
        chain_head=manifest.chain_head or (0, ""),
        manifest_sha256=verified.manifest_sha256,
        records=records,
        files=files,
        name=path.name,
        device=manifest.device,
        keys=verified.keys(),
    )


@dataclass(frozen=True)
class FileImport:
    report: Any  # sync_import.ImportReport
    receipt: Path | None


def import_file(
    ctx: ServiceContext,
    path: Path,
    *,
    dry_run: bool = False,
    receipt_to: Path | None = None,
    passphrase: str | None = None,
) -> FileImport:
    """Check, merge and answer a bundle file: the import report, and the signed receipt
    written beside the bundle (or into ``receipt_to``); none for a dry run or a bundle older
    than the last merged."""
    from netral_desktop.core.roles import Permission
    from netral_desktop.services import sync_import, sync_receipts

    ctx.require(Permission.BUNDLE_IMPORT)
    keys = office_keys(ctx, passphrase)
    path = Path(path)
    # Every identity: a bundle encrypted to the province's recipient before its key rotation
    # still opens (and so do the office keys it carries).
    with read(ctx, path, trust=trust_list(ctx, keys), identity=keys.identities) as bundle:
        report = sync_import.import_bundle(ctx, bundle, dry_run=dry_run, identity=keys.identities)
        receipt = None
        if not dry_run and report.outcome != sync_import.OUTCOME_SUPERSEDED:
            receipt = sync_receipts.write_receipt(
                ctx, bundle, report, receipt_to or path.parent, keys=keys
            )
    return FileImport(report, receipt)
