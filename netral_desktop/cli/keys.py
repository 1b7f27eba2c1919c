"""``netral keys show | export-public DIR | backup FILE | restore FILE``: the office's keys.

Passphrases come from a prompt or an environment variable named on the command line, never
from an argument: ``--backup-passphrase-env`` for the key backup file, ``--passphrase-env`` for
the data folder's key file (only where the office keeps its keys in a file, not the keyring).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from netral_desktop.cli.common import (
    EXIT_OK,
    Parents,
    add_key_file_option,
    add_login_options,
    login,
    read_secret,
)
from netral_desktop.config import HomeLayout
from netral_desktop.i18n import _


def key_file_passphrase(args: argparse.Namespace, ctx) -> str | None:  # type: ignore[no-untyped-def]
    """The key file's passphrase where this data folder keeps its keys in a file."""
    from netral_desktop.services.keys import key_file_is_open

    if ctx.meta.get("key_store") != "file" or key_file_is_open(ctx.layout):
        return None
    return read_secret(args.passphrase_env, _("Kata sandi berkas kunci: "))


def _store(args: argparse.Namespace, ctx):  # type: ignore[no-untyped-def]
    from netral_desktop.services.setup import open_key_store

    return open_key_store(ctx, key_file_passphrase(args, ctx))


def _print_info(info) -> None:  # type: ignore[no-untyped-def]
    print(_("Kunci tanda tangan (minisign), ID kunci {key_id}:").format(key_id=info.key_id))
    print(f"  {info.public_key}")
    print(_("  periksa tanda tangan: minisign -Vm BERKAS -P {key}").format(key=info.public_key))
    print(_("Penerima age (kunci publik enkripsi):"))
    print(f"  {info.recipient}")
    print(_("Disimpan di: {kind}").format(kind=info.key_store))


def cmd_show(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.context import open_context
    from netral_desktop.services.keys import key_info, office_keys_of

    ctx = open_context(layout)
    store = _store(args, ctx)
    _print_info(key_info(office_keys_of(ctx, store), store))
    return EXIT_OK


def cmd_export_public(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.context import open_context
    from netral_desktop.services.keys import export_public, office_keys_of

    ctx = open_context(layout)
    for path in export_public(office_keys_of(ctx, _store(args, ctx)), Path(args.folder)):
        print(path)
    return EXIT_OK


def cmd_backup(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.core.roles import Permission
    from netral_desktop.services.keys import backup_keys, check_backup_passphrase

    ctx = login(args, layout)
    ctx.require(Permission.MANAGE_KEYS)  # before asking for anything else
    store = _store(args, ctx)
    passphrase = read_secret(
        args.backup_passphrase_env, _("Kata sandi baru untuk cadangan kunci: "), confirm=True
    )
    check_backup_passphrase(passphrase)
    path = backup_keys(ctx, store, Path(args.file), passphrase)
    print(path)
    print(
        _(
            "Simpan berkas ini dan kata sandinya di tempat terpisah (misalnya brankas kantor). "
            "Dengan keduanya, kantor dapat memulihkan kunci di komputer baru (netral keys "
            "restore) atau memakai minisign dan age langsung (lihat BACA-SAYA.txt di dalamnya)."
        )
    )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.context import open_context
    from netral_desktop.services.keys import restore_keys

    passphrase = read_secret(args.backup_passphrase_env, _("Kata sandi cadangan kunci: "))
    ctx = open_context(layout) if layout.has_database() else None
    key_file = None
    if ctx is not None:
        key_file = key_file_passphrase(args, ctx)
    elif args.key_store == "file" and args.passphrase_env:
        key_file = read_secret(args.passphrase_env, _("Kata sandi berkas kunci: "))
    done = restore_keys(
        layout,
        Path(args.file),
        passphrase,
        key_store=args.key_store,
        key_file_passphrase=key_file,
        ctx=ctx,
    )
    print(
        _("Kunci kantor {code} dipulihkan ke {kind}: {names}.").format(
            code=done.office_code, kind=done.key_store, names=", ".join(done.names)
        )
    )
    _print_info(done.info)
    if ctx is None:
        print(
            _(
                "Sekarang pulihkan cadangan basis data kantor ini: netral --home {home} restore "
                "BERKAS.sqlite.age"
            ).format(home=layout.root)
        )
    return EXIT_OK


def register(sub: argparse._SubParsersAction, parents: Parents) -> None:
    p = sub.add_parser("keys", help=_("kunci kantor: tampilkan, ekspor, cadangkan, pulihkan"))
    keys = p.add_subparsers(dest="keys_command", metavar=_("PERINTAH"))
    keys.required = True

    q = keys.add_parser("show", help=_("sidik jari kunci kantor (minisign dan age)"))
    add_key_file_option(q)
    q.set_defaults(handler=cmd_show)

    q = keys.add_parser(
        "export-public", help=_("tulis office.pub (minisign) dan office.age.txt (age)")
    )
    q.add_argument("folder", metavar="FOLDER")
    add_key_file_option(q)
    q.set_defaults(handler=cmd_export_public)

    q = keys.add_parser("backup", help=_("cadangan kunci berkata sandi (administrator)"))
    q.add_argument("file", metavar="BERKAS")
    add_login_options(q)  # --passphrase-env among them
    q.add_argument(
        "--backup-passphrase-env",
        metavar="NAMA",
        help=_("variabel lingkungan berisi kata sandi cadangan kunci"),
    )
    q.set_defaults(handler=cmd_backup)

    q = keys.add_parser("restore", help=_("pulihkan kunci kantor dari cadangan kunci"))
    q.add_argument("file", metavar="BERKAS")
    q.add_argument(
        "--backup-passphrase-env",
        metavar="NAMA",
        help=_("variabel lingkungan berisi kata sandi cadangan kunci"),
    )
    q.add_argument(
        "--key-store",
        choices=["keyring", "file"],
        default="keyring",
        help=_(
            "di folder data baru: simpan kunci di keyring sistem (bawaan) atau berkas kunci "
            "berkata sandi (kata sandinya dari --passphrase-env, bawaan: kata sandi cadangan)"
        ),
    )
    add_key_file_option(q)
    q.set_defaults(handler=cmd_restore)
