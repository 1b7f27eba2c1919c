"""The trust file and the enrollment file (design.md §7, Trust). No Qt, no SQL, no data folder.

Both are one JSON *envelope*: the body as JSON text, and the minisign signature of exactly
that text, so anyone can check one with the standard tools::

    jq -j .body FILE > body.json && jq -j .signature FILE > body.json.minisig
    minisign -Vm body.json -P <the signer's public key>

- The trust file is issued by the province and signed with its key: province code and name,
  its minisign public key and age recipient, a version (one up at every change) and the time
  it was issued, the enrolled offices (code, name, keys) and the revoked keys. A district
  takes the first one on a fingerprint read out over the phone; after that only one signed by
  the same province key, of a newer version, for its own province. When the province rotates
  its keys, the next version is signed by the new key and carries the old public key
  (``previous_key``) and an ``endorsement``: the same body signed by the old key, so a
  district holding the old key takes the new one without a phone call::

    jq -j .endorsement FILE > body.json.minisig && minisign -Vm body.json -P <the old key>
- The enrollment file is a district's request: code, name, province, its public keys; signed
  with the key it enrolls (proof the office holds it). A new key (rotation) carries the old
  public key and an ``endorsement``: the same body signed with the old key, so the province
  swaps keys without a phone call; the old key is then revoked ("rotated").
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from netral_desktop.core.errors import VerificationFailed
from netral_desktop.i18n import _
from netral_desktop.sync import minisign, office_keys
from netral_desktop.sync.signers import TrustedSigner, TrustList

TRUST_FORMAT = "netral-trust"
ENROLL_FORMAT = "netral-enrollment"
FORMAT_VERSION = 1
MAX_FILE = 4 << 20  # thousands of offices fit in a few hundred kilobytes
ROTATED, REVOKED = "rotated", "revoked"


class TrustRefused(VerificationFailed):
    """A trust or enrollment file that failed a check: nothing was changed (exit status 3)."""

    def __init__(self, check: str, message: str) -> None:
        super().__init__(message, code=f"trust_{check}")
        self.check = check


# --- the envelope --------------------------------------------------------------------------


@dataclass(frozen=True)
class Envelope:
    format: str
    body_text: str
    signature: str
    endorsement: str | None

    @property
    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = json.loads(self.body_text)  # an object: open_envelope checked
        return body

    def signer_id(self) -> bytes:
        return minisign.signature_key_id(self.signature)


def seal_envelope(
    kind: str,
    body: dict[str, Any],
    key: minisign.SecretKey,
    *,
    comment: str,
    endorser: minisign.SecretKey | None = None,
) -> bytes:
    text = json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    envelope: dict[str, Any] = {
        "format": kind,
        "format_version": FORMAT_VERSION,
        "body": text,
        "signature": key.sign(text.encode("utf-8"), trusted_comment=comment),
    }
    if endorser is not None:
        envelope["endorsement"] = endorser.sign(
            text.encode("utf-8"), trusted_comment=f"{comment} endorsed-by-previous-key"
        )
    return (json.dumps(envelope, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _what(kind: str) -> str:
    return _("berkas kepercayaan") if kind == TRUST_FORMAT else _("berkas pendaftaran")


def open_envelope(data: bytes, kind: str) -> Envelope:
    """The envelope of a trust or enrollment file (not yet verified); TrustRefused if the
    bytes are not one."""
    what = _what(kind)
    if len(data) > MAX_FILE:
        raise TrustRefused(
            "malformed", _("Berkas ini terlalu besar untuk {what}.").format(what=what)
        )
    try:
        raw = json.loads(data.decode("utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("not an object")
        fmt, version = raw.get("format"), raw.get("format_version")
        body, signature = raw.get("body"), raw.get("signature")
        endorsement = raw.get("endorsement")
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise TrustRefused(
            "malformed", _("Berkas ini bukan {what} Netral Desktop.").format(what=what)
        ) from exc
    if fmt != kind:
        raise TrustRefused(
            "unknown_format",
            _("Berkas ini bukan {what} (formatnya '{format}').").format(
                what=what, format=str(fmt)[:40]
            ),
        )
    if type(version) is not int or version > FORMAT_VERSION or version < 1:
        raise TrustRefused(
            "future_format",
            _first_upper(
                _(
                    "{what} ini dibuat versi program yang lebih baru. Perbarui Netral Desktop."
                ).format(what=what)
            ),
        )
    if not isinstance(body, str) or not isinstance(signature, str):
        raise TrustRefused("malformed", _first_upper(_("{what} ini tidak utuh.").format(what=what)))
    if endorsement is not None and not isinstance(endorsement, str):
        raise TrustRefused("malformed", _first_upper(_("{what} ini tidak utuh.").format(what=what)))
    try:
        minisign.signature_key_id(signature)
        parsed = json.loads(body)
        if not isinstance(parsed, dict):
            raise ValueError("body")
    except (ValueError, RecursionError, minisign.MinisignError) as exc:
        raise TrustRefused(
            "malformed", _first_upper(_("{what} ini tidak utuh.").format(what=what))
        ) from exc
    return Envelope(kind, body, signature, endorsement)


def _verify(envelope: Envelope, key: minisign.PublicKey, check: str, message: str) -> None:
    try:
        key.verify(envelope.body_text.encode("utf-8"), envelope.signature)
    except minisign.MinisignError as exc:
        raise TrustRefused(check, message) from exc


# --- the trust file ------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeEntry:
    code: str
    name: str
    signing_key: minisign.PublicKey
    age_recipient: str
    enrolled_at: str

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "signing_key": self.signing_key.base64(),
            "key_id": self.signing_key.id_text,
            "age_recipient": self.age_recipient,
            "enrolled_at": self.enrolled_at,
        }


@dataclass(frozen=True)
class Revocation:
    office_code: str
    signing_key: minisign.PublicKey
    revoked_at: str
    reason: str  # ROTATED or REVOKED

    def to_json(self) -> dict[str, Any]:
        return {
            "office_code": self.office_code,
            "signing_key": self.signing_key.base64(),
            "key_id": self.signing_key.id_text,
            "revoked_at": self.revoked_at,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class TrustFile:
    province_code: str
    province_name: str
    signing_key: minisign.PublicKey
    age_recipient: str
    version: int
    issued_at: str
    offices: tuple[OfficeEntry, ...] = ()
    revoked: tuple[Revocation, ...] = ()
    # Set only in the version issued at a key rotation (signed by the new key, endorsed by
    # this one); the versions after it drop it.
    previous_key: minisign.PublicKey | None = None

    @property
    def fingerprint(self) -> str:
        return self.signing_key.fingerprint()

    def office(self, code: str) -> OfficeEntry | None:
        return next((o for o in self.offices if o.code == code), None)

    def is_revoked(self, key: minisign.PublicKey) -> bool:
        return any(r.signing_key.key == key.key for r in self.revoked)

    def trust_list(self, extra: Iterable[TrustedSigner] = ()) -> TrustList:
        """The keys a bundle may be signed with: every enrolled office's, and the revoked ones
        (to be refused as revoked)."""
        names = {o.code: o.name for o in self.offices}
        return TrustList(
            [
                *(TrustedSigner(o.code, o.name, o.signing_key) for o in self.offices),
                *(
                    TrustedSigner(
                        r.office_code,
                        names.get(r.office_code, r.office_code),
                        r.signing_key,
                        revoked=True,
                        reason=r.reason,
                    )
                    for r in self.revoked
                ),
                *extra,
            ]
        )

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "province": {
                "code": self.province_code,
                "name": self.province_name,
                "signing_key": self.signing_key.base64(),
                "key_id": self.signing_key.id_text,
                "fingerprint": self.fingerprint,
                "age_recipient": self.age_recipient,
            },
            "version": self.version,
            "issued_at": self.issued_at,
            "offices": [o.to_json() for o in sorted(self.offices, key=lambda o: o.code)],
            "revoked": [r.to_json() for r in self.revoked],
        }
        if self.previous_key is not None:  # older files (no rotation) stay as they were
            body["previous_key"] = self.previous_key.base64()
        return body

    def sealed(
        self, key: minisign.SecretKey, *, previous: minisign.SecretKey | None = None
    ) -> bytes:
        """The trust file, signed with the province key ``key`` (and, at a rotation, endorsed
        by the ``previous`` key the file names)."""
        if key.public().key != self.signing_key.key:
            raise ValueError("a trust file is signed with the province key it names")
        if (previous is None) != (self.previous_key is None) or (
            previous is not None
            and self.previous_key is not None
            and previous.public().key != self.previous_key.key
        ):
            raise ValueError("the endorsing key is the previous key")
        return seal_envelope(
            TRUST_FORMAT,
            self.body(),
            key,
            comment=f"netral-trust province:{self.province_code} version:{self.version}",
            endorser=previous,
        )

    def rotated(self, signing_key: minisign.PublicKey, age_recipient: str, now: str) -> TrustFile:
        """The next version with the province's new keys, naming the current signing key as
        the previous one (seal it with ``previous=`` the current secret key)."""
        if signing_key.key == self.signing_key.key:
            raise ValueError("a rotation brings a new key")
        return replace(
            self,
            signing_key=signing_key,
            age_recipient=age_recipient,
            version=self.version + 1,
            issued_at=now,
            previous_key=self.signing_key,
        )

    def with_enrollment(self, enrollment: Enrollment, now: str) -> tuple[TrustFile, str]:
        """This trust file with ``enrollment`` taken in, one version up, and what happened
        ("new", "rotated", "updated" or "unchanged": then the file is this one)."""
        if enrollment.province_code != self.province_code:
            raise TrustRefused(
                "other_province",
                _(
                    "Berkas pendaftaran ini untuk provinsi {theirs}, bukan provinsi ini ({ours})."
                ).format(theirs=enrollment.province_code, ours=self.province_code),
            )
        if self.is_revoked(enrollment.signing_key):
            raise TrustRefused(
                "revoked_key",
                _(
                    "Kunci {key} kantor {code} sudah dicabut dan tidak dapat didaftarkan lagi. "
                    "Kantor itu harus membuat kunci baru."
                ).format(key=enrollment.signing_key.id_text, code=enrollment.office_code),
            )
        held = self.office(enrollment.office_code)
        entry = OfficeEntry(
            enrollment.office_code,
            enrollment.office_name,
            enrollment.signing_key,
            enrollment.age_recipient,
            now,
        )
        others = tuple(o for o in self.offices if o.code != enrollment.office_code)
        revoked = self.revoked
        if held is None:
            outcome = "new"
        elif held.signing_key.key == enrollment.signing_key.key:
            if (held.name, held.age_recipient) == (entry.name, entry.age_recipient):
                return self, "unchanged"
            entry = replace(entry, enrolled_at=held.enrolled_at)
            outcome = "updated"
        elif (
            enrollment.previous_key is not None
            and enrollment.previous_key.key == held.signing_key.key
        ):
            revoked = (*revoked, Revocation(held.code, held.signing_key, now, ROTATED))
            outcome = "rotated"
        else:
            raise TrustRefused(
                "rotation_unendorsed",
                _(
                    "Kantor {code} sudah terdaftar dengan kunci {held}; berkas ini membawa kunci "
                    "{new} yang tidak ditandatangani kunci lama. Jika kunci lama hilang, cabut "
                    "dulu ('netral enroll revoke {code}') setelah memastikan lewat telepon."
                ).format(
                    code=held.code,
                    held=held.signing_key.id_text,
                    new=enrollment.signing_key.id_text,
                ),
            )
        updated = replace(
            self,
            version=self.version + 1,
            issued_at=now,
            offices=(*others, entry),
            revoked=revoked,
            previous_key=None,
        )
        return updated, outcome

    def with_revocation(self, code: str, now: str) -> TrustFile:
        held = self.office(code)
        if held is None:
            raise TrustRefused(
                "not_enrolled",
                _("Kantor {code} tidak terdaftar di berkas kepercayaan.").format(code=code),
            )
        return replace(
            self,
            version=self.version + 1,
            issued_at=now,
            offices=tuple(o for o in self.offices if o.code != code),
            revoked=(*self.revoked, Revocation(code, held.signing_key, now, REVOKED)),
            previous_key=None,
        )


def _text(obj: dict[str, Any], key: str, limit: int = 200) -> str:
    value = obj[key]
    if not isinstance(value, str) or len(value) > limit:
        raise ValueError(key)
    return value


def _public(text: str) -> minisign.PublicKey:
    return minisign.PublicKey.parse(text)


def _recipient(text: str) -> str:
    return office_keys.check_recipient(text)


def _trust_from_body(body: dict[str, Any]) -> TrustFile:
    province = body["province"]
    version = body["version"]
    if type(version) is not int or version < 1:
        raise ValueError("version")
    offices = tuple(
        OfficeEntry(
            _text(o, "code", 8),
            _text(o, "name"),
            _public(_text(o, "signing_key")),
            _recipient(_text(o, "age_recipient")),
            _text(o, "enrolled_at", 40),
        )
        for o in body["offices"]
    )
    revoked = tuple(
        Revocation(
            _text(r, "office_code", 8),
            _public(_text(r, "signing_key")),
            _text(r, "revoked_at", 40),
            _text(r, "reason", 20),
        )
        for r in body["revoked"]
    )
    if len({o.code for o in offices}) != len(offices):
        raise ValueError("an office listed twice")
    previous = body.get("previous_key")  # absent in files issued before rotations existed
    return TrustFile(
        _text(province, "code", 8),
        _text(province, "name"),
        _public(_text(province, "signing_key")),
        _recipient(_text(province, "age_recipient")),
        version,
        _text(body, "issued_at", 40),
        offices,
        revoked,
        None if previous is None else _public(_text(body, "previous_key")),
    )


def parse_trust_file(data: bytes) -> TrustFile:
    """A trust file, checked to be whole and signed by the province key it names (which
    proves nothing yet: ``accept_trust_file`` decides whether that key is the province's)."""
    envelope = open_envelope(data, TRUST_FORMAT)
    try:
        trust = _trust_from_body(envelope.body)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise TrustRefused(
            "malformed", _("Berkas kepercayaan ini tidak utuh ({reason}).").format(reason=exc)
        ) from exc
    if envelope.signer_id() != trust.signing_key.key_id:
        raise TrustRefused(
            "signature",
            _("Berkas kepercayaan ini tidak ditandatangani kunci provinsi yang disebutnya."),
        )
    _verify(
        envelope,
        trust.signing_key,
        "signature",
        _("Tanda tangan berkas kepercayaan tidak sah: berkas diubah atau rusak."),
    )
    if trust.previous_key is not None:
        # A file naming a previous key is whole only with that key's endorsement.
        if envelope.endorsement is None:
            raise TrustRefused(
                "rotation_unendorsed",
                _(
                    "Berkas kepercayaan ini menyebut kunci provinsi lama {key} tetapi tidak "
                    "ditandatangani olehnya. Tidak ada yang diubah."
                ).format(key=trust.previous_key.id_text),
            )
        try:
            trust.previous_key.verify(envelope.body_text.encode("utf-8"), envelope.endorsement)
        except minisign.MinisignError as exc:
            raise TrustRefused(
                "rotation_unendorsed",
                _(
                    "Tanda tangan kunci provinsi lama {key} pada berkas kepercayaan ini tidak "
                    "sah. Tidak ada yang diubah."
                ).format(key=trust.previous_key.id_text),
            ) from exc
    return trust


def accept_trust_file(
    data: bytes, *, held: TrustFile | None, province_code: str
) -> tuple[TrustFile, bool]:
    """The trust file in ``data`` if this office may take it, and whether it is new (False:
    the very one already held). Refused: another province's, one not signed by the province
    key already trusted, one older than (or as old as but different from) the one held.

    A file signed by a new province key is taken when it is a rotation of the key held: its
    ``previous_key`` is the held key, whose endorsement it carries (``parse_trust_file``
    checked it), and it is newer. A district that missed a rotation holds a key the file
    does not name: refused, to import each rotation's file in turn, or this one afresh after
    the phone check (``is_rotation`` tells the caller which case was taken)."""
    trust = parse_trust_file(data)
    if trust.province_code != province_code:
        raise TrustRefused(
            "other_province",
            _(
                "Berkas kepercayaan ini dari provinsi {theirs}; kantor ini berada di provinsi "
                "{ours}."
            ).format(theirs=trust.province_code, ours=province_code),
        )
    if held is None:
        return trust, True
    if trust.signing_key.key != held.signing_key.key:
        if trust.previous_key is None:
            raise TrustRefused(
                "untrusted_key",
                _(
                    "Berkas kepercayaan ini ditandatangani kunci {theirs}, bukan kunci provinsi "
                    "yang sudah dipercaya ({held}, sidik jari {fingerprint}). Tidak ada yang "
                    "diubah. Jika provinsi mengganti kuncinya, impor dulu berkas kepercayaan "
                    "penggantian kunci (ditandatangani juga oleh kunci lama), atau impor berkas "
                    "ini dari awal (--fresh) setelah sidik jarinya dicocokkan lewat telepon."
                ).format(
                    theirs=trust.signing_key.id_text,
                    held=held.signing_key.id_text,
                    fingerprint=held.fingerprint,
                ),
            )
        if trust.previous_key.key != held.signing_key.key:
            raise TrustRefused(
                "rotation_chain",
                _(
                    "Berkas kepercayaan ini mengganti kunci provinsi {previous}, padahal kunci "
                    "provinsi yang dipercaya kantor ini {held}: provinsi mungkin sudah mengganti "
                    "kuncinya lebih dari sekali sejak impor terakhir. Tidak ada yang diubah. "
                    "Minta dari provinsi berkas kepercayaan setiap penggantian kunci dan impor "
                    "berurutan, atau impor berkas ini dari awal (--fresh) setelah sidik jarinya "
                    "dicocokkan lewat telepon."
                ).format(previous=trust.previous_key.id_text, held=held.signing_key.id_text),
            )
        if trust.version <= held.version:
            raise TrustRefused(
                "older",
                _(
                    "Berkas kepercayaan ini versi {version}, tidak lebih baru dari yang sudah "
                    "dipegang (versi {held}). Tidak ada yang diubah; minta berkas terbaru dari "
                    "provinsi."
                ).format(version=trust.version, held=held.version),
            )
        return trust, True
    if trust.version < held.version or (trust.version == held.version and trust != held):
        raise TrustRefused(
            "older",
            _(
                "Berkas kepercayaan ini versi {version}, lebih lama dari yang sudah dipegang "
                "(versi {held}). Tidak ada yang diubah; minta berkas terbaru dari provinsi."
            ).format(version=trust.version, held=held.version),
        )
    return trust, trust.version > held.version


def is_rotation(trust: TrustFile, held: TrustFile | None) -> bool:
    """Whether ``trust`` (accepted) replaces the province key ``held`` by rotation."""
    return held is not None and trust.signing_key.key != held.signing_key.key


# --- the enrollment file -------------------------------------------------------------------


@dataclass(frozen=True)
class Enrollment:
    office_code: str
    office_name: str
    province_code: str
    signing_key: minisign.PublicKey
    age_recipient: str
    created_at: str
    previous_key: minisign.PublicKey | None = None

    @property
    def fingerprint(self) -> str:
        return self.signing_key.fingerprint()

    def body(self) -> dict[str, Any]:
        return {
            "office": {"code": self.office_code, "name": self.office_name},
            "province_code": self.province_code,
            "signing_key": self.signing_key.base64(),
            "key_id": self.signing_key.id_text,
            "fingerprint": self.fingerprint,
            "age_recipient": self.age_recipient,
            "created_at": self.created_at,
            "previous_key": None if self.previous_key is None else self.previous_key.base64(),
        }


def make_enrollment(
    enrollment: Enrollment,
    key: minisign.SecretKey,
    *,
    previous: minisign.SecretKey | None = None,
) -> bytes:
    """The enrollment file, signed with the key it enrolls (and, rotating, the old one)."""
    if key.public().key != enrollment.signing_key.key:
        raise ValueError("an enrollment is signed with the key it enrolls")
    if (previous is None) != (enrollment.previous_key is None) or (
        previous is not None
        and enrollment.previous_key is not None
        and previous.public().key != enrollment.previous_key.key
    ):
        raise ValueError("the endorsing key is the previous key")
    return seal_envelope(
        ENROLL_FORMAT,
        enrollment.body(),
        key,
        comment=f"netral-enrollment office:{enrollment.office_code}",
        endorser=previous,
    )


def parse_enrollment(data: bytes) -> Enrollment:
    """An enrollment file, its signature by the key it enrolls checked (and the old key's
    endorsement, when it names one)."""
    envelope = open_envelope(data, ENROLL_FORMAT)
    try:
        body = envelope.body
        office = body["office"]
        previous = body["previous_key"]
        enrollment = Enrollment(
            _text(office, "code", 8),
            _text(office, "name"),
            _text(body, "province_code", 8),
            _public(_text(body, "signing_key")),
            _recipient(_text(body, "age_recipient")),
            _text(body, "created_at", 40),
            None if previous is None else _public(_text(body, "previous_key")),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise TrustRefused(
            "malformed", _("Berkas pendaftaran ini tidak utuh ({reason}).").format(reason=exc)
        ) from exc
    _verify(
        envelope,
        enrollment.signing_key,
        "signature",
        _("Tanda tangan berkas pendaftaran tidak sah: berkas diubah atau rusak."),
    )
    if enrollment.previous_key is not None:
        if envelope.endorsement is None:
            raise TrustRefused(
                "rotation_unendorsed",
                _("Berkas pendaftaran menyebut kunci lama tetapi tidak ditandatangani olehnya."),
            )
        try:
            enrollment.previous_key.verify(envelope.body_text.encode("utf-8"), envelope.endorsement)
        except minisign.MinisignError as exc:
            raise TrustRefused(
                "rotation_unendorsed",
                _("Tanda tangan kunci lama pada berkas pendaftaran tidak sah."),
            ) from exc
    return enrollment
