"""The audit page's banner: is the log whole, keyed and anchored, and do the accounts, the
office and the issued documents still match their seals?"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from netral_desktop.i18n import _
from netral_desktop.services import integrity
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import error_text

_OK_STYLE = "#chainStatus { background: #e8f5e9; border: 1px solid #a5d6a7; border-radius: 4px; }"
_BAD_STYLE = "#chainStatus { background: #fdecea; border: 1px solid #e57373; border-radius: 4px; }"
_PLAIN_STYLE = "#chainStatus { background: #f5f5f5; border: 1px solid #ddd; border-radius: 4px; }"


class ChainStatus(QFrame):
    """Checks on ``check()`` (the page calls it when shown and on its button)."""

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chainStatus")
        self._ctx, self._runner = ctx, runner
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600;")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        self._show_plain(_("Keutuhan data belum diperiksa."), "")

    def check(self) -> None:
        self._show_plain(_("Memeriksa log audit dan segel data…"), "")
        self._runner.run(
            lambda: integrity.status(self._ctx), on_done=self.show_status, on_error=self._failed
        )

    def _show_plain(self, title: str, detail: str) -> None:
        self.setStyleSheet(_PLAIN_STYLE)
        self.title.setText(title)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))

    def show_status(self, state: integrity.IntegrityStatus) -> None:
        if state.ok:
            self.setStyleSheet(_OK_STYLE)
            self.title.setText(_("Log audit utuh dan terkunci"))
            anchored = state.chain.anchored
            lines = [
                _("{n} entri diperiksa dengan kunci kantor").format(n=state.chain.entries)
                + (
                    _(
                        "; cocok dengan kepala rantai yang disimpan di luar basis data (#{seq})."
                    ).format(seq=anchored.seq)
                    if anchored is not None
                    else "."
                ),
                _("Akun, data kantor dan dokumen terbit cocok dengan segelnya ({n} baris).").format(
                    n=state.seals.checked
                ),
            ]
        else:
            self.setStyleSheet(_BAD_STYLE)
            self.title.setText(_("Peringatan: data diubah di luar program"))
            lines = [
                _("Log audit, entri #{seq}: {reason}.").format(seq=p.seq, reason=p.reason)
                if p.seq
                else _("Log audit: {reason}.").format(reason=p.reason)
                for p in state.chain.problems
            ]
            if state.seals.key_missing:
                lines.append(_("Segel data tidak dapat diperiksa: kunci log audit tidak ada."))
            elif state.seals.broken:
                lines.append(state.seals.describe() + ".")
            lines.append(
                _(
                    "Jangan hapus apa pun. Administrator memeriksa dengan 'netral check' dan "
                    "membandingkan dengan cadangan atau salinan di provinsi."
                )
            )
        self.detail.setText("\n".join(lines))
        self.detail.setVisible(True)

    def _failed(self, exc: BaseException) -> None:
        self.setStyleSheet(_BAD_STYLE)
        self.title.setText(_("Keutuhan data tidak dapat diperiksa"))
        self.detail.setText(error_text(exc))
        self.detail.setVisible(True)
