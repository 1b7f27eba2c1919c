"""The audit log's chain rule, pure: what an entry's MAC covers and how values are written.

Each entry's MAC covers its own fields and the previous entry's MAC, so changing, removing or
reordering any entry behind the program's back breaks the chain at that entry. The MAC is an
HMAC-SHA256 under the installation's audit key (kept in the key store, never in the database),
so someone who edits the file cannot recompute the chain with this program's own functions.
Offices set up before the key existed keep their first entries under plain SHA-256
(``entry_hash``); the chain continues keyed from the entry ``keyed_from`` on.

The chain's head (sequence and MAC) is also kept outside the database (the anchor): entries
deleted from the end, or the whole log, show as missing against it. ``walk`` is the check,
pure: it takes the entries in order and the anchor, and names every kind of break it finds.

The same key seals the rows that grant rights or appear on papers (accounts, the office, issued
documents, numbering schemes): ``row_seal`` covers the columns of ``SEALED_FIELDS``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from netral_desktop.i18n import _

GENESIS = "0" * 64
# Values never written to the log, only the fact that they changed.
REDACTED_FIELDS = frozenset({"password_hash"})
REDACTED = "«disembunyikan»"
# The columns of an audit entry, in the order the hash covers them (then the hash itself).
ENTRY_FIELDS = (
    "seq",
    "at",
    "actor",
    "action",
    "table_name",
    "record_id",
    "old_values",
    "new_values",
    "note",
    "prev_hash",
)


# Columns never written to the log at all: a row's seal is bookkeeping of this installation.
UNLOGGED_FIELDS = frozenset({"seal"})


def redacted(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (REDACTED if k in REDACTED_FIELDS else v)
        for k, v in values.items()
        if k not in UNLOGGED_FIELDS
    }


def canonical(value: Any) -> str | None:
    """Old or new values as the log stores them: canonical JSON, or None."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _material(
    seq: int,
    at: str,
    actor: str,
    action: str,
    table_name: str,
    record_id: str,
    old_values: str | None,
    new_values: str | None,
    note: str,
    prev_hash: str,
) -> bytes:
    return json.dumps(
        [seq, at, actor, action, table_name, record_id, old_values, new_values, note, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")


def entry_hash(
    *,
    seq: int,
    at: str,
    actor: str,
    action: str,
    table_name: str,
    record_id: str,
    old_values: str | None,
    new_values: str | None,
    note: str,
    prev_hash: str,
) -> str:
    """The plain SHA-256 of an entry: the rule of entries written before the audit key."""
    return hashlib.sha256(
        _material(
            seq, at, actor, action, table_name, record_id, old_values, new_values, note, prev_hash
        )
    ).hexdigest()


@lru_cache(maxsize=16)  # derived once per key, not once per entry checked
def _subkey(audit_key: bytes, purpose: bytes) -> bytes:
    # One secret, two uses: a chain MAC can never be passed off as a row seal or back.
    return hmac.new(audit_key, b"netral-desktop/" + purpose, hashlib.sha256).digest()


def entry_mac(audit_key: bytes, fields: Mapping[str, Any]) -> str:
    """HMAC-SHA256 of an entry (its ENTRY_FIELDS, the previous MAC included)."""
    material = _material(*(fields[name] for name in ENTRY_FIELDS))
    return hmac.new(_subkey(audit_key, b"audit-chain"), material, hashlib.sha256).hexdigest()


def key_id(audit_key: bytes) -> str:
    """A fingerprint of the audit key, kept in the database to recognise the right key."""
    return _subkey(audit_key, b"key-id").hex()[:16]


def chain_entries(
    entries: list[dict[str, Any]], *, last_seq: int, last_hash: str, key: bytes | None = None
) -> list[tuple[Any, ...]]:
    """Entries (keyword arguments of an append: at, actor, action, table_name, record_id and
    optionally old, new, note) as rows of ENTRY_FIELDS + MAC, chained after the given head
    (keyed with ``key``; without one, the plain hash of an office not yet keyed)."""
    rows = []
    seq, prev_hash = last_seq, last_hash
    for entry in entries:
        seq += 1
        fields = {
            "seq": seq,
            "at": entry["at"],
            "actor": entry["actor"],
            "action": entry["action"],
            "table_name": entry["table_name"],
            "record_id": entry["record_id"],
            "old_values": canonical(entry.get("old")),
            "new_values": canonical(entry.get("new")),
            "note": entry.get("note", ""),
            "prev_hash": prev_hash,
        }
        prev_hash = entry_mac(key, fields) if key is not None else entry_hash(**fields)
        rows.append((*fields.values(), prev_hash))
    return rows


# --- the check ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """The chain's head as kept outside the database, and where the keyed part begins."""

    seq: int
    mac: str
    keyed_from: int


# Kinds of break, as ``netral check`` and the window name them.
MISSING = "missing"  # a sequence number is absent: an entry removed from the middle
LINK = "link"  # an entry does not point at the one before: removed, reordered or replaced
CHANGED = "changed"  # an entry's fields no longer match its MAC
RECOMPUTED = "recomputed"  # its hash is the plain SHA-256 where the keyed MAC belongs
TRUNCATED = "truncated"  # the newest entries are gone (the anchor names a later head)
DELETED = "deleted"  # the whole log is gone
REPLACED = "replaced"  # the entry at the anchored head is not the one anchored
NO_KEY = "no_key"  # the audit key is missing: keyed entries cannot be checked


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    kind: str
    reason: str


@dataclass
class ChainWalk:
    """The outcome of ``walk``: entries seen, the last one, and every kind of break found."""

    entries: int = 0
    last_seq: int = 0
    last_mac: str = GENESIS
    problems: list[ChainProblem] = field(default_factory=list)


def walk(
    rows: Iterable[Mapping[str, Any]],
    *,
    key: bytes | None,
    keyed_from: int | None,
    anchor: Anchor | None,
) -> ChainWalk:
    """Check entries (mappings of ENTRY_FIELDS and ``hash``, in sequence order).

    Entries from ``keyed_from`` on must carry the keyed MAC, those before the plain hash
    (``keyed_from`` None: an office not yet keyed, every entry plain). The first broken link
    is named (what follows it cannot be trusted either, so it is not listed again); then the
    end of the log is held against the ``anchor``.
    """
    result = ChainWalk()
    prev, expected = GENESIS, 1
    broken = False
    anchored_mac: str | None = None
    for row in rows:
        seq = int(row["seq"])
        result.entries += 1
        result.last_seq, result.last_mac = seq, str(row["hash"])
        if anchor is not None and seq == anchor.seq:
            anchored_mac = result.last_mac
        if broken:
            continue
        problem = _entry_problem(row, seq, expected, prev, key=key, keyed_from=keyed_from)
        if problem is not None:
            result.problems.append(problem)
            broken = True
            if problem.kind == NO_KEY:
                continue
        prev, expected = str(row["hash"]), seq + 1
    if anchor is not None:
        result.problems.extend(_anchor_problems(result, anchor, anchored_mac))
    return result


def _entry_problem(
    row: Mapping[str, Any],
    seq: int,
    expected: int,
    prev: str,
    *,
    key: bytes | None,
    keyed_from: int | None,
) -> ChainProblem | None:
    if seq != expected:
        return ChainProblem(
            expected,
            MISSING,
            _("entri nomor {seq} hilang (ditemukan nomor {found})").format(seq=expected, found=seq),
        )
    if row["prev_hash"] != prev:
        return ChainProblem(seq, LINK, _("rantai hash terputus sebelum entri ini"))
    fields = {name: row[name] for name in ENTRY_FIELDS}
    if keyed_from is None or seq < keyed_from:
        if entry_hash(**fields) != row["hash"]:
            return ChainProblem(seq, CHANGED, _("isi entri diubah di luar program"))
        return None
    if key is None:
        return ChainProblem(
            seq,
            NO_KEY,
            _(
                "kunci log audit tidak ada di penyimpan kunci, jadi entri sejak #{seq} tidak "
                "dapat diperiksa; pulihkan kunci kantor ('netral keys restore')"
            ).format(seq=seq),
        )
    if hmac.compare_digest(entry_mac(key, fields), str(row["hash"])):
        return None
    if entry_hash(**fields) == row["hash"]:
        return ChainProblem(
            seq,
            RECOMPUTED,
            _("isi entri diubah lalu hash-nya dihitung ulang di luar program (tanpa kunci kantor)"),
        )
    return ChainProblem(seq, CHANGED, _("isi entri diubah di luar program"))


def _anchor_problems(
    result: ChainWalk, anchor: Anchor, anchored_mac: str | None
) -> list[ChainProblem]:
    if anchor.seq <= 0:
        return []
    if result.entries == 0:
        return [
            ChainProblem(
                1,
                DELETED,
                _(
                    "seluruh log audit dihapus: basis data tidak berisi entri, padahal kepala "
                    "rantai yang dicatat di luar basis data adalah entri #{seq}"
                ).format(seq=anchor.seq),
            )
        ]
    if result.last_seq < anchor.seq:
        return [
            ChainProblem(
                result.last_seq + 1,
                TRUNCATED,
                _(
                    "entri terakhir dihapus: log berakhir di #{last}, padahal kepala rantai yang "
                    "dicatat di luar basis data adalah #{head} ({n} entri hilang)"
                ).format(last=result.last_seq, head=anchor.seq, n=anchor.seq - result.last_seq),
            )
        ]
    if anchored_mac is not None and not hmac.compare_digest(anchored_mac, anchor.mac):
        return [
            ChainProblem(
                anchor.seq,
                REPLACED,
                _(
                    "entri #{seq} bukan entri yang dicatat sebagai kepala rantai di luar basis "
                    "data (diganti atau dihitung ulang)"
                ).format(seq=anchor.seq),
            )
        ]
    return []


# --- rows that grant rights or appear on papers ----------------------------------------------

# The columns each sealed table's seal covers (its key included, so a seal cannot be moved
# to another row). Bookkeeping that changes on every write (updated_at, revision) is left
# out so a sealed row can still be merged by sync without a new seal per revision.
SEALED_FIELDS: dict[str, tuple[str, ...]] = {
    "user_account": (
        "id",
        "username",
        "full_name",
        "role",
        "password_hash",
        "active",
        "failed_logins",
        "locked_until",
        "created_at",
    ),
    "office": (
        "id",
        "deleted",
        "code",
        "name",
        "mode",
        "province_code",
        "time_zone",
        "bawaslu_code",
        "address",
        "phone",
        "email",
        "city",
        "logo_sha256",
        "head_name",
        "secretary_name",
        "secretary_nip",
        "letter_issuer",
    ),
    "issued_document": (
        "id",
        "deleted",
        "form",
        "title",
        "series",
        "year",
        "seq",
        "number",
        "code",
        "record_kind",
        "record_id",
        "sha256",
        "size",
        "pages",
        "issued_by",
        "issued_at",
        "content_sha256",
    ),
    "numbering_scheme": ("series", "scheme"),
}


def row_seal(audit_key: bytes, table: str, values: Mapping[Any, Any]) -> str:
    """HMAC-SHA256 of a row's sealed columns (``SEALED_FIELDS[table]``)."""
    material = json.dumps(
        [table, [values[name] for name in SEALED_FIELDS[table]]],
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    ).encode("utf-8")
    return hmac.new(_subkey(audit_key, b"row-seal"), material, hashlib.sha256).hexdigest()


def seal_matches(audit_key: bytes, table: str, values: Mapping[Any, Any]) -> bool:
    seal = values.get("seal")
    return bool(seal) and hmac.compare_digest(str(seal), row_seal(audit_key, table, values))


# What an account's log says about the columns that grant rights: an old row put back with its
# old (genuine) seal still disagrees with the entries that changed it since.
LOGGED_RIGHTS = ("role", "active")


def logged_rights(new_values: Iterable[str | None]) -> dict[str, Any]:
    """The last logged value of each of LOGGED_RIGHTS, folding an account's entries' new
    values (JSON, oldest first)."""
    state: dict[str, Any] = {}
    for text in new_values:
        if not text:
            continue
        values = json.loads(text)
        if isinstance(values, dict):
            state.update({k: values[k] for k in LOGGED_RIGHTS if k in values})
    return state


def rights_disagree(row: Mapping[str, Any], logged: Mapping[str, Any]) -> list[str]:
    """The columns of LOGGED_RIGHTS whose stored value is not the last one logged."""
    return [k for k in LOGGED_RIGHTS if k in logged and row[k] != logged[k]]
