"""GUI fixtures: the inline task runner keeps tests deterministic (no threads, no sleeps)."""

from __future__ import annotations

import pytest

from netral_desktop.services.context import ServiceContext


@pytest.fixture
def runner(qtbot):  # type: ignore[no-untyped-def]
    from netral_desktop.ui.tasks import InlineTaskRunner

    return InlineTaskRunner()


@pytest.fixture
def main_window(qtbot, admin: ServiceContext, runner):  # type: ignore[no-untyped-def]
    """The main window of the administrator, with the inline task runner."""
    from netral_desktop.ui.main_window import MainWindow

    window = MainWindow(admin, runner)
    qtbot.addWidget(window)
    # Any error a background task raises without its own handler fails the test (in the
    # window it would open an error dialog in front of the user).
    errors: list[BaseException] = []
    runner.default_error_handler = errors.append
    window.show()
    yield window
    assert errors == []


def ceremony_of_one_agency(ctx: ServiceContext, title: str):  # type: ignore[no-untyped-def]
    """A small demo roster and one ceremony (19 Nov 2024, not the test clock's day) inviting
    the roster's first agency: (event, agency)."""
    from datetime import datetime

    from netral_desktop.demo.roster import add_demo_roster
    from netral_desktop.services import pledge, roster

    add_demo_roster(ctx, "small", seed=11)
    agency = roster.list_agencies(ctx)[0]
    event = pledge.create_event(
        ctx,
        pledge.EventFields(
            title=title,
            starts_at=datetime(2024, 11, 19, 8, 0),
            place="Aula",
            organiser_kind="pemda",
            invited_agency_ids=(agency.id,),
        ),
    )
    pledge.invite(ctx, event.id, pledge.InviteCriteria(agency_ids=(agency.id,)))
    return event, agency


def answer_file_dialogs(monkeypatch, *, open=None, save=None):  # type: ignore[no-untyped-def]
    """Answer the window's file dialogs (ui/file_dialogs.py) for the user: ``open`` (a path or a
    list of paths) for open dialogs, ``save`` for save dialogs; returns the dialogs shown."""
    from PySide6.QtWidgets import QFileDialog

    from netral_desktop.ui import file_dialogs

    shown: list[QFileDialog] = []

    def run(dialog: QFileDialog) -> list[str]:
        shown.append(dialog)
        saving = dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
        answer = save if saving else open
        if answer is None:
            return []
        return [str(p) for p in (answer if isinstance(answer, list) else [answer])]

    monkeypatch.setattr(file_dialogs, "run_dialog", run)
    return shown
