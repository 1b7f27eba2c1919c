"""``netral case ...``: the whole procedure run from a script (Pemilu and Pilkada), the list
with its filters and JSON, one case shown, refusals with the missing step."""

from __future__ import annotations

import json

import pytest

from netral_desktop.cli import main
from netral_desktop.config import HomeLayout
from netral_desktop.services.context import ServiceContext
from tests.case_samples import PASSWORDS, REPORTER_NAME, REPORTER_NIK, user


@pytest.fixture
def home(admin: ServiceContext, layout: HomeLayout, monkeypatch: pytest.MonkeyPatch) -> str:
    user(admin, "dodi", "staf")
    user(admin, "kiki", "koordinator")
    admin.db.dispose()
    monkeypatch.setenv("PW_DODI", PASSWORDS["dodi"])
    monkeypatch.setenv("PW_KIKI", PASSWORDS["kiki"])
    return str(layout.root)


def run(home: str, who: str, *args: str) -> int:
    env = {"dodi": "PW_DODI", "kiki": "PW_KIKI"}[who]
    return main(["--home", home, "case", *args, "--user", who, "--password-env", env])


def out(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().out.splitlines()


def new_report(home: str, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    assert (
        run(
            home,
            "dodi",
            "new",
            "--title",
            "Kepala dinas berkampanye di media sosial",
            *extra,
            "--kecamatan",
            "Sewon",
            "--desa",
            "Pendowoharjo",
        )
        == 0
    )
    case_id = out(capsys)[0]
    assert run(home, "dodi", "subject", "add", case_id, "--name", "Heru Prasetyo") == 0
    assert (
        run(
            home,
            "dodi",
            "party",
            "add",
            case_id,
            "--name",
            REPORTER_NAME,
            "--nik",
            REPORTER_NIK,
            "--standing",
            "pemilih",
        )
        == 0
    )
    assert out(capsys)[-1].endswith("Pelapor-0001")
    return case_id


def test_the_whole_pemilu_procedure_from_a_script(
    home: str, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = new_report(
        home,
        capsys,
        "--election",
        "Pemilu 2024",
        "--event-date",
        "2024-01-15",
        "--known-date",
        "2024-01-16",
        "--received-date",
        "2024-01-18",
        "--category",
        "KE-02",
    )
    assert run(home, "dodi", "step", case_id, "kajian_awal") == 1
    assert "hanya dapat dilakukan oleh" in capsys.readouterr().err
    assert run(home, "kiki", "step", case_id, "registrasi") == 1
    assert "'Kajian awal' belum dilakukan" in capsys.readouterr().err
    for step, day in (("kajian_awal", "2024-01-19"), ("registrasi", "2024-01-22")):
        assert run(home, "kiki", "step", case_id, step, "--date", day) == 0
    assert "Nomor: 001/Reg/LP/PL/Kab/15.02/I/2024" in out(capsys)
    assert run(home, "kiki", "steps", case_id) == 0
    assert [line.split()[0] for line in out(capsys)][:2] == ["klarifikasi", "kajian"]
    assert (
        run(home, "dodi", "hearing", "add", case_id, "--subject", "1", "--at", "2024-01-24 09:00")
        == 0
    )
    hearing_id = out(capsys)[0]
    assert (
        run(
            home,
            "dodi",
            "hearing",
            "set",
            case_id,
            hearing_id,
            "--invited",
            "2024-01-22",
            "--attendance",
            "hadir",
            "--oath",
            "--statement",
            "Mengakui mengunggah foto",
        )
        == 0
    )
    for step, day in (("klarifikasi", "2024-01-24"), ("kajian", "2024-01-25")):
        assert run(home, "kiki", "step", case_id, step, "--date", day) == 0
    for step in ("pleno_terbukti", "teruskan_rekomendasi"):
        assert (
            run(home, "kiki", "step", case_id, step, "--subject", "1", "--date", "2024-01-29") == 0
        )
    assert "Nomor: 001/Rekom-DPPL/LP/PL/Kab/15.02/I/2024" in out(capsys)
    assert (
        run(
            home,
            "kiki",
            "step",
            case_id,
            "tindak_lanjut",
            "--subject",
            "1",
            "--value",
            "sanction=pernyataan secara terbuka",
            "--value",
            "sanction_number=800/45/2024",
            "--value",
            "sanction_date=2024-05-10",
        )
        == 0
    )
    assert run(home, "kiki", "step", case_id, "arsipkan") == 0
    capsys.readouterr()
    assert run(home, "kiki", "show", case_id, "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "arsip"
    assert shown["subjects"][0]["sanction_number"] == "800/45/2024"
    assert shown["parties"][0]["name"] == REPORTER_NAME  # the coordinator sees it
    assert shown["hearings"][0]["attendance"] == "hadir"
    assert run(home, "dodi", "show", case_id) == 0
    text = capsys.readouterr().out
    assert "Pelapor-0001" in text and REPORTER_NAME not in text and REPORTER_NIK not in text
    assert "Kalurahan Pendowoharjo, Kapanewon Sewon" in text


def test_the_pilkada_procedure_and_the_list(home: str, capsys: pytest.CaptureFixture[str]) -> None:
    case_id = new_report(
        home,
        capsys,
        "--election",
        "Pilkada 2024",
        "--known-date",
        "2024-10-30",
        "--received-date",
        "2024-11-01",
    )
    for step in ("kajian_awal", "registrasi", "kajian"):
        assert run(home, "kiki", "step", case_id, step, "--date", "2024-11-02") == 0
    assert run(home, "kiki", "step", case_id, "pleno_tidak_terbukti", "--subject", "1") == 1
    assert "alasan" in capsys.readouterr().err
    assert (
        run(
            home,
            "kiki",
            "step",
            case_id,
            "pleno_tidak_terbukti",
            "--subject",
            "Heru",
            "--reason",
            "Bukti tidak cukup",
        )
        == 0
    )
    capsys.readouterr()
    assert run(home, "dodi", "list", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["status"], r["number"]) for r in rows] == [
        (case_id, "diputus", "001/Reg/LP/PB/Kab/15.02/XI/2024")
    ]
    assert run(home, "dodi", "list", "--status", "diterima") == 0
    assert out(capsys)[-1].startswith("0 perkara")
    assert run(home, "kiki", "reopen", case_id, "--reason", "Ada bukti baru") == 0
    assert run(home, "dodi", "show", case_id) == 0
    assert "Dibuka kembali" in capsys.readouterr().out
