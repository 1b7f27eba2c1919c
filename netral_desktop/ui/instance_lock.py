"""One window per data folder. A second window on the same folder is refused with a message
naming the window that holds it (computer, process, since when), rather than kept fresh:
the window's pages hold what they read (counts, the invitee list, the door's undo of "my last
mark"), so two windows on one folder would each show the other's work late or not at all, and
the second is nearly always a double click. Qt's QLockFile holds the lock: it is let go when
the window closes, and a lock left by a window that crashed on this computer is taken over."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileInfo, QLockFile

from netral_desktop.config import HomeLayout
from netral_desktop.core.errors import ConflictError
from netral_desktop.i18n import _

LOCK_NAME = "netral-desktop.lock"  # in the data folder, beside the database


def lock_path(layout: HomeLayout) -> Path:
    return layout.root / LOCK_NAME


def acquire(layout: HomeLayout) -> QLockFile:
    """The data folder's window lock, held; ``ConflictError`` (with who holds it) when another
    window has it."""
    layout.root.mkdir(parents=True, exist_ok=True)
    path = lock_path(layout)
    lock = QLockFile(str(path))
    # Never stale by age (a window may stay open for days); only when its process is gone.
    lock.setStaleLockTime(0)
    if lock.tryLock(0):
        return lock
    # PySide6 gives (pid, hostname, appname), or less when the file cannot be read.
    info = lock.getLockInfo()
    since = QFileInfo(str(path)).lastModified().toString("dd/MM/yyyy HH.mm")
    if isinstance(info, tuple) and len(info) == 3 and info[0]:
        pid, host, _app = info
        who = _("di komputer {host} (proses {pid}, sejak {since})").format(
            host=host or "?", pid=pid, since=since
        )
    else:
        who = _("oleh program lain")
    raise ConflictError(
        _(
            "Netral Desktop sudah terbuka untuk folder data ini {who}. Gunakan jendela itu: "
            "dua jendela pada data yang sama saling menampilkan angka yang sudah lewat. Bila "
            "jendela itu sudah tidak ada (komputer lain mati mendadak), hapus berkas {file}."
        ).format(who=who, file=path),
        code="window_open",
    )
