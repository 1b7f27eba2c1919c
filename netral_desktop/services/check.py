"""``netral check``: is the database sound, the audit chain unbroken, every attachment intact?"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from netral_desktop.i18n import _
from netral_desktop.services import audit
from netral_desktop.services.context import ServiceContext

SHA256_NAME = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class CheckItem:
    name: str
    ok: bool
    detail: str
    broken_seq: int | None = None


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_attachments(ctx: ServiceContext) -> CheckItem:
    """Attachments are stored under their own SHA-256: a file whose content no longer matches
    its name was altered after it was recorded."""
    assert ctx.layout is not None
    root = ctx.layout.attachments
    files = [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
    for path in sorted(files):
        if not SHA256_NAME.match(path.name):
            continue
        if _file_sha256(path) != path.name:
            return CheckItem(
                _("Lampiran"),
                False,
                _("berkas {path} tidak cocok dengan hash-nya (diubah setelah dicatat)").format(
                    path=path.relative_to(ctx.layout.root)
                ),
            )
    return CheckItem(
        _("Lampiran"), True, _("{n} berkas, semua cocok dengan hash-nya").format(n=len(files))
    )


def check_attachment_records(ctx: ServiceContext) -> CheckItem:
    """Every attachment recorded (evidence, issued documents) still has its file."""
    from netral_desktop.store.blobs import blob_path
    from netral_desktop.store.evidence import recorded_hashes

    assert ctx.layout is not None
    with ctx.db.read_session() as session:
        recorded = recorded_hashes(session)
    missing = [sha for sha in recorded if not blob_path(ctx.layout, sha).is_file()]
    if missing:
        return CheckItem(
            _("Lampiran tercatat"),
            False,
            _("{n} berkas tercatat tetapi hilang dari folder data, misalnya {sha}").format(
                n=len(missing), sha=missing[0]
            ),
        )
    return CheckItem(
        _("Lampiran tercatat"),
        True,
        _("{n} berkas tercatat, semuanya ada").format(n=len(recorded)),
    )


def check_sealed_attachments(ctx: ServiceContext) -> CheckItem:
    """Confidential evidence (stored sealed) opens with the data key and its plain bytes
    match the hash recorded for them."""
    from netral_desktop.services.evidence import verify_sealed

    assert ctx.layout is not None
    name = _("Bukti rahasia")
    report = verify_sealed(ctx)
    if report.key_problem:
        return CheckItem(name, False, report.key_problem)
    if report.broken:
        return CheckItem(
            name,
            False,
            _(
                "{n} berkas bukti rahasia tidak dapat dibuka atau isinya tidak cocok dengan "
                "hash-nya (diubah setelah dicatat), misalnya {path}"
            ).format(
                n=len(report.broken),
                path=f"attachments/{report.broken[0][:2]}/{report.broken[0]}",
            ),
        )
    detail = _("{n} berkas tersegel, semua terbuka dan cocok").format(n=report.checked)
    if report.unopened:
        detail += _(
            "; {n} berkas dari kantor lain belum dapat dibuka di sini (kuncinya belum diterima: "
            "mintalah kantor itu mengirim bundel baru)"
        ).format(n=report.unopened)
    return CheckItem(name, True, detail)


def check_custody_log(ctx: ServiceContext) -> CheckItem:
    """The evidence custody log is append-only: each entry as the audit chain recorded it."""
    from netral_desktop.services.evidence import verify_custody

    name = _("Riwayat penguasaan bukti")
    report = verify_custody(ctx)
    problems = []
    if report.missing:
        problems.append(_("{n} entri dihapus").format(n=len(report.missing)))
    if report.altered:
        problems.append(_("{n} entri diubah").format(n=len(report.altered)))
    if report.unlogged:
        problems.append(_("{n} entri disisipkan di luar program").format(n=len(report.unlogged)))
    if problems:
        return CheckItem(
            name,
            False,
            _("{problems}, tidak cocok dengan log audit (misalnya {id})").format(
                problems="; ".join(problems),
                id=(report.missing + report.altered + report.unlogged)[0],
            ),
        )
    return CheckItem(
        name, True, _("{n} entri, semua cocok dengan log audit").format(n=report.checked)
    )


def run_checks(ctx: ServiceContext) -> list[CheckItem]:
    items: list[CheckItem] = []
    result = ctx.db.health_check(thorough=True)
    passed = _("{check}: ok").format(check=ctx.db.health_check_name)
    items.append(
        CheckItem(
            _("Integritas basis data"),
            result == ["ok"],
            passed if result == ["ok"] else "; ".join(result[:5]),
        )
    )
    items.append(check_audit_chain(ctx))
    items.append(check_row_seals(ctx))
    items.append(check_attachments(ctx))
    items.append(check_attachment_records(ctx))
    items.append(check_sealed_attachments(ctx))
    items.append(check_custody_log(ctx))
    items.append(check_search_index(ctx))
    items.extend(check_data_files(ctx))
    from netral_desktop.services.reference_check import check_reference_files  # case rules

    items.extend(check_reference_files(ctx))
    return items


def check_data_files(ctx: ServiceContext) -> list[CheckItem]:
    """Orphan, temporary and quarantined files of the data folder (services/data_files.py)."""
    from netral_desktop.services.data_files import check_items

    return check_items(ctx)


def check_audit_chain(ctx: ServiceContext) -> CheckItem:
    """The audit chain under the office's key, held against the head kept outside the
    database: names each break (which entry, what kind)."""
    chain = audit.verify_chain(ctx)
    if not chain.ok:
        detail = "; ".join(
            _("entri #{seq} rusak: {reason}").format(seq=p.seq, reason=p.reason)
            if p.seq
            else p.reason
            for p in chain.problems
        )
        return CheckItem(_("Log audit"), False, detail, broken_seq=chain.broken_seq)
    detail = _("{n} entri, rantai hash utuh").format(n=chain.entries)
    if chain.anchored is not None:
        detail += _(", dikunci dan cocok dengan kepala rantai di luar basis data (#{seq})").format(
            seq=chain.anchored.seq
        )
    return CheckItem(_("Log audit"), True, detail)


def check_row_seals(ctx: ServiceContext) -> CheckItem:
    """Accounts, the office, issued documents and numbering schemes match their seals."""
    from netral_desktop.services.integrity import check_seals

    name = _("Segel akun, kantor dan dokumen")
    report = check_seals(ctx)
    if report.key_missing:
        return CheckItem(name, False, _("kunci log audit tidak ada di penyimpan kunci"))
    if report.broken:
        return CheckItem(name, False, report.describe())
    return CheckItem(
        name, True, _("{n} baris, semua cocok dengan segelnya").format(n=report.checked)
    )


def check_search_index(ctx: ServiceContext) -> CheckItem:
    """The roster's search index holds exactly the people's current text."""
    from netral_desktop.store.search import search_index_mismatches

    with ctx.db.read_session() as session:
        wrong = search_index_mismatches(session)
    if wrong:
        return CheckItem(
            _("Indeks pencarian pegawai"),
            False,
            _(
                "{n} baris tidak cocok dengan daftar pegawai; bangun ulang dengan "
                "'netral roster reindex'"
            ).format(n=wrong),
        )
    return CheckItem(_("Indeks pencarian pegawai"), True, _("cocok dengan daftar pegawai"))


def check_data_key(ctx: ServiceContext, passphrase: str | None = None) -> CheckItem:
    """The data key is in its key store and is the one this database was set up with."""
    from netral_desktop.core.errors import NetralError
    from netral_desktop.services.setup import DATA_KEY, data_key_id, open_key_store

    name = _("Kunci data")
    try:
        key = open_key_store(ctx, passphrase).get(DATA_KEY)
    except NetralError as exc:
        return CheckItem(name, False, str(exc))
    if key is None:
        return CheckItem(
            name,
            False,
            _("tidak ditemukan di penyimpan kunci ({kind})").format(kind=ctx.meta.get("key_store")),
        )
    if data_key_id(key) != ctx.meta.get("data_key_id"):
        return CheckItem(name, False, _("kunci di penyimpan tidak cocok dengan basis data ini"))
    return CheckItem(
        name, True, _("ada di {kind} dan cocok").format(kind=ctx.meta.get("key_store"))
    )
