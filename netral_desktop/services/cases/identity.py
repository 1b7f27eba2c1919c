"""Reporters' and witnesses' identities sealed at rest with the office data key.

The identity (name, NIK, address, contacts, occupation, birth place and date, gender) is one
JSON value sealed by services/at_rest.py (AES-256-GCM, key derived for the purpose, bound as
associated data) and stored base64 in ``case_party.identity``: the database file, a backup
or a sync bundle never holds it in plain text. Only koordinator and administrator open it,
and every opening is written to the audit log.

A district's case merged at the province keeps the district's seal; the district's bundles
bring the key of this purpose, encrypted to the province alone (services/peer_keys.py), so
the province's koordinator and administrator open it as the district's would. Until a bundle
with the key has come, only the pseudonym shows there. Only the office that sealed an
identity changes it.
"""

from __future__ import annotations

import base64
import binascii

from netral_desktop.core.cases import PartyIdentity
from netral_desktop.core.errors import ValidationError, VerificationFailed
from netral_desktop.i18n import _
from netral_desktop.services import at_rest
from netral_desktop.services.context import ServiceContext

PURPOSE = "case_party.identity"


def seal_identity(ctx: ServiceContext, identity: PartyIdentity) -> str:
    sealed = at_rest.seal_json(ctx, identity.as_dict(), purpose=PURPOSE)
    return base64.b64encode(sealed).decode("ascii")


def open_identity(ctx: ServiceContext, stored: str, *, origin: str = "") -> PartyIdentity:
    """The identity ``stored`` holds; ``origin``: the party row's origin (another office's
    seal opens with the key its bundles brought)."""
    if not stored:
        return PartyIdentity(name="")
    try:
        sealed = base64.b64decode(stored.encode("ascii"), validate=True)
    except (binascii.Error, ValueError):
        raise VerificationFailed(
            _("Identitas tersegel pada perkara ini rusak dan tidak dapat dibuka."),
            code="identity_damaged",
        ) from None
    office = at_rest.office_of(origin) if origin else None
    value = at_rest.open_json(ctx, sealed, purpose=PURPOSE, office=office)
    if not isinstance(value, dict):
        raise VerificationFailed(
            _("Identitas tersegel pada perkara ini rusak dan tidak dapat dibuka."),
            code="identity_damaged",
        )
    return PartyIdentity.from_dict(value)


def sealed_here(ctx: ServiceContext, origin: str) -> bool:
    """Whether a party row's identity was sealed by this office (with its own data key). A
    row merged from another office's bundle (a district's case at the province) carries that
    office's seal."""
    return at_rest.office_of(origin) == at_rest.office_of(ctx.origin)


def can_open(ctx: ServiceContext, origin: str) -> bool:
    """Whether a party row's identity opens here: sealed by this office, or by another whose
    key for identities its bundles brought (a district's case at the province)."""
    return at_rest.can_open(ctx, at_rest.office_of(origin), PURPOSE)


def sealed_elsewhere(origin: str) -> ValidationError:
    return ValidationError(
        _(
            "Identitas ini disegel dengan kunci kantor asalnya ({office}), dan kuncinya belum "
            "diterima di sini, jadi hanya nama samarannya yang dapat ditampilkan. Mintalah "
            "kantor tersebut mengirim bundel baru dengan program versi terbaru: kuncinya ikut "
            "di dalamnya."
        ).format(office=at_rest.office_of(origin)),
        code="identity_sealed_elsewhere",
    )


def changed_elsewhere(origin: str) -> ValidationError:
    return ValidationError(
        _(
            "Identitas ini dicatat dan disegel oleh kantor {office}; di sini hanya dapat "
            "dibaca. Perbaikan identitas dilakukan oleh kantor tersebut."
        ).format(office=at_rest.office_of(origin)),
        code="identity_changed_elsewhere",
    )
