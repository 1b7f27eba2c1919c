"""``netral doc``: render, list, verify (exit 3 when verification fails), forms, check."""

from __future__ import annotations

from pathlib import Path

import pytest

from netral_desktop.cli import main
from netral_desktop.config import HomeLayout
from netral_desktop.services.context import ServiceContext
from tests.conftest import ADMIN_PASSWORD
from tests.doc_samples import letter, pdftotext

pytestmark = pytest.mark.keyring


def test_render_list_verify(
    admin: ServiceContext,
    layout: HomeLayout,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import yaml

    admin.db.dispose()
    monkeypatch.setenv("ADMIN_PW", ADMIN_PASSWORD)
    login = ["--user", "rina", "--password-env", "ADMIN_PW"]
    home = ["--home", str(layout.root)]
    data = tmp_path / "surat.yaml"
    data.write_text(yaml.safe_dump(letter(), allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out" / "surat.pdf"

    # A letter number needs this computer's code and the office's issuer code: asked, then set.
    assert main([*home, "doc", "render", "surat_dinas", str(data), "-o", str(out), *login]) == 1
    assert "netral doc device A" in capsys.readouterr().err
    assert main([*home, "doc", "device", "A", *login]) == 0
    assert "nomor surat: A" in capsys.readouterr().out
    assert main([*home, "office", "--kode-penerbit", "K.DI-02", *login]) == 0
    assert main([*home, "doc", "klasifikasi", *login]) == 0
    assert "PM.00.00" in capsys.readouterr().out
    assert main([*home, "doc", "render", "surat_dinas", str(data), "-o", str(out), *login]) == 0
    printed = capsys.readouterr().out
    assert "Nomor: 001-A/PM.00.00/K.DI-02/" in printed
    code = next(line.split(": ")[1] for line in printed.splitlines() if "Kode verifikasi" in line)
    assert f"Kode verifikasi: {code}" in pdftotext(out)

    assert main([*home, "doc", "list", *login]) == 0
    assert code in capsys.readouterr().out

    assert main([*home, "doc", "verify", code, "--file", str(out), *login]) == 0
    assert "BERKAS COCOK" in capsys.readouterr().out
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(out.read_bytes() + b"\n%")
    assert main([*home, "doc", "verify", code, "--file", str(forged), *login]) == 3
    assert "TIDAK COCOK" in capsys.readouterr().out
    assert main([*home, "doc", "verify", "22222-33333", *login]) == 3
    assert main([*home, "doc", "verify", "BUKAN-KODE", *login]) == 3

    draft = tmp_path / "draft.pdf"
    assert (
        main(
            [*home, "doc", "render", "surat_dinas", str(data), "-o", str(draft), "--draft", *login]
        )
        == 0
    )
    assert "DRAF" in pdftotext(draft)

    copy = tmp_path / "copy.pdf"
    assert main([*home, "doc", "get", code, "-o", str(copy), *login]) == 0
    assert copy.read_bytes() == out.read_bytes()

    bad = tmp_path / "bad.yaml"
    bad.write_text("hal: x\n", encoding="utf-8")
    assert main([*home, "doc", "render", "surat_dinas", str(bad), "-o", str(out), *login]) == 1
    assert "kosong" in capsys.readouterr().err


def test_forms_and_check_need_no_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--home", str(tmp_path), "doc", "forms"]) == 0
    assert "surat_dinas" in capsys.readouterr().out
    assert main(["--home", str(tmp_path), "doc", "check"]) == 0
