"""Region codes: the shipped official list, province time zones, Bawaslu's own codes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from netral_desktop.core import wilayah
from netral_desktop.core.wilayah import TimeZone


def test_official_list_has_514_kabkota_and_38_provinces() -> None:
    assert len(wilayah.kabkota_list()) == 514
    assert len(wilayah.provinces()) == 38


def test_every_kabkota_belongs_to_a_listed_province() -> None:
    provinces = {p.code for p in wilayah.provinces()}
    assert {k.province_code for k in wilayah.kabkota_list()} == provinces


def test_codes_have_the_official_shape() -> None:
    for region in wilayah.provinces():
        assert wilayah.PROVINCE_RE.match(region.code), region
    for region in wilayah.kabkota_list():
        assert wilayah.KABKOTA_RE.match(region.code), region


def test_names_have_no_stray_spaces() -> None:
    # Names end up in office names and in the place printed above signatures.
    stray = [r for r in wilayah._regions().values() if r.name != r.name.strip() or not r.name]
    assert stray == []


def test_lookup_of_a_kabupaten_and_a_kota() -> None:
    bantul = wilayah.region("34.02")
    assert bantul is not None
    assert bantul.name == "Kabupaten Bantul"
    assert bantul.level == "kabkota"
    assert bantul.province_code == "34"
    assert not bantul.is_kota
    kota = wilayah.region(" 34.71 ")
    assert kota is not None
    assert kota.name == "Kota Yogyakarta"
    assert kota.is_kota


def test_unknown_codes_are_not_found() -> None:
    assert wilayah.region("34.99") is None
    assert wilayah.region("3402") is None
    assert wilayah.region("") is None


def test_kecamatan_of_bantul() -> None:
    kecamatan = wilayah.kecamatan_of("34.02")
    assert len(kecamatan) == 17
    assert all(k.code.startswith("34.02.") and k.level == "kecamatan" for k in kecamatan)
    assert "Sewon" in {k.name for k in kecamatan}
    # The prefix is a whole code part: 34.02 does not also collect 34.0x's kecamatan.
    assert not any(k.code.startswith("34.02.") for k in wilayah.kecamatan_of("34.03"))


@pytest.mark.parametrize(
    ("province", "zone"),
    [
        ("11", TimeZone.WIB),  # Aceh
        ("34", TimeZone.WIB),  # DI Yogyakarta
        ("61", TimeZone.WIB),  # Kalimantan Barat
        ("62", TimeZone.WIB),  # Kalimantan Tengah
        ("51", TimeZone.WITA),  # Bali
        ("53", TimeZone.WITA),  # Nusa Tenggara Timur
        ("63", TimeZone.WITA),  # Kalimantan Selatan
        ("65", TimeZone.WITA),  # Kalimantan Utara
        ("76", TimeZone.WITA),  # Sulawesi Barat
        ("81", TimeZone.WIT),  # Maluku
        ("82", TimeZone.WIT),  # Maluku Utara
        ("94", TimeZone.WIT),  # Papua Tengah
        ("96", TimeZone.WIT),  # Papua Barat Daya
    ],
)
def test_time_zone_follows_the_province(province: str, zone: TimeZone) -> None:
    assert wilayah.default_time_zone(province) is zone


def test_zone_counts_over_all_provinces() -> None:
    zones = [wilayah.default_time_zone(p.code) for p in wilayah.provinces()]
    assert (zones.count(TimeZone.WIB), zones.count(TimeZone.WITA), zones.count(TimeZone.WIT)) == (
        18,
        12,
        8,
    )


@pytest.mark.parametrize("zone", list(TimeZone))
def test_time_zone_offsets_match_the_iana_zone(zone: TimeZone) -> None:
    offset = datetime(2024, 5, 14, 12, 0, tzinfo=ZoneInfo(zone.iana)).utcoffset()
    assert offset is not None
    assert offset.total_seconds() == zone.utc_offset_hours * 3600


def test_bawaslu_code_of_bantul() -> None:
    assert wilayah.bawaslu_code_for("34.02") == "15.02"
    assert wilayah.bawaslu_code_for("34.71") == "15.01"


def test_bawaslu_code_of_unknown_office_is_none() -> None:
    assert wilayah.bawaslu_code_for("34.99") is None


def test_matched_bawaslu_codes_stay_within_one_province() -> None:
    # Names are matched across two lists; a wrong match would put a kabupaten under another
    # province's Bawaslu prefix.
    codes = {kab.code: wilayah.bawaslu_code_for(kab.code) for kab in wilayah.kabkota_list()}
    prefixes: dict[str, set[str]] = {}
    for kemendagri, bawaslu in codes.items():
        if bawaslu:
            prefixes.setdefault(kemendagri[:2], set()).add(bawaslu[:2])
    assert len(prefixes) >= 30
    assert {p: s for p, s in prefixes.items() if len(s) > 1} == {}
    assert sum(1 for c in codes.values() if c) >= 450
