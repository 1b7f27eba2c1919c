"""The Sosialisasi page: socialization events, their attendance, photos and papers."""

from netral_desktop.ui.pages.sosialisasi.page import SosialisasiPage

__all__ = ["SosialisasiPage"]
