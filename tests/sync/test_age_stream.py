"""The streaming age writer: what it writes, pyrage and the real ``age`` tool decrypt, at every
chunk boundary, for several recipients."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pyrage
import pytest

from netral_desktop.sync.age_stream import CHUNK, AgeWriter, recipient_key
from tests.sync.test_standard_tools import _tool

SIZES = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 17]


def _encrypt(plain: bytes, recipients: list[str], piece: int = 5000) -> bytes:
    out = io.BytesIO()
    writer = AgeWriter(out, recipients)
    for i in range(0, len(plain), piece):
        writer.write(plain[i : i + piece])
    writer.finish()
    return out.getvalue()


@pytest.mark.parametrize("size", SIZES)
def test_pyrage_decrypts_every_size_for_each_recipient(size: int) -> None:
    a, b = pyrage.x25519.Identity.generate(), pyrage.x25519.Identity.generate()
    plain = os.urandom(size)
    sealed = _encrypt(plain, [str(a.to_public()), str(b.to_public())])
    assert pyrage.decrypt(sealed, [a]) == plain
    assert pyrage.decrypt(sealed, [b]) == plain
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(sealed, [pyrage.x25519.Identity.generate()])


@pytest.mark.parametrize("piece", [1000, CHUNK - 1, CHUNK, 2 * CHUNK + 3])
def test_any_write_sizes_give_the_same_stream_of_chunks(piece: int) -> None:
    identity = pyrage.x25519.Identity.generate()
    plain = os.urandom(5 * CHUNK + 100)
    out = io.BytesIO()
    writer = AgeWriter(out, [str(identity.to_public())])
    # Small and large writes mixed: a partial chunk held, then whole chunks straight through.
    writer.write(plain[:7])
    for i in range(7, len(plain), piece):
        writer.write(memoryview(plain)[i : i + piece])
    writer.finish()
    assert pyrage.decrypt(out.getvalue(), [identity]) == plain


def test_the_age_tool_decrypts_it(tmp_path: Path) -> None:
    age = _tool("age")
    identity = pyrage.x25519.Identity.generate()
    (tmp_path / "key.txt").write_text(f"{identity}\n")
    plain = os.urandom(2 * CHUNK)  # ends exactly on a chunk: the last full chunk is flagged
    (tmp_path / "x.age").write_bytes(_encrypt(plain, [str(identity.to_public())], piece=CHUNK))
    done = subprocess.run(
        [age, "-d", "-i", "key.txt", "x.age"], cwd=tmp_path, capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == plain


def test_a_cut_or_unfinished_stream_does_not_decrypt() -> None:
    identity = pyrage.x25519.Identity.generate()
    sealed = _encrypt(os.urandom(3 * CHUNK), [str(identity.to_public())])
    with pytest.raises((pyrage.DecryptError, OSError)):
        pyrage.decrypt(sealed[: -(CHUNK // 2)], [identity])
    out = io.BytesIO()
    writer = AgeWriter(out, [str(identity.to_public())])
    writer.write(os.urandom(3 * CHUNK))
    writer.close()  # a failure: closed without finish, no last chunk
    with pytest.raises((pyrage.DecryptError, OSError)):
        pyrage.decrypt(out.getvalue(), [identity])


def test_recipients_are_read_with_their_checksum() -> None:
    identity = pyrage.x25519.Identity.generate()
    text = str(identity.to_public())
    assert len(recipient_key(text)) == 32
    broken = text[:-1] + ("q" if text[-1] != "q" else "p")
    for bad in (broken, "age1", "npub1xyz", text.replace("age1", "age2")):
        with pytest.raises(ValueError):
            recipient_key(bad)
