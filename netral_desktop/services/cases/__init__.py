"""Violation cases (issue 13): records, reported people, reporters' and witnesses' sealed
identities, the procedure through the ruleset, hearings, deadlines and numbers.

Every write checks ``Permission.CASE_LOG`` (decisions through the ruleset's roles) and leaves
an audit entry; reading needs ``Permission.CASE_READ``; identities need
``Permission.CASE_IDENTITY`` (koordinator, administrator) and every view is logged.
Evidence on a case goes through services/evidence.py with owner table ``case_file``.
"""

from __future__ import annotations

from netral_desktop.services.cases.common import find_case_id
from netral_desktop.services.cases.deadlines import DeadlineView
from netral_desktop.services.cases.hearings import (
    HearingChanges,
    HearingFields,
    add_hearing,
    update_hearing,
)
from netral_desktop.services.cases.numbers import numbering_device, set_numbering_here
from netral_desktop.services.cases.procedure import (
    StepChoice,
    TakenStep,
    available_steps,
    extend_decision,
    reopen,
    take_pending_numbers,
    take_step,
)
from netral_desktop.services.cases.queries import (
    CaseFilter,
    CaseListRow,
    CaseView,
    HearingView,
    HomeCounts,
    PartyView,
    SubjectView,
    TimelineEntry,
    case_view,
    count_cases,
    home_counts,
    list_cases,
)
from netral_desktop.services.cases.records import (
    CaseChanges,
    CaseFields,
    PartyChanges,
    PartyFields,
    SubjectChanges,
    SubjectFields,
    add_party,
    add_subject,
    new_case,
    reveal_party,
    update_case,
    update_party,
    update_subject,
)

__all__ = [
    "CaseChanges",
    "CaseFields",
    "CaseFilter",
    "CaseListRow",
    "CaseView",
    "DeadlineView",
    "HearingChanges",
    "HearingFields",
    "HearingView",
    "HomeCounts",
    "PartyChanges",
    "PartyFields",
    "PartyView",
    "StepChoice",
    "SubjectChanges",
    "SubjectFields",
    "SubjectView",
    "TakenStep",
    "TimelineEntry",
    "add_hearing",
    "add_party",
    "add_subject",
    "available_steps",
    "case_view",
    "count_cases",
    "extend_decision",
    "find_case_id",
    "home_counts",
    "list_cases",
    "new_case",
    "numbering_device",
    "reopen",
    "reveal_party",
    "set_numbering_here",
    "take_pending_numbers",
    "take_step",
    "update_case",
    "update_hearing",
    "update_party",
    "update_subject",
]
