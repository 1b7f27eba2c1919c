"""The case procedure as data: the shipped rulesets, the transition rules and the checks of a
ruleset file a province sends."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from netral_desktop.core.errors import PermissionDenied, ValidationError
from netral_desktop.core.procedure import (
    RulesetError,
    StepForbidden,
    StepRefused,
    available_rulesets,
    load_ruleset,
    load_ruleset_file,
    shipped_path,
)

CASE_STATUSES = {
    "diterima",
    "kajian_awal",
    "perlu_perbaikan",
    "diregistrasi",
    "tidak_diregistrasi",
    "dicabut",
    "dilimpahkan",
    "klarifikasi",
    "kajian",
    "diputus",
    "diteruskan",
    "ditindaklanjuti",
    "tidak_ditindaklanjuti",
    "koreksi",
    "arsip",
}
CLI_STEPS = {
    "report",
    "kajian_awal",
    "notice",
    "completion",
    "decision",
    "decision_extended",
    "correction",
}


@pytest.mark.parametrize("name", ["pemilu", "pilkada"])
def test_shipped_rulesets_have_every_shared_status_and_deadline(name: str) -> None:
    rules = load_ruleset(name)
    assert rules.name == name
    assert set(rules.statuses) == CASE_STATUSES
    assert set(rules.deadline_rules) >= CLI_STEPS
    assert set(rules.origins) == {"laporan", "temuan", "informasi_awal"}
    # Every outcome of the pleno for one person has a route (CASES.md).
    assert {"terbukti", "tidak_terbukti", "peraturan_lain", "pidana", "administratif"} <= set(
        rules.routes
    )
    for rule in rules.deadline_rules.values():
        assert rule.article, rule.code


def test_counting_modes_and_holiday_setting() -> None:
    pemilu, pilkada = load_ruleset("pemilu"), load_ruleset("pilkada")
    assert pemilu.counting.mode == "working"
    assert pemilu.counting.cuti_bersama_is_holiday
    assert pilkada.counting.mode == "calendar"
    assert {r.mode for r in pemilu.deadline_rules.values()} == {"working"}
    assert {r.mode for r in pilkada.deadline_rules.values()} == {"calendar"}
    assert (
        pemilu.deadline_rules["decision"].days,
        pemilu.deadline_rules["decision_extended"].days,
    ) == (
        7,
        14,
    )
    # Pilkada: 3 days, plus 2 for more information = 5 in total, from receipt.
    assert pilkada.deadline_rules["decision"].days == 3
    assert pilkada.deadline_rules["decision_extended"].days == 5
    assert pilkada.deadline_rules["decision"].counts_from == "diterima"
    # Numbers that were not read in the regulation itself say so.
    assert not pilkada.deadline_rules["completion"].confirmed
    assert pemilu.deadline_rules["completion"].confirmed


def test_documents_issued_by_steps() -> None:
    rules = load_ruleset("pemilu")
    assert rules.steps["terima_laporan"].documents == ("B.1", "B.3")
    assert rules.steps["kajian_awal"].documents == ("B.7",)
    assert rules.steps["perbaikan_laporan"].documents == ("B.3.1",)
    assert rules.steps["teruskan_rekomendasi"].documents == ("B.17", "B.18")
    assert rules.steps["teruskan_gakkumdu"].documents == ("B.16", "B.18")
    assert rules.steps["hasil_koreksi"].documents == ("B.20", "B.21")
    assert rules.start_step("temuan").documents == ("B.2",)
    assert rules.start_step("informasi_awal").documents == ("B.8",)


def test_available_steps_depend_on_status_role_and_origin() -> None:
    rules = load_ruleset("pemilu")
    coordinator = [
        s.code for s in rules.available_steps("diterima", "koordinator", origin="laporan")
    ]
    assert coordinator == ["kajian_awal", "tidak_registrasi", "cabut"]
    # Staf log reports and evidence but do not move the procedure.
    assert rules.available_steps("diterima", "staf", origin="laporan") == []
    assert [s.code for s in rules.available_steps("perlu_perbaikan", "staf")] == [
        "perbaikan_laporan"
    ]
    # A finding has no kajian awal: it is registered after the pleno sets it.
    temuan = [s.code for s in rules.available_steps("diterima", "koordinator", origin="temuan")]
    assert "kajian_awal" not in temuan and "registrasi_temuan" in temuan
    assert rules.available_steps("arsip", "admin") == []
    assert rules.available_steps("diregistrasi", "sekretariat") == []


def test_per_person_steps_follow_the_persons_outcome() -> None:
    rules = load_ruleset("pemilu")
    undecided = [
        s.code for s in rules.available_steps("kajian", "koordinator", subject_status="dilaporkan")
    ]
    assert undecided == [
        "pleno_terbukti",
        "pleno_peraturan_lain",
        "pleno_pidana",
        "pleno_administratif",
        "pleno_tidak_terbukti",
    ]
    crime = [s.code for s in rules.available_steps("diputus", "admin", subject_status="pidana")]
    assert crime == ["teruskan_gakkumdu"]
    after = [
        s.code
        for s in rules.available_steps(
            "diteruskan", "koordinator", subject_status="diteruskan_gakkumdu"
        )
    ]
    assert after == ["hasil_gakkumdu"]
    other_law = [
        s.code for s in rules.available_steps("diputus", "admin", subject_status="peraturan_lain")
    ]
    assert other_law == ["teruskan_rekomendasi"]
    assert rules.route("pidana") is not None
    assert rules.route("pidana").recipient == "sentra_gakkumdu"  # type: ignore[union-attr]


def test_a_step_out_of_order_names_the_missing_step() -> None:
    rules = load_ruleset("pemilu")
    with pytest.raises(StepRefused) as info:
        rules.check_step("kajian_awal", "klarifikasi", "koordinator", origin="laporan")
    assert "Langkah 'Registrasi' belum dilakukan" in info.value.message
    assert "Klarifikasi" in info.value.message
    with pytest.raises(StepRefused) as info:
        rules.check_step("diterima", "registrasi", "koordinator", origin="laporan")
    assert "Langkah 'Kajian awal' belum dilakukan" in info.value.message
    # For one reported person: no forwarding before that person's pleno outcome.
    with pytest.raises(StepRefused) as info:
        rules.check_step("diputus", "teruskan_rekomendasi", "admin", subject_status="dilaporkan")
    assert "Pleno - terbukti melanggar netralitas" in info.value.message
    assert "terlapor" in info.value.message
    # A closed case has no way forward: the message says so instead of naming a step.
    with pytest.raises(StepRefused) as info:
        rules.check_step("dicabut", "klarifikasi", "admin")
    assert "Dicabut" in info.value.message


def test_a_step_of_another_role_names_the_roles_that_may() -> None:
    rules = load_ruleset("pemilu")
    with pytest.raises(StepForbidden) as info:
        rules.check_step("kajian_awal", "registrasi", "staf", origin="laporan")
    assert isinstance(info.value, ValidationError) and isinstance(info.value, PermissionDenied)
    assert "Koordinator Divisi atau Administrator" in info.value.message
    assert rules.check_step("kajian_awal", "registrasi", "koordinator").code == "registrasi"


def test_other_refusals() -> None:
    rules = load_ruleset("pemilu")
    with pytest.raises(StepRefused, match="tidak dikenal"):
        rules.check_step("diterima", "sidang", "admin")
    with pytest.raises(StepRefused, match="asal Temuan"):
        rules.check_step("diterima", "kajian_awal", "admin", origin="temuan")
    with pytest.raises(StepRefused, match="pilih terlapornya"):
        rules.check_step("kajian", "pleno_pidana", "admin")
    with pytest.raises(StepRefused, match="membuka perkara"):
        rules.check_step("diterima", "terima_laporan", "admin")
    assert rules.steps["pleno_tidak_terbukti"].needs_reason
    assert not rules.steps["kajian_awal"].needs_reason


def test_every_reachable_status_and_no_dead_end() -> None:
    # Walk the graph from the opening steps: every status is reachable, and every status that is
    # not final has a step out (a case can never get stuck).
    for name in ("pemilu", "pilkada"):
        rules = load_ruleset(name)
        reached = {rules.start_step(o).to_status for o in rules.origins}
        changed = True
        while changed:
            changed = False
            for step in rules.steps.values():
                if (
                    step.to_status
                    and set(step.from_statuses) & reached
                    and step.to_status not in reached
                ):
                    reached.add(step.to_status)
                    changed = True
        assert reached == set(rules.statuses), name
        for code, status in rules.statuses.items():
            if not status.final:
                assert any(
                    code in s.from_statuses and s.to_status not in (None, code)
                    for s in rules.steps.values()
                ), (name, code)


# -- files a province sends -----------------------------------------------------------------


def _shipped(name: str = "pemilu") -> dict:
    return yaml.safe_load(shipped_path(name).read_text(encoding="utf-8"))


def _write(home: Path, data: object, name: str = "pemilu") -> Path:
    folder = home / "rulesets"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_provinces_ruleset_in_the_data_folder_replaces_the_shipped_one(tmp_path: Path) -> None:
    data = _shipped()
    data["deadlines"]["kajian_awal"]["days"] = 3
    data["title"] = "Pemilu (revisi provinsi)"
    path = _write(tmp_path, data)
    rules = load_ruleset("pemilu", home=tmp_path)
    assert rules.overridden and rules.source == path
    assert rules.deadline_rules["kajian_awal"].days == 3
    assert load_ruleset("pemilu").deadline_rules["kajian_awal"].days == 2
    # Editing the file is seen without restarting (cache keyed by the file's version).
    data["deadlines"]["kajian_awal"]["days"] = 4
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    import os

    os.utime(path, ns=(1, 1))
    assert load_ruleset("pemilu", home=tmp_path).deadline_rules["kajian_awal"].days == 4
    assert available_rulesets(home=tmp_path) == ["pemilu", "pilkada"]


def _error_for(tmp_path: Path, data: object) -> str:
    _write(tmp_path, data)
    with pytest.raises(RulesetError) as info:
        load_ruleset("pemilu", home=tmp_path)
    assert "pemilu.yaml" in info.value.message
    return info.value.message


def test_bad_ruleset_files_name_the_file_and_the_key(tmp_path: Path) -> None:
    data = _shipped()
    data["steps"]["registrasi"]["to"] = "terdaftar"
    assert "steps.registrasi.to" in _error_for(tmp_path, data)

    data = _shipped()
    data["steps"]["registrasi"]["roles"] = ["ketua"]
    message = _error_for(tmp_path, data)
    assert "steps.registrasi.roles" in message and "ketua" in message

    data = _shipped()
    data["deadlines"]["decision"]["days"] = "tujuh"
    assert "deadlines.decision.days" in _error_for(tmp_path, data)

    data = _shipped()
    data["deadlines"]["decision"]["mode"] = "hari_kerja"
    assert "deadlines.decision.mode" in _error_for(tmp_path, data)

    data = _shipped()
    data["deadlines"]["decision"]["from"] = "kemarin"
    assert "deadlines.decision.from" in _error_for(tmp_path, data)

    data = _shipped()
    data["steps"]["kajian_awal"]["documnets"] = ["B.7"]
    assert "steps.kajian_awal.documnets" in _error_for(tmp_path, data)

    data = _shipped()
    del data["counting"]["mode"]
    assert "counting.mode" in _error_for(tmp_path, data)

    data = _shipped()
    data["name"] = "pilkada"
    assert "'name'" in _error_for(tmp_path, data)

    data = _shipped()
    data["steps"]["pleno_pidana"]["subject_to"] = None
    assert "steps.pleno_pidana" in _error_for(tmp_path, data)

    data = _shipped()
    data["origins"]["laporan"]["start"] = "registrasi"
    assert "origins.laporan.start" in _error_for(tmp_path, data)


def test_broken_yaml_and_repeated_keys_are_reported_with_the_line(tmp_path: Path) -> None:
    folder = tmp_path / "rulesets"
    folder.mkdir()
    (folder / "pemilu.yaml").write_text("name: pemilu\nsteps: [\n", encoding="utf-8")
    with pytest.raises(RulesetError, match="bukan YAML yang sah"):
        load_ruleset("pemilu", home=tmp_path)
    text = shipped_path("pemilu").read_text(encoding="utf-8")
    # A step written twice: the second would silently replace the first.
    text = text.replace("  registrasi_temuan:", "  registrasi:", 1)
    (folder / "pemilu.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RulesetError) as info:
        load_ruleset("pemilu", home=tmp_path)
    assert "registrasi" in info.value.message and "dua kali" in info.value.message
    assert "baris" in info.value.message
    (folder / "pemilu.yaml").write_text("", encoding="utf-8")
    with pytest.raises(RulesetError, match="kosong"):
        load_ruleset("pemilu", home=tmp_path)


def test_unknown_ruleset_names(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="pemilu, pilkada"):
        load_ruleset("pilpres")
    with pytest.raises(ValidationError, match="tidak sah"):
        load_ruleset("../pemilu")


def test_a_file_can_be_checked_before_it_is_installed(tmp_path: Path) -> None:
    path = tmp_path / "kiriman.yaml"
    path.write_text(shipped_path("pilkada").read_text(encoding="utf-8"), encoding="utf-8")
    assert load_ruleset_file(path, name="pilkada").counting.mode == "calendar"
    with pytest.raises(RulesetError, match="bukan 'pemilu'"):
        load_ruleset_file(path, name="pemilu")


def test_a_ruleset_that_cannot_be_walked_is_refused(tmp_path: Path) -> None:
    # A status nobody can leave: a case would be stuck there for ever.
    data = _shipped()
    data["steps"]["hasil_koreksi"]["from"] = ["diteruskan"]
    message = _error_for(tmp_path, data)
    assert "statuses.koreksi" in message and "macet" in message

    # A status no step leads to.
    data = _shipped()
    data["statuses"]["ditunda"] = {"label": "Ditunda", "final": True}
    assert "statuses.ditunda" in _error_for(tmp_path, data)

    # A person's outcome with no way on.
    data = _shipped()
    data["steps"]["teruskan_gakkumdu"]["subject_from"] = ["terbukti"]
    message = _error_for(tmp_path, data)
    assert "subject_statuses.pidana" in message or "routes.pidana.next" in message

    # A route whose first step is for another outcome.
    data = _shipped()
    data["routes"]["administratif"]["next"] = ["teruskan_gakkumdu"]
    assert "routes.administratif.next" in _error_for(tmp_path, data)


def test_deadlines_that_run_depend_on_status_and_origin() -> None:
    rules = load_ruleset("pemilu")
    assert [r.code for r in rules.running_deadlines("diterima", "laporan")] == ["kajian_awal"]
    # A finding or a tip has no kajian awal: its registration follows the pleno instead.
    assert [r.code for r in rules.running_deadlines("diterima", "temuan")] == [
        "temuan_registration"
    ]
    assert [r.code for r in rules.running_deadlines("kajian", "temuan")] == [
        "decision",
        "decision_extended",
    ]
    assert rules.running_deadlines("arsip", "laporan") == []
    pilkada = load_ruleset("pilkada")
    assert [r.code for r in pilkada.running_deadlines("diterima", "informasi_awal")] == [
        "decision",
        "decision_extended",
    ]


def test_late_report_policy(tmp_path: Path) -> None:
    assert load_ruleset("pemilu").late_reports == "record"
    data = _shipped()
    data["late_reports"] = "refuse"
    _write(tmp_path, data)
    assert load_ruleset("pemilu", home=tmp_path).late_reports == "refuse"
    data["late_reports"] = "tolak"
    assert "late_reports" in _error_for(tmp_path, data)


# -- the procedure's words in the window's language ------------------------------------------


def test_shipped_labels_are_shown_in_the_window_language_and_follow_a_switch() -> None:
    from netral_desktop.i18n import set_language

    rules = load_ruleset("pemilu")
    assert rules.status_label("kajian_awal") == "Kajian awal"
    assert rules.steps["registrasi"].label == "Registrasi"
    set_language("en")  # the same ruleset object: labels are translated when read
    assert rules.status_label("kajian_awal") == "Initial review"
    assert rules.status_label("diregistrasi") == "Registered"
    assert rules.status_label("diputus") == "Decided (plenary)"
    assert rules.subject_status_label("terbukti") == "Neutrality violation proven"
    assert rules.steps["registrasi"].label == "Registration"
    assert rules.steps["pemberitahuan_status"].label == "Status notice (B.18)"  # form kept
    assert rules.steps["pleno_tidak_terbukti"].label == "Plenary - not proven"
    assert rules.origins["temuan"].label == "Finding"
    assert rules.deadline_rules["report"].label == "Time limit for submitting a report"
    assert rules.anchor_label("diterima") == "Date the report was received"
    assert rules.title == "General election (UU 7/2017; Perbawaslu 7/2022)"
    # A refusal names the steps in English too.
    with pytest.raises(StepRefused) as info:
        rules.check_step("diterima", "registrasi", "koordinator", origin="laporan")
    assert "Initial review" in info.value.message and "Kajian" not in info.value.message
    set_language("id")
    assert rules.status_label("kajian_awal") == "Kajian awal"
    assert rules.title == "Pemilu (UU 7/2017; Perbawaslu 7/2022)"


def test_an_offices_own_label_is_shown_as_written_in_both_languages(tmp_path: Path) -> None:
    from netral_desktop.i18n import set_language

    data = _shipped()
    data["statuses"]["kajian_awal"]["label"] = "Telaah pendahuluan kantor"
    data["steps"]["registrasi"]["label"] = "Registrasi   perkara\nkantor"  # spaces folded
    _write(tmp_path, data)
    rules = load_ruleset("pemilu", home=tmp_path)
    for language in ("id", "en"):
        set_language(language)
        assert rules.status_label("kajian_awal") == "Telaah pendahuluan kantor"
        assert rules.steps["registrasi"].label == "Registrasi perkara kantor"
    # Its unchanged labels are still translated.
    assert rules.status_label("diregistrasi") == "Registered"
    set_language("id")


def test_display_texts_are_every_label_a_user_reads() -> None:
    rules = load_ruleset("pilkada")
    texts = rules.display_texts()
    assert len(texts) == len(set(texts))
    assert rules.title_id in texts
    for group in (rules.statuses, rules.subject_statuses, rules.origins, rules.steps):
        assert {item.label_id for item in group.values()} <= set(texts)
    assert {rule.label_id for rule in rules.deadline_rules.values()} <= set(texts)
    assert set(rules.anchors.values()) <= set(texts)
