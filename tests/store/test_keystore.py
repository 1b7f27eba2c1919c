"""Secrets at rest: the real OS keyring, and the passphrase-protected key file."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from netral_desktop.core.errors import KeyStoreError
from netral_desktop.store.keystore import (
    KeyringKeyStore,
    PassphraseFileKeyStore,
    keyring_available,
    service_name,
)
from tests.conftest import keyring_entries, sha256_of

SECRET = bytes(range(256))  # every byte value, zero included
PASSPHRASE = "kunci-cadangan-kantor"


# --- OS keyring -------------------------------------------------------------------------------


def test_keyring_put_get_delete(clean_keyring: set[tuple[str, str]]) -> None:
    store = KeyringKeyStore("34.02", "instalasi-uji-1")
    assert store.get("data-key") is None
    store.put("data-key", SECRET)
    assert store.get("data-key") == SECRET
    assert (service_name("34.02", "instalasi-uji-1"), "data-key") in keyring_entries()
    store.put("data-key", b"diganti")
    assert store.get("data-key") == b"diganti"
    store.delete("data-key")
    assert store.get("data-key") is None
    assert (service_name("34.02", "instalasi-uji-1"), "data-key") not in keyring_entries()
    store.delete("data-key")  # deleting what is not there is not an error


def test_two_installations_never_share_entries(clean_keyring: set[tuple[str, str]]) -> None:
    first = KeyringKeyStore("34.02", "instalasi-a")
    second = KeyringKeyStore("34.02", "instalasi-b")
    first.put("data-key", b"kunci A")
    assert second.get("data-key") is None
    second.put("data-key", b"kunci B")
    assert first.get("data-key") == b"kunci A"
    assert second.get("data-key") == b"kunci B"
    first.delete("data-key")
    assert second.get("data-key") == b"kunci B"


def test_same_installation_id_in_two_offices_is_kept_apart(
    clean_keyring: set[tuple[str, str]],
) -> None:
    bantul = KeyringKeyStore("34.02", "instalasi-sama")
    sleman = KeyringKeyStore("34.04", "instalasi-sama")
    bantul.put("data-key", b"bantul")
    sleman.put("data-key", b"sleman")
    assert bantul.get("data-key") == b"bantul"
    assert sleman.get("data-key") == b"sleman"


def test_keyring_is_reported_available_under_the_test_session(real_keyring: None) -> None:
    available, backend = keyring_available()
    assert available, backend


def test_keyring_unavailable_is_detected(no_keyring: None) -> None:
    available, backend = keyring_available()
    assert not available
    assert backend == "keyring.backends.fail.Keyring"


def test_keyring_unavailable_is_detected_from_the_environment() -> None:
    code = "from netral_desktop.store.keystore import keyring_available;print(keyring_available())"
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "(False, 'keyring.backends.fail.Keyring')"


# --- passphrase-protected key file ------------------------------------------------------------


def test_key_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "keys.netralkey"
    store = PassphraseFileKeyStore(path, PASSPHRASE)
    assert store.get("data-key") is None
    store.put("data-key", SECRET)
    store.put("lain", b"kedua")

    reopened = PassphraseFileKeyStore(path, PASSPHRASE)
    assert reopened.get("data-key") == SECRET
    assert reopened.get("lain") == b"kedua"
    reopened.delete("lain")
    assert PassphraseFileKeyStore(path, PASSPHRASE).get("lain") is None
    assert PassphraseFileKeyStore(path, PASSPHRASE).get("data-key") == SECRET


def test_key_file_keeps_nothing_readable(tmp_path: Path) -> None:
    path = tmp_path / "keys.netralkey"
    PassphraseFileKeyStore(path, PASSPHRASE).put("data-key", SECRET)
    content = path.read_bytes()
    assert SECRET not in content
    assert base64.b64encode(SECRET) not in content
    assert PASSPHRASE.encode() not in content
    assert path.stat().st_mode & 0o077 == 0  # only the owner may read it
    envelope = json.loads(content)
    assert envelope["format"] == "netral-keyfile-1"
    assert envelope["kdf"]["name"] == "scrypt"


def test_wrong_passphrase_is_refused_and_the_file_kept(tmp_path: Path) -> None:
    path = tmp_path / "keys.netralkey"
    PassphraseFileKeyStore(path, PASSPHRASE).put("data-key", SECRET)
    before = sha256_of(path)
    wrong = PassphraseFileKeyStore(path, "bukan-kata-sandinya")

    with pytest.raises(KeyStoreError) as caught:
        wrong.get("data-key")
    assert caught.value.code == "keyfile_wrong_passphrase"
    assert str(caught.value) == "Kata sandi berkas kunci salah. Tidak ada yang diubah; coba lagi."
    with pytest.raises(KeyStoreError, match="Kata sandi berkas kunci salah"):
        wrong.put("lain", b"tidak boleh tersimpan")
    assert sha256_of(path) == before
    assert PassphraseFileKeyStore(path, PASSPHRASE).get("data-key") == SECRET


@pytest.mark.parametrize(
    "content",
    [
        b"bukan json sama sekali",
        b'{"format": "format-lain", "salt": "", "nonce": "", "ciphertext": ""}',
        b'{"format": "netral-keyfile-1"}',
        b'["netral-keyfile-1"]',
        b'{"format": "netral-keyfile-1", "salt": 7, "nonce": null, "ciphertext": []}',
        b'{"format": "netral-keyfile-1", "salt": "!!", "nonce": "!!", "ciphertext": "!!"}',
    ],
)
def test_a_corrupted_key_file_is_refused_unchanged(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "keys.netralkey"
    path.write_bytes(content)
    store = PassphraseFileKeyStore(path, PASSPHRASE)
    with pytest.raises(KeyStoreError, match="rusak atau bukan berkas kunci Netral Desktop"):
        store.get("data-key")
    with pytest.raises(KeyStoreError):
        store.put("data-key", SECRET)
    assert path.read_bytes() == content


def test_a_key_file_altered_inside_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "keys.netralkey"
    PassphraseFileKeyStore(path, PASSPHRASE).put("data-key", SECRET)
    envelope = json.loads(path.read_text())
    sealed = bytearray(base64.b64decode(envelope["ciphertext"]))
    sealed[0] ^= 0x01
    envelope["ciphertext"] = base64.b64encode(bytes(sealed)).decode()
    path.write_text(json.dumps(envelope))
    with pytest.raises(KeyStoreError):
        PassphraseFileKeyStore(path, PASSPHRASE).get("data-key")


def test_an_empty_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KeyStoreError, match="kosong"):
        PassphraseFileKeyStore(tmp_path / "keys.netralkey", "")
