"""Violation cases: the vocabulary (origins, kinds of reported people, parties, outcomes,
statuses) and the four Perbawaslu number formats (forms_catalogue.md §3). Pure rules.

The procedure itself (which step leads where, who may take it, which papers it issues, its
deadlines) is data: core/procedure.py reads it from resources/rulesets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum
from typing import Any

from netral_desktop.core.errors import ValidationError
from netral_desktop.core.numbering import roman_month
from netral_desktop.i18n import N_, _


class Origin(StrEnum):
    LAPORAN = "laporan"  # brought by a voter, participant or monitor
    TEMUAN = "temuan"  # found by the supervisors
    INFORMASI_AWAL = "informasi_awal"  # a tip, neither yet

    @property
    def label(self) -> str:
        return _(ORIGIN_LABELS[self.value])

    @property
    def register_code(self) -> str:
        """The origin's part of register, recommendation and correction numbers (a tip the
        pleno pursues is handled as a finding, Perbawaslu 7/2022 Pasal 4)."""
        return "LP" if self is Origin.LAPORAN else "TM"


ORIGIN_LABELS = {
    "laporan": N_("Laporan"),
    "temuan": N_("Temuan"),
    "informasi_awal": N_("Informasi awal"),
}


class SubjectKind(StrEnum):
    PNS = "pns"
    PPPK = "pppk"
    NON_ASN = "non_asn"
    KEPALA_DESA = "kepala_desa"
    PERANGKAT_DESA = "perangkat_desa"
    TNI_POLRI = "tni_polri"
    LAINNYA = "lainnya"

    @property
    def label(self) -> str:
        return _(SUBJECT_KIND_LABELS[self.value])

    @property
    def is_asn(self) -> bool:
        return self in (SubjectKind.PNS, SubjectKind.PPPK)


SUBJECT_KIND_LABELS = {
    "pns": N_("PNS"),
    "pppk": N_("PPPK"),
    "non_asn": N_("Pegawai non-ASN"),
    "kepala_desa": N_("Kepala desa/lurah"),
    "perangkat_desa": N_("Perangkat desa"),
    "tni_polri": N_("Anggota TNI/Polri"),
    "lainnya": N_("Lainnya"),
}


class PartyRole(StrEnum):
    PELAPOR = "pelapor"
    SAKSI = "saksi"
    AHLI = "ahli"

    @property
    def label(self) -> str:
        return _(PARTY_ROLE_LABELS[self.value])

    @property
    def pseudonym_prefix(self) -> str:
        # Printed on papers as written, in every language: "Pelapor-0007".
        return {"pelapor": "Pelapor", "saksi": "Saksi", "ahli": "Ahli"}[self.value]


PARTY_ROLE_LABELS = {"pelapor": N_("Pelapor"), "saksi": N_("Saksi"), "ahli": N_("Ahli")}

# Who brought a report (Perbawaslu 7/2022 Pasal 1 angka 31).
STANDING_LABELS = {
    "pemilih": N_("Warga negara yang mempunyai hak pilih"),
    "peserta": N_("Peserta pemilihan"),
    "pemantau": N_("Pemantau terdaftar"),
    "": N_("(tidak diisi)"),
}


class Stage(StrEnum):
    """The election stage of the act: before or after the candidates were officially set
    (SKB 2022: the same act weighs more after)."""

    SEBELUM = "sebelum_penetapan"
    SETELAH = "setelah_penetapan"

    @property
    def label(self) -> str:
        return _(STAGE_LABELS[self.value])


STAGE_LABELS = {
    "sebelum_penetapan": N_("Sebelum penetapan calon"),
    "setelah_penetapan": N_("Setelah penetapan calon"),
    "": N_("(belum ditentukan)"),
}


class Outcome(StrEnum):
    """The pleno's decision about one reported person."""

    TERBUKTI = "terbukti"
    TIDAK_TERBUKTI = "tidak_terbukti"
    PERATURAN_LAIN = "peraturan_lain"
    PIDANA = "pidana"
    ADMINISTRATIF = "administratif"

    @property
    def label(self) -> str:
        return _(OUTCOME_LABELS[self.value])


OUTCOME_LABELS = {
    "terbukti": N_("Terbukti melanggar"),
    "tidak_terbukti": N_("Tidak terbukti"),
    "peraturan_lain": N_("Pelanggaran peraturan perundang-undangan lain"),
    "pidana": N_("Dugaan tindak pidana pemilihan"),
    "administratif": N_("Pelanggaran administratif"),
    "": N_("(belum diputus)"),
}

# Status labels for codes a ruleset does not name (the ruleset's labels win).
STATUS_LABELS = {
    "diterima": N_("Diterima"),
    "kajian_awal": N_("Kajian awal"),
    "perlu_perbaikan": N_("Perlu perbaikan"),
    "diregistrasi": N_("Diregistrasi"),
    "tidak_diregistrasi": N_("Tidak diregistrasi"),
    "dicabut": N_("Dicabut"),
    "dilimpahkan": N_("Dilimpahkan"),
    "klarifikasi": N_("Klarifikasi"),
    "kajian": N_("Kajian"),
    "diputus": N_("Diputus"),
    "diteruskan": N_("Diteruskan"),
    "ditindaklanjuti": N_("Ditindaklanjuti"),
    "tidak_ditindaklanjuti": N_("Tidak ditindaklanjuti"),
    "koreksi": N_("Koreksi"),
    "arsip": N_("Arsip"),
}


def status_label(code: str) -> str:
    return _(STATUS_LABELS[code]) if code in STATUS_LABELS else code


class ElectionCode(StrEnum):
    """The election's part of a case number."""

    PL = "PL"  # DPR, DPD, DPRD
    PP = "PP"  # President
    PB = "PB"  # Pilkada (seen in SIGAPLAPOR numbers; not confirmed from a text)

    @property
    def ruleset(self) -> str:
        return "pilkada" if self is ElectionCode.PB else "pemilu"


# --- numbers (forms_catalogue.md §3) -----------------------------------------------------------


class NumberKind(StrEnum):
    """The four number formats of the lampiran "Format Penomoran"."""

    PENYAMPAIAN = "LP"  # A: a report received (B.1, B.3, B.3.1, B.7)
    REGISTER = "Reg"  # B: the register of findings and reports
    REKOMENDASI = "Rekom"  # C: recommendation or forwarding
    KOREKSI = "K"  # D: correction

    @property
    def label(self) -> str:
        return _(NUMBER_KIND_LABELS[self.value])


NUMBER_KIND_LABELS = {
    "LP": N_("Nomor penyampaian laporan"),
    "Reg": N_("Nomor register"),
    "Rekom": N_("Nomor rekomendasi/penerusan"),
    "K": N_("Nomor koreksi"),
}
# The kind part of a recommendation or forwarding number.
REKOM_KINDS = ("Rekom-Adm", "Rekom-KE", "Rekom-DPPL", "Terus-TPP")
LEVELS = ("RI", "Prov", "Kab", "Kota")
REGION_CODE = re.compile(r"^\d{2}\.\d{2}$")
NUMBER_PATTERN = re.compile(
    r"^(?P<seq>\d{3,})/(?:(?P<kind>LP|Reg|K|Rekom-Adm|Rekom-KE|Rekom-DPPL|Terus-TPP)/)"
    r"(?:(?P<origin>LP|TM)/)?(?P<election>PL|PP|PB)/(?P<level>RI|Prov|Kab|Kota|Kec-[^/]+)/"
    r"(?P<region>\d{2}\.\d{2})/(?P<month>[IVX]+)/(?P<year>\d{4})$"
)


def case_number(
    kind: NumberKind,
    *,
    seq: int,
    origin: Origin,
    election: ElectionCode,
    level: str,
    region_code: str,
    on: date,
    rekom_kind: str = "Rekom-DPPL",
) -> str:
    """A number of one of the four formats, e.g. ``005/Reg/LP/PL/Kab/15.02/I/2024``.

    A finding has no penyampaian number (B.2 is numbered with its register number), and a
    correction is numbered by the province or Bawaslu (level ``Prov`` or ``RI``)."""
    if not REGION_CODE.match(region_code):
        raise ValidationError(
            _(
                "Kode wilayah Bawaslu kantor '{code}' tidak sah: nomor perkara memakai kode "
                "daftar Bawaslu seperti 15.02. Atur di Pengaturan kantor."
            ).format(code=region_code),
            code="bawaslu_code_invalid",
        )
    if level not in LEVELS and not level.startswith("Kec-"):
        raise ValueError(f"unknown level {level!r}")
    if kind is NumberKind.PENYAMPAIAN and origin is Origin.TEMUAN:
        raise ValueError("a finding has no penyampaian number")
    parts: list[str] = [f"{seq:03d}"]
    if kind is NumberKind.PENYAMPAIAN:
        parts.append("LP")
    elif kind is NumberKind.REGISTER:
        parts += ["Reg", origin.register_code]
    elif kind is NumberKind.REKOMENDASI:
        if rekom_kind not in REKOM_KINDS:
            raise ValueError(f"unknown recommendation kind {rekom_kind!r}")
        parts += [rekom_kind, origin.register_code]
    else:
        parts += ["K", origin.register_code]
    parts += [election.value, level, region_code, roman_month(on.month), str(on.year)]
    return "/".join(parts)


def is_case_number(text: str) -> bool:
    """Whether ``text`` has the structure of a Perbawaslu number (values not checked: some
    of the lampiran's own examples are inconsistent)."""
    return NUMBER_PATTERN.match(text.strip()) is not None


def pseudonym(role: PartyRole, seq: int, device: str = "") -> str:
    """``Pelapor-0007``; with a device code (an office of several computers working offline)
    ``Pelapor-0007-B`` so two computers never give the same pseudonym."""
    base = f"{role.pseudonym_prefix}-{seq:04d}"
    return f"{base}-{device}" if device else base


# --- the reporter's and witnesses' identity (sealed at rest) ----------------------------------


@dataclass(frozen=True)
class PartyIdentity:
    """Who a reporter, witness or expert is: kept only sealed with the office data key."""

    name: str
    nik: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    occupation: str = ""
    birth_place: str = ""
    birth_date: str = ""  # ISO date or ""
    gender: str = ""  # L | P | ""

    def as_dict(self) -> dict[str, str]:
        return {f.name: str(getattr(self, f.name) or "") for f in fields(self)}

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> PartyIdentity:
        known = {f.name for f in fields(cls)}
        return cls(**{k: str(v or "") for k, v in values.items() if k in known})


__all__ = [
    "NUMBER_PATTERN",
    "REKOM_KINDS",
    "ElectionCode",
    "NumberKind",
    "Origin",
    "Outcome",
    "PartyIdentity",
    "PartyRole",
    "Stage",
    "SubjectKind",
    "case_number",
    "is_case_number",
    "pseudonym",
    "status_label",
]
