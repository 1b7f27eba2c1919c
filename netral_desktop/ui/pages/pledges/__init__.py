"""Ikrar: pledge ceremonies. The page (``page``) puts the events list (``events_panel``) beside
the chosen event (``event_view``): its counts, marking at the door (``door_panel``), the
invitees (``invitees_panel``), and its documents and signed scans (``documents_panel``)."""

from __future__ import annotations

from netral_desktop.ui.pages.pledges.page import PledgesPage

__all__ = ["PledgesPage"]
