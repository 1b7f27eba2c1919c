"""Violation categories (what counts as a violation of ASN neutrality), as data.

The shipped list is ``resources/data/skb_netralitas_2022.csv``: the prohibited acts of the 2022
joint decree (kode etik KE-*, disiplin DS-*) and PP 94/2021 Pasal 5 huruf n (DN-*), each with its
legal basis and sanction. An office or its province adds or corrects categories in
``kategori_pelanggaran.csv`` in the data folder (same columns, plus optional ``tahapan`` and
``aktif``): its rows are checked by the same rules, win over a shipped code, and ``aktif=tidak``
retires one.

The election stage changes the weight: before candidates are officially set (bakal calon) an act
is typically a code-of-ethics matter (sanksi moral); after, the same act is a discipline matter
(hukuman disiplin sedang to berat).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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

TAXONOMY_FILE = "skb_netralitas_2022.csv"
OFFICE_TAXONOMY_FILE = "kategori_pelanggaran.csv"
COLUMNS = ("kode", "rumpun", "uraian", "dasar_hukum", "sanksi", "sumber")
FAMILIES = ("kode_etik", "disiplin", "lainnya")
STAGES = ("sebelum_penetapan", "setelah_penetapan", "semua")
_CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9.\-]{0,19}$")
_UNCONFIRMED = "belum terkonfirmasi"

# Sanction families and the sanctions a PPK may impose in each (PP 42/2004 Pasal 15 for the code
# of ethics; PP 94/2021 Pasal 8 ayat (2)-(4) for discipline). Legal terms, kept as written.
SANCTION_FAMILIES: dict[str, tuple[str, ...]] = {
    "moral": ("pernyataan secara tertutup", "pernyataan secara terbuka"),
    "disiplin_ringan": (
        "teguran lisan",
        "teguran tertulis",
        "pernyataan tidak puas secara tertulis",
    ),
    "disiplin_sedang": (
        "pemotongan tunjangan kinerja 25% selama 6 bulan",
        "pemotongan tunjangan kinerja 25% selama 9 bulan",
        "pemotongan tunjangan kinerja 25% selama 12 bulan",
    ),
    "disiplin_berat": (
        "penurunan jabatan setingkat lebih rendah selama 12 bulan",
        "pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 bulan",
        "pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS",
    ),
    "pemberhentian": ("pemberhentian tidak dengan hormat",),
    "lainnya": (),
}


@dataclass(frozen=True)
class Category:
    code: str
    family: str  # kode_etik | disiplin | lainnya
    description: str
    legal_basis: str
    sanction: str  # as written in the table
    sanction_family: str  # a key of SANCTION_FAMILIES
    stage: str  # sebelum_penetapan | setelah_penetapan | semua
    sources: tuple[str, ...]
    active: bool = True
    from_office: bool = False

    @property
    def confirmed(self) -> bool:
        return _UNCONFIRMED not in f"{self.legal_basis} {self.sanction}".lower()

    @property
    def sanctions(self) -> tuple[str, ...]:
        """The sanctions a PPK may impose for this category (empty: free text)."""
        return SANCTION_FAMILIES.get(self.sanction_family, ())

    @property
    def label(self) -> str:
        return f"{self.code} {self.description}"


def sanction_family(family: str, sanction: str) -> str:
    """The family of a sanction as written ("hukuman disiplin berat" -> disiplin_berat)."""
    text = sanction.lower()
    if family == "kode_etik" or "sanksi moral" in text:
        return "moral"
    if "tidak dengan hormat" in text:
        return "pemberhentian"
    if _UNCONFIRMED in text:
        return "lainnya"
    for level in ("ringan", "sedang", "berat"):
        if f"disiplin {level}" in text:
            return f"disiplin_{level}"
    return "lainnya"


def _stage(family: str, code: str, description: str, sanction: str) -> str:
    # SOURCES.md: the kode etik rows concern bakal calon (before candidates are set), the
    # disiplin rows of the decree concern calon (after); a disiplin row that names bakal calon
    # itself (DS-03, DS-09) is before; the PP 94/2021 rows and "any other breach" (DS-13, its
    # sanction "as the breached rule says") hold at every stage.
    if "sesuai peraturan" in sanction.lower():
        return "semua"
    if family == "kode_etik" or "bakal calon" in description.lower():
        return "sebelum_penetapan"
    if code.startswith("DS-"):
        return "setelah_penetapan"
    return "semua"


class Taxonomy:
    """The categories in code order, with the office's rows applied."""

    def __init__(self, categories: list[Category]) -> None:
        self._all = {c.code: c for c in categories}

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.categories())

    def __len__(self) -> int:
        return len(self.categories())

    def categories(self, *, include_retired: bool = False) -> list[Category]:
        return [c for c in self._all.values() if include_retired or c.active]

    def get(self, code: str) -> Category:
        found = self._all.get(code)
        if found is None:
            raise ValidationError(
                _(
                    "Kategori pelanggaran '{code}' tidak ada di daftar. Pilih dari daftar, atau "
                    "tambahkan ke berkas {file} di folder data."
                ).format(code=code, file=OFFICE_TAXONOMY_FILE),
                code="category_unknown",
            )
        return found

    def for_stage(self, after_candidates_set: bool) -> list[Category]:
        """The categories that fit a case's stage (before or after candidates were set)."""
        wanted = "setelah_penetapan" if after_candidates_set else "sebelum_penetapan"
        return [c for c in self.categories() if c.stage in (wanted, "semua")]


def stage_note(after_candidates_set: bool) -> str:
    """Why the stage matters, for the category picker."""
    if after_candidates_set:
        return _(
            "Setelah calon ditetapkan, perbuatan yang sama umumnya pelanggaran disiplin "
            "(hukuman disiplin sedang sampai berat, PP 94/2021)."
        )
    return _(
        "Sebelum calon ditetapkan (masih bakal calon), perbuatan umumnya pelanggaran kode etik "
        "(sanksi moral, PP 42/2004); setelah penetapan, perbuatan yang sama umumnya pelanggaran "
        "disiplin sedang sampai berat."
    )


def stage_warning(category: Category, after_candidates_set: bool) -> str | None:
    """A note when a category of the other stage is chosen (the weight would be wrong)."""
    if category.stage == "semua":
        return None
    if after_candidates_set and category.stage == "sebelum_penetapan":
        return _(
            "Kategori {code} untuk masa bakal calon, padahal perkara ini terjadi setelah calon "
            "ditetapkan: periksa kategori disiplin yang sepadan."
        ).format(code=category.code)
    if not after_candidates_set and category.stage == "setelah_penetapan":
        return _(
            "Kategori {code} untuk masa setelah calon ditetapkan, padahal perkara ini terjadi "
            "sebelumnya: periksa kategori kode etik yang sepadan."
        ).format(code=category.code)
    return None


def sanctions_for(code: str, home: Path | None = None) -> tuple[str, ...]:
    """The sanctions a PPK may impose for the category ``code`` (empty: an unknown or
    retired category, or a family without a fixed list: any sanction may be written)."""
    found = load_taxonomy(home=home)._all.get(code)
    return found.sanctions if found is not None and found.active else ()


def load_taxonomy(*, home: Path | None = None) -> Taxonomy:
    """The shipped categories with the office's file (in ``home``, the data folder) applied."""
    own = office_table(home, OFFICE_TAXONOMY_FILE)
    return Taxonomy(list(_load(file_version(shipped_table(TAXONOMY_FILE)), file_version(own))))


@lru_cache(maxsize=8)
def _load(
    shipped: tuple[str, int, int] | None, own: tuple[str, int, int] | None
) -> tuple[Category, ...]:
    found: dict[str, Category] = {}
    for version, from_office in ((shipped, False), (own, True)):
        if version is None:
            continue
        seen: set[str] = set()
        for row in read_table(Path(version[0]), COLUMNS):
            code = row.required("kode")
            if not _CODE_RE.match(code):
                raise row.fail(
                    "kode", _("'{value}' bukan kode kategori (mis. DS-14).").format(value=code)
                )
            if code in seen:
                raise row.fail("kode", _("kode {code} tertulis dua kali.").format(code=code))
            seen.add(code)
            family = row.choice("rumpun", FAMILIES)
            description = row.required("uraian")
            sanction = row.required("sanksi")
            stage = row.choice(
                "tahapan", STAGES, default=_stage(family, code, description, sanction)
            )
            active = row.choice("aktif", ("ya", "tidak"), default="ya") == "ya"
            found[code] = Category(
                code=code,
                family=family,
                description=description,
                legal_basis=row.required("dasar_hukum"),
                sanction=sanction,
                sanction_family=sanction_family(family, sanction),
                stage=stage,
                sources=tuple(s.strip() for s in row.get("sumber").split(" ; ") if s.strip()),
                active=active,
                from_office=from_office,
            )
    if not found:
        raise DataFileError(_("Daftar kategori pelanggaran kosong."))
    return tuple(sorted(found.values(), key=_order))


def _order(category: Category) -> tuple[int, str]:
    # KE (kode etik), DS (decree's discipline rows), DN (PP 94/2021), then the office's own.
    prefix = category.code.split("-", 1)[0]
    return ({"KE": 0, "DS": 1, "DN": 2}.get(prefix, 3), category.code)
