"""What a typed query at the door means, attendance statuses, and which files are evidence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netral_desktop.core.pledge import (
    AttendanceStatus,
    parse_attendance_status,
    parse_mark_query,
    sniff_media_type,
)

NIP = "198501012010012003"


@pytest.mark.parametrize(
    "typed",
    [
        NIP,  # a barcode scanner types the 18 digits
        f"{NIP}\r",
        "19850101 201001 2 003",
        "1985.0101.2010.01.2.003",
        "NIP. 19850101 201001 2 003",
        "  19850101-201001-2-003 ",
    ],
)
def test_a_nip_however_typed_is_its_18_digits(typed: str) -> None:
    query = parse_mark_query(typed)
    assert query.digits == NIP
    assert query.is_whole_nip and query.usable


@given(
    st.lists(st.sampled_from(["", " ", ".", "  ", "-"]), min_size=18, max_size=18),
    st.text(alphabet="0123456789", min_size=18, max_size=18),
)
def test_separators_anywhere_in_a_nip_are_ignored(seps: list[str], digits: str) -> None:
    typed = "".join(d + s for d, s in zip(digits, seps, strict=True))
    assert parse_mark_query(typed).digits == digits


def test_part_of_a_name_drops_titles_and_case() -> None:
    query = parse_mark_query("Dr. H. Ahmad FAUZI")
    assert query.words == ("ahmad", "fauzi") and not query.is_nip
    assert parse_mark_query("Andi Ma'ruf").words == ("andi", "ma'ruf")
    assert parse_mark_query("sri wah").key == "sri wah"


def test_too_little_to_search_is_not_usable() -> None:
    assert not parse_mark_query("").usable
    assert not parse_mark_query("a").usable
    assert not parse_mark_query("123").usable  # three digits match too many NIPs
    assert parse_mark_query("2003").usable
    assert parse_mark_query("ab").usable


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("hadir", AttendanceStatus.HADIR),
        ("Izin", AttendanceStatus.IZIN),
        ("SAKIT", AttendanceStatus.SAKIT),
        ("Dinas Luar", AttendanceStatus.DINAS_LUAR),
        ("DL", AttendanceStatus.DINAS_LUAR),
        ("tanpa keterangan", AttendanceStatus.TANPA_KETERANGAN),
        ("TK", AttendanceStatus.TANPA_KETERANGAN),
    ],
)
def test_statuses_as_people_write_them(written: str, status: AttendanceStatus) -> None:
    assert parse_attendance_status(written) == status


def test_an_unknown_status_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_attendance_status("cuti bersama")


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 8, "image/png"),
        (b"\xff\xd8\xff\xe0\0\x10JFIF", "image/jpeg"),
        (b"RIFF\x10\0\0\0WEBPVP8 ", "image/webp"),
        (b"II*\x00\x08\0\0\0", "image/tiff"),
        (b"MM\x00*\0\0\0\x08", "image/tiff"),
        (b"%PDF-1.7\n", "application/pdf"),
        (b"\r\n%PDF-1.4\n", "application/pdf"),  # scanners put bytes before the header
    ],
)
def test_evidence_is_recognised_by_content(head: bytes, kind: str) -> None:
    assert sniff_media_type(head) == kind


@pytest.mark.parametrize(
    "head",
    [
        b"PK\x03\x04 a .docx or .xlsx is a zip",
        b"MZ\x90\x00 a Windows program",
        b"No, Nama, NIP\n1, Sri, 1985",
        b"GIF89a",
        b"",
    ],
)
def test_other_files_are_not_evidence(head: bytes) -> None:
    assert sniff_media_type(head) is None
