"""The Documents page: type a letter, preview it, issue it, find it again, verify it."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from netral_desktop.core.errors import StoreError
from netral_desktop.services import documents
from netral_desktop.ui.pdf_preview_dialog import PdfPreviewDialog
from tests.ui.conftest import answer_file_dialogs

LETTER = {
    "hal": "Undangan Sosialisasi Netralitas ASN",
    "kepada": "Kepala Dinas Pendidikan Kabupaten Bantul\nKepala Dinas Kesehatan Kabupaten Bantul",
    "isi": "Paragraf pertama surat.\n\nParagraf kedua, dengan nama Andi Ma'ruf.",
    "jabatan_penanda_tangan": "Ketua Bawaslu Kabupaten Bantul",
    "nama_penanda_tangan": "Dr. H. Ahmad Fauzi, S.H., M.Si.",
}


@pytest.fixture
def previews(monkeypatch) -> list[PdfPreviewDialog]:  # type: ignore[no-untyped-def]
    """Preview dialogs opened, instead of running them modally."""
    opened: list[PdfPreviewDialog] = []

    def exec_(self):  # type: ignore[no-untyped-def]
        opened.append(self)
        return 0

    monkeypatch.setattr(PdfPreviewDialog, "exec", exec_)
    return opened


def _fill(dialog, values: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QPlainTextEdit

    for name, text in values.items():
        widget = dialog.inputs[name]
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(text)
        else:
            widget.setText(text)


def _letter_numbering(ctx) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.services import numbering
    from netral_desktop.services.office import update_office

    numbering.set_device_code(ctx, "A")
    update_office(ctx, letter_issuer="K.DI-02")


def test_typing_and_issuing_a_letter(qtbot, main_window, previews, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.pdf.spec import load_spec
    from netral_desktop.ui.pages import documents_page

    _letter_numbering(main_window._ctx)
    asked: list[str] = []
    answer = {"yes": False}

    def confirm(parent, title, text, yes, no=None):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answer["yes"]

    monkeypatch.setattr(documents_page, "confirm", confirm)
    page = main_window.show_page("documents")
    assert page.model.rowCount() == 0
    dialog = page.open_form(load_spec("surat_dinas"))
    qtbot.addWidget(dialog)
    _fill(dialog, LETTER)

    dialog.preview_button.click()
    assert len(previews) == 1
    assert not previews[0].print_button.isEnabled()  # a draft has no number yet
    assert page.model.rowCount() == 0

    # A number is taken for good: the program asks first, and "no" takes none.
    dialog.issue_button.click()
    assert len(asked) == 1 and "tidak dapat dipakai ulang" in asked[0]
    assert len(previews) == 1 and documents.list_issued(main_window._ctx) == []
    answer["yes"] = True
    dialog.issue_button.click()
    assert len(previews) == 2
    assert len(previews[1].page_labels) == 1
    assert page.model.rowCount() == 1
    number = page.model.index(0, 2).data()
    assert number.startswith("001-A/PM.00.00/K.DI-02/")
    assert page.model.index(0, 3).data() == LETTER["hal"]
    issued = documents.list_issued(main_window._ctx)[0]
    assert issued.record_label == LETTER["hal"]


def test_missing_required_fields_are_named_and_nothing_is_issued(
    qtbot, main_window, previews
) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.pdf.spec import load_spec

    page = main_window.show_page("documents")
    dialog = page.open_form(load_spec("surat_dinas"))
    qtbot.addWidget(dialog)
    _fill(dialog, {k: v for k, v in LETTER.items() if k != "hal"})
    dialog.issue_button.click()
    assert dialog.error.text() == "Isian wajib belum diisi: Hal."
    assert previews == []
    assert documents.list_issued(main_window._ctx) == []


def test_search_and_reopen(qtbot, main_window, previews) -> None:  # type: ignore[no-untyped-def]
    ctx = main_window._ctx
    _letter_numbering(ctx)
    for subject in ("Undangan Rapat", "Permintaan Data ASN"):
        record = documents.RecordData(
            "surat_dinas",
            subject,
            subject,
            {**LETTER, "hal": subject, "kepada": ["Bupati Bantul"], "isi": ["Isi."]},
        )
        documents.issue(ctx, "surat_dinas", record.id, data=record)
    page = main_window.show_page("documents")
    assert page.count_label.text() == "2 dokumen"
    page.search.setText("Permintaan")
    page.refresh()
    assert page.model.rowCount() == 1
    page.table.selectRow(0)
    page.open_button.click()
    assert len(previews) == 1 and len(previews[0].page_labels) == 1


def test_verify_dialog_tells_a_changed_file(qtbot, main_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui.pages.documents_page import VerifyDialog

    ctx = main_window._ctx
    _letter_numbering(ctx)
    record = documents.RecordData(
        "surat_dinas", "x", "Undangan", {**LETTER, "kepada": ["Bupati Bantul"], "isi": ["Isi."]}
    )
    issued = documents.issue(ctx, "surat_dinas", record.id, data=record)
    genuine = tmp_path / "asli.pdf"
    genuine.write_bytes(issued.pdf)
    forged = tmp_path / "palsu.pdf"
    forged.write_bytes(issued.pdf + b"\n% diubah setelah diterbitkan\n")

    dialog = VerifyDialog(ctx, main_window._runner)
    qtbot.addWidget(dialog)
    dialog.code.setText(issued.document.code.lower())
    dialog.file.setText(str(genuine))
    dialog.check()
    assert "sama persis" in dialog.result_label.text()
    dialog.file.setText(str(forged))
    dialog.check()
    assert "BERBEDA" in dialog.result_label.text()
    dialog.code.setText("ZZZZZ-ZZZZZ")
    dialog.file.clear()
    dialog.check()
    assert "Tidak ada dokumen" in dialog.result_label.text()


def test_save_as_pdf_writes_the_issued_bytes(qtbot, monkeypatch, main_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui import pdf_preview_dialog as module

    ctx = main_window._ctx
    _letter_numbering(ctx)
    record = documents.RecordData(
        "surat_dinas", "x", "Undangan", {**LETTER, "kepada": ["Bupati Bantul"], "isi": ["Isi."]}
    )
    issued = documents.issue(ctx, "surat_dinas", record.id, data=record)
    target = tmp_path / "usb" / "surat"
    answer_file_dialogs(monkeypatch, save=target)
    shown: list[str] = []
    monkeypatch.setattr(module, "show_info", lambda parent, title, text: shown.append(text))
    dialog = PdfPreviewDialog(issued.pdf, "Surat", main_window._runner)
    qtbot.addWidget(dialog)
    dialog.save_pdf()
    assert Path(f"{target}.pdf").read_bytes() == issued.pdf
    assert shown and "surat.pdf" in shown[0]


def test_a_full_stick_is_reported_and_leaves_no_half_file(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    from netral_desktop.services import files

    def full_stick(_fd: int, _data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    # The one writer (store/files.py) writes with os.write: the stick fills up there.
    monkeypatch.setattr(os, "write", full_stick)
    target = tmp_path / "usb" / "surat.pdf"
    target.parent.mkdir()
    target.write_bytes(b"versi lama")
    with pytest.raises(StoreError, match="penuh"):
        files.write_file(target, b"%PDF-1.4 isi baru")
    assert target.read_bytes() == b"versi lama"
    assert sorted(p.name for p in target.parent.iterdir()) == ["surat.pdf"]


def test_verify_dialog_tells_a_record_changed_behind_the_programs_back(
    qtbot, main_window, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import hashlib
    import os

    from netral_desktop.ui.pages.documents_page import VerifyDialog
    from tests.conftest import behind_the_program, ready_for_letters

    ctx = main_window._ctx
    ready_for_letters(ctx)
    record = documents.RecordData(
        "surat_dinas", "x", "Undangan", {**LETTER, "kepada": ["Bupati Bantul"], "isi": ["Isi."]}
    )
    issued = documents.issue(ctx, "surat_dinas", record.id, data=record)
    forged = tmp_path / "palsu.pdf"
    forged.write_bytes(issued.pdf + b"\n% diubah setelah diterbitkan\n")
    sha = hashlib.sha256(forged.read_bytes()).hexdigest()
    behind_the_program(
        ctx, ("UPDATE issued_document SET sha256 = ? WHERE code = ?", (sha, issued.document.code))
    )
    dialog = VerifyDialog(ctx, main_window._runner)
    qtbot.addWidget(dialog)
    dialog.code.setText(issued.document.code)
    dialog.file.setText(str(forged))
    dialog.check()
    assert dialog.result_label.text().startswith(
        f"TIDAK SAH: catatan dokumen berkode {issued.document.code} diubah di luar program"
    )
    if os.environ.get("NETRAL_SCREENSHOTS"):
        dialog.show()
        dialog.grab().save(os.path.join(os.environ["NETRAL_SCREENSHOTS"], "verify_tampered.png"))
