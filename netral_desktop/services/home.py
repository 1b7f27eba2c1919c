"""The home page's facts, by role: what needs doing about the ceremonies, and what the role
may do in this program, in a few lines.

Only what the signed-in role can act on is listed (a task the role cannot do is not its to-do).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from netral_desktop.core.clock import iso_utc, parse_iso_utc
from netral_desktop.core.roles import ROLE_PERMISSIONS, Permission, Role
from netral_desktop.i18n import N_, _, current_language
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.office import office_zone
from netral_desktop.store.pledges import todo as todo_store

# How far ahead a ceremony's attendance sheet is worth printing.
SHEET_DAYS_AHEAD = 14
# How far back a ceremony without its signed sheet is still worth a reminder.
ATTACH_DAYS_BACK = 90

# The attendance sheet's form and record kind (services/pledge/documents.py's FORM_SHEET and
# RECORD_KIND; not imported, the home page opens before the PDF machinery loads).
SHEET_FORM = "ikrar_daftar_hadir"
SHEET_RECORD_KIND = "pledge_event"

MATCH_WALK_INS = "match_walk_ins"
ATTACH_SHEET = "attach_sheet"
ISSUE_SHEET = "issue_sheet"


@dataclass(frozen=True)
class Task:
    """One thing to do about one ceremony."""

    kind: str  # MATCH_WALK_INS | ATTACH_SHEET | ISSUE_SHEET
    event_id: str
    title: str
    starts_at: datetime  # in the office's zone
    count: int

    @property
    def text(self) -> str:
        from babel.dates import format_date

        when = format_date(self.starts_at.date(), "d MMM y", locale=current_language())
        if self.kind == MATCH_WALK_INS:
            return _(
                "Cocokkan {n} peserta tambahan dengan daftar pegawai — {title}, {when}"
            ).format(n=self.count, title=self.title, when=when)
        if self.kind == ATTACH_SHEET:
            return _("Lampirkan pindaian daftar hadir bertanda tangan — {title}, {when}").format(
                title=self.title, when=when
            )
        return _("Terbitkan daftar hadir ({n} undangan) — {title}, {when}").format(
            n=self.count, title=self.title, when=when
        )


@dataclass(frozen=True)
class TaskGroup:
    kind: str
    tasks: list[Task]
    total: int  # events in all (more than shown when the list was cut)


def tasks(ctx: ServiceContext, *, limit: int = 3) -> list[TaskGroup]:
    """The ceremonies' open tasks the actor's role can do, up to ``limit`` of each kind."""
    actor = ctx.actor
    if actor is None:
        return []
    allowed = ROLE_PERMISSIONS[Role(actor.role)]
    zone = office_zone(current_office(ctx))
    now = ctx.clock.now()
    today = datetime.combine(now.astimezone(zone).date(), datetime.min.time(), tzinfo=zone)
    groups: list[TaskGroup] = []
    with ctx.db.read_session() as session:
        found: list[tuple[str, todo_store.TodoList]] = []
        if Permission.PRINT in allowed and Permission.ROSTER_READ in allowed:
            found.append(
                (
                    ISSUE_SHEET,
                    todo_store.sheets_to_issue(
                        session,
                        form=SHEET_FORM,
                        record_kind=SHEET_RECORD_KIND,
                        start=iso_utc(today),
                        end=iso_utc(today + timedelta(days=SHEET_DAYS_AHEAD + 1)),
                        limit=limit,
                    ),
                )
            )
        if Permission.PLEDGE_WRITE in allowed:
            found.append((MATCH_WALK_INS, todo_store.walk_ins_to_match(session, limit=limit)))
            sheets = todo_store.sheets_to_attach(
                session,
                after=iso_utc(now - timedelta(days=ATTACH_DAYS_BACK)),
                before=iso_utc(now),
                limit=limit,
            )
            found.append((ATTACH_SHEET, sheets))
    for kind, listed in found:
        if not listed.rows:
            continue
        groups.append(
            TaskGroup(
                kind,
                [
                    Task(
                        kind,
                        row.event_id,
                        row.title,
                        parse_iso_utc(row.starts_at).astimezone(zone),
                        row.number,
                    )
                    for row in listed.rows
                ],
                listed.total,
            )
        )
    return groups


# What a role may do, in a few lines: only what this program has a screen or a command for
# (a feature adds its line when it ships), each line standing for its permissions.
ABILITIES: tuple[tuple[frozenset[Permission], str], ...] = (
    (
        frozenset({Permission.PLEDGE_WRITE}),
        N_("menyiapkan ikrar netralitas dan mencatat kehadiran"),
    ),
    (frozenset({Permission.ROSTER_WRITE}), N_("mengubah daftar pegawai dan instansi")),
    (frozenset({Permission.ROSTER_READ}), N_("membaca daftar pegawai dan acara ikrar")),
    (frozenset({Permission.CASE_LOG}), N_("mencatat laporan, temuan dan bukti pelanggaran")),
    (frozenset({Permission.CASE_DECIDE}), N_("mengambil tahapan dan putusan perkara")),
    (frozenset({Permission.CASE_READ}), N_("membaca berkas perkara")),
    (frozenset({Permission.PRINT}), N_("menerbitkan dan mencetak dokumen")),
    (frozenset({Permission.MANAGE_ACCOUNTS}), N_("mengelola akun pengguna")),
    (frozenset({Permission.MANAGE_SETTINGS}), N_("mengubah data kantor dan kop surat")),
    (frozenset({Permission.VIEW_AUDIT}), N_("membaca log audit")),
    (frozenset({Permission.BACKUP}), N_("mencadangkan basis data")),
)


def abilities(role: Role | str) -> list[str]:
    """The role's abilities as short lines; "reading the roster" is left out when the role
    may change it (changing includes reading)."""
    allowed = ROLE_PERMISSIONS[Role(role)]
    lines = [_(words) for needed, words in ABILITIES if needed <= allowed]
    if Permission.ROSTER_WRITE in allowed:
        lines.remove(_("membaca daftar pegawai dan acara ikrar"))
    if Permission.CASE_LOG in allowed:  # recording cases includes reading them
        lines.remove(_("membaca berkas perkara"))
    return lines
