"""Seals on the rows that grant rights or appear on papers, written wherever those rows are.

Every ORM write of a sealed table (accounts, the office, issued documents, numbering schemes),
whoever makes it, passes ``before_flush`` below, which seals the row as it will be stored: no
writer can forget it. Bulk writers (store/synced.py) reseal by id after their statement. The
key is the audit key the services hand the Database (store.audit.ChainSeal); a keyed office
with no key loaded refuses the write rather than leave a row unsealed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, inspect, select, update
from sqlmodel import Session, SQLModel

from netral_desktop.core.audit_chain import SEALED_FIELDS, row_seal, seal_matches
from netral_desktop.core.errors import VerificationFailed
from netral_desktop.i18n import _
from netral_desktop.store.audit import require_key
from netral_desktop.store.bulk import Executor, connection_of
from netral_desktop.store.models import IssuedDocument, NumberingScheme, Office, User

SEALED_MODELS: dict[str, type[SQLModel]] = {
    "user_account": User,
    "office": Office,
    "issued_document": IssuedDocument,
    "numbering_scheme": NumberingScheme,
}
_SEALED_CLASSES = tuple(SEALED_MODELS.values())


def _values(row: SQLModel) -> dict[str, Any]:
    return {name: getattr(row, name) for name in SEALED_FIELDS[str(row.__tablename__)]}


@event.listens_for(Session, "before_flush")
def _seal_before_flush(session: Session, _context: Any, _instances: Any) -> None:
    rows = [
        row
        for row in (*session.new, *session.dirty)
        if isinstance(row, _SEALED_CLASSES) and (row in session.new or session.is_modified(row))
    ]
    if not rows:
        return
    key = require_key(session)
    for row in rows:
        table = str(row.__tablename__)
        if key is not None and row not in session.new:
            _refuse_if_tampered(key, table, row)
        # Unkeyed office (set up before the key): sealed on its first start with the key.
        row.seal = row_seal(key, table, _values(row)) if key else None


def _refuse_if_tampered(key: bytes, table: str, row: SQLModel) -> None:
    """A change to a row that was altered behind the program's back would seal the
    alteration as genuine: refused, the row left for an administrator to check."""
    original = inspect(row).committed_state
    values = {name: original.get(name, getattr(row, name)) for name in SEALED_FIELDS[table]}
    values["seal"] = original.get("seal", getattr(row, "seal", None))
    if not seal_matches(key, table, values):
        raise VerificationFailed(tampered_message(table, _label(table, values)), code="tampered")


def tampered_message(table: str, label: str) -> str:
    what = {
        "user_account": _("Data akun '{label}'"),
        "office": _("Data kantor {label}"),
        "issued_document": _("Catatan dokumen berkode {label}"),
        "numbering_scheme": _("Format nomor seri {label}"),
    }[table].format(label=label)
    return _(
        "{what} diubah di luar program (tidak cocok dengan segelnya). Demi keamanan data itu "
        "tidak dipakai dan tidak diubah. Administrator harus memeriksanya ('netral check'), "
        "memperbaikinya, lalu menyegel ulang ('netral check --reseal')."
    ).format(what=what)


def reseal(executor: Executor, table: str, keys: Sequence[Any]) -> int:
    """Seal again rows a bulk statement wrote (by primary key); returns how many."""
    if table not in SEALED_MODELS or not keys:
        return 0
    key = require_key(executor)
    if key is None:
        return 0
    model = SEALED_MODELS[table]
    conn = connection_of(executor)
    pk = _pk(model)
    found = conn.execute(select(model.__table__).where(pk.in_(list(keys)))).mappings().all()  # type: ignore[attr-defined]
    for values in found:
        conn.execute(
            update(model.__table__)  # type: ignore[attr-defined]
            .where(pk == values[pk.name])
            .values(seal=row_seal(key, table, values))
        )
    return len(found)


def refuse_tampered(executor: Executor, table: str, keys: Sequence[Any]) -> None:
    """Before a bulk statement changes sealed rows: refuse if one was altered behind the
    program's back (resealing it would make the alteration look genuine)."""
    if table not in SEALED_MODELS or not keys:
        return
    key = require_key(executor)
    if key is None:
        return
    model = SEALED_MODELS[table]
    pk = _pk(model)
    conn = connection_of(executor)
    for values in conn.execute(select(model.__table__).where(pk.in_(list(keys)))).mappings():  # type: ignore[attr-defined]
        if not seal_matches(key, table, values):
            raise VerificationFailed(
                tampered_message(table, _label(table, values)), code="tampered"
            )


def _pk(model: type[SQLModel]) -> Any:
    table = model.__table__  # type: ignore[attr-defined]
    return table.c.series if model is NumberingScheme else table.c.id


@dataclass(frozen=True)
class BrokenSeal:
    """A sealed row whose stored values no longer match its seal."""

    table: str
    key: str  # the row's id (a numbering scheme's series)
    label: str  # what a person recognises: username, office code, document code, series


def _label(table: str, values: Any) -> str:
    if table == "user_account":
        return str(values["username"])
    if table == "office":
        return str(values["code"])
    if table == "issued_document":
        return str(values["code"])
    return str(values["series"])


def broken_seals(session: Session, audit_key: bytes) -> tuple[int, list[BrokenSeal]]:
    """(rows checked, rows whose seal is missing or does not match) over every sealed table."""
    checked, broken = 0, []
    for table, model in SEALED_MODELS.items():
        pk = _pk(model)
        for values in session.execute(select(model.__table__)).mappings():  # type: ignore[attr-defined]
            checked += 1
            if not seal_matches(audit_key, table, values):
                broken.append(BrokenSeal(table, str(values[pk.name]), _label(table, values)))
    return checked, broken


def row_intact(audit_key: bytes, table: str, row: Any) -> bool:
    """Whether a row of a sealed table (ORM row or a store's read row with its ``seal``)
    still matches its seal."""
    values = {name: getattr(row, name) for name in SEALED_FIELDS[table]}
    values["seal"] = getattr(row, "seal", None)
    return seal_matches(audit_key, table, values)


def seal_all(executor: Executor, audit_key: bytes) -> int:
    """Seal every row of every sealed table (an office's first start with the key, or an
    admin's audited re-seal after a repair); returns how many."""
    conn = connection_of(executor)
    total = 0
    for table, model in SEALED_MODELS.items():
        pk = _pk(model)
        rows = conn.execute(select(model.__table__)).mappings().all()  # type: ignore[attr-defined]
        for values in rows:
            conn.execute(
                update(model.__table__)  # type: ignore[attr-defined]
                .where(pk == values[pk.name])
                .values(seal=row_seal(audit_key, table, values))
            )
        total += len(rows)
    return total


def reseal_rows(executor: Executor, audit_key: bytes, rows: Sequence[BrokenSeal]) -> int:
    """Seal the named rows as they now stand (an admin's audited re-seal)."""
    conn = connection_of(executor)
    for row in rows:
        model = SEALED_MODELS[row.table]
        pk = _pk(model)
        values = conn.execute(select(model.__table__).where(pk == row.key)).mappings().first()  # type: ignore[attr-defined]
        if values is not None:
            conn.execute(
                update(model.__table__)  # type: ignore[attr-defined]
                .where(pk == row.key)
                .values(seal=row_seal(audit_key, row.table, values))
            )
    return len(rows)
