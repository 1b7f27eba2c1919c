"""Netral Desktop: offline case management for ASN neutrality work at Bawaslu offices."""

__version__ = "0.1.0"
APP_NAME = "Netral Desktop"
