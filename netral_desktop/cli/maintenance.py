"""``netral check``, ``backup``, ``restore`` and ``audit``: looking after the data folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from netral_desktop.cli.common import (
    EXIT_FAILED_CHECK,
    EXIT_OK,
    Parents,
    add_login_options,
    login,
    read_secret,
)
from netral_desktop.config import HomeLayout
from netral_desktop.core.errors import UsageError
from netral_desktop.i18n import _


def cmd_check(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.check import check_data_key, run_checks
    from netral_desktop.services.context import open_context

    ctx = open_context(layout)
    if args.repair:
        repair_data_folder(args, layout)
    if args.reseal:
        _reseal(login(args, layout))
    passphrase = None
    if ctx.meta.get("key_store") == "file":
        passphrase = read_secret(args.passphrase_env, _("Kata sandi berkas kunci: "))
        _unlock_for_check(ctx, passphrase)
    items = [*run_checks(ctx), check_data_key(ctx, passphrase)]
    for item in items:
        mark = "OK" if item.ok else _("RUSAK")
        print(f"[{mark:<5}] {item.name}: {item.detail}")
    failed = [i for i in items if not i.ok]
    if failed:
        print(
            _("Pemeriksaan gagal: {names}.").format(names=", ".join(i.name for i in failed)),
            file=sys.stderr,
        )
        return EXIT_FAILED_CHECK
    print(_("Semua pemeriksaan lulus."))
    return EXIT_OK


def _unlock_for_check(ctx, passphrase: str | None) -> None:  # type: ignore[no-untyped-def]
    """Open the key file for this run, so confidential evidence is checked with the data key
    (a wrong passphrase is reported by check_data_key, not here)."""
    import contextlib

    from netral_desktop.core.errors import NetralError
    from netral_desktop.services.setup import open_key_store

    if not passphrase:
        return
    with contextlib.suppress(NetralError):
        open_key_store(ctx, passphrase).unlock()  # type: ignore[attr-defined]


def repair_data_folder(args: argparse.Namespace, layout: HomeLayout) -> None:
    """``netral check --repair``: temporary files removed, orphans moved to quarantine/ (an
    administrator; services/data_files.py says why orphans are kept)."""
    from netral_desktop.services.data_files import repair

    ctx = login(args, layout)
    result = repair(ctx)
    root = layout.root
    for path in result.removed_temporary:
        print(_("Dihapus (berkas sementara): {path}").format(path=path.relative_to(root)))
    for path in result.quarantined:
        print(_("Dipindah ke karantina: {path}").format(path=path.relative_to(root)))
    for sha in result.restored:
        print(_("Dikembalikan dari karantina: {sha}").format(sha=sha))
    for path in result.left_young:
        print(
            _("Dibiarkan (baru saja ditulis, mungkin masih dipakai): {path}").format(
                path=path.relative_to(root)
            )
        )
    if not result.changed and not result.left_young:
        print(_("Folder data sudah rapi: tidak ada yang perlu diperbaiki."))


def _reseal(ctx) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.services.integrity import reseal

    result = reseal(ctx)
    for row in result.rows:
        print(_("Disegel ulang: {table} {label}").format(table=row.table, label=row.label))
    if result.anchor_moved:
        print(
            _("Kepala rantai log audit dipindah dari #{old} ke #{new}.").format(
                old=result.anchor_moved[0], new=result.anchor_moved[1]
            )
        )
    if not result.rows and not result.anchor_moved:
        print(_("Tidak ada yang perlu disegel ulang."))


def cmd_backup(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.cli.keys import key_file_passphrase
    from netral_desktop.services.maintenance import make_backup
    from netral_desktop.services.setup import open_key_store

    ctx = login(args, layout)
    store = open_key_store(ctx, key_file_passphrase(args, ctx))
    recovery = args.recovery_recipient
    if recovery and Path(recovery).is_file():  # office.age.txt of whoever keeps the copy
        recovery = Path(recovery).read_text(encoding="utf-8").strip()
    print(make_backup(ctx, Path(args.to), store=store, recovery_recipient=recovery))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.restore import restore

    password = passphrase = None
    if layout.database.exists():
        # An active administrator of the database being replaced (never one in the backup).
        if not args.user:
            raise UsageError(
                _("Pemulihan bertindak sebagai administrator basis data ini: berikan --user NAMA.")
            )
        password = read_secret(args.password_env, _("Kata sandi {user}: ").format(user=args.user))
    if layout.key_file.exists():
        passphrase = read_secret(args.passphrase_env, _("Kata sandi berkas kunci: "))
    result = restore(
        layout, Path(args.file), username=args.user, password=password, passphrase=passphrase
    )
    print(
        _("Basis data {office} dipulihkan dari {path}.").format(
            office=result.office_name, path=result.restored_from
        )
    )
    if result.previous_kept_as:
        print(_("Basis data sebelumnya disimpan di {path}.").format(path=result.previous_kept_as))
    return EXIT_OK


def cmd_audit(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.core.roles import Permission
    from netral_desktop.services.audit_query import recent_entries

    ctx = login(args, layout)
    ctx.require(Permission.VIEW_AUDIT)
    for entry in recent_entries(ctx.db, limit=args.limit):
        print(
            f"#{entry.seq:<6} {entry.at[:19]} {entry.actor:<14} {entry.action:<16} "
            f"{entry.table_name}/{entry.record_id[:13]} {entry.note}"
        )
    return EXIT_OK


def register_check(sub: argparse._SubParsersAction, parents: Parents) -> None:
    p = sub.add_parser("check", help=_("periksa basis data, log audit dan lampiran"))
    p.add_argument("--passphrase-env", metavar="NAMA")
    p.add_argument(
        "--repair",
        action="store_true",
        help=_(
            "hapus berkas sementara dan pindahkan berkas yatim ke karantina (administrator, "
            "dengan --user)"
        ),
    )
    p.add_argument(
        "--reseal",
        action="store_true",
        help=_(
            "administrator: setelah memeriksa dan memperbaiki, segel ulang baris yang diubah di "
            "luar program (dicatat di log audit)"
        ),
    )
    add_login_options(p)
    p.set_defaults(handler=cmd_check)


def register_backup(sub: argparse._SubParsersAction, parents: Parents) -> None:
    p = sub.add_parser("backup", help=_("buat cadangan basis data"))
    add_login_options(p)
    p.add_argument("--to", required=True, metavar="FOLDER")
    p.add_argument(
        "--recovery-recipient",
        metavar="AGE1_ATAU_BERKAS",
        help=_("penerima age tambahan (mis. office.age.txt provinsi) yang juga dapat membuka"),
    )
    p.add_argument(
        "--passphrase-env", metavar="NAMA", help=_("kata sandi berkas kunci folder data")
    )
    p.set_defaults(handler=cmd_backup)


def register_restore(sub: argparse._SubParsersAction, parents: Parents) -> None:
    p = sub.add_parser("restore", help=_("pulihkan basis data dari berkas cadangan"))
    add_login_options(p)
    p.add_argument("file", metavar="BERKAS")
    p.add_argument(
        "--passphrase-env", metavar="NAMA", help=_("kata sandi berkas kunci folder data")
    )
    p.set_defaults(handler=cmd_restore)


def register_audit(sub: argparse._SubParsersAction, parents: Parents) -> None:
    p = sub.add_parser("audit", help=_("tampilkan entri terakhir log audit"))
    add_login_options(p)
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler=cmd_audit)
