"""Demo cases: every stage, both election types, overdue ones, Gakkumdu, evidence images."""

from __future__ import annotations

import pytest

from netral_desktop.demo.cases import PLANS, add_demo_cases
from netral_desktop.services import cases, evidence
from netral_desktop.services.context import ServiceContext


def test_small_demo_cases(admin: ServiceContext) -> None:
    assert add_demo_cases(admin, "small") == len(PLANS)
    rows = cases.list_cases(admin, cases.CaseFilter(), 0, 1000)
    assert len(rows) == len(PLANS)
    statuses = {r.status for r in rows}
    # Every case status of the rulesets appears at least once.
    assert statuses == {
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
    assert {r.ruleset for r in rows} == {"pemilu", "pilkada"}
    assert {r.origin for r in rows} == {"laporan", "temuan", "informasi_awal"}
    overdue = cases.list_cases(admin, cases.CaseFilter(overdue=True), 0, 1000)
    open_cases = cases.list_cases(admin, cases.CaseFilter(open_only=True), 0, 1000)
    assert 0 < len(overdue) < len(open_cases)
    gakkumdu = [
        s
        for r in rows
        for s in cases.case_view(admin, r.id).subjects
        if s.status in ("diteruskan_gakkumdu", "selesai_gakkumdu")
    ]
    assert len(gakkumdu) >= 3
    with_images = [r for r in rows if evidence.list_for(admin, "case_file", r.id)]
    assert len(with_images) >= len(rows) // 2
    # Run again (e.g. after being killed): nothing is added twice.
    assert add_demo_cases(admin, "small") == len(PLANS)
    assert cases.count_cases(admin, cases.CaseFilter()) == len(PLANS)


def _expected_status(plan: object) -> str:
    from netral_desktop.core.procedure import load_ruleset

    rules = load_ruleset(plan.ruleset)  # type: ignore[attr-defined]
    status = rules.start_step(plan.origin).to_status  # type: ignore[attr-defined]
    for step in plan.steps:  # type: ignore[attr-defined]
        status = rules.steps[step.code].to_status or status
    return str(status)


def test_demo_cases_interrupted_are_finished_by_the_next_run(
    admin: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = cases.take_step
    calls = {"n": 0}

    def stop_on_the_20th(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 20:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cases, "take_step", stop_on_the_20th)
    with pytest.raises(KeyboardInterrupt):
        add_demo_cases(admin, "small")
    monkeypatch.setattr(cases, "take_step", real)
    add_demo_cases(admin, "small")
    rows = {r.title: r for r in cases.list_cases(admin, cases.CaseFilter(), 0, 1000)}
    assert len(rows) == len(PLANS)
    for plan in PLANS:
        assert rows[plan.title].status == _expected_status(plan), plan.title
