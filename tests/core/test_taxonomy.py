"""Violation categories from the 2022 joint decree, with the office's own file applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from netral_desktop.core.datafiles import DataFileError
from netral_desktop.core.errors import ValidationError
from netral_desktop.core.taxonomy import (
    COLUMNS,
    OFFICE_TAXONOMY_FILE,
    load_taxonomy,
    sanction_family,
    sanctions_for,
    stage_note,
    stage_warning,
)


def test_shipped_categories_with_basis_and_sanction_family() -> None:
    taxonomy = load_taxonomy()
    assert len(taxonomy) == 27
    codes = [c.code for c in taxonomy]
    assert codes[:2] == ["KE-01", "KE-02"] and codes[-1] == "DN-07"
    ke = taxonomy.get("KE-04")
    assert ke.family == "kode_etik" and ke.sanction_family == "moral"
    assert ke.legal_basis == "PP 42/2004 Pasal 11 huruf c"
    assert ke.sanctions == ("pernyataan secara tertutup", "pernyataan secara terbuka")
    assert taxonomy.get("DS-06").sanction_family == "disiplin_berat"
    assert taxonomy.get("DS-03").sanction_family == "disiplin_sedang"
    assert taxonomy.get("DS-05").sanction_family == "pemberhentian"
    assert len(taxonomy.get("DS-03").sanctions) == 3
    # Rows the sources could not confirm are marked as such.
    assert not taxonomy.get("DS-09").confirmed
    assert taxonomy.get("DS-01").confirmed
    with pytest.raises(ValidationError, match=OFFICE_TAXONOMY_FILE):
        taxonomy.get("XX-01")


def test_the_stage_changes_the_weight() -> None:
    taxonomy = load_taxonomy()
    before = {c.code for c in taxonomy.for_stage(after_candidates_set=False)}
    after = {c.code for c in taxonomy.for_stage(after_candidates_set=True)}
    assert "KE-01" in before and "KE-01" not in after
    assert "DS-01" in after and "DS-01" not in before
    assert "DS-09" in before  # names bakal calon itself
    assert {"DN-01", "DS-13"} <= before & after
    assert "disiplin" in stage_note(True) and "kode etik" in stage_note(False)
    assert stage_warning(taxonomy.get("KE-01"), True) is not None
    assert stage_warning(taxonomy.get("KE-01"), False) is None
    assert stage_warning(taxonomy.get("DS-01"), False) is not None
    assert stage_warning(taxonomy.get("DN-05"), True) is None


def test_sanction_family_from_the_text() -> None:
    assert sanction_family("disiplin", "hukuman disiplin ringan") == "disiplin_ringan"
    assert sanction_family("disiplin", "sesuai peraturan yang dilanggar") == "lainnya"
    assert sanction_family("kode_etik", "apa saja") == "moral"


def _office(home: Path, *rows: str, header: str = ",".join(COLUMNS)) -> None:
    (home / OFFICE_TAXONOMY_FILE).write_text(header + "\n" + "\n".join(rows) + "\n", "utf-8")


def test_the_office_file_adds_corrects_and_retires(tmp_path: Path) -> None:
    _office(
        tmp_path,
        "DS-14,disiplin,Menjadi saksi pasangan calon di TPS,PP 94/2021,hukuman disiplin berat,,"
        "setelah_penetapan,ya",
        "DS-09,disiplin,Menjadi tim ahli bakal calon,PP 94/2021 Pasal 5 huruf n angka 6,"
        "hukuman disiplin sedang,,,",
        "KE-07,kode_etik,x,PP 42/2004,sanksi moral,,,tidak",
        header=",".join(COLUMNS) + ",tahapan,aktif",
    )
    taxonomy = load_taxonomy(home=tmp_path)
    assert taxonomy.get("DS-14").from_office and taxonomy.get("DS-14").stage == "setelah_penetapan"
    assert taxonomy.get("DS-09").confirmed  # corrected by the province
    assert "KE-07" not in {c.code for c in taxonomy}
    assert "KE-07" in {c.code for c in taxonomy.categories(include_retired=True)}
    codes = [c.code for c in taxonomy]
    assert codes.index("DS-14") == codes.index("DS-13") + 1  # among its family, in code order
    assert not load_taxonomy().get("DS-09").confirmed


def test_bad_office_rows_name_file_row_and_column(tmp_path: Path) -> None:
    _office(tmp_path, "DS-14,pidana,x,y,z,")
    with pytest.raises(DataFileError) as info:
        load_taxonomy(home=tmp_path)
    assert OFFICE_TAXONOMY_FILE in info.value.message
    assert "baris 2" in info.value.message and "'rumpun'" in info.value.message
    _office(tmp_path, "DS-14,disiplin,,y,z,")
    with pytest.raises(DataFileError, match="'uraian'"):
        load_taxonomy(home=tmp_path)
    _office(tmp_path, "ds 14,disiplin,x,y,z,")
    with pytest.raises(DataFileError, match="'kode'"):
        load_taxonomy(home=tmp_path)
    _office(tmp_path, "DS-14,disiplin,x,y,z,", "DS-14,disiplin,x,y,z,")
    with pytest.raises(DataFileError, match="dua kali"):
        load_taxonomy(home=tmp_path)
    (tmp_path / OFFICE_TAXONOMY_FILE).write_bytes(b"kode,rumpun\n\xff\xfe")
    with pytest.raises(DataFileError):
        load_taxonomy(home=tmp_path)


def test_sanctions_for_a_category(tmp_path: Path) -> None:
    assert sanctions_for("KE-01") == ("pernyataan secara tertutup", "pernyataan secara terbuka")
    assert "teguran lisan" not in sanctions_for("DS-06")
    assert len(sanctions_for("DS-06")) == 3
    assert sanctions_for("DS-13") == ()  # "as the breached rule says": free text
    assert sanctions_for("XX-99") == ()
    _office(
        tmp_path,
        "KE-07,kode_etik,x,PP 42/2004,sanksi moral,,,tidak",
        header=",".join(COLUMNS) + ",tahapan,aktif",
    )
    assert sanctions_for("KE-07", tmp_path) == ()
    assert sanctions_for("KE-07") != ()
