"""The audit log in words: every action, table and field the code writes has words; entries
show a record's label instead of its id; a person's history is that person's entries."""

from __future__ import annotations

import ast
from datetime import datetime
from pathlib import Path

import pytest

import netral_desktop
from netral_desktop.i18n import set_language
from netral_desktop.services import audit_query, audit_words, pledge, roster
from netral_desktop.services.context import ServiceContext
from tests.pledge_samples import build_roster

SOURCE = Path(netral_desktop.__file__).parent


def _constants(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constants(node.body) + _constants(node.orelse)
    return []


def _written_codes() -> tuple[set[str], set[str], set[str]]:
    """(actions, tables, value keys) the program's code writes into the audit log: keyword
    arguments ``action=``/``table_name=``/``new=``/``old=``, entry dicts, and constants
    passed positionally to a function whose parameter is called ``action``."""
    actions: set[str] = set()
    tables: set[str] = set()
    keys: set[str] = set()
    trees = [
        ast.parse(path.read_text(encoding="utf-8"))
        for path in SOURCE.rglob("*.py")
        if "cli" not in path.relative_to(SOURCE).parts  # argparse's action= is not the log's
    ]
    takes_action: dict[str, int] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                names = [a.arg for a in node.args.args]
                if "action" in names:
                    takes_action[node.name] = names.index("action")

    def dict_keys(value: ast.AST) -> None:
        if isinstance(value, ast.Dict):
            keys.update(k.value for k in value.keys if isinstance(k, ast.Constant))

    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for kw in node.keywords:
                    if kw.arg == "action":
                        actions.update(_constants(kw.value))
                    elif kw.arg == "table_name":
                        tables.update(_constants(kw.value))
                    elif kw.arg in ("new", "old"):
                        dict_keys(kw.value)
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name in takes_action and len(node.args) > takes_action[name]:
                    actions.update(_constants(node.args[takes_action[name]]))
            elif isinstance(node, ast.Dict):
                entry = {
                    k.value: v
                    for k, v in zip(node.keys, node.values, strict=True)
                    if isinstance(k, ast.Constant)
                }
                if "action" in entry and "table_name" in entry:
                    actions.update(_constants(entry["action"]))
                    tables.update(_constants(entry["table_name"]))
                    for side in ("new", "old"):
                        if side in entry:
                            dict_keys(entry[side])
    return actions, tables, keys


def test_every_action_table_and_field_the_code_writes_has_words() -> None:
    from sqlmodel import SQLModel

    import netral_desktop.store.models  # noqa: F401  (registers the tables)

    actions, tables, keys = _written_codes()
    # The scan finds what it should (a scan finding nothing would pass anything).
    assert {"mark", "invite", "set_role", "login_failed", "attach"} <= actions
    assert {"attendance", "invitee", "person"} <= tables
    assert {"invitee_id", "file", "owner"} <= keys
    tables |= set(SQLModel.metadata.tables)
    columns = {c.name for t in SQLModel.metadata.tables.values() for c in t.columns}
    assert sorted(actions - set(audit_words.ACTION_WORDS)) == []
    assert sorted(tables - set(audit_words.TABLE_WORDS)) == []
    assert sorted((keys | columns) - set(audit_words.FIELD_WORDS)) == []
    # Ids are never shown as ids: every foreign key names the table whose label replaces it.
    foreign = {
        c.name: next(iter(c.foreign_keys)).column.table.name
        for t in SQLModel.metadata.tables.values()
        for c in t.columns
        if c.foreign_keys
    }
    assert {k: audit_words.ID_FIELDS.get(k) for k in foreign} == foreign


def test_notes_the_program_writes_are_shown_in_the_current_language() -> None:
    assert audit_words.note_words("percobaan ke-2") == "percobaan ke-2"
    set_language("en")
    try:
        assert audit_words.note_words("percobaan ke-2") == "attempt 2"
        assert audit_words.note_words("impor pegawai.xlsx, baris 7") == (
            "import of pegawai.xlsx, row 7"
        )
        assert audit_words.note_words("Tamu datang terlambat") == "Tamu datang terlambat"
        assert audit_words.action_words("mark") == "recorded attendance"
        assert audit_words.table_words("pledge_event") == "pledge ceremony"
    finally:
        set_language("id")


@pytest.fixture
def ceremony(sekretariat: ServiceContext) -> tuple[ServiceContext, dict[str, str], str]:
    ids = build_roster(sekretariat)
    event = pledge.create_event(
        sekretariat,
        pledge.EventFields(
            title="Ikrar Netralitas Dinkes",
            starts_at=datetime(2024, 5, 14, 9, 0),
            place="Aula",
            organiser_kind="pemda",
            invited_agency_ids=(ids["dinkes"],),
        ),
    )
    pledge.invite(sekretariat, event.id, pledge.InviteCriteria(agency_ids=(ids["dinkes"],)))
    pledge.mark(sekretariat, event.id, "198501012010012003")
    roster.update_person(sekretariat, ids["sri"], roster.PersonChanges(phone="0812 2700 1234"))
    return sekretariat, ids, event.id


def test_the_log_shows_words_and_labels_not_codes_and_ids(admin, ceremony) -> None:  # type: ignore[no-untyped-def]
    _ctx, ids, event_id = ceremony
    page = audit_query.described_page(admin, offset=0, limit=200)
    by_action = {e.entry.action: e for e in reversed(page)}  # the newest of each
    mark = by_action["mark"]
    assert (mark.action, mark.kind) == ("mencatat kehadiran", "kehadiran")
    assert mark.record == "Sri Wahyuni, S.Kep. (198501012010012003) — Ikrar Netralitas Dinkes"
    changes = {c.field: c.new for c in mark.changes}
    assert changes["Peserta"].startswith("Sri Wahyuni, S.Kep. (198501012010012003)")
    assert changes["Kehadiran"] == "Hadir"
    invite = by_action["invite"]
    assert invite.kind == "undangan ikrar" and "(" in invite.record
    created = next(e for e in page if e.entry.table_name == "pledge_event")
    assert created.record == "Ikrar Netralitas Dinkes, 14 Mei 2024 09:00"
    invited = {c.field: c.new for c in created.changes}["Instansi yang diundang"]
    assert invited == "Dinas Kesehatan"
    update = by_action["update"]
    assert update.record == "Sri Wahyuni, S.Kep. (198501012010012003)"
    assert [(c.field, c.old, c.new) for c in update.changes] == [("Telepon", "—", "0812 2700 1234")]
    for entry in page:  # no UUID is left on the page
        text = " ".join([entry.record, entry.summary()])
        assert not any(part in text for part in (ids["sri"], event_id)), entry


def test_the_search_finds_entries_by_their_words(admin, ceremony) -> None:  # type: ignore[no-untyped-def]
    found = audit_query.described_page(admin, offset=0, limit=50, text="kehadiran")
    assert {e.entry.action for e in found} >= {"mark"}
    assert audit_query.described_count(admin, text="kehadiran") == len(found)
    assert audit_query.described_count(admin, text="mark") >= 1
    # A record is found by its label: a person's name finds their record, invitation and mark.
    by_name = audit_query.described_page(admin, offset=0, limit=50, text="wahyuni, s.kep")
    assert {(e.entry.table_name, e.entry.action) for e in by_name} == {
        ("person", "create"),
        ("person", "update"),
        ("invitee", "invite"),
        ("attendance", "mark"),
    }
    assert audit_query.described_count(admin, text="wahyuni, s.kep") == len(by_name)
    by_nip = audit_query.described_page(admin, offset=0, limit=50, text="198501012010012003")
    assert {e.entry.table_name for e in by_nip} == {"person", "invitee", "attendance"}
    titled = audit_query.described_page(admin, offset=0, limit=50, text="netralitas dinkes")
    assert {e.entry.table_name for e in titled} == {"pledge_event"}


def test_a_persons_history_is_that_persons_entries(admin, ceremony, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx, ids, _event_id = ceremony
    history = audit_query.person_history(ctx, ids["sri"])
    assert [(e.action, e.kind) for e in history] == [
        ("menambah", "pegawai"),
        ("mengundang", "undangan ikrar"),
        ("mencatat kehadiran", "kehadiran"),
        ("mengubah", "pegawai"),
    ]
    # Another person's entries are not in it.
    assert all("Budi" not in e.record for e in history)


def test_an_imported_persons_history_names_the_import_not_its_totals(
    admin, sekretariat, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.services.roster_import import import_file

    sheet = tmp_path / "pegawai.csv"
    sheet.write_text(
        "NAMA;NIP\nSiti Aminah;19900202 201503 2 001\nBudi;19700512 199803 1 004\n",
        encoding="utf-8",
    )
    import_file(sekretariat, sheet, agency="Dinas Kesehatan")
    person_id = roster.search(sekretariat, "siti")[0].id
    roster.update_person(sekretariat, person_id, roster.PersonChanges(phone="0812 2700 1234"))
    history = audit_query.person_history(sekretariat, person_id)
    first = history[0]
    assert (first.action, first.record, first.changes) == (
        "ditambahkan lewat impor",
        "pegawai.csv",
        (),
    )
    assert history[1].action == "mengubah" and history[1].changes[0].field == "Telepon"
    # The log page itself still shows the import's totals, by field label.
    page = audit_query.described_page(admin, offset=0, limit=50, text="impor")
    summary = next(e for e in page if e.entry.action == "import")
    assert summary.record == "pegawai.csv"
    assert ("Ditambah", "—", "2") in [(c.field, c.old, c.new) for c in summary.changes]
