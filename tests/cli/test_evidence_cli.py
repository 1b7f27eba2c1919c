"""``netral evidence ...``: add (confidential too), list, export, custody, withdraw, from a
script. Case tables live on another branch: a pledge event stands in as the owner record."""

from __future__ import annotations

from pathlib import Path

import pytest

from netral_desktop.cli import main
from netral_desktop.config import HomeLayout
from netral_desktop.services.context import ServiceContext
from tests import evidence_samples as samples
from tests.pledge_samples import new_event, png_bytes

PASSWORD = "rahasia-cli-1"


@pytest.fixture
def home(
    admin: ServiceContext, layout: HomeLayout, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str]:
    from netral_desktop.services.accounts import authenticate, create_user

    for username, role in (("dodi", "staf"), ("kurnia", "koordinator"), ("sari", "sekretariat")):
        create_user(admin, username=username, full_name=username, role=role, password=PASSWORD)
    event_id = new_event(admin.as_actor(authenticate(admin, "sari", PASSWORD)))
    admin.db.dispose()
    monkeypatch.setenv("PW", PASSWORD)
    return str(layout.root), event_id


def run(home: str, *args: str, user: str = "dodi") -> int:
    return main(["--home", home, "evidence", *args, "--user", user, "--password-env", "PW"])


def test_evidence_from_a_script(
    home: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, event_id = home
    owner = f"pledge_event:{event_id}"
    recording = tmp_path / "rekaman saksi.wav"
    recording.write_bytes(samples.wav_bytes())
    photo = tmp_path / "foto.png"
    photo.write_bytes(png_bytes())
    code = run(
        folder, "add", "--owner", owner, str(recording), "--confidential", "--source",
        "diserahkan_saksi",
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert "rekaman saksi.wav (WAV, 7 KB, rahasia (tersimpan tersegel))" in out
    item_id = out.split()[1]
    assert run(folder, "add", "--owner", owner, str(photo), str(photo)) == 0
    assert "Sudah ada pada catatan ini: foto.png" in capsys.readouterr().out
    assert run(folder, "list", "--owner", owner) == 0
    listed = capsys.readouterr().out
    assert "Diserahkan saksi RAHASIA" in listed and "2 bukti." in listed

    # staff may not take a copy of confidential evidence; the coordinator may, and it is logged
    target = tmp_path / "salinan.wav"
    assert run(folder, "export", item_id, "-o", str(target)) == 1
    assert "hanya Koordinator Divisi dan Administrator" in capsys.readouterr().err
    assert not target.exists()
    assert run(folder, "export", item_id, "-o", str(target), "--purpose", "ke Gakkumdu",
               user="kurnia") == 0  # fmt: skip
    assert target.read_bytes() == recording.read_bytes()
    assert run(folder, "custody", item_id) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "dodi" in lines[-2] and "menerima (Diserahkan saksi)" in lines[-2]
    assert lines[-1].endswith(f"mengekspor -> {target} (ke Gakkumdu)") and "kurnia" in lines[-1]

    assert run(folder, "withdraw", item_id, "--reason", "salah berkas") == 0
    assert run(folder, "list", "--owner", owner) == 0
    assert "1 bukti." in capsys.readouterr().out
    # a record that does not exist, or no owner at all
    assert run(folder, "add", "--owner", "pledge_event:tidak-ada", str(photo)) == 1
    assert "tidak ditemukan" in capsys.readouterr().err
    assert run(folder, "add", "--owner", "bukan_tabel:1", str(photo)) == 1
    assert run(folder, "list", "--owner", "tanpa-titik-dua") == 2
