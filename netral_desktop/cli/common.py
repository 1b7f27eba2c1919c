"""What every command group shares: passwords, logging in, the login options, files, exit codes."""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

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


# Options whose value may be a secret (``--password``, ``--passphrase``, ``--kata-sandi``...):
# a usage error never repeats what followed them. ``--password-env NAME`` names a variable,
# not a secret, and is left readable.
SECRET_OPTION = re.compile(r"^-.*(pass|sandi|secret|rahasia|token|pin)", re.IGNORECASE)
REDACTED = "***"


def secret_values(argv: Sequence[str]) -> list[str]:
    """The values in ``argv`` that followed a secret-looking option (as ``--opt VALUE`` or
    ``--opt=VALUE``), longest first so a redaction never leaves part of one."""
    found: set[str] = set()
    for i, token in enumerate(argv):
        name, eq, value = token.partition("=")
        if not SECRET_OPTION.match(name) or name.lower().endswith("-env"):
            continue
        if eq:
            found.add(value)
        elif i + 1 < len(argv):
            found.add(argv[i + 1])
    return sorted((v for v in found if v), key=len, reverse=True)


def redact(text: str, secrets: Sequence[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text


class ArgumentParser(argparse.ArgumentParser):
    """argparse with options spelled out in full (``--pass`` is not ``--password-env``) and
    usage errors that never echo a value given after a password-like option.

    Subparsers are made of the parent's class, so ``netral``'s every subcommand is one of these.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)
        self._argv: list[str] = []

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self._argv = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        text = redact(message, secret_values(self._argv))
        self.exit(EXIT_USAGE, _("{prog}: galat: {message}\n").format(prog=self.prog, message=text))


@dataclass(frozen=True)
class Parents:
    """Option sets shared by many subcommands, handed to each group's ``register``."""

    login: argparse.ArgumentParser  # --user and --password-env


def shared_parents() -> Parents:
    login = ArgumentParser(add_help=False)
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
    unlock_key_file(args, ctx)
    password = read_secret(args.password_env, _("Kata sandi {user}: ").format(user=username))
    return ctx.as_actor(accounts.authenticate(ctx, username, password))


def unlock_key_file(args: argparse.Namespace, ctx) -> None:  # type: ignore[no-untyped-def]
    """A data folder whose keys are in a passphrase key file (no OS keyring): the audit key is
    in there, so a command that writes unlocks it first (``--passphrase-env`` or a prompt)."""
    from netral_desktop.services import integrity, keys

    if ctx.layout is None or not keys.uses_key_file(ctx.layout):
        return
    if not keys.key_file_is_open(ctx.layout):
        env_name = getattr(args, "passphrase_env", None)
        keys.unlock_key_file(ctx.layout, read_secret(env_name, _("Kata sandi berkas kunci: ")))
    integrity.load_key(ctx)


def add_key_file_option(parser: argparse.ArgumentParser) -> None:
    """``--passphrase-env`` alone, for commands that open the key file without acting as a
    user (the login options carry it too)."""
    parser.add_argument(
        "--passphrase-env",
        metavar="NAMA",
        help=_("variabel lingkungan berisi kata sandi berkas kunci folder data"),
    )


def add_login_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", help=_("nama pengguna yang menjalankan perintah"))
    parser.add_argument(
        "--password-env", metavar="NAMA", help=_("variabel lingkungan berisi kata sandi pengguna")
    )
    parser.add_argument(
        "--passphrase-env",
        metavar="NAMA",
        help=_(
            "variabel lingkungan berisi kata sandi berkas kunci (folder data tanpa keyring sistem)"
        ),
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
    print(_("Batas berkas bukti: {mb} MB").format(mb=office.evidence_max_mb))
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
    """Write an output file the command was asked for, whole or not at all (a full disk or a
    read-only folder: an error to fix, exit 1, and no file left behind)."""
    from netral_desktop.services.files import write_file as write_whole

    write_whole(path, data)


T = TypeVar("T")


def issue_to(out: Path, issue: Callable[[Callable[[bytes], None]], T]) -> T:
    """Issue a document and write its PDF to ``out``, so that a full or read-only target
    issues nothing, and a kill at any moment leaves no PDF whose verification code and number
    were never recorded: the PDF is written whole under a temporary name before the issue
    commits (``deliver``) and renamed to ``out`` only after it has."""
    from netral_desktop.core.errors import StoreError
    from netral_desktop.services.files import Prepared, prepare_whole

    prepared: list[Prepared] = []

    def deliver(pdf: bytes) -> None:
        prepared.append(prepare_whole(out, pdf))

    try:
        result = issue(deliver)
    except BaseException:
        for pending in prepared:
            pending.discard()
        raise
    for pending in prepared:
        try:
            pending.commit()
        except StoreError as exc:
            raise NetralError(
                _(
                    "Dokumen sudah diterbitkan dan tersimpan di folder data, tetapi salinannya "
                    "tidak dapat ditaruh di {path} ({reason}). Ambil salinannya dengan "
                    "'netral doc get KODE -o BERKAS'."
                ).format(path=out, reason=exc)
            ) from exc
    return result
