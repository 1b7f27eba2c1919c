"""The chain rule and its check, pure: keyed MACs, the plain part before the key, the anchor."""

from __future__ import annotations

from typing import Any

from netral_desktop.core import audit_chain as chain
from netral_desktop.core.audit_chain import Anchor

KEY = b"k" * 32


def _entries(n: int, *, key: bytes | None, plain_first: int = 0) -> list[dict[str, Any]]:
    """n entries: the first ``plain_first`` under the plain hash, the rest keyed."""
    raw = [
        {
            "at": f"2024-05-14T02:00:0{i % 10}Z",
            "actor": "rina",
            "action": "x",
            "table_name": "t",
            "record_id": str(i),
            "new": {"i": i},
        }
        for i in range(n)
    ]
    rows = chain.chain_entries(raw[:plain_first], last_seq=0, last_hash=chain.GENESIS)
    last_seq, last = (rows[-1][0], rows[-1][-1]) if rows else (0, chain.GENESIS)
    rows += chain.chain_entries(raw[plain_first:], last_seq=last_seq, last_hash=last, key=key)
    return [dict(zip((*chain.ENTRY_FIELDS, "hash"), row, strict=True)) for row in rows]


def test_a_keyed_chain_walks_clean_and_reports_its_head() -> None:
    rows = _entries(5, key=KEY)
    walked = chain.walk(rows, key=KEY, keyed_from=1, anchor=Anchor(5, rows[-1]["hash"], 1))
    assert (walked.problems, walked.entries, walked.last_seq) == ([], 5, 5)


def test_the_wrong_key_fails_at_the_first_keyed_entry() -> None:
    rows = _entries(5, key=KEY, plain_first=2)
    walked = chain.walk(rows, key=b"x" * 32, keyed_from=3, anchor=None)
    assert [(p.seq, p.kind) for p in walked.problems] == [(3, chain.CHANGED)]


def test_moving_the_start_of_the_keyed_part_breaks_the_chain() -> None:
    rows = _entries(5, key=KEY, plain_first=2)
    assert chain.walk(rows, key=KEY, keyed_from=3, anchor=None).problems == []
    later = chain.walk(rows, key=KEY, keyed_from=4, anchor=None).problems
    earlier = chain.walk(rows, key=KEY, keyed_from=2, anchor=None).problems
    assert [(p.seq, p.kind) for p in later] == [(3, chain.CHANGED)]
    assert [(p.seq, p.kind) for p in earlier] == [(2, chain.RECOMPUTED)]


def test_without_the_key_keyed_entries_cannot_be_checked() -> None:
    rows = _entries(3, key=KEY)
    problems = chain.walk(rows, key=None, keyed_from=1, anchor=None).problems
    assert [(p.seq, p.kind) for p in problems] == [(1, chain.NO_KEY)]


def test_the_anchor_catches_truncation_deletion_and_replacement() -> None:
    rows = _entries(6, key=KEY)
    anchor = Anchor(6, rows[-1]["hash"], 1)
    truncated = chain.walk(rows[:4], key=KEY, keyed_from=1, anchor=anchor).problems
    assert [(p.seq, p.kind) for p in truncated] == [(5, chain.TRUNCATED)]
    deleted = chain.walk([], key=KEY, keyed_from=1, anchor=anchor).problems
    assert [(p.seq, p.kind) for p in deleted] == [(1, chain.DELETED)]
    # The same length but another head than the one anchored: replaced (or recomputed).
    replaced = chain.walk(rows, key=KEY, keyed_from=1, anchor=Anchor(6, "f" * 64, 1))
    assert [(p.seq, p.kind) for p in replaced.problems] == [(6, chain.REPLACED)]


def test_row_seals_cover_their_columns_and_their_row() -> None:
    account = {name: "x" for name in chain.SEALED_FIELDS["user_account"]}
    account["seal"] = chain.row_seal(KEY, "user_account", account)
    assert chain.seal_matches(KEY, "user_account", account)
    assert not chain.seal_matches(KEY, "user_account", {**account, "role": "admin"})
    assert not chain.seal_matches(KEY, "user_account", {**account, "id": "another"})
    assert not chain.seal_matches(KEY, "user_account", {**account, "seal": None})
    # A seal cannot be moved from one table to another with the same values.
    assert (
        chain.row_seal(KEY, "office", {n: "x" for n in chain.SEALED_FIELDS["office"]})
        != (account["seal"])
    )
    assert chain.key_id(KEY) != chain.key_id(b"y" * 32)
