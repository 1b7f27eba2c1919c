"""Background work: database and file work runs on one worker thread, results come back on
the GUI thread. The work function never touches widgets (after Anki's CollectionOp)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from shiboken6 import isValid

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class TaskRunner(QObject):
    """Runs one task at a time off the GUI thread (one writer at a time, as SQLite wants)."""

    busy_changed = Signal(bool)
    _delivered = Signal(object, object, object)  # future, on_done, on_error

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="netral-worker")
        self._pending = 0
        self._closed = False
        self._delivered.connect(self._deliver)
        self.default_error_handler: Failed | None = None

    def run(
        self,
        work: Callable[[], Any],
        *,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> Future[Any]:
        """Start ``work`` on the worker; ``on_done(result)`` or ``on_error(exc)`` run on the GUI
        thread afterwards. After ``shutdown`` (the window is closing) nothing more is started."""
        if self._closed:
            cancelled: Future[Any] = Future()
            cancelled.cancel()
            return cancelled
        self._set_pending(+1)
        future = self._executor.submit(work)
        # Emitted from the worker thread: Qt queues it to this object's (the GUI) thread.
        future.add_done_callback(lambda f: self._delivered.emit(f, on_done, on_error))
        return future

    @Slot(object, object, object)
    def _deliver(self, future: Future[Any], on_done: Done | None, on_error: Failed | None) -> None:
        self._set_pending(-1)
        error = future.exception()
        if error is None:
            if on_done is not None and _receiver_alive(on_done):
                on_done(future.result())
            return
        if on_error is not None and not _receiver_alive(on_error):
            # The widget that asked is gone (its window was replaced): nobody to tell.
            log.info("background task failed after its widget closed", exc_info=error)
            return
        handler = on_error or self.default_error_handler
        if handler is None:
            log.error("background task failed", exc_info=error)
        else:
            handler(error)

    def _set_pending(self, delta: int) -> None:
        before = self._pending
        self._pending += delta
        if (before == 0) != (self._pending == 0):
            self.busy_changed.emit(self._pending > 0)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def shutdown(self) -> None:
        self._closed = True
        self._executor.shutdown(wait=True)


def _receiver_alive(callback: Callable[..., Any]) -> bool:
    """False for a method of a widget Qt has deleted: a task started by a page of a window
    that was replaced meanwhile (language switch, logout) has no widget to show its result."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or isValid(owner)


class InlineTaskRunner(TaskRunner):
    """Runs tasks at once on the calling thread: GUI tests stay deterministic (after Picard)."""

    def run(
        self,
        work: Callable[[], Any],
        *,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> Future[Any]:
        future: Future[Any] = Future()
        self._set_pending(+1)
        try:
            future.set_result(work())
        except Exception as exc:  # delivered to on_error like the threaded runner
            future.set_exception(exc)
        self._deliver(future, on_done, on_error)
        return future
