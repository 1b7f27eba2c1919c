"""Kepercayaan: trust between the province and its districts, in the window (design.md §7).

* **District**: the province's trust file held now (its key's fingerprint large, to compare
  by phone), importing a trust file (the first one only after the phone check, a rotated
  province key without one), exporting this office's enrollment file and changing its key.
* **Province**: its key's fingerprint (read out to the districts), exporting the trust file,
  taking an office's enrollment (a new office only after the phone check), the offices
  enrolled and the keys revoked, revoking an office's key, changing the province key.

The flow, the confirmations and the words are the command line's (cli/sync.py); everything
runs on the worker. Shown to users who may manage keys (Permission.MANAGE_KEYS).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.errors import NetralError, ValidationError, VerificationFailed
from netral_desktop.i18n import _
from netral_desktop.services import sync_bundle_io
from netral_desktop.services import trust as trust_service
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.ui import file_dialogs
from netral_desktop.ui.pages.sync_tables import fill_table, office_zone_of, sync_table, when_text
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import confirm, error_text, ok_cancel_buttons, show_error

# Refusals of a trust file a district may get past by taking the file afresh, after the
# phone check: it missed a province key rotation, or the province replaced a lost key.
FRESH_CHECKS = ("trust_rotation_chain", "trust_untrusted_key")
# A trust file as the services give it (sync/trust.py TrustFile: the ui does not import sync/).
TrustFile = Any


def fingerprint_label(name: str) -> QLabel:
    """A key's fingerprint, large and monospaced, groups of four as it is read out."""
    label = QLabel()
    label.setObjectName(name)
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.6)
    font.setWeight(QFont.Weight.Bold)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _wrapping(name: str = "") -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class PhoneCheckDialog(QDialog):
    """Before a key is trusted for the first time: its owner and fingerprint, what to do on
    the phone, and a checkbox that alone enables the button. Escape and Enter cancel."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        who: str,
        key_id: str,
        fingerprint: str,
        instruction: str,
        ok_text: str,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("phoneCheckDialog")
        self.setWindowTitle(title)
        owner = QLabel(who)
        owner.setObjectName("phoneCheckWho")
        bold = owner.font()
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.2)
        owner.setFont(bold)
        owner.setWordWrap(True)
        self.fingerprint = fingerprint_label("phoneCheckFingerprint")
        self.fingerprint.setText(fingerprint)
        steps = _wrapping("phoneCheckInstruction")
        steps.setText(instruction)
        self.check = QCheckBox(_("Sidik jari sudah dicocokkan lewat telepon dan sama"))
        self.check.setObjectName("phoneChecked")
        self.buttons = ok_cancel_buttons(ok_text)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button.setEnabled(False)
        # Enter must never trust a key: the safe button is the default one.
        self.ok_button.setAutoDefault(False)
        self.cancel_button.setAutoDefault(True)
        self.cancel_button.setDefault(True)
        self.check.toggled.connect(self.ok_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.addWidget(owner)
        layout.addWidget(QLabel(_("Kunci {key}, sidik jari:").format(key=key_id)))
        layout.addWidget(self.fingerprint)
        layout.addWidget(steps)
        layout.addSpacing(8)
        layout.addWidget(self.check)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(max(640, self.fingerprint.sizeHint().width() + 80))

    def accept(self) -> None:
        if self.check.isChecked():  # the button is disabled until then; Enter too
            super().accept()


def _exec(dialog: QDialog) -> int:
    """Show the dialog; its result. Tests replace this to answer for the user."""
    return dialog.exec()


run_dialog: Callable[[QDialog], int] = _exec


def phone_check(parent: QWidget, **texts: str) -> bool:
    dialog = PhoneCheckDialog(parent, **texts)
    try:
        return run_dialog(dialog) == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def _key_backup_advice() -> str:
    return _(
        "Buat cadangan kunci baru sekarang (tombol Cadangkan kunci… di tab ini) dan simpan "
        "berkas serta kata sandinya terpisah, di tempat aman."
    )


class _TrustTab(QWidget):
    """What both modes share: a notice line, the buttons made idle while the worker runs."""

    changed = Signal()  # the trust or the office's keys changed: other tabs refresh

    def __init__(self, ctx: ServiceContext, runner: TaskRunner) -> None:
        super().__init__()
        self._ctx, self._runner = ctx, runner
        self._zone = office_zone_of(ctx)
        office = current_office(ctx)
        self._office_code, self._office_name = office.code, office.name
        self.notice = _wrapping("trustNotice")
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._buttons: list[QPushButton] = []
        self._then: Callable[[Any], None] | None = None
        self._else: Callable[[BaseException], None] | None = None

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        self._buttons.append(button)
        return button

    def _set_busy(self, busy: bool) -> None:
        for button in self._buttons:
            button.setEnabled(not busy)
        self._update_buttons()

    def _update_buttons(self) -> None:
        """Buttons that also depend on a selection (the province's revoke)."""

    def _start(
        self,
        work: Callable[[], Any],
        then: Callable[[Any], None],
        otherwise: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._set_busy(True)
        self._then, self._else = then, otherwise
        self._runner.run(work, on_done=self._finished, on_error=self._failed)

    def _finished(self, result: Any) -> None:
        self._set_busy(False)
        if self._then is not None:
            self._then(result)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if self._else is not None:
            self._else(exc)
        else:
            self._refused(exc)

    def _refused(self, exc: BaseException) -> None:
        self.notice.setText(_("Tidak ada yang diubah."))
        show_error(self, exc)

    def _backup_button(self) -> QPushButton:
        return self._button(_("Cadangkan kunci…"), "backupKeys", self.backup_keys)

    def backup_keys(self) -> None:
        """Every secret of this installation in one passphrase-protected file (as ``netral
        keys backup``): what a new machine needs to open the data, the bundles and backups."""
        path = file_dialogs.save_file(
            self,
            "key_backup",
            _("Simpan cadangan kunci"),
            f"kunci-{self._office_code}.zip",
            _("Cadangan kunci (*.zip)"),
            suffix=".zip",
        )
        if path is None:
            return
        from netral_desktop.ui.user_dialogs import PasswordDialog

        dialog = PasswordDialog(
            _("Kata sandi cadangan kunci"),
            new_label=_("Kata sandi cadangan"),
            ok_text=_("Cadangkan"),
            parent=self,
        )
        ctx = self._ctx

        def save() -> None:
            passphrase = dialog.password.text()

            def work() -> Path:
                from netral_desktop.services.keys import backup_keys
                from netral_desktop.services.setup import open_key_store

                return backup_keys(ctx, open_key_store(ctx), path, passphrase)

            def done(saved: Path) -> None:
                dialog.accept()
                self.notice.setText(
                    _(
                        "Cadangan kunci disimpan di {path}. Simpan berkas ini dan kata sandinya "
                        "terpisah, di tempat aman: tanpa keduanya data dan bundel kantor ini "
                        "tidak dapat dibuka di komputer lain."
                    ).format(path=saved)
                )

            self._runner.run(work, on_done=done, on_error=dialog.show_error)

        dialog.on_submit(save)
        run_dialog(dialog)
        dialog.deleteLater()

    def _after_change(self, text: str) -> None:
        self.notice.setText(text)
        self.refresh()
        self.changed.emit()

    def refresh(self) -> None:
        raise NotImplementedError


# --- district ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictState:
    held: TrustFile | None
    tampered: bool  # the held file fails its pin: taken afresh on the next import
    own_key_id: str
    own_fingerprint: str


class DistrictTrustTab(_TrustTab):
    """The district's side: the province's trust file, and this office's enrollment."""

    def __init__(self, ctx: ServiceContext, runner: TaskRunner) -> None:
        super().__init__(ctx, runner)
        self._tampered = False
        self._path: Path | None = None
        self._fresh = False
        self.held_summary = _wrapping("heldTrust")
        self.province_key = QLabel()
        self.province_key.setObjectName("provinceKey")
        self.province_fingerprint = fingerprint_label("provinceFingerprint")
        self.import_button = self._button(
            _("Impor berkas kepercayaan…"), "importTrust", self.choose_trust_file
        )
        held = QGroupBox(_("Berkas kepercayaan dari Bawaslu provinsi"))
        box = QVBoxLayout(held)
        box.addWidget(self.held_summary)
        box.addWidget(self.province_key)
        box.addWidget(self.province_fingerprint)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addStretch(1)
        box.addLayout(row)

        self.own_key = QLabel()
        self.own_key.setObjectName("officeKey")
        self.own_fingerprint = fingerprint_label("officeFingerprint")
        self.export_button = self._button(
            _("Ekspor pendaftaran…"), "exportEnrollment", self.choose_enrollment_file
        )
        self.rotate_button = self._button(
            _("Ganti kunci kantor…"), "rotateOfficeKey", self.rotate_office_key
        )
        own = QGroupBox(_("Pendaftaran kantor ini ke provinsi"))
        box = QVBoxLayout(own)
        explain = _wrapping()
        explain.setText(
            _(
                "Ekspor berkas pendaftaran dan serahkan ke Bawaslu provinsi. Bacakan sidik jari "
                "ini kepada Bawaslu provinsi lewat telepon: mereka mencocokkannya sebelum "
                "menerima bundel kantor ini."
            )
        )
        box.addWidget(explain)
        box.addWidget(self.own_key)
        box.addWidget(self.own_fingerprint)
        self.backup_button = self._backup_button()
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addWidget(self.rotate_button)
        row.addStretch(1)
        row.addWidget(self.backup_button)
        box.addLayout(row)

        steps = QGroupBox(_("Urutan langkah"))
        box = QVBoxLayout(steps)
        order = _wrapping("trustSteps")
        order.setText(
            "\n".join(
                [
                    _(
                        "1. Impor berkas kepercayaan dari Bawaslu provinsi dan cocokkan sidik "
                        "jari kunci provinsi lewat telepon."
                    ),
                    _(
                        "2. Ekspor berkas pendaftaran, serahkan ke Bawaslu provinsi, dan bacakan "
                        "sidik jari kunci kantor ini lewat telepon."
                    ),
                    _(
                        "3. Setelah provinsi menerima pendaftaran, kirim bundel di tab Kirim ke "
                        "provinsi. Berkas kepercayaan baru dari provinsi diimpor di sini juga."
                    ),
                ]
            )
        )
        box.addWidget(order)
        layout = QVBoxLayout(self)
        layout.addWidget(steps)
        layout.addWidget(held)
        layout.addWidget(own)
        layout.addWidget(self.notice)
        layout.addStretch(1)

    # What is held

    def refresh(self) -> None:
        ctx = self._ctx

        def work() -> DistrictState:
            keys = sync_bundle_io.office_keys(ctx)
            own = (keys.public.id_text, keys.public.fingerprint())
            try:
                return DistrictState(trust_service.held_trust(ctx, keys), False, *own)
            except VerificationFailed as exc:
                if exc.code != "trust_tampered":
                    raise
                return DistrictState(None, True, *own)

        self._runner.run(work, on_done=self._show, on_error=self._not_shown)

    def _not_shown(self, exc: BaseException) -> None:
        self.held_summary.setText(error_text(exc))

    def _show(self, state: DistrictState) -> None:
        self._tampered = state.tampered
        held = state.held
        self.province_key.setVisible(held is not None)
        self.province_fingerprint.setVisible(held is not None)
        if held is not None:
            self.held_summary.setText(
                _(
                    "Provinsi {code} {name}: berkas kepercayaan versi {version}, diterbitkan "
                    "{issued}."
                ).format(
                    code=held.province_code,
                    name=held.province_name,
                    version=held.version,
                    issued=self._issued(held.issued_at),
                )
            )
            self.province_key.setText(
                _("Kunci provinsi {key}, sidik jari:").format(key=held.signing_key.id_text)
            )
            self.province_fingerprint.setText(held.fingerprint)
        elif state.tampered:
            self.held_summary.setText(
                _(
                    "Berkas kepercayaan di folder data diubah di luar program atau rusak, jadi "
                    "tidak dipakai. Minta berkas kepercayaan terbaru dari Bawaslu provinsi dan "
                    "impor di sini; sidik jarinya dicocokkan lagi lewat telepon."
                )
            )
        else:
            self.held_summary.setText(
                _(
                    "Belum ada berkas kepercayaan provinsi, jadi bundel belum dapat dikirim. "
                    "Minta berkasnya ke Bawaslu provinsi, lalu impor di sini dan cocokkan sidik "
                    "jarinya lewat telepon."
                )
            )
        self.own_key.setText(
            _("Kunci kantor {code} {name}: {key}, sidik jari:").format(
                code=self._office_code, name=self._office_name, key=state.own_key_id
            )
        )
        self.own_fingerprint.setText(state.own_fingerprint)

    def _issued(self, stamp: str) -> str:
        try:
            return when_text(stamp, self._zone)
        except ValueError:  # not a time this program wrote: shown as it is
            return stamp

    # Importing the trust file

    def choose_trust_file(self) -> None:
        path = file_dialogs.open_file(
            self,
            "trust_import",
            _("Pilih berkas kepercayaan dari Bawaslu provinsi"),
            _("Berkas kepercayaan (*.json);;Semua berkas (*)"),
        )
        if path is not None:
            self.import_trust_file(path)

    def import_trust_file(self, path: Path, *, fresh: bool = False) -> None:
        ctx = self._ctx
        self._path, self._fresh = path, fresh or self._tampered
        fresh = self._fresh
        self.notice.setText(_("Memeriksa {name}…").format(name=path.name))
        self._start(
            lambda: trust_service.preview_trust(ctx, path, fresh=fresh),
            self._previewed,
            self._trust_refused,
        )

    def _previewed(self, preview: trust_service.TrustPreview) -> None:
        trust = preview.trust
        if not preview.is_new:
            self.notice.setText(_("Berkas kepercayaan ini sudah dipegang; tidak ada yang berubah."))
            return
        confirmed: str | None = None
        if preview.first:
            steps = (
                _(
                    "Berkas kepercayaan ini diimpor dari awal. Telepon Bawaslu provinsi dan "
                    "cocokkan sidik jari di atas, kelompok demi kelompok. Impor hanya jika "
                    "semuanya sama."
                )
                if preview.held is not None or self._tampered
                else _(
                    "Ini berkas kepercayaan pertama kantor ini. Telepon Bawaslu provinsi dan "
                    "cocokkan sidik jari di atas, kelompok demi kelompok. Impor hanya jika "
                    "semuanya sama."
                )
            )
            if not phone_check(
                self,
                title=_("Cocokkan sidik jari kunci provinsi"),
                who=_("{name} (provinsi {code})").format(
                    name=trust.province_name, code=trust.province_code
                ),
                key_id=trust.signing_key.id_text,
                fingerprint=trust.fingerprint,
                instruction=steps,
                ok_text=_("Impor"),
            ):
                self.notice.setText(_("Dibatalkan; tidak ada yang diubah."))
                return
            confirmed = trust.fingerprint
        elif (
            preview.rotated
            and preview.held is not None
            and not confirm(
                self,
                _("Kunci provinsi diganti"),
                _(
                    "Kunci provinsi diganti: kunci baru {new} disahkan oleh kunci lama {old} "
                    "yang dipercaya kantor ini, jadi tidak perlu mencocokkan sidik jari lewat "
                    "telepon. Pakai berkas kepercayaan versi {version}?"
                ).format(
                    new=trust.signing_key.id_text,
                    old=preview.held.signing_key.id_text,
                    version=trust.version,
                ),
                _("Pakai berkas ini"),
            )
        ):
            self.notice.setText(_("Dibatalkan; tidak ada yang diubah."))
            return
        ctx, path, fresh = self._ctx, self._path, self._fresh
        assert path is not None
        self._start(
            lambda: trust_service.import_trust(
                ctx, path, confirmed_fingerprint=confirmed, fresh=fresh
            ),
            self._imported,
            self._trust_refused,
        )

    def _imported(self, done: trust_service.TrustPreview) -> None:
        self._after_change(
            _("Berkas kepercayaan versi {version} dipakai.").format(version=done.trust.version)
        )

    def _trust_refused(self, exc: BaseException) -> None:
        check = exc.code if isinstance(exc, NetralError) else ""
        if check in FRESH_CHECKS and not self._fresh and self._path is not None:
            text = (
                _(
                    "Berkas kepercayaan ini mengganti kunci provinsi yang bukan kunci yang "
                    "dipercaya kantor ini: provinsi mungkin sudah mengganti kuncinya lebih dari "
                    "sekali sejak impor terakhir. Minta dari provinsi berkas kepercayaan setiap "
                    "penggantian kunci dan impor berurutan, atau impor berkas ini dari awal "
                    "setelah sidik jarinya dicocokkan lewat telepon."
                )
                if check == "trust_rotation_chain"
                else _(
                    "Berkas kepercayaan ini ditandatangani kunci lain, bukan kunci provinsi yang "
                    "sudah dipercaya kantor ini. Jika provinsi mengganti kuncinya, impor dulu "
                    "berkas kepercayaan penggantian kunci. Impor dari awal hanya jika Bawaslu "
                    "provinsi lewat telepon menyatakan kuncinya diganti dan sidik jarinya sama."
                )
            )
            self.notice.setText(_("Berkas kepercayaan ditolak; tidak ada yang diubah."))
            if confirm(
                self,
                _("Berkas kepercayaan ditolak"),
                text + "\n\n" + _("Tidak ada yang diubah."),
                _("Impor dari awal…"),
            ):
                self.import_trust_file(self._path, fresh=True)
            return
        self.notice.setText(_("Berkas kepercayaan ditolak; tidak ada yang diubah."))
        show_error(self, exc, _("Berkas kepercayaan ditolak"))

    # The enrollment file

    def choose_enrollment_file(self, *, rotate: bool = False) -> None:
        path = file_dialogs.save_file(
            self,
            "enrollment_export",
            _("Simpan berkas pendaftaran"),
            f"pendaftaran-{self._office_code}.json",
            _("Berkas pendaftaran (*.json)"),
            suffix=".json",
        )
        if path is not None:
            self.export_enrollment(path, rotate=rotate)

    def rotate_office_key(self) -> None:
        if confirm(
            self,
            _("Ganti kunci kantor"),
            _(
                "Membuat kunci kantor baru? Bundel berikutnya baru diterima provinsi setelah "
                "provinsi mengimpor berkas pendaftaran ini."
            ),
            _("Buat kunci baru…"),
        ):
            self.choose_enrollment_file(rotate=True)

    def export_enrollment(self, path: Path, *, rotate: bool = False) -> None:
        ctx = self._ctx
        self._start(
            lambda: trust_service.export_enrollment(ctx, path, rotate=rotate), self._enrolled
        )

    def _enrolled(self, done: trust_service.EnrollmentExported) -> None:
        e = done.enrollment
        text = _(
            "Berkas pendaftaran ditulis: {path}. Serahkan ke Bawaslu provinsi dan bacakan sidik "
            "jari kunci kantor ini ({key}, di atas) kepada mereka lewat telepon."
        ).format(path=done.path, key=e.signing_key.id_text)
        if done.rotated:
            text += " " + _(
                "Kunci kantor diganti (kunci lama {old} ikut menandatangani berkas ini)."
            ).format(old=e.previous_key.id_text if e.previous_key else "")
            text += " " + _key_backup_advice()
        self._after_change(text)


# --- province ------------------------------------------------------------------------------


class ProvinceTrustTab(_TrustTab):
    """The province's side: its key, the trust file, the offices enrolled and revoked."""

    def __init__(self, ctx: ServiceContext, runner: TaskRunner) -> None:
        super().__init__(ctx, runner)
        self._trust: TrustFile | None = None
        self._offices: list[Any] = []
        self._path: Path | None = None
        self.summary = _wrapping("provinceTrust")
        self.province_key = QLabel()
        self.province_key.setObjectName("provinceKey")
        self.province_fingerprint = fingerprint_label("provinceFingerprint")
        self.export_button = self._button(
            _("Ekspor berkas kepercayaan…"), "exportTrust", self.choose_trust_file
        )
        self.enroll_button = self._button(
            _("Impor pendaftaran kantor…"), "importEnrollment", self.choose_enrollment_file
        )
        self.rotate_button = self._button(
            _("Ganti kunci provinsi…"), "rotateProvinceKey", self.rotate_province_key
        )
        self.revoke_button = self._button(
            _("Cabut kunci kantor…"), "revokeOffice", self.revoke_selected
        )
        key = QGroupBox(_("Kunci provinsi"))
        box = QVBoxLayout(key)
        box.addWidget(self.summary)
        box.addWidget(self.province_key)
        box.addWidget(self.province_fingerprint)
        self.backup_button = self._backup_button()
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addWidget(self.enroll_button)
        row.addStretch(1)
        row.addWidget(self.backup_button)
        row.addWidget(self.rotate_button)
        box.addLayout(row)
        self.offices: QTableWidget = sync_table(
            "enrolledTable",
            [
                _("Kode"),
                _("Nama"),
                _("Kunci"),
                _("Sidik jari"),
                _("Terdaftar sejak ({zone})").format(zone=self._zone[1]),
            ],
            stretch=1,
        )
        self.revoked: QTableWidget = sync_table(
            "revokedTable",
            [_("Kode"), _("Kunci"), _("Alasan"), _("Sejak ({zone})").format(zone=self._zone[1])],
        )
        self.revoked.setMaximumHeight(self.revoked.fontMetrics().lineSpacing() * 7)
        head = QHBoxLayout()
        head.addWidget(QLabel(_("Kantor terdaftar")))
        head.addStretch(1)
        head.addWidget(self.revoke_button)
        layout = QVBoxLayout(self)
        layout.addWidget(key)
        layout.addWidget(self.notice)
        layout.addLayout(head)
        layout.addWidget(self.offices, 3)
        layout.addWidget(QLabel(_("Kunci yang dicabut")))
        layout.addWidget(self.revoked, 1)
        self.offices.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def refresh(self) -> None:
        ctx = self._ctx

        def work() -> TrustFile:
            return trust_service.province_trust(ctx, sync_bundle_io.office_keys(ctx))

        self._runner.run(work, on_done=self._show, on_error=self._not_shown)

    def _not_shown(self, exc: BaseException) -> None:
        self.summary.setText(error_text(exc))

    def _show(self, trust: TrustFile) -> None:
        self._trust = trust
        self.summary.setText(
            _(
                "Berkas kepercayaan versi {version}, diterbitkan {issued}; {count} kantor "
                "terdaftar. Bacakan sidik jari di bawah kepada kabupaten/kota yang menelepon "
                "saat mereka mengimpor berkas kepercayaan pertama kali."
            ).format(
                version=trust.version,
                issued=when_text(trust.issued_at, self._zone),
                count=len(trust.offices),
            )
        )
        self.province_key.setText(
            _("Kunci provinsi {code} {name}: {key}, sidik jari:").format(
                code=trust.province_code, name=trust.province_name, key=trust.signing_key.id_text
            )
        )
        self.province_fingerprint.setText(trust.fingerprint)
        self._offices = sorted(trust.offices, key=lambda o: o.code)
        fill_table(
            self.offices,
            [
                [
                    o.code,
                    o.name,
                    o.signing_key.id_text,
                    o.signing_key.fingerprint(),
                    when_text(o.enrolled_at, self._zone, label=False),
                ]
                for o in self._offices
            ],
        )
        reasons = {"revoked": _("dicabut"), "rotated": _("diganti kunci baru")}
        fill_table(
            self.revoked,
            [
                [
                    r.office_code,
                    r.signing_key.id_text,
                    reasons.get(r.reason, r.reason),
                    when_text(r.revoked_at, self._zone, label=False),
                ]
                for r in trust.revoked
            ],
        )
        self._update_buttons()

    def _selected_code(self) -> str | None:
        rows = self.offices.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._offices):
            return None
        code: str = self._offices[rows[0].row()].code
        return code

    def _update_buttons(self) -> None:
        if self.export_button.isEnabled():  # not while the worker runs
            self.revoke_button.setEnabled(self._selected_code() is not None)

    # The trust file

    def _suggested(self, version: int) -> str:
        return f"kepercayaan-{self._office_code}-v{version}.json"

    def choose_trust_file(self) -> None:
        version = self._trust.version if self._trust is not None else 1
        path = file_dialogs.save_file(
            self,
            "trust_export",
            _("Simpan berkas kepercayaan"),
            self._suggested(version),
            _("Berkas kepercayaan (*.json)"),
            suffix=".json",
        )
        if path is not None:
            self.export_trust(path)

    def export_trust(self, path: Path, *, rotate: bool = False) -> None:
        ctx = self._ctx
        self._start(lambda: trust_service.export_trust(ctx, path, rotate=rotate), self._exported)

    def rotate_province_key(self) -> None:
        if not confirm(
            self,
            _("Ganti kunci provinsi"),
            _(
                "Membuat kunci provinsi baru? Setiap kabupaten/kota harus mengimpor berkas "
                "kepercayaan baru ini sebelum bundel berikutnya; tanda terima sesudahnya "
                "ditandatangani kunci baru."
            ),
            _("Buat kunci baru…"),
        ):
            return
        version = (self._trust.version if self._trust is not None else 1) + 1
        path = file_dialogs.save_file(
            self,
            "trust_export",
            _("Simpan berkas kepercayaan dengan kunci baru"),
            self._suggested(version),
            _("Berkas kepercayaan (*.json)"),
            suffix=".json",
        )
        if path is not None:
            self.export_trust(path, rotate=True)

    def _exported(self, done: trust_service.TrustExported) -> None:
        if done.rotated and done.trust.previous_key is not None:
            text = _(
                "Kunci provinsi diganti; kunci lama {old} ikut menandatangani berkas ini, jadi "
                "kabupaten/kota yang memegang kunci lama mengimpornya tanpa telepon. Kirim "
                "berkas {path} ke setiap kabupaten/kota (salinannya disimpan di {kept})."
            ).format(old=done.trust.previous_key.id_text, path=done.path, kept=done.kept)
            self._after_change(text + " " + _key_backup_advice())
            return
        self._after_change(
            _(
                "Berkas kepercayaan versi {version} ditulis: {path}. Kirim ke setiap "
                "kabupaten/kota. Pada impor pertama mereka akan menanyakan sidik jari di atas "
                "lewat telepon."
            ).format(version=done.trust.version, path=done.path)
        )

    # Enrollments

    def choose_enrollment_file(self) -> None:
        path = file_dialogs.open_file(
            self,
            "enrollment_import",
            _("Pilih berkas pendaftaran kantor"),
            _("Berkas pendaftaran (*.json);;Semua berkas (*)"),
        )
        if path is not None:
            self.import_enrollment_file(path)

    def import_enrollment_file(self, path: Path) -> None:
        ctx = self._ctx
        self._path = path
        self.notice.setText(_("Memeriksa {name}…").format(name=path.name))
        self._start(lambda: _preview_enrollment(ctx, path), self._enrollment_previewed)

    def _enrollment_previewed(self, preview: trust_service.EnrollmentPreview) -> None:
        e = preview.enrollment
        office = _("{name} ({code})").format(name=e.office_name, code=e.office_code)
        if preview.outcome == "unchanged":
            same = _("Kantor {office} sudah terdaftar dengan kunci ini; tidak ada yang berubah.")
            self.notice.setText(same.format(office=office))
            return
        if preview.outcome == "new":
            accepted = phone_check(
                self,
                title=_("Cocokkan sidik jari kunci kantor"),
                who=office,
                key_id=e.signing_key.id_text,
                fingerprint=e.fingerprint,
                instruction=_(
                    "Telepon kantor itu dan minta mereka membacakan sidik jari kunci kantornya; "
                    "cocokkan kelompok demi kelompok. Daftarkan hanya jika semuanya sama."
                ),
                ok_text=_("Daftarkan"),
            )
        elif preview.outcome == "rotated":
            accepted = confirm(
                self,
                _("Kantor mengganti kunci"),
                _(
                    "Kantor {office} mengganti kuncinya: kunci baru {key} ditandatangani kunci "
                    "lama kantor itu, jadi tidak perlu telepon. Kunci lama akan dicabut. Terima?"
                ).format(office=office, key=e.signing_key.id_text),
                _("Terima"),
            )
        else:  # updated: the same key, a new name or encryption key
            accepted = confirm(
                self,
                _("Pendaftaran diperbarui"),
                _(
                    "Kantor {office} sudah terdaftar dengan kunci ini; berkas ini memperbarui "
                    "nama atau kunci enkripsinya. Terima?"
                ).format(office=office),
                _("Terima"),
            )
        if not accepted:
            self.notice.setText(_("Dibatalkan; tidak ada yang diubah."))
            return
        ctx, path = self._ctx, self._path
        assert path is not None
        self._start(lambda: trust_service.import_enrollment(ctx, path), self._enrollment_taken)

    def _enrollment_taken(self, done: trust_service.EnrollmentPreview) -> None:
        self._after_change(
            _(
                "Diterima. Berkas kepercayaan sekarang versi {version}: ekspor dan kirim ke "
                "kantor-kantor."
            ).format(version=done.trust.version)
        )

    # Revoking

    def revoke_selected(self) -> None:
        code = self._selected_code()
        if code is None or not confirm(
            self,
            _("Cabut kunci kantor"),
            _(
                "Cabut kunci kantor {code}? Bundelnya ditolak sampai kantor itu mendaftar lagi."
            ).format(code=code),
            _("Cabut kunci"),
        ):
            return
        ctx = self._ctx
        self._start(lambda: trust_service.revoke_office(ctx, code), self._revoked_done)

    def _revoked_done(self, trust: TrustFile) -> None:
        code = trust.revoked[-1].office_code if trust.revoked else ""
        self._after_change(
            _(
                "Kunci kantor {code} dicabut. Berkas kepercayaan sekarang versi {version}: "
                "ekspor dan kirim ke kantor-kantor."
            ).format(code=code, version=trust.version)
        )


def _preview_enrollment(ctx: ServiceContext, path: Path) -> trust_service.EnrollmentPreview:
    """preview_enrollment, its refusal of an unendorsed new key told for the window (the
    service's words name the command line)."""
    try:
        return trust_service.preview_enrollment(ctx, path)
    except VerificationFailed as exc:
        if exc.code != "trust_rotation_unendorsed":
            raise
        try:
            enrollment = trust_service.read_enrollment(path)
        except NetralError:
            raise exc from None  # the file's own endorsement failed: the service's words
        raise ValidationError(
            _(
                "Kantor {code} sudah terdaftar dengan kunci lain; berkas ini membawa kunci baru "
                "{key} yang tidak ditandatangani kunci lama. Tidak ada yang diubah. Jika kunci "
                "lama hilang, pastikan dulu lewat telepon, cabut kunci kantor itu (tombol Cabut "
                "kunci kantor), lalu impor lagi berkas ini."
            ).format(code=enrollment.office_code, key=enrollment.signing_key.id_text),
            code="trust_rotation_unendorsed",
        ) from exc


def trust_tab(ctx: ServiceContext, runner: TaskRunner) -> DistrictTrustTab | ProvinceTrustTab:
    """The tab for this office's mode."""
    if current_office(ctx).mode == trust_service.PROVINCE:
        return ProvinceTrustTab(ctx, runner)
    return DistrictTrustTab(ctx, runner)


def no_trust_message(code: str, *, can_manage_keys: bool) -> str | None:
    """The window's words for a sync refused for want of the province's trust file (error
    ``code``; the service's words name the command line); None for any other refusal."""
    where = (
        _("Impor dulu berkas kepercayaan provinsi di tab Kepercayaan, lalu coba lagi.")
        if can_manage_keys
        else _(
            "Minta administrator kantor mengimpor berkas kepercayaan provinsi di tab "
            "Kepercayaan (halaman Sinkronisasi), lalu coba lagi."
        )
    )
    if code == "no_trust":
        return _("Kantor ini belum memegang berkas kepercayaan provinsi.") + " " + where
    if code == "trust_tampered":
        return (
            _(
                "Berkas kepercayaan provinsi di folder data diubah di luar program atau rusak, "
                "jadi tidak dipakai."
            )
            + " "
            + where
        )
    return None
