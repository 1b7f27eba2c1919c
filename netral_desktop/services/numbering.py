"""Letter numbering as the office's data (tata naskah dinas): this computer's device code,
the issuer code (an office setting), and the pick-list of archive classification codes.

Why a device part: a letter number must be unique, and two laptops of one office work
offline with a database each. A number taken on one cannot be seen by the other until their
data meet, so any shared counter would repeat. Each computer therefore counts its own
sequence and prints its code in the number (``012-A/…``, ``012-B/…``), as desks once kept
agenda books of their own. The code is set once per computer (``netral doc device A``);
an office with a single computer may drop ``{device}`` from its format.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from netral_desktop.config import resources_dir
from netral_desktop.core.errors import ValidationError
from netral_desktop.core.numbering import check_device_code
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services import audit
from netral_desktop.services.context import ServiceContext
from netral_desktop.store import office as office_store

DEVICE_KEY = "letter_device"
CLASSIFICATION_FILE = "klasifikasi_arsip.csv"


@dataclass(frozen=True)
class Classification:
    code: str
    label: str
    note: str = ""


def device_code(ctx: ServiceContext) -> str:
    """This computer's code in letter numbers ("" when not set yet)."""
    with ctx.db.read_session() as session:
        return office_store.meta(session).get(DEVICE_KEY, "")


def set_device_code(ctx: ServiceContext, code: str | None) -> str:
    """Set this computer's code (1-3 letters or digits), or with None clear it."""
    actor = ctx.require(Permission.MANAGE_SETTINGS)
    value = check_device_code(code) if code else None
    with ctx.db.write_session() as session:
        old = office_store.meta(session).get(DEVICE_KEY)
        office_store.set_meta(session, {DEVICE_KEY: value})
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=actor.username,
            action="set_device",
            table_name="local_meta",
            record_id=DEVICE_KEY,
            old={"device": old},
            new={"device": value},
        )
    return value or ""


def _read(path: Path) -> list[Classification]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ValidationError(
            _("Daftar klasifikasi arsip {path} tidak dapat dibaca: {reason}.").format(
                path=path, reason=exc
            )
        ) from None
    out = []
    for row in rows:
        code = (row.get("kode") or "").strip()
        if code:
            out.append(
                Classification(
                    code, (row.get("uraian") or "").strip(), (row.get("catatan") or "").strip()
                )
            )
    return out


def classifications(ctx: ServiceContext | None = None) -> list[Classification]:
    """The pick-list: the codes shipped in resources/data, with the office's own file in its
    data folder added (its rows win over a shipped code), sorted by code."""
    found = {c.code: c for c in _read(resources_dir() / "data" / CLASSIFICATION_FILE)}
    if ctx is not None and ctx.layout is not None:
        own = ctx.layout.root / CLASSIFICATION_FILE
        if own.is_file():
            found.update({c.code: c for c in _read(own)})
    return sorted(found.values(), key=lambda c: c.code)


def check_classification(ctx: ServiceContext, code: str) -> None:
    """A letter's classification must be on the pick-list (a typo would stay on paper)."""
    codes = {c.code for c in classifications(ctx)}
    if code not in codes:
        raise ValidationError(
            _(
                "Kode klasifikasi arsip '{code}' tidak ada di daftar. Pilih dari daftar "
                "(netral doc klasifikasi) atau tambahkan ke berkas {file} di folder data."
            ).format(code=code, file=CLASSIFICATION_FILE),
            code="classification_unknown",
        )
