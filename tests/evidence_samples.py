"""Small but real files of each evidence type (and some that only pretend to be one)."""

from __future__ import annotations

import io
import struct
import wave
import zipfile

# A silent MPEG-1 layer III frame (128 kbit/s, 44.1 kHz) is 417 bytes.
MP3_FRAME = b"\xff\xfb\x90\x64" + b"\x00" * 413


def mp3_bytes(frames: int = 40, *, id3: bool = True) -> bytes:
    tag = b"ID3\x04\x00\x00\x00\x00\x00\x00" if id3 else b""
    return tag + MP3_FRAME * frames


def wav_bytes(seconds: float = 0.5) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(b"\x00\x00" * int(8000 * seconds))
    return out.getvalue()


def ogg_opus_bytes() -> bytes:
    # The first page of an Ogg Opus stream (a WhatsApp voice note) and some payload.
    head = b"OpusHead\x01\x01\x38\x01\x80\xbb\x00\x00\x00\x00\x00"
    page = b"OggS\x00\x02" + b"\x00" * 8 + b"\x01\x00\x00\x00" * 2 + b"\x00" * 4 + b"\x01"
    return page + bytes([len(head)]) + head + b"\x00" * 2000


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def mp4_bytes(brand: bytes = b"isom") -> bytes:
    ftyp = _box(b"ftyp", brand + b"\x00\x00\x02\x00" + brand + b"mp41")
    return ftyp + _box(b"free", b"\x00" * 64) + _box(b"mdat", b"\x00" * 4000)


def m4a_bytes() -> bytes:
    return mp4_bytes(b"M4A ")


def webm_bytes() -> bytes:
    doctype = b"\x42\x82\x84webm"
    header = b"\x1a\x45\xdf\xa3" + bytes([0x80 | (len(doctype) + 8)])
    return header + b"\x42\x86\x81\x01\x42\xf7\x81\x01" + doctype + b"\x00" * 3000


def docx_bytes(text: str = "Surat undangan klarifikasi") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", f"<w:document><w:t>{text}</w:t></w:document>")
    return out.getvalue()


def xlsx_like_bytes() -> bytes:
    """A ZIP that is not a Word document (a spreadsheet's content types)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/></Types>',
        )
    return out.getvalue()


def exe_bytes() -> bytes:
    """The start of a Windows program (what a ".jpg" from a stranger may really be)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50 + b"PE\x00\x00" + b"\x90" * 4000
