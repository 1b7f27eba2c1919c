"""Who receives the recommendation about a reported person, as dated data.

An ASN recommendation went to KASN until 24 August 2024 and to BKN since (UU 20/2023, Perpres
91/2024); a new independent body is expected by October 2027 (Putusan MK 121/PUU-XXII/2024).
Those dates live in ``resources/data/penerima_rekomendasi.csv``, not here: a successor is a new
row with its start date (in the shipped file, or in the office's file of the same name in its
data folder). People who are not ASN (kepala desa, perangkat desa, TNI/Polri, non-ASN staff) go
to their own body, named by the case. The sanction itself is imposed by the PPK of the person's
agency, whom the case names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from netral_desktop.core.datafiles import (
    DataFileError,
    file_version,
    office_table,
    read_table,
    shipped_table,
)
from netral_desktop.core.errors import ValidationError
from netral_desktop.i18n import _

RECIPIENTS_FILE = "penerima_rekomendasi.csv"
COLUMNS = (
    "jenis_terlapor",
    "berlaku_mulai",
    "berlaku_sampai",
    "kode",
    "penerima",
    "cara",
    "dasar",
    "sumber",
    "catatan",
)
# Reported person kinds (CASES.md).
SUBJECT_KINDS = ("pns", "pppk", "non_asn", "kepala_desa", "perangkat_desa", "tni_polri", "lainnya")
# "lembaga": one body receives every recommendation (KASN, BKN); "instansi_terlapor": the body
# named on the case (the person's own agency, bupati, kesatuan).
WAYS = ("lembaga", "instansi_terlapor")


@dataclass(frozen=True)
class RecipientRule:
    kinds: tuple[str, ...]
    valid_from: date
    valid_until: date | None
    code: str
    name: str
    way: str
    basis: str
    source: str
    note: str

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


@dataclass(frozen=True)
class Recipient:
    """The addressee of one reported person's recommendation on a given day."""

    code: str
    name: str
    way: str
    basis: str
    note: str
    valid_from: date
    valid_until: date | None
    ppk: str | None = None  # the PPK named by the case (imposes the sanction)
    body: str | None = None  # the body named by the case (for "instansi_terlapor")

    @property
    def addressee(self) -> str:
        """What goes on the letter: the fixed body, or the one the case names."""
        if self.way == "instansi_terlapor":
            return self.body or self.ppk or self.name
        return self.name


def recipient_rules(*, home: Path | None = None) -> list[RecipientRule]:
    """The shipped rows and the office's own (an office row with the same kind and start date
    replaces the shipped one)."""
    own = office_table(home, RECIPIENTS_FILE)
    return list(_rules(file_version(shipped_table(RECIPIENTS_FILE)), file_version(own)))


@lru_cache(maxsize=8)
def _rules(
    shipped: tuple[str, int, int] | None, own: tuple[str, int, int] | None
) -> tuple[RecipientRule, ...]:
    found: dict[tuple[str, date], RecipientRule] = {}
    for version in (shipped, own):
        if version is None:
            continue
        for rule in _read(Path(version[0])):
            for kind in rule.kinds:
                found[(kind, rule.valid_from)] = rule
    return tuple(dict.fromkeys(found.values()))


def _read(path: Path) -> list[RecipientRule]:
    out = []
    for row in read_table(path, COLUMNS):
        kinds = tuple(k.strip() for k in row.required("jenis_terlapor").split(";") if k.strip())
        for kind in kinds:
            if kind not in SUBJECT_KINDS:
                raise row.fail(
                    "jenis_terlapor",
                    _("'{value}' tidak dikenal. Pilih: {known} (pisahkan dengan ;).").format(
                        value=kind, known=", ".join(SUBJECT_KINDS)
                    ),
                )
        start = row.iso_date("berlaku_mulai")
        end = row.optional_date("berlaku_sampai")
        if end is not None and end < start:
            raise row.fail("berlaku_sampai", _("lebih awal dari berlaku_mulai."))
        out.append(
            RecipientRule(
                kinds=kinds,
                valid_from=start,
                valid_until=end,
                code=row.required("kode"),
                name=row.required("penerima"),
                way=row.choice("cara", WAYS),
                basis=row.required("dasar"),
                source=row.get("sumber"),
                note=row.get("catatan"),
            )
        )
    return out


def recipient_on(
    on: date,
    subject_kind: str,
    *,
    ppk: str | None = None,
    body: str | None = None,
    home: Path | None = None,
) -> Recipient:
    """The recipient of a recommendation about a person of ``subject_kind`` issued on ``on``:
    of the rows covering that day, the one that started last (so a successor body only needs a
    row with its start date)."""
    if subject_kind not in SUBJECT_KINDS:
        raise ValidationError(
            _("Jenis terlapor '{kind}' tidak dikenal. Pilih: {known}.").format(
                kind=subject_kind, known=", ".join(SUBJECT_KINDS)
            ),
            code="subject_kind_unknown",
        )
    rules = [r for r in recipient_rules(home=home) if subject_kind in r.kinds and r.covers(on)]
    if not rules:
        raise DataFileError(
            _(
                "Tidak ada penerima rekomendasi untuk terlapor jenis {kind} pada {day}. "
                "Tambahkan barisnya di {file} (folder data)."
            ).format(kind=subject_kind, day=on.isoformat(), file=RECIPIENTS_FILE),
            code="recipient_missing",
        )
    rule = max(rules, key=lambda r: r.valid_from)
    return Recipient(
        code=rule.code,
        name=rule.name,
        way=rule.way,
        basis=rule.basis,
        note=rule.note,
        valid_from=rule.valid_from,
        valid_until=rule.valid_until,
        ppk=(ppk or "").strip() or None,
        body=(body or "").strip() or None,
    )
