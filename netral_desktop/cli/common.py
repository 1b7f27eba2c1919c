"""What every command group shares: passwords, logging in, the login options, files, exit codes."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from netral_desktop.config import HomeLayout, LocalSettings
from netral_desktop.core.errors import NetralError, UsageError
from netral_desktop.i18n import _

# Exit status of every command (a NetralError carries its own: 1, or 2 for a UsageError).
EXIT_OK = 0
EXIT_ERROR = 1  # an error the user can fix
EXIT_USAGE = 2  # wrong usage (argparse exits with it too)
EXIT_FAILED_CHECK = 3  # verification failed: a check, a document code, a file
EXIT_INTERRUPTED = 130

Handler = Callable[[argparse.Namespace, HomeLayout], int]


@dataclass(frozen=True)
class Parents:
    """Option sets shared by many subcommands, handed to each group's ``register``."""

    login: argparse.ArgumentParser  # --user and --password-env


def shared_parents() -> Parents:
    login = argparse.ArgumentParser(add_help=False)
    add_login_options(login)
    return Parents(login=login)


def read_secret(env_name: str | None, prompt: str, *, confirm: bool = False) -> str:
    """A password from the named environment variable, else from a terminal prompt."""
    if env_name:
        value = os.environ.get(env_name)
        if not value:
            raise UsageError(
                _("Variabel lingkungan {name} kosong atau tidak ada.").format(name=env_name)
            )
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise UsageError(
            _(
                "Kata sandi diperlukan: jalankan di terminal, atau berikan --password-env NAMA "
                "(nama variabel lingkungan yang berisi kata sandi)."
            )
        )
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("Ulangi: ")) != value:
        raise UsageError(_("Kedua kata sandi tidak sama."))
    return value


def login(args: argparse.Namespace, layout: HomeLayout):  # type: ignore[no-untyped-def]
    """The service context acting as ``--user`` (checked against the database)."""
    from netral_desktop.services import accounts
    from netral_desktop.services.context import open_context

    ctx = open_context(layout)
    username = args.user or LocalSettings.load(layout).last_username
    if not username:
        raise UsageError(_("Perintah ini bertindak sebagai pengguna: berikan --user NAMA."))
    password = read_secret(args.password_env, _("Kata sandi {user}: ").format(user=username))
    return ctx.as_actor(accounts.authenticate(ctx, username, password))


def add_login_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", help=_("nama pengguna yang menjalankan perintah"))
    parser.add_argument(
        "--password-env", metavar="NAMA", help=_("variabel lingkungan berisi kata sandi pengguna")
    )


def print_office(ctx) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.services.context import current_office

    office = current_office(ctx)
    print(
        _("Kantor: {name} ({code}), mode {mode}").format(
            name=office.name, code=office.code, mode=office.mode
        )
    )
    print(
        _("Zona waktu: {tz}; kode wilayah Bawaslu: {bcode}").format(
            tz=office.time_zone, bcode=office.bawaslu_code or _("(belum diisi)")
        )
    )
    if ctx.layout:
        print(_("Folder data: {path}").format(path=ctx.layout.root))


def read_file(path: str) -> bytes:
    """The bytes of a file named on the command line (an unreadable one: an error to fix)."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise NetralError(
            _("Berkas {path} tidak dapat dibaca: {reason}.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None


def write_file(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise NetralError(
            _("Berkas {path} tidak dapat ditulis: {reason}.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None
