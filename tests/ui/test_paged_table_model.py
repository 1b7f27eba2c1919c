"""The SQL-fed table model: contract, paging with fetchMore, sorting delegated to the source."""

from __future__ import annotations

from netral_desktop.ui.paged_table_model import Column, PagedTableModel


def _model(rows: list[dict], calls: list[tuple]) -> PagedTableModel:  # type: ignore[type-arg]
    def fetch(offset: int, limit: int, key: str | None, descending: bool) -> list[dict]:  # type: ignore[type-arg]
        calls.append((offset, limit, key, descending))
        ordered = sorted(rows, key=lambda r: r[key], reverse=descending) if key else rows
        return ordered[offset : offset + limit]

    return PagedTableModel(
        [Column("Nama", lambda r: r["name"], sort_key="name"), Column("No", lambda r: r["n"])],
        fetch=fetch,
        total=lambda: len(rows),
    )


def test_model_contract(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = _model([{"name": f"Pegawai {i}", "n": i} for i in range(30)], [])
    model.reload()
    qtmodeltester.check(model)


def test_rows_are_paged_in(qtbot) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple] = []  # type: ignore[type-arg]
    model = _model([{"name": f"Pegawai {i:04d}", "n": i} for i in range(450)], calls)
    model.reload()
    assert model.rowCount() == PagedTableModel.PAGE
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 450
    assert not model.canFetchMore()
    assert [c[0] for c in calls] == [0, 200, 400]


def test_sort_asks_the_source_and_restarts_paging(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    calls: list[tuple] = []  # type: ignore[type-arg]
    model = _model([{"name": n, "n": i} for i, n in enumerate(["Budi", "Ani", "Citra"])], calls)
    model.reload()
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert calls[-1] == (0, PagedTableModel.PAGE, "name", True)
    assert [model.index(r, 0).data() for r in range(3)] == ["Citra", "Budi", "Ani"]
    model.sort(1)  # not sortable: nothing happens
    assert len(calls) == 2
