"""``netral``: the command line, a thin client of the services (no Qt is imported here).

Exit status: 0 success, 1 an error the user can fix, 2 wrong usage, 3 verification failed
(``cli.common``). Each command group is a module that adds its subcommands with ``register``
(or one ``register_<command>`` per command where a group's commands are not next to each
other in the help); ``build_parser`` only puts them together, in the order of the help.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from netral_desktop import APP_NAME, __version__
from netral_desktop.cli import (
    accounts,
    bundle,
    cases,
    deadline,
    documents,
    evidence,
    keys,
    maintenance,
    office,
    pledge,
    roster,
    setup,
    sosialisasi,
    sync,
)
from netral_desktop.cli.common import EXIT_INTERRUPTED, EXIT_OK, ArgumentParser, shared_parents
from netral_desktop.config import HomeLayout, LocalSettings, resolve_home
from netral_desktop.core.errors import NetralError
from netral_desktop.i18n import _, set_language, speak_argparse_language

__all__ = ["build_parser", "main"]

# Subcommands in the order ``netral --help`` lists them.
REGISTER = (
    setup.register_init,
    setup.register_demo,
    maintenance.register_check,
    accounts.register,
    office.register,
    maintenance.register_backup,
    maintenance.register_restore,
    keys.register,
    sync.register_trust,
    sync.register_enroll,
    maintenance.register_audit,
    documents.register,
    roster.register,
    pledge.register,
    sosialisasi.register,
    cases.register,
    deadline.register,
    evidence.register,
    bundle.register,
    setup.register_version,
)


def build_parser() -> argparse.ArgumentParser:
    speak_argparse_language()
    parser = ArgumentParser(
        prog="netral", description=_("{app}: baris perintah.").format(app=APP_NAME)
    )
    parser.add_argument(
        "--home",
        metavar="FOLDER",
        help=_("folder data (bawaan: NETRAL_HOME atau folder data pengguna)"),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{APP_NAME} {__version__}",
        help=_("tampilkan versi program lalu keluar"),
    )
    sub = parser.add_subparsers(dest="command", metavar=_("PERINTAH"))
    sub.required = True
    parents = shared_parents()
    for register in REGISTER:
        register(sub, parents)
    return parser


def _early_home(argv: Sequence[str]) -> str | None:
    # The last one wins, as argparse has it (``--home A --home B`` is B everywhere).
    found = None
    for i, arg in enumerate(argv):
        if arg == "--home" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--home="):
            found = arg.split("=", 1)[1]
    return found


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.umask(0o077)  # every file and folder the program makes is this user's only
    layout = HomeLayout(resolve_home(_early_home(argv)))
    set_language(os.environ.get("NETRAL_LANG") or LocalSettings.load(layout).language)
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args, layout)
    except NetralError as exc:
        print(_("Galat: {message}").format(message=exc), file=sys.stderr)
        return exc.exit_status
    except MemoryError:
        # A last guard: readers bound what they load, but no traceback for a person.
        print(
            _("Galat: memori tidak cukup untuk perintah ini. Tidak ada yang disimpan."),
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print(_("Dibatalkan."), file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (``netral ikrar list | head``): not an error.
        # Point stdout at /dev/null so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    finally:
        from netral_desktop.services.integrity import flush_anchors

        flush_anchors()  # the audit chain's head is anchored before the command returns
