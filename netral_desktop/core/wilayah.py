"""Region codes: Kemendagri kode wilayah (offices, NIK) and Bawaslu's own list (case numbers).

Reads the CSV files shipped in resources/data once, on first use.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from netral_desktop.config import resources_dir

KABKOTA_RE = re.compile(r"^\d{2}\.\d{2}$")
PROVINCE_RE = re.compile(r"^\d{2}$")


class TimeZone(StrEnum):
    WIB = "WIB"
    WITA = "WITA"
    WIT = "WIT"

    @property
    def iana(self) -> str:
        return {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}[self.value]

    @property
    def utc_offset_hours(self) -> int:
        return {"WIB": 7, "WITA": 8, "WIT": 9}[self.value]


# Provinces outside WIB, by Kemendagri code (Permen/Keppres 41/1987 on time zones).
_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT = {"81", "82", "91", "92", "93", "94", "95", "96"}


@dataclass(frozen=True)
class Region:
    code: str
    name: str

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def level(self) -> str:
        return {2: "provinsi", 5: "kabkota", 8: "kecamatan"}.get(len(self.code), "desa")

    @property
    def is_kota(self) -> bool:
        return self.level == "kabkota" and int(self.code[3:5]) >= 71


@cache
def _regions() -> dict[str, Region]:
    path = resources_dir() / "data" / "wilayah.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle)
        return {r["kode"].strip(): Region(r["kode"].strip(), r["nama"].strip()) for r in rows}


def region(code: str) -> Region | None:
    return _regions().get(code.strip())


def provinces() -> list[Region]:
    return [r for r in _regions().values() if r.level == "provinsi"]


def kabkota_list() -> list[Region]:
    return [r for r in _regions().values() if r.level == "kabkota"]


def kecamatan_of(kabkota_code: str) -> list[Region]:
    prefix = kabkota_code + "."
    return [r for r in _regions().values() if r.level == "kecamatan" and r.code.startswith(prefix)]


def default_time_zone(province_code: str) -> TimeZone:
    if province_code in _WIT:
        return TimeZone.WIT
    if province_code in _WITA:
        return TimeZone.WITA
    return TimeZone.WIB


def _squash(name: str) -> str:
    name = name.lower().replace("kabupaten", "kab").replace("kab.", "kab")
    return re.sub(r"[^a-z0-9]", "", name)


@cache
def _bawaslu_codes() -> list[tuple[str, str, str]]:
    path = resources_dir() / "data" / "kode_wilayah_bawaslu.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [(r["kode"], r["nama"], r["tingkat"]) for r in csv.DictReader(handle)]


def bawaslu_code_for(kemendagri_code: str) -> str | None:
    """Bawaslu's own region code (for case numbers) of an office, matched by name.

    The two lists spell some names differently; when no single match is found the office
    sets the code by hand (``netral init --kode-bawaslu``) and this returns None.
    """
    own = region(kemendagri_code)
    if own is None:
        return None
    target = _squash(own.name)
    if own.level == "provinsi":
        matches = [c for c, n, t in _bawaslu_codes() if t == "provinsi" and _squash(n) == target]
    else:
        matches = [c for c, n, t in _bawaslu_codes() if t != "provinsi" and _squash(n) == target]
    return matches[0] if len(matches) == 1 else None
