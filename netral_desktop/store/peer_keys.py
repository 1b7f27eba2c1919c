"""Queries of other offices' at-rest keys (``peer_key``): stored as they came out of a
bundle's keys member, sealed under this office's data key by the caller (services/at_rest.py
and services/peer_keys.py); never decrypted here. Works inside a merge's Core transaction
(a Connection) or a Session alike.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import col

from netral_desktop.store.bulk import Executor, connection_of
from netral_desktop.store.models import PeerKey

_TABLE = PeerKey.__table__  # type: ignore[attr-defined]


def keys_for(executor: Executor, *, office_code: str, purpose: str) -> list[tuple[str, str]]:
    """(data_key_id, sealed key) of ``office_code``'s keys for ``purpose``, newest first: a
    value sealed by that office opens with one of them, most likely the newest."""
    conn = connection_of(executor)
    rows = conn.execute(
        select(_TABLE.c.data_key_id, _TABLE.c.sealed_key)
        .where(_TABLE.c.office_code == office_code, _TABLE.c.purpose == purpose)
        .order_by(_TABLE.c.received_at.desc(), _TABLE.c.bundle_seq.desc())
    ).all()
    return [(str(key_id), str(sealed)) for key_id, sealed in rows]


def held(executor: Executor, *, office_code: str, purpose: str, data_key_id: str) -> bool:
    conn = connection_of(executor)
    row = conn.execute(
        select(_TABLE.c.office_code).where(
            _TABLE.c.office_code == office_code,
            _TABLE.c.purpose == purpose,
            _TABLE.c.data_key_id == data_key_id,
        )
    ).first()
    return row is not None


def add(
    executor: Executor,
    *,
    office_code: str,
    purpose: str,
    data_key_id: str,
    sealed_key: str,
    received_at: str,
    bundle_seq: int,
) -> bool:
    """Keep a key not held yet; one already held (a bundle sent again, the next bundle of the
    same office) is left as it is. True when a row was added."""
    if held(executor, office_code=office_code, purpose=purpose, data_key_id=data_key_id):
        return False
    connection_of(executor).execute(
        _TABLE.insert().values(
            office_code=office_code,
            purpose=purpose,
            data_key_id=data_key_id,
            sealed_key=sealed_key,
            received_at=received_at,
            bundle_seq=bundle_seq,
        )
    )
    return True


def offices(executor: Executor) -> list[str]:
    """The offices whose keys this installation holds."""
    conn = connection_of(executor)
    return [
        str(code)
        for (code,) in conn.execute(
            select(col(PeerKey.office_code)).distinct().order_by(col(PeerKey.office_code))
        )
    ]
