"""Who receives a recommendation: dated data (KASN until 24 Aug 2024, BKN since), a successor
added as a row, people who are not ASN sent to their own body."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from netral_desktop.core.datafiles import DataFileError
from netral_desktop.core.errors import ValidationError
from netral_desktop.core.recipients import COLUMNS, RECIPIENTS_FILE, recipient_on


def test_kasn_until_24_august_2024_and_bkn_from_the_next_day() -> None:
    assert recipient_on(date(2024, 8, 24), "pns").code == "kasn"
    assert recipient_on(date(2024, 8, 25), "pns").code == "bkn"
    assert recipient_on(date(2024, 8, 25), "pppk").code == "bkn"
    later = recipient_on(date(2026, 1, 5), "pns", ppk="Bupati Bantul")
    assert later.name == "Badan Kepegawaian Negara (BKN)"
    assert later.addressee == "Badan Kepegawaian Negara (BKN)"
    assert later.ppk == "Bupati Bantul"  # who imposes the sanction: named by the case
    assert "Perpres 91/2024" in later.basis


def test_people_who_are_not_asn_go_to_their_own_body() -> None:
    kades = recipient_on(date(2024, 10, 1), "kepala_desa", body="Bupati Bantul")
    assert kades.way == "instansi_terlapor"
    assert kades.addressee == "Bupati Bantul"
    assert "bukan ke KASN/BKN" in kades.note
    unnamed = recipient_on(date(2024, 10, 1), "tni_polri")
    assert unnamed.addressee == unnamed.name  # until the case names the unit
    for kind in ("non_asn", "perangkat_desa", "lainnya"):
        assert recipient_on(date(2024, 10, 1), kind).code not in ("kasn", "bkn")
    with pytest.raises(ValidationError, match="Jenis terlapor"):
        recipient_on(date(2024, 10, 1), "bupati")


def _office_file(home: Path, *rows: str) -> Path:
    path = home / RECIPIENTS_FILE
    path.write_text(",".join(COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_successor_body_is_one_more_row(tmp_path: Path) -> None:
    _office_file(
        tmp_path,
        "pns;pppk,2027-10-16,,lpasn,Lembaga Pengawas ASN,lembaga,Putusan MK 121/PUU-XXII/2024,,",
    )
    assert recipient_on(date(2027, 10, 15), "pns", home=tmp_path).code == "bkn"
    assert recipient_on(date(2027, 10, 16), "pns", home=tmp_path).code == "lpasn"
    assert recipient_on(date(2027, 10, 16), "kepala_desa", home=tmp_path).code == "bupati"
    assert recipient_on(date(2027, 10, 16), "pns").code == "bkn"  # another office: unchanged


def test_bad_office_rows_name_file_row_and_column(tmp_path: Path) -> None:
    _office_file(tmp_path, "pns,2027-13-01,,x,X,lembaga,dasar,,")
    with pytest.raises(DataFileError) as info:
        recipient_on(date(2027, 1, 1), "pns", home=tmp_path)
    assert RECIPIENTS_FILE in info.value.message
    assert "baris 2" in info.value.message and "berlaku_mulai" in info.value.message
    _office_file(tmp_path, "guru,2027-01-01,,x,X,lembaga,dasar,,")
    with pytest.raises(DataFileError, match="jenis_terlapor"):
        recipient_on(date(2027, 1, 1), "pns", home=tmp_path)
    _office_file(tmp_path, "pns,2027-01-01,2026-01-01,x,X,lembaga,dasar,,")
    with pytest.raises(DataFileError, match="berlaku_sampai"):
        recipient_on(date(2027, 1, 1), "pns", home=tmp_path)
    _office_file(tmp_path, "pns,2027-01-01,,x,X,surat,dasar,,")
    with pytest.raises(DataFileError, match="cara"):
        recipient_on(date(2027, 1, 1), "pns", home=tmp_path)
    (tmp_path / RECIPIENTS_FILE).write_text("kode,penerima\nx,y\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="tidak punya kolom"):
        recipient_on(date(2027, 1, 1), "pns", home=tmp_path)


def test_a_day_before_any_row_is_reported() -> None:
    with pytest.raises(DataFileError, match="Tidak ada penerima"):
        recipient_on(date(2010, 1, 1), "pns")
