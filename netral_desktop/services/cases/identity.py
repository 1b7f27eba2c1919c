"""Reporters' and witnesses' identities sealed at rest with the office data key.

The identity (name, NIK, address, contacts, occupation, birth place and date, gender) is one
JSON value sealed by services/at_rest.py (AES-256-GCM, key derived for the purpose, bound as
associated data) and stored base64 in ``case_party.identity``: the database file, a backup
or a sync bundle never holds it in plain text. Only koordinator and administrator open it,
and every opening is written to the audit log.
"""

from __future__ import annotations

import base64
import binascii

from netral_desktop.core.cases import PartyIdentity
from netral_desktop.core.errors import ValidationError, VerificationFailed
from netral_desktop.i18n import _
from netral_desktop.services.context import ServiceContext

PURPOSE = "case_party.identity"


def seal_identity(ctx: ServiceContext, identity: PartyIdentity) -> str:
    from netral_desktop.services import at_rest

    sealed = at_rest.seal_json(ctx, identity.as_dict(), purpose=PURPOSE)
    return base64.b64encode(sealed).decode("ascii")


def open_identity(ctx: ServiceContext, stored: str) -> PartyIdentity:
    from netral_desktop.services import at_rest

    if not stored:
        return PartyIdentity(name="")
    try:
        sealed = base64.b64decode(stored.encode("ascii"), validate=True)
    except (binascii.Error, ValueError):
        raise VerificationFailed(
            _("Identitas tersegel pada perkara ini rusak dan tidak dapat dibuka."),
            code="identity_damaged",
        ) from None
    value = at_rest.open_json(ctx, sealed, purpose=PURPOSE)
    if not isinstance(value, dict):
        raise VerificationFailed(
            _("Identitas tersegel pada perkara ini rusak dan tidak dapat dibuka."),
            code="identity_damaged",
        )
    return PartyIdentity.from_dict(value)


def sealed_here(ctx: ServiceContext, origin: str) -> bool:
    """Whether a party row's identity was sealed by this office (with its own data key). A
    row merged from another office's bundle (a district's case at the province) carries that
    office's seal: only its pseudonym can be shown here."""
    return origin.split("/")[0] == ctx.origin.split("/")[0]


def sealed_elsewhere(origin: str) -> ValidationError:
    return ValidationError(
        _(
            "Identitas ini disegel dengan kunci kantor asalnya ({office}), jadi di sini hanya "
            "nama samarannya yang dapat ditampilkan. Mintalah identitasnya kepada kantor "
            "tersebut bila diperlukan."
        ).format(office=origin.split("/")[0]),
        code="identity_sealed_elsewhere",
    )
