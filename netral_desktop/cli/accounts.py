"""``netral user``: user accounts (an administrator's work)."""

from __future__ import annotations

import argparse

from netral_desktop.cli.common import EXIT_OK, Parents, login, read_secret
from netral_desktop.config import HomeLayout
from netral_desktop.i18n import _

ROLES = ["admin", "koordinator", "sekretariat", "staf", "provinsi"]


def cmd_user(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.core.roles import role_label
    from netral_desktop.services import accounts

    ctx = login(args, layout)
    if args.user_command == "list":
        for user in accounts.list_users(ctx):
            state = _("aktif") if user.active else _("nonaktif")
            if user.locked_until:
                state += _(", terkunci")
            print(f"{user.username:<16} {role_label(user.role):<20} {state:<18} {user.full_name}")
        return EXIT_OK
    if args.user_command == "add":
        password = read_secret(
            args.new_password_env,
            _("Kata sandi untuk {user}: ").format(user=args.username),
            confirm=True,
        )
        user = accounts.create_user(
            ctx, username=args.username, full_name=args.full_name, role=args.role, password=password
        )
        print(
            _("Pengguna {user} ({role}) ditambahkan.").format(
                user=user.username, role=role_label(user.role)
            )
        )
    elif args.user_command == "role":
        user = accounts.set_role(ctx, args.username, args.role)
        print(
            _("Peran {user} sekarang {role}.").format(
                user=user.username, role=role_label(user.role)
            )
        )
    elif args.user_command == "reset-password":
        password = read_secret(
            args.new_password_env,
            _("Kata sandi baru untuk {user}: ").format(user=args.username),
            confirm=True,
        )
        user = accounts.reset_password(ctx, args.username, password)
        print(_("Kata sandi {user} diatur ulang; kunci akun dibuka.").format(user=user.username))
    elif args.user_command in ("disable", "enable"):
        user = accounts.set_active(ctx, args.username, args.user_command == "enable")
        print(
            (
                _("Akun {user} diaktifkan.") if user.active else _("Akun {user} dinonaktifkan.")
            ).format(user=user.username)
        )
    return EXIT_OK


def register(sub: argparse._SubParsersAction, parents: Parents) -> None:
    login_options = [parents.login]
    p = sub.add_parser("user", help=_("kelola akun pengguna (administrator)"))
    user_sub = p.add_subparsers(dest="user_command", metavar=_("TINDAKAN"))
    user_sub.required = True
    user_sub.add_parser("list", help=_("daftar pengguna"), parents=login_options)
    q = user_sub.add_parser("add", help=_("tambah pengguna"), parents=login_options)
    q.add_argument("username")
    q.add_argument("--full-name", required=True)
    q.add_argument("--role", required=True, choices=ROLES)
    q.add_argument("--new-password-env", metavar="NAMA")
    q = user_sub.add_parser("role", help=_("ubah peran"), parents=login_options)
    q.add_argument("username")
    q.add_argument("role", choices=ROLES)
    q = user_sub.add_parser(
        "reset-password", help=_("atur ulang kata sandi dan buka kunci"), parents=login_options
    )
    q.add_argument("username")
    q.add_argument("--new-password-env", metavar="NAMA")
    for action, text in (("disable", _("nonaktifkan akun")), ("enable", _("aktifkan akun"))):
        q = user_sub.add_parser(action, help=text, parents=login_options)
        q.add_argument("username")
    p.set_defaults(handler=cmd_user)
