"""Encryption at rest with the office data key: what is sealed opens only for its purpose,
under this office's key, unaltered; the sealed bytes do not show the plain ones."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netral_desktop.config import HomeLayout
from netral_desktop.core.clock import FixedClock
from netral_desktop.core.errors import KeyStoreError, VerificationFailed
from netral_desktop.services import at_rest
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.setup import DATA_KEY, init_office, open_key_store
from netral_desktop.store import keystore
from tests.conftest import forget_secrets

# The keys live in the key store, the sealed bytes nowhere in particular: one engine is enough.
pytestmark = pytest.mark.sqlite_only

IDENTITY = {"nama": "Siti Nurhaliza", "nik": "3402015708900003", "alamat": "Jl. Parangtritis 12"}


def test_bytes_and_json_round_trip(office: ServiceContext) -> None:
    data = b"rekaman suara saksi \x00\xff" * 50
    sealed = at_rest.seal_bytes(office, data, purpose="evidence")
    assert at_rest.open_bytes(office, sealed, purpose="evidence") == data
    assert len(sealed) == len(data) + at_rest.OVERHEAD and sealed[0] == at_rest.VERSION
    value = at_rest.seal_json(office, IDENTITY, purpose="case_party")
    assert at_rest.open_json(office, value, purpose="case_party") == IDENTITY


def test_the_sealed_bytes_do_not_contain_the_plain_ones(office: ServiceContext) -> None:
    sealed = at_rest.seal_json(office, IDENTITY, purpose="case_party")
    for text in ("Siti", "Nurhaliza", "3402015708900003", "Parangtritis"):
        assert text.encode() not in sealed
    # A fresh nonce each time: the same identity sealed twice does not look the same.
    assert sealed != at_rest.seal_json(office, IDENTITY, purpose="case_party")


def test_altered_or_truncated_bytes_are_refused(office: ServiceContext) -> None:
    sealed = at_rest.seal_bytes(office, b"nama pelapor", purpose="case_party")
    for position in (0, 5, len(sealed) // 2, len(sealed) - 1):
        altered = bytearray(sealed)
        altered[position] ^= 0x01
        with pytest.raises(VerificationFailed, match="berubah, terpotong"):
            at_rest.open_bytes(office, bytes(altered), purpose="case_party")
    for cut in (sealed[:-1], sealed[:10], b""):
        with pytest.raises(VerificationFailed):
            at_rest.open_bytes(office, cut, purpose="case_party")


def test_a_value_sealed_for_one_purpose_does_not_open_for_another(office: ServiceContext) -> None:
    sealed = at_rest.seal_bytes(office, b"identitas saksi", purpose="case_party")
    with pytest.raises(VerificationFailed):
        at_rest.open_bytes(office, sealed, purpose="evidence")


def _second_office(tmp_path: Path) -> ServiceContext:
    return init_office(
        HomeLayout(tmp_path / "other"),
        office_code="34.04",
        name="Bawaslu Kabupaten Sleman",
        admin_username="budi",
        admin_password="rahasia-admin-2",
        clock=FixedClock(datetime(2024, 5, 14, 2, 0, tzinfo=UTC)),
        key_store=keystore.MEMORY,
    )


def test_another_offices_key_does_not_open_it(office: ServiceContext, tmp_path: Path) -> None:
    sealed = at_rest.seal_json(office, IDENTITY, purpose="case_party")
    other = _second_office(tmp_path)
    try:
        with pytest.raises(VerificationFailed, match="kunci kantor lain"):
            at_rest.open_json(other, sealed, purpose="case_party")
    finally:
        other.db.dispose()
        forget_secrets(open_key_store(other))


def test_a_replaced_or_missing_data_key_is_named(office: ServiceContext) -> None:
    sealed = at_rest.seal_bytes(office, b"x", purpose="evidence")
    store = open_key_store(office)
    right = store.get(DATA_KEY)
    assert right is not None
    try:
        store.put(DATA_KEY, b"\x01" * 32)
        at_rest.forget_keys()
        with pytest.raises(VerificationFailed, match="bukan kunci basis data ini"):
            at_rest.open_bytes(office, sealed, purpose="evidence")
        store.delete(DATA_KEY)
        with pytest.raises(KeyStoreError, match="netral keys restore"):
            at_rest.seal_bytes(office, b"x", purpose="evidence")
    finally:
        store.put(DATA_KEY, right)
        at_rest.forget_keys()
    assert at_rest.open_bytes(office, sealed, purpose="evidence") == b"x"


def test_streams_seal_and_open_in_the_same_format(office: ServiceContext) -> None:
    data = bytes(range(256)) * (3 * at_rest.CHUNK // 256 + 7)  # several chunks and a bit
    sealed = io.BytesIO()
    read, written = at_rest.seal_stream(office, io.BytesIO(data), sealed, purpose="evidence")
    assert (read, written) == (len(data), len(sealed.getvalue()))
    assert at_rest.open_bytes(office, sealed.getvalue(), purpose="evidence") == data
    out = io.BytesIO()
    assert at_rest.open_stream(office, sealed, out, purpose="evidence") == len(data)
    assert out.getvalue() == data
    whole = at_rest.seal_bytes(office, data, purpose="evidence")
    out = io.BytesIO()
    at_rest.open_stream(office, io.BytesIO(whole), out, purpose="evidence")
    assert out.getvalue() == data
    altered = bytearray(sealed.getvalue())
    altered[at_rest.CHUNK + 100] ^= 0x80
    with pytest.raises(VerificationFailed):
        at_rest.open_stream(office, io.BytesIO(bytes(altered)), io.BytesIO(), purpose="evidence")
