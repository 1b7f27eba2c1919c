"""Pledge ceremonies (ikrar netralitas): elections, events, invitees, attendance, evidence.

Every write checks ``Permission.PLEDGE_WRITE`` and leaves an audit entry; reading needs
``Permission.ROSTER_READ``. One module per concern: ``elections``, ``events``, ``invitees``,
``attendance`` (marking at the door, reasons, undo), ``walk_ins``, ``counts``, ``evidence``;
``common`` holds what several of them share. The window and the command line use the names
re-exported here (``pledge.mark(...)``).

The documents of an event (attendance sheet, pledge text, recap) are in ``pledge.documents``,
imported on its own: importing it registers the forms' data providers.
"""

from __future__ import annotations

from netral_desktop.core.inputs import EventChanges, EventFields
from netral_desktop.services.pledge.attendance import (
    CANDIDATE_LIMIT,
    MarkOutcome,
    MarkResult,
    UndoResult,
    mark,
    mark_invitee,
    undo_last_mark,
)
from netral_desktop.services.pledge.common import EVENT_TABLE
from netral_desktop.services.pledge.counts import (
    RATE_DEFINITION,
    AgencyCounts,
    AttendanceCounts,
    counts,
    counts_by_agency,
    rate_text,
)
from netral_desktop.services.pledge.elections import (
    PEMILU_2024,
    PILKADA_2024,
    ElectionRow,
    create_election,
    election_words,
    list_elections,
)
from netral_desktop.services.pledge.events import (
    DEFAULT_START,
    EVENT_FIELDS,
    EventDetail,
    EventRecord,
    EventRow,
    create_event,
    default_pledge_text,
    delete_event,
    find_event_id,
    get_event,
    is_today,
    list_events,
    pledge_template,
    region_words,
    upcoming_events,
    update_event,
)
from netral_desktop.services.pledge.evidence import (
    attach_evidence,
    evidence_bytes,
    evidence_thumbnail,
    list_evidence,
    remove_evidence,
)
from netral_desktop.services.pledge.invitees import (
    BELUM,
    InviteCriteria,
    InviteeRow,
    InviteResult,
    count_invitees,
    get_invitee,
    invite,
    invite_agency,
    invite_person,
    invite_preview,
    list_invitees,
    remove_invitee,
    units_of,
)
from netral_desktop.services.pledge.walk_ins import add_walk_in, match_candidates, match_walk_in

__all__ = [
    "BELUM",
    "CANDIDATE_LIMIT",
    "DEFAULT_START",
    "EVENT_FIELDS",
    "EVENT_TABLE",
    "PEMILU_2024",
    "PILKADA_2024",
    "RATE_DEFINITION",
    "AgencyCounts",
    "AttendanceCounts",
    "ElectionRow",
    "EventChanges",
    "EventDetail",
    "EventFields",
    "EventRecord",
    "EventRow",
    "InviteCriteria",
    "InviteResult",
    "InviteeRow",
    "MarkOutcome",
    "MarkResult",
    "UndoResult",
    "add_walk_in",
    "attach_evidence",
    "count_invitees",
    "counts",
    "counts_by_agency",
    "create_election",
    "create_event",
    "default_pledge_text",
    "delete_event",
    "election_words",
    "evidence_bytes",
    "evidence_thumbnail",
    "find_event_id",
    "get_event",
    "get_invitee",
    "invite",
    "invite_agency",
    "invite_person",
    "invite_preview",
    "is_today",
    "list_elections",
    "list_events",
    "list_evidence",
    "list_invitees",
    "mark",
    "mark_invitee",
    "match_candidates",
    "match_walk_in",
    "pledge_template",
    "rate_text",
    "region_words",
    "remove_evidence",
    "remove_invitee",
    "undo_last_mark",
    "units_of",
    "upcoming_events",
    "update_event",
]
