"""Beranda: the office, the signed-in user, what the data folder holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from netral_desktop.core.roles import ROLE_PERMISSIONS, Permission, role_label
from netral_desktop.i18n import _, current_language
from netral_desktop.services import office as office_service
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.ui.labels import permission_label
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import number

if TYPE_CHECKING:
    from netral_desktop.ui.pages.reach_section import ReachSection

# What each table is called on the home page (tables not listed are not shown).
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


class HomePage(QWidget):
    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._runner = runner
        assert ctx.actor is not None
        self.welcome = QLabel()
        self.welcome.setObjectName("welcome")
        self.welcome.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.welcome.setText(
            _("Selamat datang, {name}").format(name=ctx.actor.full_name or ctx.actor.username)
        )

        office_box = QGroupBox(_("Kantor"))
        self.office_form = QFormLayout(office_box)
        data_box = QGroupBox(_("Data tersimpan"))
        self.data_form = QFormLayout(data_box)
        upcoming_box = QGroupBox(_("Ikrar netralitas berikutnya"))
        self.upcoming_form = QFormLayout(upcoming_box)
        role_box = QGroupBox(_("Peran Anda"))
        role_layout = QVBoxLayout(role_box)
        self.role_label = QLabel()
        self.role_label.setWordWrap(True)
        role_layout.addWidget(self.role_label)

        layout = _scrolled_layout(self)
        layout.addWidget(self.welcome)
        self.reach = _reach_section(ctx, runner)
        if self.reach is not None:
            layout.addWidget(self.reach)
        layout.addWidget(upcoming_box)
        layout.addWidget(office_box)
        layout.addWidget(role_box)
        layout.addWidget(data_box)
        layout.addStretch()
        self._fill_role()

    def _fill_role(self) -> None:
        assert self._ctx.actor is not None
        role = self._ctx.actor.role
        allowed = [permission_label(p) for p in Permission if p in ROLE_PERMISSIONS[role]]
        self.role_label.setText(
            _("{role}. Peran ini boleh: {allowed}.").format(
                role=role_label(role), allowed="; ".join(allowed)
            )
        )

    def refresh(self) -> None:
        ctx = self._ctx

        def load():  # type: ignore[no-untyped-def]
            return current_office(ctx), office_service.data_counts(ctx), self._upcoming()

        self._runner.run(load, on_done=self._show)
        if self.reach is not None:
            self.reach.refresh()

    def _upcoming(self) -> list:  # type: ignore[type-arg]
        from netral_desktop.core.roles import has_permission
        from netral_desktop.services import pledge

        assert self._ctx.actor is not None
        if not has_permission(self._ctx.actor.role, Permission.ROSTER_READ):
            return []
        return pledge.upcoming_events(self._ctx, limit=5)

    def _show(self, result) -> None:  # type: ignore[no-untyped-def]
        from babel.dates import format_datetime

        office, counts, upcoming = result
        _clear(self.upcoming_form)
        for event in upcoming:
            when = QLabel(
                format_datetime(event.starts_at, "EEEE, d MMMM y HH:mm", locale=current_language())
            )
            what = QLabel(
                _("{title} — {place} ({n} diundang)").format(
                    title=event.title, place=event.place or "—", n=event.invitees
                )
            )
            what.setWordWrap(True)
            self.upcoming_form.addRow(when, what)
        if not upcoming:
            self.upcoming_form.addRow(QLabel(_("Belum ada acara ikrar yang dijadwalkan.")))
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
            if table in counts:
                self.data_form.addRow(table_label(), QLabel(number(counts[table])))
        if self._ctx.layout is not None:
            folder = QLabel(str(self._ctx.layout.root))
            folder.setWordWrap(True)
            self.data_form.addRow(_("Folder data"), folder)


def _scrolled_layout(page: QWidget) -> QVBoxLayout:
    """The layout the page's boxes go in, inside a scroll area filling the page: with the
    reach charts the page is taller than a 1280x720 screen leaves it."""
    from PySide6.QtWidgets import QFrame, QLayout, QScrollArea

    inner = QWidget()
    layout = QVBoxLayout(inner)
    # The boxes keep their least height; the scroll area scrolls rather than squeezing them.
    layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
    scroll = QScrollArea()
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidgetResizable(True)
    scroll.setWidget(inner)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    return layout


def _reach_section(ctx: ServiceContext, runner: TaskRunner) -> ReachSection | None:
    """The socialization reach charts, for roles that may read the office's records."""
    from netral_desktop.core.roles import has_permission
    from netral_desktop.ui.pages.reach_section import ReachSection

    assert ctx.actor is not None
    return (
        ReachSection(ctx, runner)
        if has_permission(ctx.actor.role, Permission.ROSTER_READ)
        else None
    )


def _clear(form: QFormLayout) -> None:
    while form.rowCount():
        form.removeRow(0)
