"""A case's evidence: thumbnails of the items (screenshots, photos, letters, recordings),
each with its capture facts as a tooltip; add files (where they came from, confidential or
not), open one, save a copy, read its custody log. Every view and export goes through the
evidence service, which writes it to the item's custody log; a confidential item shows an
icon, never its content, and only koordinator and admin may open it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core import evidence as evidence_rules
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services import evidence
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui import file_dialogs
from netral_desktop.ui.flow_row import FlowRow
from netral_desktop.ui.pages.cases.common import allowed
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import error_text, fit_to_screen, show_error, show_info

THUMB = 120
VIEW = 960  # the longest side of an image shown in the window
OWNER = "case_file"
PURPOSE = "perkara"  # the custody log's purpose of a view or copy made from the case view


def size_words(size: int) -> str:
    if size >= 1024 * 1024:
        return _("{n} MB").format(n=f"{size / (1024 * 1024):.1f}".replace(".", ","))
    return _("{n} KB").format(n=max(1, size // 1024))


def local_words(stamp: str, zone: Any) -> str:
    """An iso_utc stamp in the office's time zone (``14 Mei 2024 09.00``)."""
    from netral_desktop.core.clock import parse_iso_utc
    from netral_desktop.ui.pages.cases.timeline import when_words

    moment = parse_iso_utc(stamp)
    return when_words(moment.astimezone(zone) if zone is not None else moment)


def facts_text(row: Any, zone: Any = None) -> str:
    """The item's capture facts (tooltip)."""
    lines = []
    if row.confidential:
        lines.append(_("RAHASIA: hanya koordinator dan admin yang dapat membukanya"))
    lines += [
        row.original_name,
        f"{row.type_label}, {size_words(row.size)}",
        _("Ditambahkan oleh {who}, {when}").format(
            who=row.added_by, when=local_words(row.added_at, zone)
        ),
    ]
    if row.source_label:
        lines.append(_("Asal: {source}").format(source=row.source_label))
    lines.append(f"SHA-256 {row.sha256}")
    return "\n".join(lines)


def open_with_system(path: Path) -> None:
    """Open a recording or document in the system's program (tests replace this)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _screen_image(data: bytes) -> QImage:
    """Decoded and scaled on the worker (QImage is safe off the GUI thread)."""
    image = QImage.fromData(data)
    if max(image.width(), image.height()) > VIEW:
        image = image.scaled(
            VIEW,
            VIEW,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return image


class EvidencePane(QWidget):
    changed = Signal()
    loaded = Signal(object, object)  # the items shown, the office's time zone

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.case_id = ""
        self.zone: Any = None  # the office's time zone, read with the items
        self.count = 0
        self._generation = 0  # a newer show_case drops the answers of older ones
        self.viewer: QDialog | None = None
        self.files = QListWidget()
        self.files.setObjectName("caseEvidence")
        self.files.setViewMode(QListView.ViewMode.IconMode)
        self.files.setIconSize(QSize(THUMB, THUMB))
        self.files.setResizeMode(QListView.ResizeMode.Adjust)
        self.files.setMovement(QListView.Movement.Static)
        self.files.setSpacing(6)
        self.files.setGridSize(QSize(THUMB + 24, THUMB + 40))
        self.files.setUniformItemSizes(True)
        self.files.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.files.itemActivated.connect(lambda _item: self.open_current())
        self.files.currentRowChanged.connect(lambda _row: self._enable())
        # While the case has no evidence, a hint in the list's place says what to do.
        self.hint = QLabel(
            _(
                "Belum ada bukti. Tambahkan tangkapan layar, foto, surat, rekaman atau "
                "dokumen dengan «Tambah bukti…»."
            )
        )
        self.hint.setObjectName("evidenceEmpty")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet("color: #555; font-size: 13px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.hint)
        self.stack.addWidget(self.files)
        self.source = QComboBox()
        self.source.setObjectName("evidenceSource")
        self.source.addItem(_("Asal bukti: (tidak diisi)"), "")
        for source in evidence_rules.SOURCES:
            self.source.addItem(_(source.label), source.code)
        self.confidential = QCheckBox(_("Rahasia"))
        self.confidential.setObjectName("evidenceConfidential")
        self.confidential.setToolTip(
            _("Disimpan terenkripsi; hanya koordinator dan admin yang dapat membukanya.")
        )
        self.add_button = QPushButton(_("Tambah bukti…"))
        self.open_button = QPushButton(_("Buka"))
        self.export_button = QPushButton(_("Simpan salinan…"))
        self.custody_button = QPushButton(_("Log penanganan…"))
        can_log = allowed(ctx, Permission.CASE_LOG)
        for widget in (self.add_button, self.source, self.confidential):
            widget.setEnabled(can_log)
        self.add_button.clicked.connect(lambda: self.add_files())
        self.open_button.clicked.connect(self.open_current)
        self.export_button.clicked.connect(lambda: self.export_current())
        self.custody_button.clicked.connect(self.show_custody)
        buttons = FlowRow(
            [
                self.add_button,
                self.source,
                self.confidential,
                self.open_button,
                self.export_button,
                self.custody_button,
            ]
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(buttons)
        self._enable()

    # --- loading ---
    def show_case(self, case_id: str) -> None:
        """The items at once (one query), their thumbnails after them (one read each, on the
        worker): a case with 50 photos is usable before its pictures are drawn."""
        self.case_id = case_id
        self._generation += 1
        generation = self._generation
        ctx = self._ctx

        def load() -> tuple[Any, list[Any]]:
            from netral_desktop.services.context import current_office
            from netral_desktop.services.office import office_zone

            return office_zone(current_office(ctx)), evidence.list_for(ctx, OWNER, case_id)

        def thumbnails(rows: list[Any]) -> list[bytes]:
            # Icons for confidential items and recordings come from the service too.
            return [evidence.thumbnail(ctx, row.id, size=THUMB) for row in rows]

        def shown(loaded: tuple[Any, list[Any]]) -> None:
            if generation != self._generation:
                return  # another case was opened meanwhile
            self._show(loaded)
            rows = loaded[1]
            if rows:
                self._runner.run(
                    lambda: thumbnails(rows),
                    on_done=lambda thumbs: self._thumbnails(generation, thumbs),
                    on_error=lambda exc: show_error(self, exc),
                )

        self._runner.run(load, on_done=shown, on_error=lambda exc: show_error(self, exc))

    def _show(self, loaded: tuple[Any, list[Any]]) -> None:
        self.zone, rows = loaded
        self.files.clear()
        for row in rows:
            caption = row.caption or row.original_name
            if row.confidential:
                caption = _("[rahasia] {caption}").format(caption=caption)
            item = QListWidgetItem(caption)
            item.setToolTip(facts_text(row, self.zone))
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.files.addItem(item)
        self.stack.setCurrentWidget(self.files if rows else self.hint)
        self.count = len(rows)
        self._enable()
        self.loaded.emit(rows, self.zone)

    def _thumbnails(self, generation: int, thumbs: list[bytes]) -> None:
        if generation != self._generation or len(thumbs) != self.files.count():
            return
        for index, thumb in enumerate(thumbs):
            pixmap = QPixmap()
            pixmap.loadFromData(thumb)
            self.files.item(index).setIcon(QIcon(pixmap))

    def _enable(self) -> None:
        has = self.current() is not None
        for button in (self.open_button, self.export_button, self.custody_button):
            button.setEnabled(has)

    def current(self) -> Any:
        item = self.files.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def select(self, row: int) -> None:
        self.files.setCurrentRow(row)

    # --- adding ---
    def add_files(self, names: list[str] | None = None) -> None:
        if not self.case_id:
            return
        if names is None:
            names = [
                str(p)
                for p in file_dialogs.open_files(
                    self,
                    "case_evidence",
                    _("Pilih berkas bukti"),
                    _("Semua berkas (*)"),
                )
            ]
        if not names:
            return
        case_id = self.case_id
        confidential = self.confidential.isChecked()
        source = self.source.currentData() or ""

        def work() -> tuple[int, list[str], list[str]]:
            added, notes, refused = 0, [], []
            for name in names:
                try:
                    result = evidence.attach(
                        self._ctx,
                        OWNER,
                        case_id,
                        Path(name),
                        caption=Path(name).stem,
                        permission=Permission.CASE_LOG,
                        confidential=confidential,
                        source=source,
                    )
                except Exception as exc:  # each refusal is listed; the others are added
                    refused.append(f"{Path(name).name}: {error_text(exc)}")
                    continue
                if result.duplicate:
                    notes.append(
                        _("{name}: sudah ada pada perkara ini.").format(name=Path(name).name)
                    )
                    continue
                added += 1
                if result.elsewhere_words:
                    notes.append(f"{Path(name).name}: {result.elsewhere_words}")
            return added, notes, refused

        self._runner.run(work, on_done=self._added, on_error=lambda exc: show_error(self, exc))

    def _added(self, result: tuple[int, list[str], list[str]]) -> None:
        added, notes, refused = result
        self.show_case(self.case_id)
        self.changed.emit()
        if notes or refused:
            text = _("{n} berkas ditambahkan.").format(n=added)
            if notes:
                text += "\n\n" + "\n".join(notes)
            if refused:
                text += "\n\n" + _("Tidak ditambahkan:") + "\n" + "\n".join(refused)
            show_info(self, _("Bukti"), text)

    # --- opening, copies, custody ---
    def open_current(self) -> None:
        row = self.current()
        if row is None:
            return
        ctx = self._ctx
        if row.is_image:
            self._runner.run(
                lambda: _screen_image(evidence.open_evidence(ctx, row.id, purpose=PURPOSE)),
                on_done=lambda image: self._show_image(row, image),
                on_error=lambda exc: show_error(self, exc),
            )
            return
        # A recording, a PDF or a document: a private copy the system's program opens.
        self._runner.run(
            lambda: evidence.open_evidence(ctx, row.id, purpose=PURPOSE, as_file=True),
            on_done=open_with_system,
            on_error=lambda exc: show_error(self, exc),
        )

    def _show_image(self, row: Any, image: QImage) -> None:
        dialog = QDialog(self)
        dialog.setObjectName("evidenceViewer")
        dialog.setWindowTitle(row.caption or row.original_name)
        fit_to_screen(dialog, 1000, 720)
        label = QLabel()
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setPixmap(QPixmap.fromImage(image))
        scroll = QScrollArea()
        scroll.setWidget(label)
        scroll.setWidgetResizable(True)
        facts = QLabel(facts_text(row, self.zone))
        facts.setWordWrap(True)
        facts.setStyleSheet("color: #555;")
        layout = QVBoxLayout(dialog)
        layout.addWidget(scroll, 1)
        layout.addWidget(facts)
        self.viewer = dialog
        dialog.open()

    def export_current(self, target: str | None = None) -> None:
        row = self.current()
        if row is None:
            return
        if target is None:
            chosen = file_dialogs.save_file(
                self,
                "case_evidence_copy",
                _("Simpan salinan bukti"),
                row.original_name,
                _("Semua berkas (*)"),
            )
            target = str(chosen) if chosen else ""
        if not target:
            return
        path = Path(target)
        self._runner.run(
            lambda: evidence.export_evidence(self._ctx, row.id, path, purpose=PURPOSE),
            on_done=lambda saved: show_info(
                self,
                _("Tersimpan"),
                _("Salinan bukti disimpan di {path}. Penyalinan dicatat di log penanganan.").format(
                    path=saved
                ),
            ),
            on_error=lambda exc: show_error(self, exc),
        )

    def show_custody(self) -> None:
        row = self.current()
        if row is None:
            return
        self._runner.run(
            lambda: evidence.custody_log(self._ctx, row.id),
            on_done=lambda entries: show_info(
                self,
                _("Log penanganan: {name}").format(name=row.original_name),
                custody_text(entries, self.zone),
            ),
            on_error=lambda exc: show_error(self, exc),
        )


def custody_text(entries: list[Any], zone: Any = None) -> str:
    if not entries:
        return _("Belum ada catatan.")
    lines = []
    for entry in entries:
        line = f"{local_words(entry.at, zone)} — {entry.action_label} — {entry.actor}"
        if entry.target:
            line += f" — {entry.target}"
        if entry.purpose:
            line += f" ({entry.purpose})"
        lines.append(line)
    return "\n".join(lines)
