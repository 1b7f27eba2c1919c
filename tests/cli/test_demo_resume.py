"""``netral demo`` on an existing office, interrupted part-way (issue 12 item 6): no account
whose password was not shown, and a second run finishes the job (accounts, roster,
ceremonies, and the scans it owes). Before: the passwords were printed at the very end (a
run killed after the accounts were made left accounts nobody could log into) and a re-run
skipped the scans of ceremonies already written."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from netral_desktop.config import HomeLayout
from netral_desktop.services import accounts, pledge
from netral_desktop.services.context import ServiceContext, open_context
from netral_desktop.store import accounts as accounts_store
from tests.cli.conftest import Result
from tests.conftest import ADMIN_PASSWORD

DEMO_LINE = re.compile(r"^  (\S+)\s+(admin|koordinator|sekretariat|staf|provinsi)\s+(\S+)$", re.M)
AS_RINA = ("--user", "rina", "--password-env", "ADMIN_PW")


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_PW", ADMIN_PASSWORD)


def _interrupt_after(
    monkeypatch: pytest.MonkeyPatch, module: Any, name: str, calls: int
) -> list[int]:
    """``module.name`` works, but the run is stopped (Ctrl+C, as good as a kill for what it
    leaves) right after its ``calls``-th call has committed."""
    real = getattr(module, name)
    count = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        count[0] += 1
        if count[0] == calls:
            raise KeyboardInterrupt
        return result

    monkeypatch.setattr(module, name, wrapper)
    return count


def _every_demo_account_was_shown(layout: HomeLayout, *outputs: str) -> int:
    """Each account other than rina authenticates with a password some run printed."""
    shown: dict[str, list[str]] = {}
    for out in outputs:
        for name, _role, password in DEMO_LINE.findall(out):
            shown.setdefault(name, []).append(password)
    ctx = open_context(layout)
    try:
        with ctx.db.read_session() as session:
            names = [u.username for u in accounts_store.all_users(session) if u.username != "rina"]
        for name in names:
            assert name in shown, f"account {name} exists but its password was never shown"
            assert any(_logs_in(ctx, name, pw) for pw in shown[name]), name
    finally:
        ctx.db.dispose()
    return len(names)


def _logs_in(ctx: ServiceContext, name: str, password: str) -> bool:
    try:
        accounts.authenticate(ctx, name, password)
    except Exception:
        return False
    return True


@pytest.mark.parametrize("stop_after", [1, 3, 4])
def test_demo_stopped_while_making_accounts(
    stop_after: int,
    netral: Callable[..., Result],
    office: ServiceContext,
    layout: HomeLayout,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with monkeypatch.context() as patch:
        _interrupt_after(patch, accounts, "create_user", stop_after)
        first = netral("demo", *AS_RINA)
    assert first.code == 130
    assert _every_demo_account_was_shown(layout, first.out) == stop_after
    second = netral("demo", *AS_RINA)
    assert second.code == 0, second.err
    assert _every_demo_account_was_shown(layout, first.out, second.out) == 5
    assert len(DEMO_LINE.findall(second.out)) == 5 - stop_after  # only the ones still owed
    assert "pengguna: 6" in second.out and "pegawai: 300" in second.out
    assert netral("check").code == 0


def test_demo_stopped_between_the_scans(
    netral: Callable[..., Result],
    office: ServiceContext,
    layout: HomeLayout,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import netral_desktop.demo.pledges as demo_pledges

    with monkeypatch.context() as patch:
        _interrupt_after(patch, demo_pledges.pledge, "attach_evidence", 1)
        assert netral("demo", *AS_RINA).code == 130
    ctx = open_context(layout)
    try:
        events = pledge.list_events(
            ctx.as_actor(accounts.authenticate(ctx, "rina", ADMIN_PASSWORD))
        )
    finally:
        ctx.db.dispose()
    again = netral("demo", *AS_RINA)
    assert again.code == 0, again.err
    ctx = open_context(layout)
    try:
        admin = ctx.as_actor(accounts.authenticate(ctx, "rina", ADMIN_PASSWORD))
        assert len(pledge.list_events(admin)) == len(events)  # no second set of ceremonies
        scanned = [e for e in pledge.list_events(admin) if pledge.list_evidence(admin, e.id)]
        assert len(scanned) == 2  # the scan owed was attached by the second run
        assert all(len(pledge.list_evidence(admin, e.id)) == 1 for e in scanned)
    finally:
        ctx.db.dispose()
    third = netral("demo", *AS_RINA)
    assert third.code == 0
    assert netral("check").code == 0
