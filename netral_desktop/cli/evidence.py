"""``netral evidence``: evidence of a case (or any record) from a script: add, list, export, the
custody log, withdraw. Every export is written to the item's custody log."""

from __future__ import annotations

import argparse
from pathlib import Path

from netral_desktop.cli.common import EXIT_OK, Parents, login
from netral_desktop.config import HomeLayout
from netral_desktop.core.errors import UsageError
from netral_desktop.i18n import _

CASE_TABLE = "case_file"


def _owner(args: argparse.Namespace) -> tuple[str, str]:
    if getattr(args, "case", None):
        return CASE_TABLE, args.case
    owner = getattr(args, "owner", None) or ""
    table, sep, record_id = owner.partition(":")
    if not sep or not table or not record_id:
        raise UsageError(_("Sebutkan pemilik bukti: --case ID atau --owner TABEL:ID."))
    return table, record_id


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, size // 1024)} KB"


def cmd_evidence(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.core.roles import Permission
    from netral_desktop.services import evidence

    ctx = login(args, layout)
    action = args.evidence_command
    if action == "add":
        table, record_id = _owner(args)
        evidence.check_owner(ctx, table, record_id)
        for name in args.files:
            added = evidence.attach(
                ctx,
                table,
                record_id,
                Path(name),
                caption=args.caption or "",
                permission=Permission.CASE_LOG,
                confidential=args.confidential,
                source=args.source or "",
                corrects=args.corrects,
            )
            item = added.attachment
            if added.duplicate:
                print(
                    _("Sudah ada pada catatan ini: {name} ({id}).").format(
                        name=item.original_name, id=item.id
                    )
                )
                continue
            sealed = _(", rahasia (tersimpan tersegel)") if item.confidential else ""
            print(
                _("Ditambahkan: {id} {name} ({kind}, {size}{sealed}), SHA-256 {sha}").format(
                    id=item.id,
                    name=item.original_name,
                    kind=item.type_label,
                    size=_size(item.size),
                    sealed=sealed,
                    sha=item.sha256,
                )
            )
            if added.elsewhere_words:
                print("  " + added.elsewhere_words)
        return EXIT_OK
    if action == "list":
        table, record_id = _owner(args)
        rows = evidence.list_for(ctx, table, record_id)
        for row in rows:
            flag = _("RAHASIA") if row.confidential else ""
            print(
                f"{row.id}  {row.added_at[:16]}  {row.type_label:<5} {_size(row.size):>9}  "
                f"{row.original_name[:40]:<40} {row.added_by:<12} {row.source_label} {flag}"
            )
        print(_("{n} bukti.").format(n=len(rows)))
        return EXIT_OK
    if action == "export":
        path = evidence.export_evidence(ctx, args.item, Path(args.output), purpose=args.purpose)
        print(_("Disimpan: {path} (dicatat di riwayat penguasaan bukti)").format(path=path))
        return EXIT_OK
    if action == "custody":
        for entry in evidence.custody_log(ctx, args.item):
            where = f" -> {entry.target}" if entry.target else ""
            why = f" ({entry.purpose})" if entry.purpose else ""
            print(
                f"{entry.at[:19]}  {entry.actor:<12} {entry.actor_role:<11} "
                f"{entry.action_label}{where}{why}"
            )
        return EXIT_OK
    if action == "withdraw":
        evidence.withdraw(ctx, args.item, reason=args.reason, permission=Permission.CASE_LOG)
        print(_("Bukti dicabut; berkasnya tetap tersimpan."))
        return EXIT_OK
    raise UsageError(_("Tindakan tidak dikenal: {action}").format(action=action))


def register(sub: argparse._SubParsersAction, parents: Parents) -> None:
    from netral_desktop.core.evidence import SOURCE_CODES

    login_options = [parents.login]
    p = sub.add_parser("evidence", help=_("bukti perkara: tambah, daftar, ekspor, riwayat"))
    evidence_sub = p.add_subparsers(dest="evidence_command", metavar=_("TINDAKAN"))
    evidence_sub.required = True

    def owner_options(q: argparse.ArgumentParser) -> None:
        owner = q.add_mutually_exclusive_group(required=True)
        owner.add_argument("--case", dest="case", metavar="ID", help=_("id perkara"))
        owner.add_argument(
            "--owner", dest="owner", metavar="TABEL:ID", help=_("catatan lain pemilik bukti")
        )

    q = evidence_sub.add_parser("add", help=_("tambahkan berkas bukti"), parents=login_options)
    owner_options(q)
    q.add_argument("files", nargs="+", metavar="BERKAS")
    q.add_argument(
        "--confidential",
        dest="confidential",
        action="store_true",
        help=_("simpan tersegel; hanya Koordinator dan Administrator yang dapat membukanya"),
    )
    q.add_argument(
        "--source", dest="source", choices=sorted(SOURCE_CODES), help=_("dari mana bukti ini")
    )
    q.add_argument("--caption", dest="caption", help=_("keterangan singkat"))
    q.add_argument("--corrects", dest="corrects", metavar="ID", help=_("id bukti yang dikoreksi"))
    q = evidence_sub.add_parser(
        "list", help=_("daftar bukti sebuah catatan"), parents=login_options
    )
    owner_options(q)
    q = evidence_sub.add_parser(
        "export", help=_("simpan salinan bukti (dicatat)"), parents=login_options
    )
    q.add_argument("item", metavar="BUKTI")
    q.add_argument("-o", "--output", required=True, metavar=_("BERKAS_ATAU_FOLDER"))
    q.add_argument("--purpose", dest="purpose", default="", help=_("untuk apa salinan ini"))
    q = evidence_sub.add_parser(
        "custody", help=_("riwayat penguasaan sebuah bukti"), parents=login_options
    )
    q.add_argument("item", metavar="BUKTI")
    q = evidence_sub.add_parser(
        "withdraw", help=_("cabut bukti (dengan alasan)"), parents=login_options
    )
    q.add_argument("item", metavar="BUKTI")
    q.add_argument("--reason", dest="reason", required=True)
    p.set_defaults(handler=cmd_evidence)
