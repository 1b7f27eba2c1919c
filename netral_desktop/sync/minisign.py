"""minisign's key and signature formats, written with ``cryptography`` (Ed25519, BLAKE2b, scrypt).

Byte for byte what minisign 0.11+ reads and writes (src/minisign.h, src/minisign.c):

- public key: ``"Ed"`` ‖ key id (8) ‖ Ed25519 public key (32), base64, under an untrusted
  comment ``minisign public key <KEYID>``;
- secret key: ``"Ed"`` ‖ ``"Sc"`` ‖ ``"B2"`` ‖ scrypt salt (32) ‖ opslimit (8, LE) ‖ memlimit
  (8, LE) ‖ [key id (8) ‖ seed+public key (64) ‖ BLAKE2b-256 checksum (32)] where the bracket is
  XORed with libsodium's ``crypto_pwhash_scryptsalsa208sha256`` stream of the passphrase;
- signature (prehashed, ``"ED"``): the Ed25519 signature of BLAKE2b-512(file), then a *global*
  signature over that signature ‖ the trusted comment.

The key id is printed as minisign prints it: the 8 bytes read as a little-endian integer, in
upper-case hex.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

SIG_ALG = b"Ed"
SIG_ALG_HASHED = b"ED"
KDF_ALG = b"Sc"
KDF_NONE = b"\0\0"
CHK_ALG = b"B2"
COMMENT_PREFIX = "untrusted comment: "
TRUSTED_PREFIX = "trusted comment: "
# 256 MiB of scrypt memory (N=2^18, r=8, p=1), about 0.7 s here: the cost age's passphrase mode
# picks on the same machine. minisign's own default is 1 GiB; it reads the limits from the file.
OPSLIMIT = 1 << 23
MEMLIMIT = 1 << 28
_SK_STRUCT = 2 + 2 + 2 + 32 + 8 + 8 + 8 + 64 + 32  # 158 bytes
_PK_STRUCT = 2 + 8 + 32
_SIG_STRUCT = 2 + 8 + 64


class MinisignError(ValueError):
    """A file that is not what minisign would write, a wrong passphrase, a bad signature."""


def pickparams(opslimit: int, memlimit: int) -> tuple[int, int, int]:
    """libsodium's conversion of (opslimit, memlimit) to scrypt's (N, r, p)."""
    opslimit = max(opslimit, 32768)
    r = 8
    if opslimit < memlimit // 32:
        p = 1
        max_n = opslimit // (r * 4)
    else:
        max_n = memlimit // (r * 128)
    n_log2 = 1
    while n_log2 < 63 and (1 << n_log2) <= max_n // 2:
        n_log2 += 1
    if not opslimit < memlimit // 32:
        maxrp = min((opslimit // 4) // (1 << n_log2), 0x3FFFFFFF)
        p = maxrp // r
    return 1 << n_log2, r, p


def _scrypt_stream(passphrase: str, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    n, r, p = pickparams(opslimit, memlimit)
    if n > 1 << 22 or p > 16:
        # A file asking for more than 4 GiB or absurd parallelism is not one we wrote.
        raise MinisignError("scrypt parameters out of range")
    return Scrypt(salt=salt, length=104, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def prehash(data: bytes = b"") -> Any:
    """A BLAKE2b-512 hasher for a prehashed signature. OpenSSL's, where it has one: about a
    fifth faster than CPython's own on the build machine, and it too lets go of the GIL, so a
    bundle's bytes are hashed beside their encryption."""
    # Any: hashlib's OpenSSL and built-in hashers share no public type.
    try:
        digest: Any = hashlib.new("blake2b512")
    except ValueError:  # an OpenSSL without BLAKE2
        digest = hashlib.blake2b(digest_size=64)
    digest.update(data)
    return digest


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def key_id_text(key_id: bytes) -> str:
    """The key id as minisign prints it (``%" PRIX64``: upper-case hex, no leading zeros), so
    the id on screen and in office.pub reads the same as in minisign's own messages."""
    return f"{int.from_bytes(key_id, 'little'):X}"


def _b64line(line: str, size: int, what: str) -> bytes:
    try:
        raw = base64.b64decode(line.strip(), validate=True)
    except ValueError as exc:
        raise MinisignError(f"{what}: not base64") from exc
    if len(raw) != size:
        raise MinisignError(f"{what}: {len(raw)} bytes, expected {size}")
    return raw


def signature_key_id(signature_text: str) -> bytes:
    """The 8-byte key id of the key that made a .minisig (MinisignError if not one)."""
    lines = signature_text.splitlines()
    if len(lines) < 4 or not lines[2].startswith(TRUSTED_PREFIX):
        raise MinisignError("not a minisign signature file")
    return _b64line(lines[1], _SIG_STRUCT, "signature")[2:10]


@dataclass(frozen=True)
class PublicKey:
    key_id: bytes
    key: bytes  # Ed25519 public key, 32 bytes

    @property
    def id_text(self) -> str:
        return key_id_text(self.key_id)

    def base64(self) -> str:
        """The key as minisign prints it (``minisign -P`` takes this string)."""
        return base64.b64encode(SIG_ALG + self.key_id + self.key).decode("ascii")

    def fingerprint(self) -> str:
        """128 bits of SHA-256 of the key, in groups of four, to read out over the phone."""
        digest = hashlib.sha256(SIG_ALG + self.key_id + self.key).hexdigest()[:32].upper()
        return " ".join(digest[i : i + 4] for i in range(0, 32, 4))

    def file_text(self) -> str:
        return f"{COMMENT_PREFIX}minisign public key {self.id_text}\n{self.base64()}\n"

    @classmethod
    def parse(cls, text: str) -> PublicKey:
        lines = [line for line in text.splitlines() if line.strip()]
        if not lines:
            raise MinisignError("empty public key")
        line = lines[1] if lines[0].startswith(COMMENT_PREFIX) and len(lines) > 1 else lines[0]
        raw = _b64line(line, _PK_STRUCT, "public key")
        if raw[:2] != SIG_ALG:
            raise MinisignError("unsupported signature algorithm")
        return cls(raw[2:10], raw[10:])

    def verify(self, message: bytes, signature_text: str) -> str:
        """Check a .minisig of ``message``; the trusted comment, or MinisignError."""
        return self._verify(signature_text, message=message)

    def verify_file(self, path: Path, signature_text: str) -> str:
        """Check a prehashed .minisig of the file at ``path``, read in chunks."""
        digest = prehash()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return self._verify(signature_text, digest=digest.digest())

    def verify_digest(self, digest: bytes, signature_text: str) -> str:
        """Check a prehashed .minisig of a file whose BLAKE2b-512 is ``digest``."""
        return self._verify(signature_text, digest=digest)

    def verify_comment(self, signature_text: str) -> str:
        """The trusted comment of a .minisig made by this key, checked on its own (the global
        signature covers the signature and the comment, not the file): what the signer said
        about the file (its size, say) even when the file itself no longer verifies."""
        lines = signature_text.splitlines()
        if len(lines) < 4 or not lines[2].startswith(TRUSTED_PREFIX):
            raise MinisignError("not a minisign signature file")
        raw = _b64line(lines[1], _SIG_STRUCT, "signature")
        if raw[2:10] != self.key_id:
            raise MinisignError("signed by another key")
        trusted = lines[2][len(TRUSTED_PREFIX) :]
        global_sig = _b64line(lines[3], 64, "global signature")
        try:
            Ed25519PublicKey.from_public_bytes(self.key).verify(
                global_sig, raw[10:] + trusted.encode("utf-8")
            )
        except InvalidSignature as exc:
            raise MinisignError("comment signature verification failed") from exc
        return trusted

    def _verify(
        self, signature_text: str, *, message: bytes | None = None, digest: bytes | None = None
    ) -> str:
        lines = signature_text.splitlines()
        if len(lines) < 4 or not lines[2].startswith(TRUSTED_PREFIX):
            raise MinisignError("not a minisign signature file")
        raw = _b64line(lines[1], _SIG_STRUCT, "signature")
        alg, key_id, sig = raw[:2], raw[2:10], raw[10:]
        if alg == SIG_ALG_HASHED:
            signed = digest or prehash(message or b"").digest()
        elif alg == SIG_ALG and message is not None:
            signed = message
        else:
            raise MinisignError("unsupported signature algorithm")
        if key_id != self.key_id:
            raise MinisignError(
                f"signed by key {key_id_text(key_id)}, not by {self.id_text}",
            )
        trusted = lines[2][len(TRUSTED_PREFIX) :]
        global_sig = _b64line(lines[3], 64, "global signature")
        public = Ed25519PublicKey.from_public_bytes(self.key)
        try:
            public.verify(sig, signed)
            public.verify(global_sig, sig + trusted.encode("utf-8"))
        except InvalidSignature as exc:
            raise MinisignError("signature verification failed") from exc
        return trusted


@dataclass(frozen=True)
class SecretKey:
    key_id: bytes
    seed: bytes  # Ed25519 private seed, 32 bytes

    @classmethod
    def generate(cls) -> SecretKey:
        return cls(os.urandom(8), os.urandom(32))

    @property
    def _private(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.seed)

    def public(self) -> PublicKey:
        raw = self._private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return PublicKey(self.key_id, raw)

    def raw(self) -> bytes:
        """Key id ‖ seed: how the key store keeps it (40 bytes)."""
        return self.key_id + self.seed

    @classmethod
    def from_raw(cls, raw: bytes) -> SecretKey:
        if len(raw) != 40:
            raise MinisignError("stored signing key has the wrong size")
        return cls(raw[:8], raw[8:])

    def sign(self, message: bytes, *, trusted_comment: str, comment: str = "") -> str:
        """A prehashed minisign signature file (the text of a .minisig)."""
        digest = prehash(message).digest()
        return self.sign_digest(digest, trusted_comment=trusted_comment, comment=comment)

    def sign_digest(self, digest: bytes, *, trusted_comment: str, comment: str = "") -> str:
        """The signature of a file whose BLAKE2b-512 is ``digest`` (hashed while written)."""
        if "\n" in trusted_comment or "\r" in trusted_comment:
            raise ValueError("a trusted comment is one line")
        private = self._private
        sig = private.sign(digest)
        global_sig = private.sign(sig + trusted_comment.encode("utf-8"))
        body = base64.b64encode(SIG_ALG_HASHED + self.key_id + sig).decode("ascii")
        return (
            f"{COMMENT_PREFIX}{comment or 'signature from minisign secret key'}\n{body}\n"
            f"{TRUSTED_PREFIX}{trusted_comment}\n{base64.b64encode(global_sig).decode('ascii')}\n"
        )

    def _keynum_sk(self) -> bytes:
        sk = self.seed + self.public().key  # libsodium's 64-byte secret key
        chk = hashlib.blake2b(SIG_ALG + self.key_id + sk, digest_size=32).digest()
        return self.key_id + sk + chk

    def encrypted_file_text(self, passphrase: str) -> str:
        """The scrypt-encrypted secret key file ``minisign -S -s FILE`` signs with."""
        salt = os.urandom(32)
        stream = _scrypt_stream(passphrase, salt, OPSLIMIT, MEMLIMIT)
        raw = (
            SIG_ALG
            + KDF_ALG
            + CHK_ALG
            + salt
            + OPSLIMIT.to_bytes(8, "little")
            + MEMLIMIT.to_bytes(8, "little")
            + _xor(self._keynum_sk(), stream)
        )
        assert len(raw) == _SK_STRUCT
        return (
            f"{COMMENT_PREFIX}minisign encrypted secret key\n"
            f"{base64.b64encode(raw).decode('ascii')}\n"
        )

    @classmethod
    def parse_encrypted(cls, text: str, passphrase: str) -> SecretKey:
        """Read a minisign secret key file (encrypted, or unencrypted as ``minisign -W``
        writes it); MinisignError on a wrong passphrase or a damaged file."""
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) < 2 or not lines[0].startswith(COMMENT_PREFIX):
            raise MinisignError("not a minisign secret key file")
        raw = _b64line(lines[1], _SK_STRUCT, "secret key")
        if raw[:2] != SIG_ALG or raw[4:6] != CHK_ALG:
            raise MinisignError("unsupported algorithm")
        kdf, salt = raw[2:4], raw[6:38]
        opslimit = int.from_bytes(raw[38:46], "little")
        memlimit = int.from_bytes(raw[46:54], "little")
        keynum_sk = raw[54:]
        if kdf == KDF_ALG:
            keynum_sk = _xor(keynum_sk, _scrypt_stream(passphrase, salt, opslimit, memlimit))
        elif kdf != KDF_NONE:
            raise MinisignError("unsupported key derivation")
        key_id, sk, chk = keynum_sk[:8], keynum_sk[8:72], keynum_sk[72:]
        # minisign computes the checksum only when it encrypts (-W keys carry none).
        expected = hashlib.blake2b(SIG_ALG + key_id + sk, digest_size=32).digest()
        if kdf == KDF_ALG and expected != chk:
            raise MinisignError("wrong passphrase for that key")
        key = cls(key_id, sk[:32])
        if key.public().key != sk[32:]:
            raise MinisignError("secret and public halves do not match")
        return key
