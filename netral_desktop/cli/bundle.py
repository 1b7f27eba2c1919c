"""``netral bundle export | verify (cli/sync.py) | import | reports | conflicts | resolve`` and
``netral receipt import``: sync with the provincial office (design.md §7).

Exit status 3 for a refused bundle or receipt (nothing written).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from netral_desktop.cli.common import EXIT_OK, Parents, login
from netral_desktop.cli.sync import add_bundle_verify
from netral_desktop.config import HomeLayout
from netral_desktop.i18n import _
from netral_desktop.services.audit_words import table_words


def _keys(args: argparse.Namespace, ctx):  # type: ignore[no-untyped-def]
    from netral_desktop.cli.keys import key_file_passphrase
    from netral_desktop.services.sync_bundle_io import office_keys

    return office_keys(ctx, key_file_passphrase(args, ctx))


def cmd_export(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.core.roles import Permission
    from netral_desktop.services import sync_bundle_io, sync_export

    ctx = login(args, layout)
    ctx.require(Permission.BUNDLE_EXPORT)
    writer = sync_bundle_io.make_writer(ctx, keys=_keys(args, ctx))
    done = sync_export.export_bundle(ctx, Path(args.to), full=args.full, writer=writer)
    for path in done.paths:
        print(path)
    print(
        _(
            "Bundel nomor {seq}: {rows} baris, {files} lampiran; diperiksa ulang setelah "
            "ditulis. Flashdisk boleh dicabut."
        ).format(seq=done.seq, rows=done.rows, files=done.files)
    )
    return EXIT_OK


def cmd_import(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.cli.keys import key_file_passphrase
    from netral_desktop.core.roles import Permission
    from netral_desktop.services import sync_bundle_io

    ctx = login(args, layout)
    ctx.require(Permission.BUNDLE_IMPORT)
    done = sync_bundle_io.import_file(
        ctx,
        Path(args.file),
        dry_run=args.dry_run,
        receipt_to=Path(args.receipt_to) if args.receipt_to else None,
        passphrase=key_file_passphrase(args, ctx),
    )
    print(done.report.describe())
    if done.receipt is not None:
        print(_("Tanda terima: {path}").format(path=done.receipt))
    return EXIT_OK


WHAT = ("new", "updated", "unchanged", "tombstoned", "conflicting")


def cmd_reports(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services import sync_import

    ctx = login(args, layout)
    found = sync_import.reports(ctx, office_code=args.office)
    if not found:
        print(_("Belum ada bundel yang digabung."))
    for report in found:
        print(
            _(
                "{when}  {office} #{seq}: baru {new}, diperbarui {updated}, tidak berubah "
                "{unchanged}, dihapus {tombstoned}, konflik {conflicting}, berkas {files}"
            ).format(
                when=report.imported_at,
                office=report.office_code,
                seq=report.seq,
                new=report.total(sync_import.NEW),
                updated=report.total(sync_import.UPDATED),
                unchanged=report.total(sync_import.UNCHANGED),
                tombstoned=report.total(sync_import.TOMBSTONED),
                conflicting=report.total(sync_import.CONFLICTING),
                files=report.files_new,
            )
        )
        if args.detail:
            for table, counts in sorted(report.counts.items()):
                print(
                    "    "
                    + _(
                        "{table}: baru {new}, diperbarui {updated}, tidak berubah {unchanged}, "
                        "dihapus {tombstoned}, konflik {conflicting}"
                    ).format(table=table_words(table), **{k: counts.get(k, 0) for k in WHAT})
                )
    return EXIT_OK


def cmd_conflicts(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services import sync_import

    ctx = login(args, layout)
    waiting = sync_import.conflicts(ctx)
    if not waiting:
        print(_("Tidak ada konflik yang menunggu keputusan."))
    for conflict in waiting:
        print(
            _("{id}  {kind}  {table} {row} (dari {office} #{seq})").format(
                id=conflict.id,
                kind=conflict.kind,
                table=conflict.table_name,
                row=conflict.row_id,
                office=conflict.source,
                seq=conflict.seq,
            )
        )
        if conflict.other_id:
            print(
                _("    sama dengan/bentrok dengan {other} ({basis})").format(
                    other=conflict.other_id, basis=conflict.basis
                )
            )
        for column, mine, theirs in conflict.differences():
            print(f"    {column}: {mine!r} | {theirs!r}")
        print(
            _("    putuskan: netral bundle resolve {id} --keep {choices}").format(
                id=conflict.id, choices="|".join(sync_import.CHOICES[conflict.kind])
            )
        )
    return EXIT_OK


def cmd_resolve(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services import sync_import

    ctx = login(args, layout)
    sync_import.resolve_conflict(ctx, args.conflict, args.keep)
    print(_("Konflik {id} diputuskan: {choice}.").format(id=args.conflict, choice=args.keep))
    return EXIT_OK


def cmd_receipt_import(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services import sync_receipts

    ctx = login(args, layout)
    print(sync_receipts.import_receipt(ctx, Path(args.file)).describe())
    return EXIT_OK


def register(sub: argparse._SubParsersAction, parents: Parents) -> None:
    login_options = [parents.login]
    p = sub.add_parser("bundle", help=_("bundel sinkronisasi ke provinsi: buat, periksa, gabung"))
    bundle = p.add_subparsers(dest="bundle_command", metavar=_("TINDAKAN"))
    bundle.required = True

    q = bundle.add_parser(
        "export",
        help=_("tulis bundel berikutnya ke FOLDER (mencetak jalurnya)"),
        parents=login_options,
    )
    q.add_argument("--to", required=True, metavar="FOLDER")
    q.add_argument(
        "--full",
        action="store_true",
        help=_("semua data, bukan hanya yang belum diakui tanda terima provinsi"),
    )
    q.set_defaults(handler=cmd_export)

    add_bundle_verify(bundle)  # the bundle reader's own command (cli/sync.py)

    q = bundle.add_parser(
        "import", help=_("periksa lalu gabungkan bundel; tulis tanda terima"), parents=login_options
    )
    q.add_argument("file", metavar="BERKAS")
    q.add_argument("--dry-run", action="store_true", help=_("hitung saja, jangan simpan apa pun"))
    q.add_argument(
        "--receipt-to", metavar="FOLDER", help=_("folder tanda terima (bawaan: folder bundel)")
    )
    q.set_defaults(handler=cmd_import)

    q = bundle.add_parser("reports", help=_("laporan impor bundel"), parents=login_options)
    q.add_argument("--office", metavar="KODE")
    q.add_argument("--detail", action="store_true", help=_("rincian per tabel"))
    q.set_defaults(handler=cmd_reports)

    q = bundle.add_parser(
        "conflicts", help=_("konflik yang menunggu keputusan"), parents=login_options
    )
    q.set_defaults(handler=cmd_conflicts)

    q = bundle.add_parser("resolve", help=_("putuskan satu konflik"), parents=login_options)
    q.add_argument("conflict", metavar="ID")
    q.add_argument("--keep", required=True, choices=["local", "incoming", "same", "different"])
    q.set_defaults(handler=cmd_resolve)

    p = sub.add_parser("receipt", help=_("tanda terima dari provinsi"))
    receipt = p.add_subparsers(dest="receipt_command", metavar=_("TINDAKAN"))
    receipt.required = True
    q = receipt.add_parser(
        "import",
        help=_("catat tanda terima provinsi (bundel berikutnya lebih kecil)"),
        parents=login_options,
    )
    q.add_argument("file", metavar="BERKAS")
    q.set_defaults(handler=cmd_receipt_import)
