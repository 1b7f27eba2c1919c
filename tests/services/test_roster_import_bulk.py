"""Imports at scale: the bulk database stage keeps every rule of the row-by-row one.

A 5,000-row file (its own generator, so the figures pinned below stay put) is imported, then
searched: the people found are exactly those whose name, jabatan, unit, agency or NIP holds
the words (worked out here from the checked rows, without the database), and the counts are
those the import found before its database stage was rewritten for speed.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from netral_desktop.core.clock import FixedClock
from netral_desktop.services import audit, roster
from netral_desktop.services import roster_import as ri
from netral_desktop.services.context import ServiceContext
from netral_desktop.store import search as search_index
from netral_desktop.store.people import import_rows

ROWS = 5000
FIRST = ["Sri", "Budi", "Siti", "Agus", "Dewi", "Eko", "Wahyu", "Ani", "Rina", "Joko"]
FIRST += ["Andi", "Nur", "Heru", "Yuni", "Bambang", "Endang", "Rudi", "Tri", "Lestari", "Dedi"]
MIDDLE = ["", "", "Dwi ", "Eka ", "Nur ", "Putri ", "Adi ", "Ayu ", "Indah ", "Budi ", "Sari "]
MIDDLE += ["Ratna ", "Arief ", "Yudha ", "Tri "]
LAST = ["Wahyuni", "Santoso", "Aminah", "Salim", "Lestari", "Prasetyo", "Nugroho", "Rahayu"]
LAST += ["Hidayat", "Kurniawan", "Susanti", "Setiawan", "Hutagalung", "Purnomo", "Handayani"]
TITLES = ["", "", "", "Drs. ", "Hj. ", "H. ", "dr. "]
DEGREES = ["", "", ", S.Pd.", ", S.E.", ", S.H.", ", M.Si.", ", S.Kep."]
AGENCIES = {
    "Dinas Pendidikan": ["SD Negeri 1 Sewon", "SD Negeri 2 Bantul", "SMP Negeri 1 Pandak"],
    "Dinas Kesehatan": ["Puskesmas Sewon I", "Puskesmas Kasihan II", "RSUD Panembahan Senopati"],
    "Kecamatan Sewon": ["Sekretariat Kecamatan", "Seksi Pemerintahan"],
    "Badan Keuangan Daerah": ["Bidang Anggaran", "Bidang Aset"],
}
POSTS = ["Guru Ahli Muda", "Guru Ahli Pertama", "Perawat Ahli Muda", "Bidan", "Analis", "Staf"]
POSTS += ["Kepala Seksi", "Pengadministrasi Umum", "Pengelola Keuangan", "Operator Komputer"]
HEADER = ["NO", "NAMA LENGKAP", "NIP", "L/P", "STATUS", "JABATAN", "UNIT KERJA", "OPD", "NO HP"]


def _nip(rng: random.Random, sex: str) -> str:
    born = (rng.randint(1965, 1998), rng.randint(1, 12), rng.randint(1, 28))
    start = (min(born[0] + rng.randint(20, 30), 2023), rng.randint(1, 12))
    digit = "1" if sex == "L" else "2"
    return (
        f"{born[0]}{born[1]:02d}{born[2]:02d} {start[0]}{start[1]:02d} {digit} "
        f"{rng.randint(1, 999):03d}"
    )


def roster_rows(seed: int = 5000, rows: int = ROWS) -> list[list[Any]]:
    """Data rows as agencies send them: most civil servants with a NIP, a fifth non-ASN
    without one (matched by name, agency and unit), a few duplicates (refused)."""
    rng = random.Random(seed)
    out: list[list[Any]] = []
    for number in range(1, rows + 1):
        sex = rng.choice("LP")
        name = f"{rng.choice(TITLES)}{rng.choice(FIRST)} {rng.choice(MIDDLE)}{rng.choice(LAST)}"
        name += rng.choice(DEGREES)
        agency = rng.choice(sorted(AGENCIES))
        unit = rng.choice(AGENCIES[agency])
        asn = rng.random() < 0.8
        out.append(
            [
                number,
                name,
                _nip(rng, sex) if asn else None,
                sex,
                "PNS" if asn else "Non ASN",
                rng.choice(POSTS),
                unit,
                agency,
                f"0812{rng.randint(0, 99_999_999):08d}",
            ]
        )
    for copy in range(5):  # the same person listed twice
        out.append([rows + copy + 1, *out[copy * 7][1:]])
    return out


def write_csv(path: Path, rows: list[list[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["DAFTAR PEGAWAI"])
        writer.writerow([])
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _fold(value: str) -> str:
    return value.casefold()


def expected_ids(result: ri.ImportResult, terms: tuple[str, ...]) -> set[str]:
    """The people the search must find for ``terms`` (substrings, all required), worked out
    from the rows as checked: name, jabatan, unit, agency (created here, so no short name),
    NIP, NI PPPK."""
    found = set()
    for row in result.rows:
        if row.refused:
            continue
        values = row.values
        doc = " ".join(
            [
                values["full_name"],
                values["jabatan"],
                values["unit_kerja"],
                row.agency_name,
                values["nip"] or "",
                values["ni_pppk"] or "",
            ]
        )
        if all(_fold(term) in _fold(doc) for term in terms):
            assert row.person_id is not None
            found.add(row.person_id)
    return found


def found_ids(ctx: ServiceContext, query: str) -> set[str]:
    rows = roster.search(ctx, query, limit=ROWS * 2)
    assert roster.count(ctx, query) == len(rows)
    return {r.id for r in rows}


def who(ctx: ServiceContext, query: str) -> tuple[int, str]:
    """How many people ``query`` finds, and a digest of who they are."""
    people = sorted(
        (p.full_name, p.nip or "", p.jabatan, p.unit_kerja)
        for p in roster.search(ctx, query, limit=ROWS * 2)
    )
    return len(people), hashlib.sha256(json.dumps(people).encode()).hexdigest()[:16]


def index_state(ctx: ServiceContext) -> dict[str, Any]:
    """The search index's health and settings: no mismatch with the people, the four search
    triggers in place; on SQLite, FTS5's own integrity check passing and FTS5's merge
    settings (stored, else the defaults)."""
    if ctx.db.is_postgresql:
        with ctx.db.read_session() as session:
            return {
                "mismatches": search_index.search_index_mismatches(session),
                "triggers": session.execute(
                    text("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal")
                ).scalar(),
            }
    with ctx.db.write_session() as session:
        session.execute(text("INSERT INTO person_search(person_search) VALUES ('integrity-check')"))
        return {
            "mismatches": search_index.search_index_mismatches(session),
            "config": {
                **search_index.FTS_DEFAULTS,
                **dict(
                    session.execute(
                        text("SELECT k, v FROM person_search_config WHERE k != 'version'")
                    ).all()
                ),
            },
            "triggers": session.execute(
                text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
            ).scalar(),
        }


def storage_order(ctx: ServiceContext) -> str:
    """ORDER BY the order rows were stored in: SQLite's rowid; on PostgreSQL, ids (UUIDv7,
    time-ordered; a bulk insert's are increasing)."""
    return "id" if ctx.db.is_postgresql else "rowid"


def counts(ctx: ServiceContext) -> tuple[int, int, int, int]:
    with ctx.db.read_session() as session:
        return tuple(  # type: ignore[return-value]
            session.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0
            for table in ("person", "agency", "person_search", "audit_log")
        )


# What the import and search found before the database stage was rewritten for speed (commit
# ac4b151: SQLAlchemy lookups, FTS5 defaults), for the file of roster_rows(): per query, how
# many people and a digest of who (name, NIP, jabatan, unit). The same people now.
BEFORE: dict[str, Any] = {
    "counts": {"added": 4986, "updated": 0, "unchanged": 0, "refused": 19, "skipped": 0},
    "wahyu": (504, "e4c57620ac468078"),
    "Sri Wah": (15, "115172d8aa34f774"),
    "hutagalung": (332, "0aa6a93a93285416"),
    "puskesmas": (779, "55246caea7ca57bf"),
    "guru ahli muda": (481, "2eae73f68520955f"),
    "1985": (127, "d044d3b7dcbee59d"),
    "1970 05": (16, "9ec83a69d5205c4d"),
    "19800": (84, "83202f9b66e95858"),
}
# Queries the pinned figures above were taken for; terms as roster.plan_query splits them.
QUERIES = {
    "wahyu": ("wahyu",),
    "Sri Wah": ("sri", "wah"),
    "hutagalung": ("hutagalung",),
    "puskesmas": ("puskesmas",),
    "guru ahli muda": ("guru", "ahli", "muda"),
    "1985": ("1985",),
    "1970 05": ("197005",),
    "19800": ("19800",),
}


@pytest.fixture
def imported(admin: ServiceContext, tmp_path: Path) -> tuple[ServiceContext, ri.ImportResult]:
    result = ri.import_file(admin, write_csv(tmp_path / "pegawai.csv", roster_rows()))
    return admin, result


def test_5000_rows_are_written_and_found_exactly_as_before(
    imported: tuple[ServiceContext, ri.ImportResult],
) -> None:
    ctx, result = imported
    assert result.committed and result.counts() == BEFORE["counts"]
    assert sorted(result.agencies_created) == sorted(AGENCIES)
    for query, terms in QUERIES.items():
        assert roster.plan_query(query).terms == terms
        assert found_ids(ctx, query) == expected_ids(result, terms), query
        assert who(ctx, query) == BEFORE[query], query
    expected: dict[str, Any] = {"mismatches": 0, "triggers": 4}
    if ctx.db.is_sqlite:  # FTS5's defaults, as before
        expected["config"] = {"automerge": 4, "hashsize": 1024 * 1024}
    assert index_state(ctx) == expected
    assert audit.verify_chain(ctx.db).ok


def test_synced_columns_are_filled_for_every_row(
    imported: tuple[ServiceContext, ri.ImportResult],
) -> None:
    ctx, result = imported
    with ctx.db.read_session() as session:
        rows = session.execute(
            text(
                "SELECT id, origin, created_at, updated_at, updated_by, revision, deleted, active "
                f"FROM person ORDER BY {storage_order(ctx)}"
            )
        ).all()
    added = [r.person_id for r in result.rows if r.outcome == "add"]
    assert [r[0] for r in rows] == added  # file order, the ids the result reports
    assert len(set(added)) == len(added) and added == sorted(added)  # UUIDv7: time-ordered
    assert {r[1:] for r in rows} == {(ctx.origin, ctx.now_iso(), rows[0][3], "rina", 1, 0, 1)}
    assert rows[0][3].startswith(ctx.now_iso()) and "#" in rows[0][3]  # one HLC stamp


def test_reimport_at_scale_changes_nothing(
    imported: tuple[ServiceContext, ri.ImportResult], tmp_path: Path
) -> None:
    ctx, first = imported
    people, agencies, indexed, entries = counts(ctx)
    rows_before = _all(ctx)
    again = ri.import_file(ctx, write_csv(tmp_path / "lagi.csv", roster_rows()))
    assert (again.added, again.updated, again.unchanged) == (0, 0, first.added)
    assert counts(ctx) == (people, agencies, indexed, entries + 1)  # + the import's entry
    assert _all(ctx) == rows_before
    assert found_ids(ctx, "wahyu") == expected_ids(first, ("wahyu",))


def _all(ctx: ServiceContext) -> list[tuple[Any, ...]]:
    """Every person row, every column, in storage order."""
    with ctx.db.read_session() as session:
        return [
            tuple(r)
            for r in session.execute(text(f"SELECT * FROM person ORDER BY {storage_order(ctx)}"))
        ]


def test_a_newer_file_at_scale_updates_people_and_their_search_entries(
    imported: tuple[ServiceContext, ri.ImportResult], tmp_path: Path, clock: FixedClock
) -> None:
    ctx, first = imported
    rows = roster_rows()
    promoted = {r[0] for r in rows[:ROWS:10]}  # every tenth person, NIP or not
    for row in rows:
        if row[0] in promoted:
            row[5] = "Penata Kearsipan"
    clock.advance(days=30)
    result = ri.import_file(ctx, write_csv(tmp_path / "baru.csv", rows))
    updated = {r.person_id for r in result.rows if r.outcome == "update"}
    assert result.added == 0 and updated == {
        r.person_id for r in first.rows if r.outcome == "add" and int(r.raw[0]) in promoted
    }
    assert found_ids(ctx, "kearsipan") == updated
    assert not found_ids(ctx, "kearsipan") & found_ids(ctx, "guru ahli muda")
    history = roster.person_history(ctx, next(iter(updated)))
    assert [e.action for e in history] == ["import", "import_update"]
    with ctx.db.read_session() as session:
        revisions = session.execute(
            text("SELECT revision, count(*) FROM person GROUP BY revision ORDER BY revision")
        ).all()
    assert [tuple(r) for r in revisions] == [(1, first.added - len(updated)), (2, len(updated))]
    assert index_state(ctx)["mismatches"] == 0


@pytest.mark.parametrize("ratio", [0, 10**9], ids=["probe-per-key", "one-pass"])
def test_matching_by_name_agency_and_unit_probes_or_scans_alike(
    admin: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ratio: int
) -> None:
    rows = roster_rows(rows=400)
    ri.import_file(admin, write_csv(tmp_path / "a.csv", rows))
    for row in rows:
        row[5] = "Pengelola Arsip"  # a new post for everyone; non-ASN found by name only
    monkeypatch.setattr(import_rows, "PLACE_SCAN_RATIO", ratio)
    result = ri.import_file(admin, write_csv(tmp_path / "b.csv", rows))
    assert (result.added, result.updated) == (0, len(rows) - len(result.refused))
    assert roster.count(admin, "pengelola arsip") == result.updated


def test_a_failure_after_the_inserts_leaves_nothing_written(
    admin: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = roster_rows(rows=1000)
    path = write_csv(tmp_path / "pegawai.csv", data)
    earlier = [[1, "Zainal Arifin", "19620817 198803 1 002", "L", "PNS", "Kepala Dinas"]]
    earlier[0] += ["Sekretariat", "Dinas Sosial", None]
    ri.import_file(admin, write_csv(tmp_path / "awal.csv", earlier))
    before = (counts(admin), _all(admin), index_state(admin))
    real = search_index.index_pending

    def index_then_fail(*args: Any, **kwargs: Any) -> None:
        real(*args, **kwargs)  # people inserted and indexed (SQLite: FTS5 settings changed)
        raise OSError("disk penuh")

    monkeypatch.setattr(search_index, "index_pending", index_then_fail)
    with pytest.raises(OSError, match="disk penuh"):
        ri.import_file(admin, path)
    assert (counts(admin), _all(admin), index_state(admin)) == before
    monkeypatch.undo()
    result = ri.import_file(admin, path)
    assert counts(admin)[0] == 1 + result.added == 1 + len(data) - len(result.refused)
    for query, terms in QUERIES.items():
        assert found_ids(admin, query) == expected_ids(result, terms), query
    assert found_ids(admin, "zainal") == {_all(admin)[0][0]}
    roster.create_person(
        admin, roster.PersonFields(full_name="Ani Setiawati Kusumawardani")
    )  # triggers back
    assert roster.count(admin, "kusumawardani") == 1
    assert index_state(admin)["mismatches"] == 0
