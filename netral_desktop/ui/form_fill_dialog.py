"""Filling a document whose data a person types (``record: berkas`` forms, e.g. the letter).

The fields come from the form's spec, so a new form in forms/ gets its dialog without code.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.errors import ValidationError
from netral_desktop.core.ids import new_id
from netral_desktop.i18n import _
from netral_desktop.ui.date_field import DateField
from netral_desktop.ui.widgets import error_label, error_text, fit_to_screen, set_error

MULTILINE = {"lines", "paragraphs"}


class FormFillDialog(QDialog):
    """Emits ``preview_requested`` / ``issue_requested`` with the record; the page does the
    work on the worker and reports errors back through ``show_error``."""

    preview_requested = Signal(object)
    issue_requested = Signal(object)

    def __init__(self, spec, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.spec = spec
        self.setWindowTitle(_("{title} baru").format(title=spec.title))
        self.setMinimumSize(520, 400)
        fit_to_screen(self, 720, 760)  # the fields scroll; the buttons stay in view
        self.inputs: dict[str, QWidget] = {}
        form = QFormLayout()
        for name, field in spec.fields.items():
            if field.type == "rows":
                continue  # tables come from a record, not from typing
            widget = self._input(field)
            widget.setObjectName(f"field_{name}")
            self.inputs[name] = widget
            label = (field.label or name) + (" *" if field.required else "")
            form.addRow(label, widget)
        holder = QWidget()
        holder.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)

        hint = QLabel(
            _(
                "* wajib diisi. Isian beberapa baris: satu baris per butir; isi surat: "
                "pisahkan paragraf dengan satu baris kosong."
            )
        )
        hint.setWordWrap(True)
        self.error = error_label()
        self.preview_button = QPushButton(_("Pratinjau"))
        self.issue_button = QPushButton(_("Terbitkan dan beri nomor"))
        self.issue_button.setDefault(True)
        cancel = QPushButton(_("Batal"))
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.issue_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        if spec.description:
            about = QLabel(spec.description)
            about.setWordWrap(True)
            layout.addWidget(about)
        layout.addWidget(scroll, 1)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.preview_button.clicked.connect(lambda: self._emit(self.preview_requested))
        self.issue_button.clicked.connect(lambda: self._emit(self.issue_requested))
        cancel.clicked.connect(self.reject)

    @staticmethod
    def _input(field) -> QWidget:  # type: ignore[no-untyped-def]
        default = field.default
        if field.type in MULTILINE:
            edit = QPlainTextEdit()
            edit.setMinimumHeight(150 if field.type == "paragraphs" else 70)
            if isinstance(default, list):
                edit.setPlainText(("\n\n" if field.type == "paragraphs" else "\n").join(default))
            elif default:
                edit.setPlainText(str(default))
            return edit
        if field.type == "date":
            picker = DateField()
            picker.set_value(date.today())
            return picker
        line = QLineEdit()
        if default not in (None, ""):
            line.setText(str(default))
        return line

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, widget in self.inputs.items():
            field = self.spec.fields[name]
            if isinstance(widget, QPlainTextEdit):
                text = widget.toPlainText().strip()
                if field.type == "paragraphs":
                    parts = [" ".join(p.split()) for p in text.split("\n\n")]
                else:
                    parts = [line.strip() for line in text.splitlines()]
                values[name] = [p for p in parts if p]
            elif isinstance(widget, DateField):
                values[name] = widget.value()
            elif isinstance(widget, QLineEdit):  # every other input is a line (see _input)
                values[name] = widget.text().strip()
        return values

    def record(self):  # type: ignore[no-untyped-def]
        from netral_desktop.services.documents import RecordData

        values = self.values()
        missing = [
            self.spec.fields[n].label or n
            for n, v in values.items()
            if self.spec.fields[n].required and not v
        ]
        if missing:
            raise ValidationError(
                _("Isian wajib belum diisi: {names}.").format(names=", ".join(missing))
            )
        label = str(values.get("hal") or values.get("judul") or self.spec.title)
        return RecordData(kind=self.spec.code, id=new_id(), label=label[:300], values=values)

    def _emit(self, signal) -> None:  # type: ignore[no-untyped-def]
        try:
            record = self.record()
        except ValidationError as exc:
            set_error(self.error, error_text(exc))
            return
        set_error(self.error, "")
        signal.emit(record)

    def show_error(self, exc: BaseException) -> None:
        set_error(self.error, error_text(exc))
