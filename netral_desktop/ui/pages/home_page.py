"""Beranda, by role: the next ceremonies and what needs doing (each a link to the place where
it is done), what the role may do in a few lines, the office, what the data folder holds.

Nothing the role cannot use is shown (a secretary sees no audit-log count). More sections
(charts, a feature's own summary) go below through ``add_section``.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.roles import Permission, has_permission, role_label
from netral_desktop.i18n import _, current_language
from netral_desktop.services import home
from netral_desktop.services import office as office_service
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import number

if TYPE_CHECKING:
    from netral_desktop.ui.pages.cases.home_section import CaseSection
    from netral_desktop.ui.pages.reach_section import ReachSection

# What each table is called on the home page, and who may see its count (tables not listed
# are not shown).
TABLE_LABELS = {
    "person": lambda: _("Pegawai (ASN dan non-ASN)"),
    "agency": lambda: _("Instansi"),
    "issued_document": lambda: _("Dokumen terbit"),
    "pledge_event": lambda: _("Acara ikrar"),
    "invitee": lambda: _("Undangan ikrar"),
    "sosialisasi": lambda: _("Kegiatan sosialisasi"),
    "user_account": lambda: _("Akun pengguna"),
    "audit_log": lambda: _("Entri log audit"),
}
TABLE_PERMISSIONS = {
    "person": Permission.ROSTER_READ,
    "agency": Permission.ROSTER_READ,
    "issued_document": Permission.PRINT,
    "pledge_event": Permission.ROSTER_READ,
    "invitee": Permission.ROSTER_READ,
    "sosialisasi": Permission.ROSTER_READ,
    "user_account": Permission.MANAGE_ACCOUNTS,
    "audit_log": Permission.VIEW_AUDIT,
}
# Where each task is done on the pledges page.
TASK_FOCUS = {
    home.MATCH_WALK_INS: "walk_ins",
    home.ATTACH_SHEET: "attach",
    home.ISSUE_SHEET: "documents",
}
LINK_STYLE = "QLabel#homeLink { padding: 2px 0; }"


class HomePage(QWidget):
    # (page key, event id, what to show there): the main window goes there.
    navigate = Signal(str, str, str)

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._runner = runner
        assert ctx.actor is not None
        self._role = ctx.actor.role
        self.welcome = QLabel()
        self.welcome.setObjectName("welcome")
        self.welcome.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.welcome.setText(
            _("Selamat datang, {name}").format(name=ctx.actor.full_name or ctx.actor.username)
        )
        self.role_line = QLabel(_("Peran: {role}").format(role=role_label(self._role)))
        self.role_line.setStyleSheet("color: #555;")

        upcoming_box = QGroupBox(_("Ikrar netralitas berikutnya"))
        self.upcoming_layout = QVBoxLayout(upcoming_box)
        todo_box = QGroupBox(_("Perlu dikerjakan"))
        todo_box.setObjectName("todoBox")
        self.todo_layout = QVBoxLayout(todo_box)
        role_box = QGroupBox(_("Yang dapat Anda kerjakan"))
        role_layout = QVBoxLayout(role_box)
        self.role_label = QLabel()
        self.role_label.setObjectName("roleAbilities")
        self.role_label.setWordWrap(True)
        self.role_label.setTextFormat(Qt.TextFormat.PlainText)
        role_layout.addWidget(self.role_label)
        office_box = QGroupBox(_("Kantor"))
        self.office_form = QFormLayout(office_box)
        data_box = QGroupBox(_("Data tersimpan"))
        self.data_form = QFormLayout(data_box)

        # Two columns, each as tall as its own content: what to do on top, side by side.
        left, right = QVBoxLayout(), QVBoxLayout()
        for box in (upcoming_box, role_box, data_box):
            left.addWidget(box)
        for box in (todo_box, office_box):
            right.addWidget(box)
        left.addStretch()
        right.addStretch()
        grid = QGridLayout()
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)

        content = QWidget()
        content.setObjectName("homeContent")
        content.setStyleSheet(LINK_STYLE)
        layout = QVBoxLayout(content)
        layout.addWidget(self.welcome)
        layout.addWidget(self.role_line)
        layout.addLayout(grid)
        # Further sections (a feature's charts or summary) go here, below the above.
        self.sections = QVBoxLayout()
        layout.addLayout(self.sections)
        layout.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._fill_role()
        self.cases = _case_section(ctx, runner)
        if self.cases is not None:  # above the rest: the cases' deadlines cannot wait
            self.cases.navigate.connect(self.navigate.emit)
            layout.insertWidget(layout.indexOf(self.role_line) + 1, self.cases)
        self.reach = _reach_section(ctx, runner)
        if self.reach is not None:
            self.add_section(self.reach)

    def add_section(self, widget: QWidget) -> None:
        """Add a section below the home page's own (a feature's summary or charts)."""
        self.sections.addWidget(widget)

    def _can(self, permission: Permission) -> bool:
        return has_permission(self._role, permission)

    def _fill_role(self) -> None:
        self.role_label.setText("\n".join(f"• {line}" for line in home.abilities(self._role)))

    def refresh(self) -> None:
        ctx = self._ctx

        def load():  # type: ignore[no-untyped-def]
            return (
                current_office(ctx),
                office_service.data_counts(ctx),
                self._upcoming(),
                home.tasks(ctx),
            )

        self._runner.run(load, on_done=self._show)
        if self.cases is not None:
            self.cases.refresh()
        if self.reach is not None:
            self.reach.refresh()

    def _upcoming(self) -> list:  # type: ignore[type-arg]
        from netral_desktop.services import pledge

        if not self._can(Permission.ROSTER_READ):
            return []
        return pledge.upcoming_events(self._ctx, limit=5)

    def _link(self, text: str, key: str, event_id: str = "", focus: str = "") -> QLabel:
        """A link that wraps (long ceremony titles), reachable with Tab and Enter."""
        target = f"{key}|{event_id}|{focus}"
        label = QLabel(f'<a href="{html.escape(target)}">{html.escape(text)}</a>')
        label.setObjectName("homeLink")
        label.setProperty("target", target)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        label.linkActivated.connect(self.follow)
        return label

    def follow(self, target: str) -> None:
        """Go where a link points ("pledges|<event id>|walk_ins")."""
        key, event_id, focus = [*target.split("|"), "", ""][:3]
        self.navigate.emit(key, event_id, focus)

    def _hint(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("homeHint")
        label.setWordWrap(True)
        label.setStyleSheet("color: #555;")
        return label

    def _show(self, result) -> None:  # type: ignore[no-untyped-def]
        from babel.dates import format_datetime

        office, counts, upcoming, groups = result
        _clear(self.upcoming_layout)
        for event in upcoming:
            when = format_datetime(event.starts_at, "EEE, d MMM y HH:mm", locale=current_language())
            self.upcoming_layout.addWidget(
                self._link(
                    _("{when} — {title} ({n} diundang)").format(
                        when=when, title=event.title, n=number(event.invitees)
                    ),
                    "pledges",
                    event.id,
                )
            )
        if not upcoming:
            self.upcoming_layout.addWidget(self._hint(_("Belum ada acara ikrar yang dijadwalkan.")))
            if self._can(Permission.PLEDGE_WRITE):
                self.upcoming_layout.addWidget(
                    self._link(_("Buat acara ikrar baru…"), "pledges", "", "new")
                )
        self.upcoming_layout.addStretch()

        _clear(self.todo_layout)
        for group in groups:
            for task in group.tasks:
                self.todo_layout.addWidget(
                    self._link(task.text, "pledges", task.event_id, TASK_FOCUS[task.kind])
                )
            if group.total > len(group.tasks):
                self.todo_layout.addWidget(
                    self._hint(
                        _("…dan {n} acara lain (lihat halaman Ikrar netralitas)").format(
                            n=group.total - len(group.tasks)
                        )
                    )
                )
        empty_roster = counts.get("person", 0) == 0 and self._can(Permission.ROSTER_WRITE)
        if empty_roster:  # before anything else: ceremonies invite from the roster
            self.todo_layout.insertWidget(
                0,
                self._link(
                    _("Daftar pegawai masih kosong: impor dari spreadsheet BKPSDM…"),
                    "roster",
                    "",
                    "import",
                ),
            )
        if not groups and not empty_roster:
            self.todo_layout.addWidget(
                self._hint(
                    _(
                        "Tidak ada yang perlu dikerjakan. Di sini muncul daftar hadir yang perlu "
                        "diterbitkan, peserta tambahan yang perlu dicocokkan dan pindaian daftar "
                        "hadir bertanda tangan yang belum dilampirkan."
                    )
                )
            )
        self.todo_layout.addStretch()

        _clear(self.office_form)
        mode = _("kabupaten/kota") if office.mode == "district" else _("provinsi")
        rows = [
            (_("Nama"), office.name),
            (_("Kode wilayah"), f"{office.code} ({mode})"),
            (_("Kode wilayah Bawaslu"), office.bawaslu_code or _("(belum diisi)")),
            (_("Zona waktu"), office.time_zone),
            (_("Alamat"), office.address or "—"),
        ]
        for label, value in rows:
            text = QLabel(value)
            text.setWordWrap(True)
            self.office_form.addRow(label, text)
        _clear(self.data_form)
        for table, table_label in TABLE_LABELS.items():
            if table in counts and self._can(TABLE_PERMISSIONS[table]):
                self.data_form.addRow(table_label(), QLabel(number(counts[table])))
        if self._ctx.layout is not None:
            folder = QLabel(str(self._ctx.layout.root))
            folder.setWordWrap(True)
            self.data_form.addRow(_("Folder data"), folder)

    def links(self) -> list[QLabel]:
        """The page's links, in order (the tests follow them)."""
        return self.findChildren(QLabel, "homeLink")


def _reach_section(ctx: ServiceContext, runner: TaskRunner) -> ReachSection | None:
    """The socialization reach charts, for roles that may read the office's records."""
    from netral_desktop.ui.pages.reach_section import ReachSection

    assert ctx.actor is not None
    return (
        ReachSection(ctx, runner)
        if has_permission(ctx.actor.role, Permission.ROSTER_READ)
        else None
    )


def _case_section(ctx: ServiceContext, runner: TaskRunner) -> CaseSection | None:
    """Open, overdue and nearly due cases, for roles that may read them."""
    from netral_desktop.ui.pages.cases.home_section import CaseSection

    assert ctx.actor is not None
    return (
        CaseSection(ctx, runner) if has_permission(ctx.actor.role, Permission.CASE_READ) else None
    )


def _clear(layout: QFormLayout | QVBoxLayout) -> None:
    if isinstance(layout, QFormLayout):
        while layout.rowCount():
            layout.removeRow(0)
        return
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.setParent(None)  # gone from findChildren at once, deleted later
            widget.deleteLater()
