"""Socialization events (sosialisasi): the events, their files, the office's reach.

Every write checks ``Permission.SOSIALISASI_WRITE`` and leaves an audit entry; reading needs
``Permission.ROSTER_READ``. ``events`` (creating, changing, listing, audience segments),
``files`` (photos, materials, signed scans), ``reach`` (events and people by month and by
kecamatan). The papers are in ``sosialisasi.documents``, imported on its own (importing it
registers the forms' data providers).

Invitees, attendance marking and walk-ins are the pledge services' own (``services.pledge``:
``invite``, ``mark``, ``mark_invitee``, ``add_walk_in``, ``list_invitees``, ``counts``), used
with the event's id: a socialization event is a ``pledge_event`` row of kind
``sosialisasi``, and those services let SOSIALISASI_WRITE act on such events.
"""

from __future__ import annotations

from netral_desktop.core.sosialisasi import Method, Organiser, SosialisasiFields, Speaker
from netral_desktop.services.sosialisasi.events import (
    Choices,
    EventDetail,
    EventRow,
    add_segment,
    choices,
    count_events,
    create_event,
    delete_event,
    find_event_id,
    get_event,
    kecamatan_choices,
    list_events,
    list_segments,
    region_terms,
    segment_id,
    set_held,
    update_event,
)
from netral_desktop.services.sosialisasi.files import (
    add_material,
    add_photo,
    add_scan,
    export_file,
    file_bytes,
    materials,
    photos,
    remove_file,
    scans,
    thumbnail,
)
from netral_desktop.services.sosialisasi.reach import Reach, ReachLine, reach
from netral_desktop.store.sosialisasi import SegmentRow

__all__ = [
    "Choices",
    "EventDetail",
    "EventRow",
    "Method",
    "Organiser",
    "Reach",
    "ReachLine",
    "SegmentRow",
    "SosialisasiFields",
    "Speaker",
    "add_material",
    "add_photo",
    "add_scan",
    "add_segment",
    "choices",
    "count_events",
    "create_event",
    "delete_event",
    "export_file",
    "file_bytes",
    "find_event_id",
    "get_event",
    "kecamatan_choices",
    "list_events",
    "list_segments",
    "materials",
    "photos",
    "reach",
    "region_terms",
    "remove_file",
    "scans",
    "segment_id",
    "set_held",
    "thumbnail",
    "update_event",
]
