"""Register and letter numbers, Roman months, and documents' verification codes (pure rules).

A numbering scheme is a ``str.format`` pattern: the parts, their order and the month's style
are the office's to set. Two families exist:

- case numbers (Perbawaslu 7/2022, lampiran "Format Penomoran"): Roman month and Bawaslu's
  region code, e.g. ``{seq:03d}/LP/PL/Kab/{office}/{month_roman}/{year}``;
- letters (tata naskah dinas, Perbawaslu 13/2020): Arabic month and the issuer's code, e.g.
  ``169/PP.00.00/K1/05/2023``; here ``{seq:03d}-{device}/{klasifikasi}/{issuer}/{month}/{year}``.

``{device}`` is the code of the computer that takes the number (A, B, …): each device counts
its own sequence, so two laptops of one office working offline never give the same number
(the paper-era practice of one agenda book per desk). The sequence itself is kept by the store.
"""

from __future__ import annotations

import re
import secrets
import string
from datetime import date

from netral_desktop.core.errors import ValidationError
from netral_desktop.i18n import _

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

# Placeholders every scheme may use; a form may add its own record fields.
SCHEME_FIELDS = frozenset(
    {
        "seq",
        "year",
        "month",
        "month_roman",
        "day",
        "office",
        "office_code",
        "series",
        "issuer",  # the issuing office's code in letter numbers (office setting)
        "device",  # this computer's code: its own sequence (see above)
    }
)
DEVICE_CODE = re.compile(r"^[A-Z0-9]{1,3}$")
# Printed where the sequence will go, on a draft that has no number yet.
DRAFT_SEQ = "…"

# Verification codes: no 0/O, 1/I/L or U/V lookalikes, so a code read aloud or retyped
# from paper cannot be mistaken. 10 symbols of 29 are about 48 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
CODE_LENGTH = 10


def roman_month(month: int) -> str:
    """1 → "I" … 12 → "XII" (months in register numbers)."""
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range: {month}")
    return _ROMAN[month - 1]


def scheme_fields(scheme: str) -> list[str]:
    """The placeholder names of a scheme, in order (raises ValueError on a malformed one)."""
    names = []
    for _literal, name, _spec, _conv in string.Formatter().parse(scheme):
        if name is not None:
            if not name or not name.isidentifier():
                raise ValueError(name or "{}")
            names.append(name)
    return names


def check_scheme(scheme: str, extra_fields: frozenset[str] | set[str] = frozenset()) -> None:
    """A scheme must be well formed, name only known fields, and contain ``{seq}`` once."""
    try:
        names = scheme_fields(scheme)
    except ValueError as exc:
        raise ValidationError(
            _("Format nomor '{scheme}' rusak ({detail}).").format(scheme=scheme, detail=exc),
            code="scheme_invalid",
        ) from None
    unknown = [n for n in names if n not in SCHEME_FIELDS and n not in extra_fields]
    if unknown:
        raise ValidationError(
            _(
                "Format nomor '{scheme}' memakai isian tak dikenal: {names}. "
                "Yang tersedia: {known}."
            ).format(
                scheme=scheme,
                names=", ".join(unknown),
                known=", ".join(sorted(SCHEME_FIELDS | set(extra_fields))),
            ),
            code="scheme_unknown_field",
        )
    if names.count("seq") != 1:
        raise ValidationError(
            _("Format nomor '{scheme}' harus memuat {{seq}} tepat satu kali.").format(
                scheme=scheme
            ),
            code="scheme_no_seq",
        )


class _DraftSeq:
    """Stands for the sequence on a draft: any format spec prints the placeholder."""

    def __format__(self, spec: str) -> str:
        return DRAFT_SEQ


def format_number(
    scheme: str,
    *,
    seq: int | None,
    on: date,
    office: str,
    office_code: str = "",
    series: str = "",
    extra: dict[str, str] | None = None,
    issuer: str = "",
    device: str = "",
) -> str:
    """The number for sequence ``seq`` issued on ``on``; ``seq=None`` gives a draft's number."""
    values: dict[str, object] = dict(extra or {})
    values.update(
        issuer=issuer,
        device=device,
        seq=_DraftSeq() if seq is None else seq,
        year=on.year,
        month=f"{on.month:02d}",
        month_roman=roman_month(on.month),
        day=f"{on.day:02d}",
        office=office,
        office_code=office_code,
        series=series,
    )
    return scheme.format(**values)


def uses_device(scheme: str) -> bool:
    return "device" in scheme_fields(scheme)


def check_device_code(text: str) -> str:
    """A device code as stored: 1 to 3 capital letters or digits ("A", "B2")."""
    code = text.strip().upper()
    if not DEVICE_CODE.match(code):
        raise ValidationError(
            _(
                "Kode perangkat '{code}' tidak sah: 1 sampai 3 huruf atau angka, berbeda untuk "
                "setiap komputer kantor (mis. A, B, C)."
            ).format(code=text),
            code="device_code_invalid",
        )
    return code


def new_verification_code() -> str:
    """A fresh random code, grouped for reading: ``ABCDE-FGHJK``."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return group_code(raw)


def group_code(raw: str) -> str:
    half = len(raw) // 2
    return f"{raw[:half]}-{raw[half:]}"


def normalise_code(text: str) -> str:
    """A code as typed (any case, spaces or dashes) in its printed form; ValidationError if it
    cannot be one."""
    raw = "".join(ch for ch in text.upper() if ch not in " -_.\t")
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        raise ValidationError(
            _(
                "'{code}' bukan kode verifikasi: kode terdiri dari {n} huruf/angka seperti "
                "ABCDE-23456 (tanpa huruf O, I, L, U, V dan angka 0, 1)."
            ).format(code=text, n=CODE_LENGTH),
            code="code_invalid",
        )
    return group_code(raw)
