"""Findings about a record: errors refuse it, warnings and notices are kept on it as flags.

A problem has a stable ``code`` (stored on the record, tested, turned into text by the window)
and a sentence for people. Only codes are stored; ``problem_label`` gives their short text.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from netral_desktop.i18n import N_, _


class Severity(StrEnum):
    ERROR = "error"  # the value is impossible: the record is refused
    WARNING = "warning"  # the value is doubtful: kept, flagged for a person to look at
    NOTICE = "notice"  # something is missing that should be completed later


@dataclass(frozen=True)
class Problem:
    code: str
    severity: Severity
    message: str
    field: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR


# Short labels of the codes kept on records (the "problems" column), for lists and filters.
_LABELS: dict[str, str] = {
    "nip_sex_mismatch": N_("Jenis kelamin tidak cocok dengan NIP"),
    "nik_sex_mismatch": N_("Jenis kelamin tidak cocok dengan NIK"),
    "nik_birth_mismatch": N_("Tanggal lahir di NIK tidak cocok dengan NIP"),
    "nik_kecamatan_unknown": N_("Kode kecamatan NIK tidak ada di daftar wilayah"),
    "nik_region_unknown": N_("Kode wilayah NIK tidak ada di daftar wilayah saat ini"),
    "ni_pppk_unusual": N_("NI PPPK tidak berpola biasa"),
    "ni_pppk_sex_mismatch": N_("Jenis kelamin tidak cocok dengan NI PPPK"),
    "status_by_number": N_("Status diubah sesuai nomor induk (NIP atau NI PPPK)"),
    "nip_missing": N_("NIP belum diisi"),
    "pppk_missing": N_("NI PPPK belum diisi"),
    "agency_missing": N_("Instansi belum diisi"),
    "nip_birth_mismatch": N_("Tanggal lahir tidak cocok dengan NIP"),
}


def problem_label(code: str) -> str:
    """A short sentence for a stored problem code (the code itself if unknown)."""
    label = _LABELS.get(code)
    return _(label) if label else code


def stored_codes(problems: list[Problem]) -> str:
    """The codes kept on a record: warnings and notices, sorted, space-separated."""
    return " ".join(sorted({p.code for p in problems if not p.is_error}))
