"""Roster rules shared by the forms and the import: names, status, rank, one person's check."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from netral_desktop.core.identifiers import Sex
from netral_desktop.core.problems import problem_label
from netral_desktop.core.roster import (
    AgencyKind,
    PersonStatus,
    check_person,
    golongan_rank,
    guess_agency_kind,
    is_pppk_golongan,
    name_key,
    parse_sex,
    parse_status,
)

CORE = Path(__file__).resolve().parents[2] / "netral_desktop" / "core"


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Dr. H. Ahmad Fauzi, S.H., M.Si.", "ahmad fauzi"),
        ("Hj. Siti Aminah, S.Pd.I.", "siti aminah"),
        ("Drs.H.Bambang Sutrisno,M.Si", "bambang sutrisno"),
        ("dr. Budi Santoso, M.Kes.", "budi santoso"),
        ("M. Rizky Pratama", "m rizky pratama"),  # M. is Muhammad, not a title
        ("I Gede Suardana", "i gede suardana"),
        ("Ahmad H", "ahmad h"),  # only leading titles go
        ("  MA'RUF   AMIN ", "ma'ruf amin"),
        ("Ir.", "ir"),  # a name that is only a title keeps it
    ],
)
def test_name_key_drops_titles_and_folds_case(written: str, key: str) -> None:
    assert name_key(written) == key


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("PNS", PersonStatus.PNS),
        ("CPNS", PersonStatus.PNS),
        ("P3K", PersonStatus.PPPK),
        ("PPPK Paruh Waktu", PersonStatus.PPPK),
        ("Honorer", PersonStatus.NON_ASN),
        ("Non-ASN", PersonStatus.NON_ASN),
        ("THL", PersonStatus.NON_ASN),
        ("", None),
        ("pensiun", None),
    ],
)
def test_status_as_agencies_write_it(text: str, status: PersonStatus | None) -> None:
    assert parse_status(text) == status


@pytest.mark.parametrize(
    ("text", "sex"),
    [("L", Sex.MALE), ("Laki-laki", Sex.MALE), ("P", Sex.FEMALE), ("Perempuan", Sex.FEMALE)],
)
def test_sex_as_written(text: str, sex: Sex) -> None:
    assert parse_sex(text) == sex


@pytest.mark.parametrize(
    ("text", "rank"),
    [
        ("I/a", 1),
        ("III/a", 9),
        ("Penata Muda, III/a", 9),
        ("Penata Muda (III/a)", 9),
        ("3a", 9),
        ("III-b", 10),
        ("Penata Muda Tingkat I", 10),
        ("IV/e", 17),
        ("IX", 9),  # PPPK
        ("", 0),
        ("tidak ada", 0),
    ],
)
def test_rank_sorts_by_golongan(text: str, rank: int) -> None:
    assert golongan_rank(text) == rank


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Dinas Kesehatan", AgencyKind.DINAS),
        ("Badan Kepegawaian dan Pengembangan SDM", AgencyKind.BADAN),
        ("Kecamatan Sewon", AgencyKind.KECAMATAN),
        ("SD Negeri 2 Sewon", AgencyKind.SEKOLAH),
        ("RSUD Panembahan Senopati", AgencyKind.RSUD),
        ("Puskesmas Kasihan I", AgencyKind.PUSKESMAS),
        ("Satuan Polisi Pamong Praja", AgencyKind.SATPOL),
        ("Koperasi Pegawai", AgencyKind.LAINNYA),
    ],
)
def test_agency_kind_guessed_from_name(name: str, kind: AgencyKind) -> None:
    assert guess_agency_kind(name) is kind


def test_person_with_nip_is_pns_with_birth_date_and_sex_from_it() -> None:
    check = check_person(full_name=" Dr. H.  Ahmad Fauzi ", nip="19680411 199303 1 009")
    assert check.ok
    assert check.values["full_name"] == "Dr. H. Ahmad Fauzi"  # titles kept as written
    assert check.values["status"] == "pns"
    assert check.values["birth_date"] == "1968-04-11"
    assert check.values["sex"] == "L"
    assert check.flags == ""


def test_pppk_number_in_the_nip_column_is_taken_as_ni_pppk() -> None:
    check = check_person(full_name="Siti", status=PersonStatus.PPPK, nip="198501012022212001")
    assert check.values["nip"] is None
    assert check.values["ni_pppk"] == "198501012022212001"


@pytest.mark.parametrize("status", [None, PersonStatus.PNS])
def test_ni_pppk_in_a_nip_column_is_recognised_without_or_against_the_status(status) -> None:  # type: ignore[no-untyped-def]
    check = check_person(full_name="Rina", status=status, nip="19921107 202321 2 004")
    assert check.ok, check.problems
    assert (check.values["nip"], check.values["ni_pppk"]) == (None, "199211072023212004")
    assert check.values["status"] == "pppk"
    assert (check.values["birth_date"], check.values["sex"]) == ("1992-11-07", "P")
    assert ("status_by_number" in check.flags) == (status is PersonStatus.PNS)


def test_a_nip_column_number_with_21_that_is_no_ni_pppk_either_is_refused() -> None:
    check = check_person(full_name="Rina", nip="199211072014212004")  # no PPPK before 2019
    assert not check.ok
    assert check.first_error().code == "ni_pppk_appointment_year"  # type: ignore[union-attr]


def test_pppk_golongan_marks_pppk_without_a_number() -> None:
    assert is_pppk_golongan("IX") and is_pppk_golongan("Gol. XVII")
    assert not is_pppk_golongan("III/a") and not is_pppk_golongan("XVIII")
    check = check_person(full_name="Rina", pppk_golongan=True)
    assert check.values["status"] == "pppk" and check.flags == "pppk_missing"


def test_non_asn_has_no_nip() -> None:
    check = check_person(full_name="Siti", status=PersonStatus.NON_ASN, nip="123")
    assert check.ok and check.values["nip"] is None


def test_missing_identifiers_and_agency_are_accepted_and_flagged() -> None:
    pns = check_person(full_name="Budi", status=PersonStatus.PNS, has_agency=False)
    assert pns.ok
    assert pns.flags == "agency_missing nip_missing"
    assert problem_label("nip_missing") == "NIP belum diisi"
    pppk = check_person(full_name="Budi", status=PersonStatus.PPPK)
    assert pppk.flags == "pppk_missing"
    assert check_person(full_name="Budi").flags == ""  # non-ASN: nothing missing


def test_errors_refuse_warnings_flag() -> None:
    refused = check_person(full_name="", nip="196813111993031009")
    assert not refused.ok
    assert {p.code for p in refused.errors} == {"name_missing", "nip_birth_date"}
    flagged = check_person(
        full_name="Ani", nip="19680411 199303 1 009", sex=Sex.FEMALE, birth_date=date(1968, 4, 12)
    )
    assert flagged.ok
    assert flagged.flags == "nip_birth_mismatch nip_sex_mismatch"


def test_core_has_no_database_or_file_access() -> None:
    """design.md §2: core/ is pure (reading shipped reference data aside)."""
    forbidden = {"sqlalchemy", "sqlmodel", "alembic", "PySide6", "openpyxl", "sqlite3"}
    for path in CORE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not {n.split(".")[0] for n in names} & forbidden, path.name
