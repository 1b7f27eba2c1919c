"""One socialization event: its facts, speakers and minutes; its photos as thumbnails; the
attendance (the pledge ceremonies' own door and invitee panels, on this event); its
materials, signed scans and papers."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.roles import Permission
from netral_desktop.core.sosialisasi import Method
from netral_desktop.i18n import _
from netral_desktop.services import pledge, sosialisasi
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui import file_dialogs
from netral_desktop.ui.pages.pledges.common import allowed, when_text
from netral_desktop.ui.pages.pledges.door_panel import DoorPanel
from netral_desktop.ui.pages.pledges.invitees_panel import InviteesPanel
from netral_desktop.ui.pdf_preview_dialog import PdfPreviewDialog
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import fit_to_screen, number, show_error, show_info

THUMB = 150
PHOTO_FILTER = "*.jpg *.jpeg *.png *.webp *.tif *.tiff"


class EventView(QWidget):
    changed = Signal()  # the event changed here (held, files): the list shows it again

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.current: sosialisasi.EventDetail | None = None
        can_write = allowed(ctx, Permission.SOSIALISASI_WRITE)
        can_print = allowed(ctx, Permission.PRINT)

        self.header = QLabel()
        self.header.setObjectName("sosialisasiHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.held_button = QPushButton(_("Tandai terlaksana"))
        self.held_button.setEnabled(can_write)
        self.held_button.clicked.connect(self.mark_held)

        # Facts, speakers, minutes.
        self.summary = QLabel()
        self.summary.setObjectName("sosialisasiSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        summary_scroll = QScrollArea()
        summary_scroll.setWidgetResizable(True)
        summary_scroll.setWidget(self.summary)

        # Photos.
        self.photos = QListWidget()
        self.photos.setObjectName("sosialisasiPhotos")
        self.photos.setViewMode(QListView.ViewMode.IconMode)
        self.photos.setIconSize(QSize(THUMB, THUMB))
        self.photos.setResizeMode(QListView.ResizeMode.Adjust)
        self.photos.setMovement(QListView.Movement.Static)
        self.photos.setSpacing(6)
        # A regular grid: every cell as wide as a thumbnail, captions elided to fit.
        self.photos.setGridSize(QSize(THUMB + 14, THUMB + 34))
        self.photos.setUniformItemSizes(True)
        self.photos.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.photos.itemActivated.connect(self.open_photo)
        self.add_photos_button = QPushButton(_("Tambah foto…"))
        self.remove_photo_button = QPushButton(_("Hapus foto"))
        for button in (self.add_photos_button, self.remove_photo_button):
            button.setEnabled(can_write)
        self.add_photos_button.clicked.connect(self.add_photos)
        self.remove_photo_button.clicked.connect(self.remove_photo)
        photos_tab = QWidget()
        photos_layout = QVBoxLayout(photos_tab)
        photo_buttons = QHBoxLayout()
        photo_buttons.addWidget(self.add_photos_button)
        photo_buttons.addWidget(self.remove_photo_button)
        photo_buttons.addStretch()
        photos_layout.addWidget(self.photos, 1)
        photos_layout.addLayout(photo_buttons)

        # Attendance: the pledge panels, allowed to mark for a role that records sosialisasi.
        self.door = DoorPanel(ctx, runner)
        self.invitees = InviteesPanel(ctx, runner)
        if can_write and not self.door.can_mark:
            self.door.can_mark = True
            for widget in (self.door.mark_input, self.door.undo_button, self.door.walk_in_button):
                widget.setEnabled(True)
            for button in (
                self.invitees.invite_button,
                self.invitees.reason_button,
                self.invitees.match_button,
                self.invitees.remove_button,
            ):
                button.setEnabled(True)
        self.door.invitees_changed.connect(self.invitees.reload)
        self.invitees.marked.connect(self.door.show_result)
        self.invitees.message.connect(self.door.mark_message.setText)
        attendance_tab = QWidget()
        attendance_layout = QVBoxLayout(attendance_tab)
        attendance_layout.addWidget(self.door)
        attendance_layout.addWidget(self.invitees, 1)

        # Materials, scans and papers.
        self.files = QListWidget()
        self.files.setObjectName("sosialisasiFiles")
        self.files.itemActivated.connect(self.save_file_copy)
        self.add_material_button = QPushButton(_("Tambah materi…"))
        self.add_scan_button = QPushButton(_("Lampirkan pindaian daftar hadir…"))
        for button in (self.add_material_button, self.add_scan_button):
            button.setEnabled(can_write)
        self.add_material_button.clicked.connect(lambda: self.add_files("material"))
        self.add_scan_button.clicked.connect(lambda: self.add_files("scan"))
        self.report_button = QPushButton(_("Laporan kegiatan…"))
        self.form_a_button = QPushButton(_("Formulir Model A…"))
        self.sheet_button = QPushButton(_("Daftar hadir…"))
        for button, form in (
            (self.report_button, "sosialisasi_laporan"),
            (self.form_a_button, "sosialisasi_model_a"),
            (self.sheet_button, "ikrar_daftar_hadir"),
        ):
            button.setEnabled(can_print)
            button.clicked.connect(lambda _c=False, f=form: self.print_paper(f))
        files_tab = QWidget()
        files_layout = QVBoxLayout(files_tab)
        papers = QHBoxLayout()
        for button in (self.report_button, self.form_a_button, self.sheet_button):
            papers.addWidget(button)
        papers.addStretch()
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(self.add_material_button)
        file_buttons.addWidget(self.add_scan_button)
        file_buttons.addStretch()
        files_layout.addLayout(papers)
        files_layout.addWidget(
            QLabel(_("Materi dan pindaian (klik dua kali untuk menyimpan salinannya):"))
        )
        files_layout.addWidget(self.files, 1)
        files_layout.addLayout(file_buttons)

        self.tabs = QTabWidget()
        self.tabs.addTab(summary_scroll, _("Ringkasan"))
        self.tabs.addTab(photos_tab, _("Foto"))
        self.tabs.addTab(attendance_tab, _("Daftar hadir"))
        self.tabs.addTab(files_tab, _("Berkas dan dokumen"))
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.held_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

    # --- loading ---
    def show_event(self, event_id: str) -> None:
        ctx = self._ctx

        def load() -> tuple[Any, ...]:
            event = sosialisasi.get_event(ctx, event_id)
            as_pledge = pledge.get_event(ctx, event_id)  # the door's and the list's view of it
            photos = [
                (row, sosialisasi.thumbnail(ctx, row.id, size=THUMB))
                for row in sosialisasi.photos(ctx, event_id)
            ]
            files = [(_("Materi"), row) for row in sosialisasi.materials(ctx, event_id)]
            files += [(_("Pindaian"), row) for row in sosialisasi.scans(ctx, event_id)]
            return event, as_pledge, photos, files

        self._runner.run(load, on_done=self._show, on_error=lambda exc: show_error(self, exc))

    def _show(self, loaded: tuple[Any, ...]) -> None:
        event, as_pledge, photos, files = loaded
        self.current = event
        self.door.current_event = self.invitees.current_event = as_pledge
        self.door.clear()
        self.invitees.reload()
        status = _("terlaksana") if event.held else _("belum ditandai terlaksana")
        end = f"–{event.ends_at:%H.%M}" if event.ends_at else ""
        self.header.setText(
            f"<span style='font-size:17px;font-weight:600'>{escape(event.title)}</span><br>"
            f"{when_text(event.starts_at)}{end} {event.time_zone} · "
            f"{escape(event.place or '—')}<br>"
            + escape(_("Penyelenggara: {who}").format(who=event.organiser))
            + f" · <b>{escape(status)}</b>"
        )
        self.held_button.setVisible(not event.held)
        self.summary.setText(self._summary_html(event))
        self.tabs.setTabText(1, _("Foto ({n})").format(n=len(photos)))
        self.photos.clear()
        for row, thumbnail in photos:
            pixmap = QPixmap()
            pixmap.loadFromData(thumbnail)
            item = QListWidgetItem(QIcon(pixmap), row.caption or row.original_name)
            item.setToolTip(f"{row.caption}\n{row.original_name}, {row.size // 1024} KB")
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.photos.addItem(item)
        self.files.clear()
        if not files:
            hint = QListWidgetItem(_("Belum ada materi atau pindaian daftar hadir."))
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
            self.files.addItem(hint)
        for kind, row in files:
            item = QListWidgetItem(f"{kind}: {row.original_name} ({max(1, row.size // 1024)} KB)")
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.files.addItem(item)

    def _summary_html(self, event: sosialisasi.EventDetail) -> str:
        from netral_desktop.services.sosialisasi.documents import participants_words

        def row(label: str, value: str) -> str:
            cell = "<td style='padding-right:12px;color:#555'>"
            return f"<tr>{cell}{escape(label)}</td><td>{escape(value)}</td></tr>"

        rows = [
            row(_("Pemilihan"), event.election_name or "—"),
            row(_("Metode"), Method(event.method).label),
            row(_("Sasaran"), ", ".join(event.audience) or "—"),
            row(_("Peserta"), participants_words(event) or _("belum dicatat")),
            row(
                _("Daftar hadir"),
                _("{present} hadir dari {invited} undangan").format(
                    present=number(event.present), invited=number(event.invited)
                ),
            ),
        ]
        html = f"<table>{''.join(rows)}</table>"
        if event.present > (event.participants_total or event.present):
            html += (
                "<p style='color:#b00020'>"
                + escape(
                    _(
                        "Yang ditandai hadir lebih banyak dari jumlah peserta yang dicatat: "
                        "perbarui jumlah peserta."
                    )
                )
                + "</p>"
            )
        html += f"<h4>{escape(_('Narasumber'))}</h4>"
        if event.speakers:
            html += (
                "<ol>"
                + "".join(
                    f"<li><b>{escape(s.name)}</b>"
                    + (f" — {escape(s.institution)}" if s.institution else "")
                    + (f"<br><i>{escape(s.topic)}</i>" if s.topic else "")
                    + "</li>"
                    for s in event.speakers
                )
                + "</ol>"
            )
        else:
            html += f"<p>{escape(_('Belum dicatat.'))}</p>"
        for title, text in ((_("Notulen"), event.minutes), (_("Tindak lanjut"), event.follow_up)):
            html += f"<h4>{escape(title)}</h4>"
            paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
            html += (
                "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
                or f"<p>{escape(_('Belum dicatat.'))}</p>"
            )
        return html

    # --- actions ---
    def mark_held(self) -> None:
        event = self.current
        if event is None:
            return
        self._runner.run(
            lambda: sosialisasi.set_held(self._ctx, event.id),
            on_done=lambda _r: self._changed(),
            on_error=lambda exc: show_error(self, exc),
        )

    def _changed(self) -> None:
        if self.current is not None:
            self.show_event(self.current.id)
        self.changed.emit()

    def add_photos(self, names: list[str] | None = None) -> None:
        event = self.current
        if event is None:
            return
        if names is None:
            names = [
                str(path)
                for path in file_dialogs.open_files(
                    self,
                    "sosialisasi_photos",
                    _("Pilih foto kegiatan"),
                    _("Foto ({patterns})").format(patterns=PHOTO_FILTER),
                )
            ]
        if not names:
            return
        chosen = list(names)

        def work() -> tuple[int, list[str]]:
            # Each photo on its own: a bad one is reported, the good ones are still added.
            added, refused = 0, []
            for name in chosen:
                try:
                    result = sosialisasi.add_photo(
                        self._ctx, event.id, Path(name), caption=Path(name).stem
                    )
                    added += not result.duplicate
                except Exception as exc:  # every refusal is listed for the user
                    refused.append(f"{Path(name).name}: {exc}")
            return added, refused

        self._runner.run(
            work, on_done=self._photos_added, on_error=lambda exc: show_error(self, exc)
        )

    def _photos_added(self, result: tuple[int, list[str]]) -> None:
        added, refused = result
        self._changed()
        if refused:
            show_info(
                self,
                _("Sebagian foto tidak ditambahkan"),
                _("{n} foto ditambahkan. Yang tidak:").format(n=added)
                + "\n\n"
                + "\n".join(refused),
            )

    def add_files(self, kind: str) -> None:
        event = self.current
        if event is None:
            return
        names = [
            str(path)
            for path in file_dialogs.open_files(
                self, "sosialisasi_files", _("Pilih berkas"), _("Semua berkas (*)")
            )
        ]
        if not names:
            return
        attach = sosialisasi.add_material if kind == "material" else sosialisasi.add_scan

        def work() -> None:
            for name in names:
                attach(self._ctx, event.id, Path(name))

        self._runner.run(
            work, on_done=lambda _r: self._changed(), on_error=lambda exc: show_error(self, exc)
        )

    def remove_photo(self) -> None:
        item = self.photos.currentItem()
        row = item.data(Qt.ItemDataRole.UserRole) if item else None
        if row is None:
            return
        self._runner.run(
            lambda: sosialisasi.remove_file(self._ctx, row.id),
            on_done=lambda _r: self._changed(),
            on_error=lambda exc: show_error(self, exc),
        )

    def open_photo(self, item: QListWidgetItem) -> None:
        row = item.data(Qt.ItemDataRole.UserRole)
        if row is None:
            return

        def show(data: bytes) -> None:
            dialog = QDialog(self)
            dialog.setWindowTitle(row.caption or row.original_name)
            fit_to_screen(dialog, 1000, 700)
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            pixmap = QPixmap()
            pixmap.loadFromData(data)
            label.setPixmap(
                pixmap.scaled(
                    960,
                    640,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            QVBoxLayout(dialog).addWidget(label)
            dialog.exec()

        # A screen-sized copy, never the whole original (a 40 MP photo is 120 MB decoded).
        self._runner.run(lambda: sosialisasi.thumbnail(self._ctx, row.id, size=960), on_done=show)

    def save_file_copy(self, item: QListWidgetItem) -> None:
        row = item.data(Qt.ItemDataRole.UserRole)
        if row is None:
            return
        chosen = file_dialogs.save_file(
            self, "sosialisasi_copy", _("Simpan salinan"), row.original_name, _("Semua berkas (*)")
        )
        target = str(chosen) if chosen else ""
        if not target:
            return

        def work() -> None:
            sosialisasi.export_file(self._ctx, row.id, Path(target))

        self._runner.run(work, on_error=lambda exc: show_error(self, exc))

    def print_paper(self, form: str) -> None:
        event = self.current
        if event is None:
            return
        from netral_desktop.services.sosialisasi import documents as papers

        def shown(issued: Any) -> None:
            PdfPreviewDialog(
                issued.pdf,
                f"{issued.document.title} — {event.title}",
                self._runner,
                suggested_name=f"{form}_{event.starts_at:%Y%m%d}.pdf",
                parent=self,
            ).exec()

        self._runner.run(
            lambda: papers.issue(self._ctx, form, event.id),
            on_done=shown,
            on_error=lambda exc: show_error(self, exc),
        )
