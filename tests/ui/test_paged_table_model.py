"""The SQL-fed table model: contract, paging with fetchMore, sorting delegated to the source,
stale answers dropped when a newer reload has started."""

from __future__ import annotations

from netral_desktop.ui.paged_table_model import Column, PagedTableModel, PageRequest


def _model(rows: list[dict], calls: list[PageRequest], runner=None) -> PagedTableModel:  # type: ignore[type-arg, no-untyped-def]
    def fetch(page: PageRequest) -> list[dict]:  # type: ignore[type-arg]
        calls.append(page)
        key = page.sort_key
        ordered = sorted(rows, key=lambda r: r[key], reverse=page.descending) if key else rows
        return ordered[page.offset : page.offset + page.limit]

    return PagedTableModel(
        [Column("Nama", lambda r: r["name"], sort_key="name"), Column("No", lambda r: r["n"])],
        fetch=fetch,
        runner=runner,
    )


def test_model_contract(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = _model([{"name": f"Pegawai {i}", "n": i} for i in range(30)], [])
    model.reload()
    qtmodeltester.check(model)


def test_rows_are_paged_in_with_the_last_row_for_keyset_paging(qtbot) -> None:  # type: ignore[no-untyped-def]
    calls: list[PageRequest] = []
    model = _model([{"name": f"Pegawai {i:04d}", "n": i} for i in range(450)], calls)
    model.reload()
    assert model.rowCount() == PagedTableModel.PAGE
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 450
    assert not model.canFetchMore()
    assert [c.offset for c in calls] == [0, 200, 400]
    assert calls[0].after is None
    assert calls[1].after == {"name": "Pegawai 0199", "n": 199}


def test_sort_asks_the_source_and_restarts_paging(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    calls: list[PageRequest] = []
    model = _model([{"name": n, "n": i} for i, n in enumerate(["Budi", "Ani", "Citra"])], calls)
    model.reload()
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert (calls[-1].offset, calls[-1].sort_key, calls[-1].descending) == (0, "name", True)
    assert [model.index(r, 0).data() for r in range(3)] == ["Citra", "Budi", "Ani"]
    model.sort(1)  # not sortable: nothing happens
    assert len(calls) == 2


def test_answers_of_an_older_reload_are_dropped(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Typing 'Bu' then 'Budi' fast: the slower answer for 'Bu' must not replace 'Budi'."""
    from concurrent.futures import Future

    class HeldRunner:
        """Runs work at once but delivers results only when told (out of order)."""

        default_error_handler = None

        def __init__(self) -> None:
            self.pending: list[tuple[object, object]] = []

        def run(self, work, *, on_done=None, on_error=None):  # type: ignore[no-untyped-def]
            self.pending.append((work(), on_done))
            return Future()

    people = [{"name": "Budi", "n": 1}, {"name": "Bunga", "n": 2}]
    typed = {"text": "Bu"}
    model = PagedTableModel(
        [Column("Nama", lambda r: r["name"])],
        fetch=lambda page: [p for p in people if p["name"].startswith(typed["text"])],
        runner=HeldRunner(),
    )
    model.reload()  # 'Bu': both people
    typed["text"] = "Budi"
    model.reload()  # 'Budi': one
    runner = model._runner
    (older, deliver_older), (newer, deliver_newer) = runner.pending
    deliver_newer(newer)  # type: ignore[operator]
    deliver_older(older)  # type: ignore[operator]
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "Budi"
