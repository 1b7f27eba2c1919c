"""Rules for user names and passwords."""

from __future__ import annotations

import re

from netral_desktop.config import MIN_PASSWORD_LENGTH
from netral_desktop.core.errors import ValidationError
from netral_desktop.i18n import _

USERNAME_RE = re.compile(r"^[a-z][a-z0-9._-]{2,31}$")


def normalise_username(username: str) -> str:
    return username.strip().lower()


def check_username(username: str) -> str:
    name = normalise_username(username)
    if not name:
        raise ValidationError(_("Nama pengguna wajib diisi."), code="username_missing")
    if not USERNAME_RE.match(name):
        raise ValidationError(
            _(
                "Nama pengguna '{name}' tidak sah: gunakan 3–32 huruf kecil, angka, titik, garis "
                "bawah atau tanda hubung, diawali huruf."
            ).format(name=username),
            code="username_invalid",
        )
    return name


def password_rule() -> str:
    """The rule ``check_password`` enforces, in words, to show before anyone breaks it."""
    return _(
        "Paling sedikit {n} karakter dan tidak sama dengan nama pengguna. Makin panjang makin "
        "aman: beberapa kata yang mudah Anda ingat pun boleh."
    ).format(n=MIN_PASSWORD_LENGTH)


def check_password(password: str, *, username: str = "") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            _("Kata sandi terlalu pendek: paling sedikit {n} karakter.").format(
                n=MIN_PASSWORD_LENGTH
            ),
            code="password_short",
        )
    if username and password.lower() == username.lower():
        raise ValidationError(
            _("Kata sandi tidak boleh sama dengan nama pengguna."), code="password_is_username"
        )
