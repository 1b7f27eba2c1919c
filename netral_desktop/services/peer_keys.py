"""An office's at-rest keys sent to the province (issue 15), and kept there.

A district seals reporters' and witnesses' identities and confidential evidence with its own
data key (services/at_rest.py), and its bundles carry them sealed. So that the province, which
supervises the district's cases, can read them (koordinator and admin only, each opening
logged, as at the district), every bundle also carries the district's *purpose keys* for
exactly those two purposes, never its data key: the ``keys.age`` member (sync/bundle.py),
an age file encrypted to the province alone, holding

    {"format": "netral-keys", "version": 1, "office": "34.02",
     "data_key_id": "<16 hex>", "purposes": {"case_party.identity": "<base64 32 bytes>",
                                              "evidence": "<base64 32 bytes>"}}

The province keeps each key in ``peer_key`` sealed under its own data key (purpose
``peer_key``, bound to the office, purpose and data key id), inside the merge's transaction.
A key already held is left as it is (a replayed bundle changes nothing); a new data key of the
same office is kept beside the older one, so values sealed under either still open.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from netral_desktop.core.errors import NetralError
from netral_desktop.services import at_rest
from netral_desktop.services.context import ServiceContext
from netral_desktop.store import peer_keys as store
from netral_desktop.store.bulk import Executor
from netral_desktop.sync import bundle as bundle_format

IDENTITY_PURPOSE = "case_party.identity"  # services/cases/identity.py PURPOSE
EVIDENCE_PURPOSE = "evidence"  # services/evidence.py PURPOSE
# What a province needs to supervise a district's cases; nothing else ever leaves the office.
SHARED_PURPOSES = (IDENTITY_PURPOSE, EVIDENCE_PURPOSE)


def outgoing(ctx: ServiceContext) -> dict[str, Any] | None:
    """The keys document this office's next bundle carries (plain: the bundle writer
    encrypts it to the province), or None when the data key cannot be read here (the bundle
    goes without; the province asks for a new one once the key is restored)."""
    try:
        keys = {p: at_rest.purpose_key(ctx, p) for p in SHARED_PURPOSES}
    except NetralError:
        return None
    return {
        "format": bundle_format.KEYS_FORMAT,
        "version": 1,
        "office": at_rest.office_of(ctx.origin),
        "data_key_id": ctx.meta.get("data_key_id", ""),
        "purposes": {p: base64.b64encode(k).decode("ascii") for p, k in sorted(keys.items())},
    }


@dataclass(frozen=True)
class Received:
    """A bundle's keys, opened and checked before anything of the bundle is written."""

    office_code: str
    data_key_id: str
    purposes: dict[str, bytes]


def open_received(
    ctx: ServiceContext,
    member: bytes | None,
    *,
    office_code: str,
    identity: str | Sequence[str] | None,
) -> Received | None:
    """Decrypt a bundle's keys member with this office's age identity (``identity``, or the
    one in its key store) and keep only the shared purposes; None when the bundle carries no
    keys (an older version) or they are this office's own. BundleRefused when the member is
    not for this office or not a keys document of the bundle's office."""
    if member is None or office_code == at_rest.office_of(ctx.origin):
        return None
    if identity is None:
        from netral_desktop.services.sync_bundle_io import office_keys

        identity = office_keys(ctx).identities
    opened = bundle_format.open_keys(member, identity, office_code=office_code)
    purposes = {p: k for p, k in opened.purposes.items() if p in SHARED_PURPOSES}
    try:
        # Kept sealed under this office's own key: without it none is kept (every bundle
        # carries them again) and the merge goes on.
        at_rest.require_data_key(ctx)
    except NetralError:
        return None
    return Received(opened.office_code, opened.data_key_id, purposes)


def store_received(
    ctx: ServiceContext, executor: Executor, received: Received, *, at: str, seq: int
) -> int:
    """Keep the keys not held yet, each sealed under this office's own data key, in the
    caller's transaction; how many were added."""
    added = 0
    for purpose, key in sorted(received.purposes.items()):
        if store.held(
            executor,
            office_code=received.office_code,
            purpose=purpose,
            data_key_id=received.data_key_id,
        ):
            continue
        sealed = at_rest.seal_json(
            ctx,
            {
                "office": received.office_code,
                "purpose": purpose,
                "data_key_id": received.data_key_id,
                "key": base64.b64encode(key).decode("ascii"),
            },
            purpose=at_rest.PEER_KEY_PURPOSE,
        )
        added += store.add(
            executor,
            office_code=received.office_code,
            purpose=purpose,
            data_key_id=received.data_key_id,
            sealed_key=base64.b64encode(sealed).decode("ascii"),
            received_at=at,
            bundle_seq=seq,
        )
    return added
