"""``netral init``, ``netral demo`` and ``netral version``: setting up a data folder."""

from __future__ import annotations

import argparse

from netral_desktop import APP_NAME, __version__
from netral_desktop.cli.common import (
    EXIT_OK,
    Parents,
    add_login_options,
    login,
    print_office,
    read_secret,
)
from netral_desktop.config import HomeLayout, LocalSettings
from netral_desktop.i18n import _


def cmd_init(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.setup import check_office_code, init_office

    check_office_code(args.office, args.mode)  # fail on a wrong code before asking anything
    password = read_secret(
        args.password_env,
        _("Kata sandi baru untuk {user}: ").format(user=args.admin),
        confirm=True,
    )
    passphrase = None
    if args.key_store == "file":
        passphrase = read_secret(args.passphrase_env, _("Kata sandi berkas kunci: "), confirm=True)
    ctx = init_office(
        layout,
        office_code=args.office,
        name=args.name,
        mode=args.mode,
        admin_username=args.admin,
        admin_password=password,
        admin_full_name=args.admin_name or "",
        time_zone=args.time_zone,
        bawaslu_code=args.kode_bawaslu,
        key_store=args.key_store,
        passphrase=passphrase,
        database_url=args.db,
        database_password=_db_password(args),
    )
    settings = LocalSettings.load(layout)
    settings.last_username = args.admin.lower()
    settings.save(layout)
    print_office(ctx)
    print(_("Administrator: {user}").format(user=args.admin.lower()))
    print(_("Kunci data disimpan di: {kind}").format(kind=ctx.meta["key_store"]))
    return EXIT_OK


def _db_password(args: argparse.Namespace) -> str | None:
    """The PostgreSQL password, only from the environment variable named (never an argument)."""
    if not args.db or not args.db_password_env:
        return None
    return read_secret(args.db_password_env, _("Kata sandi server basis data: "))


def _demo_jobs() -> tuple[tuple[str, str], ...]:
    """What each demo user is for, in the order the demo's output lists them (the job first)."""
    return (
        ("sekretariat", _("daftar pegawai dan instansi, acara ikrar, daftar hadir, cetakan")),
        ("staf", _("mencatat kasus, bukti dan sosialisasi")),
        ("koordinator", _("langkah kasus, putusan pleno, bundel ke provinsi")),
        ("admin", _("akun, pengaturan kantor, kunci kantor, cadangan")),
        ("provinsi", _("peran kantor provinsi: rekap dan impor bundel")),
    )


def _demo_key_store(args: argparse.Namespace, layout: HomeLayout) -> tuple[str, str | None, bool]:
    """The key store of a new demo office: the OS keyring where one runs; else (``auto``) the
    passphrase key file with a generated passphrase that the output shows. The key, the
    passphrase generated or not."""
    from netral_desktop.demo.office import key_file_passphrase
    from netral_desktop.store import keystore

    kind = args.key_store
    if kind == "auto":
        available, _backend = keystore.keyring_available()
        kind = keystore.KEYRING if available or layout.has_database() else keystore.FILE
    if kind != keystore.FILE or layout.has_database():
        return kind, None, False
    if args.passphrase_env or args.key_store == keystore.FILE:
        return kind, read_secret(args.passphrase_env, _("Kata sandi berkas kunci: ")), False
    return kind, key_file_passphrase(), True


def cmd_demo(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.demo.office import create_demo

    key_store, passphrase, generated = _demo_key_store(args, layout)
    ctx = login(args, layout) if layout.has_database() else None
    if ctx is None:
        _print_jobs(layout, None)  # what to do next comes first
    rule = "=" * 72
    shown: list[str] = []

    def announce(username: str, role: str, password: str) -> None:
        # Shown (and flushed) before the account is committed: a run killed right after
        # leaves no account whose password nobody saw.
        if not shown:
            print(rule)
            print(_("  KATA SANDI PENGGUNA DEMO (catat sekarang; tidak ditampilkan lagi)"))
            print(rule)
        shown.append(username)
        print(f"  {username:<12} {role:<12} {password}", flush=True)

    result = create_demo(
        layout,
        scale=args.scale,
        key_store=key_store,
        passphrase=passphrase,
        ctx=ctx,
        database_url=args.db,
        announce=announce,
    )
    if generated and passphrase:
        if not shown:
            print(rule)
        print(rule)
        print(
            _("  Kata sandi berkas kunci (ditanyakan jendela saat masuk): {passphrase}").format(
                passphrase=passphrase
            )
        )
    if shown or generated:
        print(rule)
        print()
    if result.created_office:
        print(_("Kantor demo disiapkan."))
    else:
        print(_("Data demo ditambahkan ke kantor yang sudah ada."))
    if ctx is not None and result.users:
        _print_jobs(layout, {username for username, _role, _pw in result.users})
    if result.created_office:
        _print_key_store_choice(layout, key_store, generated)
    print_office(result.ctx)
    for name, count in result.counts.items():
        print(f"  {name}: {count}")
    if result.users:
        settings = LocalSettings.load(layout)
        settings.last_username = settings.last_username or result.users[0][0]
        settings.save(layout)
    return EXIT_OK


def _print_jobs(layout: HomeLayout, made: set[str] | None) -> None:
    """What to do next: which demo user for which job (all of them before they are made)."""
    print()
    print(_("LANGKAH BERIKUTNYA"))
    print(_("  1. Buka jendela program:  netral-desktop --home {home}").format(home=layout.root))
    print(_("  2. Masuk sebagai pengguna yang sesuai dengan pekerjaan yang ingin dicoba:"))
    for username, job in _demo_jobs():
        if made is None or username in made:
            print(f"       {username:<12} {job}", flush=True)
    print()


def _print_key_store_choice(layout: HomeLayout, key_store: str, generated: bool) -> None:
    if key_store == "keyring":
        print(_("Kunci kantor disimpan di keyring sistem operasi."))
        return
    if generated:
        print(
            _(
                "Komputer ini tidak punya keyring sistem yang berjalan (Secret Service, KWallet), "
                "jadi kunci kantor demo disimpan terenkripsi di {path} dengan kata sandi berkas "
                "kunci di atas, yang ditanyakan jendela saat masuk. Tidak ada rahasia yang "
                "disimpan tanpa enkripsi. Kantor sungguhan sebaiknya memakai keyring sistem."
            ).format(path=layout.key_file)
        )
    else:
        print(
            _("Kunci kantor disimpan di berkas kunci berkata sandi {path}.").format(
                path=layout.key_file
            )
        )


def cmd_version(_args: argparse.Namespace, _layout: HomeLayout) -> int:
    print(f"{APP_NAME} {__version__}")
    return EXIT_OK


def add_database_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="URL",
        help=_(
            "basis data di server PostgreSQL: postgresql+psycopg://PENGGUNA@HOST:PORT/NAMA "
            "(bawaan: berkas SQLite di folder data)"
        ),
    )
    p.add_argument(
        "--db-password-env",
        metavar="NAMA",
        help=_("variabel lingkungan berisi kata sandi server basis data (disimpan di keyring)"),
    )


def register_init(sub: argparse._SubParsersAction, parents: Parents) -> None:
    p = sub.add_parser("init", help=_("siapkan folder data untuk sebuah kantor"))
    p.add_argument(
        "--office",
        required=True,
        metavar="KODE",
        help=_("kode wilayah Kemendagri kantor, misalnya 34.02"),
    )
    p.add_argument(
        "--name", metavar="NAMA", help=_("nama kantor, misalnya 'Bawaslu Kabupaten Bantul'")
    )
    p.add_argument("--mode", choices=["district", "province"], default="district")
    p.add_argument(
        "--admin",
        required=True,
        metavar="NAMA_PENGGUNA",
        help=_("nama pengguna administrator pertama"),
    )
    p.add_argument("--admin-name", metavar="NAMA_LENGKAP")
    p.add_argument(
        "--time-zone", choices=["WIB", "WITA", "WIT"], help=_("bawaan: menurut provinsi")
    )
    p.add_argument(
        "--kode-bawaslu",
        metavar="KODE",
        help=_("kode wilayah Bawaslu untuk nomor surat, misalnya 15.02"),
    )
    p.add_argument(
        "--key-store",
        choices=["keyring", "file"],
        default="keyring",
        help=_("tempat kunci data: keyring sistem (bawaan) atau berkas berkata sandi"),
    )
    p.add_argument(
        "--password-env",
        metavar="NAMA",
        help=_("variabel lingkungan berisi kata sandi administrator"),
    )
    p.add_argument(
        "--passphrase-env",
        metavar="NAMA",
        help=_("variabel lingkungan berisi kata sandi berkas kunci"),
    )
    add_database_options(p)
    p.set_defaults(handler=cmd_init)


def register_demo(sub: argparse._SubParsersAction, parents: Parents) -> None:
    p = sub.add_parser("demo", help=_("siapkan kantor demo dengan data contoh"))
    add_login_options(p)
    p.add_argument("--scale", choices=["small", "district", "province"], default="small")
    p.add_argument(
        "--key-store",
        choices=["auto", "keyring", "file"],
        default="auto",
        help=_(
            "bawaan auto: keyring sistem bila ada, selain itu berkas kunci dengan kata sandi "
            "buatan yang dicetak"
        ),
    )
    p.add_argument(
        "--db",
        metavar="URL",
        help=_("kantor demo baru di server PostgreSQL ini (bawaan: berkas SQLite)"),
    )
    p.set_defaults(handler=cmd_demo)


def register_version(sub: argparse._SubParsersAction, parents: Parents) -> None:
    p = sub.add_parser("version", help=_("tampilkan versi"))
    p.set_defaults(handler=cmd_version)
