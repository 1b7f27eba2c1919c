"""Form specs: the shipped ones load; a wrong one is refused naming its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from netral_desktop.config import forms_dir
from netral_desktop.core.errors import ValidationError
from netral_desktop.core.numbering import (
    check_scheme,
    format_number,
    normalise_code,
    roman_month,
)
from netral_desktop.pdf.dates import format_date_id
from netral_desktop.pdf.spec import SpecError, available_forms, load_spec, parse_spec

SHIPPED = (forms_dir() / "surat_dinas" / "spec.yaml").read_text(encoding="utf-8")


def test_shipped_forms_load() -> None:
    assert {"surat_dinas", "daftar_pegawai"} <= set(available_forms())
    for code in available_forms():
        spec = load_spec(code)
        assert spec.blocks and spec.title
    letter = load_spec("surat_dinas")
    assert letter.numbering is not None and "{seq:03d}" in letter.numbering.scheme
    assert letter.fields["isi"].type == "paragraphs"


def _write(tmp_path: Path, text: str, code: str = "surat_dinas") -> Path:
    folder = tmp_path / "forms" / code
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def _refused(path: Path) -> SpecError:
    with pytest.raises(SpecError) as caught:
        parse_spec(path)
    return caught.value


@pytest.mark.parametrize(
    ("old", "new", "needle", "words"),
    [
        # a template naming a field nobody declared
        ('text: "{di}"', 'text: "{tempat_tujuan}"', "{tempat_tujuan}", "tempat_tujuan"),
        # a builtin that does not exist
        ('[Nomor, "{doc.number}"]', '[Nomor, "{doc.nomor}"]', "doc.nomor", "doc.nomor"),
        # a key a block does not have
        (
            "    first_line_indent_mm: 10",
            "    first_line_indent: 10",
            "first_line_indent:",
            "first_line_indent",
        ),
        # a block type that does not exist
        ("  - type: signature", "  - type: tanda_tangan", "tanda_tangan", "tanda_tangan"),
        # a date format on a text field
        ('name: "{nama_penanda_tangan}"', 'name: "{nama_penanda_tangan:long}"', ":long}", "long"),
        # a numbering scheme without the sequence
        (
            'scheme: "{seq:03d}-{device}/{klasifikasi}/{issuer}/{month}/{year}"',
            'scheme: "{klasifikasi}/{issuer}/{month}/{year}"',
            "scheme:",
            "{seq}",
        ),
        # a scheme naming an unknown field
        (
            'scheme: "{seq:03d}-{device}/{klasifikasi}/{issuer}/{month}/{year}"',
            'scheme: "{seq:03d}/{kode_surat}/{year}"',
            "scheme:",
            "kode_surat",
        ),
        # a text option given a YAML boolean (Norway problem)
        ("    align: justify", "    align: no", "align: no", "align"),
        # a paper size that does not exist
        ("  size: A4", "  size: A3", "size: A3", "A3"),
        # a key written twice
        (
            "  sifat: {type: text",
            "  hal: {type: text}\n  sifat: {type: text",
            "hal: {type: text, required",
            "hal",
        ),
    ],
)
def test_wrong_spec_names_file_and_line(
    tmp_path: Path, old: str, new: str, needle: str, words: str
) -> None:
    assert old in SHIPPED
    text = SHIPPED.replace(old, new, 1)
    path = _write(tmp_path, text)
    error = _refused(path)
    expected_line = _line_of(text, needle)
    message = str(error)
    assert "spec.yaml" in message and f"baris {expected_line}:" in message, message
    assert words in message
    assert error.line == expected_line


def test_missing_section_is_named(tmp_path: Path) -> None:
    text = SHIPPED[: SHIPPED.index("blocks:")]
    error = _refused(_write(tmp_path, text))
    assert "spec.yaml, baris" in str(error) and "'blocks'" in str(error)


def test_table_column_must_exist(tmp_path: Path) -> None:
    text = (forms_dir() / "daftar_pegawai" / "spec.yaml").read_text(encoding="utf-8")
    text = text.replace("{key: unit_kerja,", "{key: unit,")
    error = _refused(_write(tmp_path, text, "daftar_pegawai"))
    assert f"baris {_line_of(text, 'key: unit,')}:" in str(error) and "unit" in str(error)


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    text = SHIPPED.replace("  size: A4", "  size: [A4", 1)
    error = _refused(_write(tmp_path, text))
    assert "YAML" in str(error) and error.line is not None


def test_code_must_match_folder(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, SHIPPED, code="surat_lain"))
    assert "surat_lain" in str(error) and error.line == _line_of(SHIPPED, "code:")


def test_unknown_form_lists_the_known_ones() -> None:
    with pytest.raises(ValidationError, match="surat_dinas"):
        load_spec("tidak_ada")


def test_indonesian_dates_and_roman_months() -> None:
    from datetime import date

    day = date(2024, 5, 14)
    assert format_date_id(day, "long") == "Selasa, 14 Mei 2024"
    assert format_date_id(day) == "14 Mei 2024"
    assert format_date_id(date(2024, 8, 17), "long") == "Sabtu, 17 Agustus 2024"
    assert [roman_month(m) for m in (1, 4, 9, 12)] == ["I", "IV", "IX", "XII"]


def test_number_format() -> None:
    from datetime import date

    scheme = "{seq:03d}/LP/PB/Kab/{office}/{month_roman}/{year}"
    check_scheme(scheme)
    on = date(2024, 10, 3)
    assert format_number(scheme, seq=9, on=on, office="14.09") == "009/LP/PB/Kab/14.09/X/2024"
    assert format_number(scheme, seq=None, on=on, office="14.09") == "…/LP/PB/Kab/14.09/X/2024"
    with pytest.raises(ValidationError):
        check_scheme("{seq}/{seq}")
    with pytest.raises(ValidationError):
        check_scheme("{nomor}/{seq}")


def test_verification_codes_are_normalised() -> None:
    assert normalise_code(" abcde fghjk ") == "ABCDE-FGHJK"
    for bad in ("ABCDE-FGHJ", "0BCDE-FGHJK", "ABCDE-FGHJI", ""):
        with pytest.raises(ValidationError):
            normalise_code(bad)
