"""Evidence types are known by their content, never by their name."""

from __future__ import annotations

import pytest

from netral_desktop.core import evidence as rules
from tests import evidence_samples as samples
from tests.pledge_samples import jpeg_bytes, png_bytes


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (png_bytes(), "image/png"),
        (jpeg_bytes((40, 30)), "image/jpeg"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf"),
        (samples.mp3_bytes(), "audio/mpeg"),
        (samples.mp3_bytes(id3=False), "audio/mpeg"),
        (samples.wav_bytes(), "audio/wav"),
        (samples.ogg_opus_bytes(), "audio/ogg"),
        (samples.m4a_bytes(), "audio/mp4"),
        (samples.mp4_bytes(), "video/mp4"),
        (samples.mp4_bytes(b"3gp4"), "video/3gpp"),
        (samples.mp4_bytes(b"qt  "), "video/quicktime"),
        (samples.webm_bytes(), "video/webm"),
        (samples.docx_bytes(), "application/zip"),  # the service looks inside
        (samples.exe_bytes(), None),
        (b"#!/bin/sh\nrm -rf /\n", None),
        (b"\xff\xd9\x00\x00", None),  # a JPEG's end marker is no MP3 frame
        (b"\xff\xfb\x00\x00", None),  # an MP3 sync with no bitrate is not a frame
    ],
)
def test_types_are_recognised_by_their_first_bytes(data: bytes, expected: str | None) -> None:
    assert rules.sniff_evidence_type(data[: rules.HEAD_BYTES]) == expected


def test_a_word_document_is_told_from_other_zip_files() -> None:
    import io
    import zipfile

    def content_types(data: bytes) -> bytes:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("[Content_Types].xml")

    assert rules.is_docx(content_types(samples.docx_bytes()))
    assert not rules.is_docx(content_types(samples.xlsx_like_bytes()))


def test_every_type_has_a_label_an_extension_and_a_kind() -> None:
    for media_type in rules.EVIDENCE_TYPES:
        assert rules.TYPE_LABELS[media_type] and rules.EXTENSIONS[media_type].startswith(".")
    assert {rules.kind_of(t) for t in rules.EVIDENCE_TYPES} == {
        "image",
        "pdf",
        "audio",
        "video",
        "document",
    }
    assert rules.source_label("tangkapan_layar") == "Tangkapan layar"
    assert rules.custody_label("view") == "melihat"
