"""The background-task helper: work off the GUI thread, results on it, errors delivered."""

from __future__ import annotations

import threading

from netral_desktop.core.errors import ValidationError
from netral_desktop.ui.tasks import InlineTaskRunner, TaskRunner


def test_work_runs_on_worker_and_result_arrives_on_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    seen: dict[str, object] = {}
    gui_thread = threading.current_thread()

    def work() -> int:
        seen["work_thread"] = threading.current_thread()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["done_thread"] = threading.current_thread()

    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: not busy):
        runner.run(work, on_done=done)
    runner.shutdown()
    assert seen["value"] == 42
    assert seen["work_thread"] is not gui_thread
    assert seen["done_thread"] is gui_thread


def test_errors_reach_the_error_callback(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    errors: list[BaseException] = []

    def fail() -> None:
        raise ValidationError("Nama wajib diisi.")

    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: not busy):
        runner.run(fail, on_error=errors.append)
    runner.shutdown()
    assert [str(e) for e in errors] == ["Nama wajib diisi."]


def test_one_task_at_a_time(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    active = 0
    overlaps = 0
    lock = threading.Lock()
    results: list[int] = []

    def work(i: int) -> int:
        nonlocal active, overlaps
        with lock:
            active += 1
            overlaps += active > 1
        total = sum(range(20_000))
        with lock:
            active -= 1
        return i + total * 0

    for i in range(5):
        runner.run(lambda i=i: work(i), on_done=results.append)
    qtbot.waitUntil(lambda: len(results) == 5)
    runner.shutdown()
    assert not runner.busy
    assert overlaps == 0
    assert results == [0, 1, 2, 3, 4]


def test_inline_runner_is_synchronous(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = InlineTaskRunner()
    results: list[int] = []
    runner.run(lambda: 7, on_done=results.append)
    assert results == [7]
    assert not runner.busy


def test_nothing_starts_after_shutdown(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Regression: a result delivered while the window closes asked for more work and raised."""
    runner = TaskRunner()
    runner.shutdown()
    ran: list[int] = []
    future = runner.run(lambda: ran.append(1), on_done=ran.append)
    assert future.cancelled()
    assert ran == [] and not runner.busy


def test_a_result_for_a_deleted_widget_is_dropped(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A page's task may finish after its window was replaced (language switch, logout)."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QLabel

    class Page(QLabel):
        def show_result(self, value: str) -> None:
            self.setText(value)

        def show_failure(self, exc: BaseException) -> None:
            self.setText(str(exc))

    runner = TaskRunner()
    errors: list[BaseException] = []
    runner.default_error_handler = errors.append
    release = threading.Event()

    def fail() -> None:
        release.wait()
        raise ValidationError("terlambat")

    page = Page()
    runner.run(lambda: release.wait() and "hasil", on_done=page.show_result)
    runner.run(fail, on_error=page.show_failure)
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: not busy):
        release.set()
    runner.shutdown()
    assert errors == []  # a raised RuntimeError would fail the test through pytest-qt
