"""Who may sign a bundle: the keys a reader trusts, each with the office it belongs to.

Kept apart from the trust file (sync/trust.py) so the bundle reader needs nothing but this:
a province builds it from its trust file, a field laptop's hub from the laptop's key, a test
from a key it just made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from netral_desktop.sync import minisign


@dataclass(frozen=True)
class TrustedSigner:
    """A signing key and the office it speaks for; ``revoked`` keys are refused."""

    office_code: str
    office_name: str
    public_key: minisign.PublicKey
    revoked: bool = False
    reason: str = ""


class TrustList:
    """The signing keys a reader knows, by minisign key id (revoked ones included, so a
    revoked key is refused as revoked, not as unknown)."""

    def __init__(self, signers: Iterable[TrustedSigner] = ()) -> None:
        self._by_id: dict[bytes, TrustedSigner] = {}
        for signer in signers:
            known = self._by_id.get(signer.public_key.key_id)
            # A key both enrolled and revoked is revoked.
            if known is None or signer.revoked:
                self._by_id[signer.public_key.key_id] = signer

    def signer(self, key_id: bytes) -> TrustedSigner | None:
        return self._by_id.get(key_id)

    def __len__(self) -> int:
        return len(self._by_id)
