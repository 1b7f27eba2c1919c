"""Agencies and people through the services: checks, roles, audit, search and paging."""

from __future__ import annotations

import json

import pytest

from netral_desktop.core.errors import ConflictError, PermissionDenied, ValidationError
from netral_desktop.services import audit, roster
from netral_desktop.services.audit_query import recent_entries
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.roster import RosterFilter, RosterSort

AHMAD_NIP = "19680411 199303 1 009"


def _fill(ctx: ServiceContext) -> dict[str, str]:
    """Two agencies and a handful of people a user could search for."""
    dinkes = roster.create_agency(
        ctx, roster.AgencyFields(name="Dinas Kesehatan", short_name="Dinkes")
    )
    disdik = roster.create_agency(
        ctx, roster.AgencyFields(name="Dinas Pendidikan", short_name="Disdik")
    )
    people = [
        (
            "Dr. H. Ahmad Fauzi, S.H., M.Si.",
            AHMAD_NIP,
            "Kepala Dinas",
            "Pembina Utama Muda, IV/c",
            disdik,
        ),
        (
            "Sri Wahyuni, S.Kep.",
            "19850101 201001 2 003",
            "Perawat Ahli Muda",
            "Penata, III/c",
            dinkes,
        ),
        ("Siti Aminah", "19900202 201503 2 001", "Bidan Terampil", "Pengatur, II/c", dinkes),
        ("Budi Santoso", "19700512 199803 1 004", "Guru Ahli Madya", "Pembina, IV/a", disdik),
        ("Agus Salim", "", "Pramu Kantor", "", disdik),
    ]
    ids = {}
    for name, nip, jabatan, pangkat, agency in people:
        person = roster.create_person(
            ctx,
            roster.PersonFields(
                full_name=name,
                status="non_asn" if not nip else None,
                nip=nip,
                jabatan=jabatan,
                pangkat_golongan=pangkat,
                unit_kerja="Puskesmas Sewon I" if agency is dinkes else "SD Negeri 1 Bantul",
                agency_id=agency.id,
            ),
        )
        ids[name.split(",")[0]] = person.id
    ids["dinkes"], ids["disdik"] = dinkes.id, disdik.id
    return ids


@pytest.fixture
def roster_data(sekretariat: ServiceContext) -> dict[str, str]:
    return _fill(sekretariat)


@pytest.fixture(scope="module")
def reader(shared_sekretariat: ServiceContext) -> ServiceContext:
    """The same people, set up once for the tests that only search."""
    _fill(shared_sekretariat)
    return shared_sekretariat


def _names(rows: list[roster.PersonRow]) -> list[str]:
    return [r.full_name for r in rows]


# --- writing ------------------------------------------------------------------------------


def test_created_person_has_derived_fields_sync_columns_and_audit(sekretariat) -> None:  # type: ignore[no-untyped-def]
    agency = roster.create_agency(sekretariat, roster.AgencyFields(name="Dinas Kesehatan"))
    person = roster.create_person(
        sekretariat,
        roster.PersonFields(
            full_name="Dr. H. Ahmad Fauzi, S.H., M.Si.", nip=AHMAD_NIP, agency_id=agency.id
        ),
    )
    assert (person.status, person.sex, person.birth_date) == ("pns", "L", "1968-04-11")
    assert person.full_name == "Dr. H. Ahmad Fauzi, S.H., M.Si."
    assert person.origin.startswith("34.02/")
    assert person.revision == 1 and not person.deleted and person.updated_by == "sari"
    assert agency.kind == "dinas"
    entry = recent_entries(sekretariat.db, limit=1)[0]
    assert (entry.action, entry.table_name, entry.record_id) == ("create", "person", person.id)
    assert json.loads(entry.new_values or "{}")["nip"] == "196804111993031009"


def test_person_with_impossible_nip_is_refused_and_nothing_saved(sekretariat) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        roster.create_person(
            sekretariat, roster.PersonFields(full_name="Budi", nip="19681311 199303 1 009")
        )
    assert caught.value.code == "nip_birth_date"
    assert "tanggal lahir" in str(caught.value)
    assert roster.count(sekretariat) == 0


def test_same_nip_twice_is_a_conflict(sekretariat) -> None:  # type: ignore[no-untyped-def]
    roster.create_person(sekretariat, roster.PersonFields(full_name="Ahmad", nip=AHMAD_NIP))
    with pytest.raises(ConflictError) as caught:
        roster.create_person(
            sekretariat, roster.PersonFields(full_name="Ahmad F.", nip=AHMAD_NIP.replace(" ", "."))
        )
    assert caught.value.code == "nip_taken"


def test_update_records_only_what_changed_and_refuses_stale_forms(sekretariat) -> None:  # type: ignore[no-untyped-def]
    person = roster.create_person(
        sekretariat, roster.PersonFields(full_name="Siti Aminah", nip="19900202 201503 2 001")
    )
    updated = roster.update_person(
        sekretariat,
        person.id,
        roster.PersonChanges(jabatan="Bidan Ahli Pertama"),
        expected_revision=1,
    )
    assert updated.revision == 2 and updated.jabatan == "Bidan Ahli Pertama"
    history = roster.person_history(sekretariat, person.id)
    assert [e.action for e in history] == ["create", "update"]
    assert json.loads(history[-1].new_values or "{}") == {"jabatan": "Bidan Ahli Pertama"}
    same = roster.update_person(
        sekretariat, person.id, roster.PersonChanges(jabatan="Bidan Ahli Pertama")
    )
    assert same.revision == 2  # nothing changed, nothing written
    with pytest.raises(ConflictError) as caught:
        roster.update_person(
            sekretariat, person.id, roster.PersonChanges(phone="0812"), expected_revision=1
        )
    assert caught.value.code == "stale_revision"


def test_warnings_are_kept_as_flags(sekretariat) -> None:  # type: ignore[no-untyped-def]
    person = roster.create_person(
        sekretariat, roster.PersonFields(full_name="Ahmad", nip=AHMAD_NIP, sex="P")
    )
    assert person.problems == "agency_missing nip_sex_mismatch"
    fixed = roster.update_person(sekretariat, person.id, roster.PersonChanges(sex="L"))
    assert fixed.problems == "agency_missing"


def test_deactivated_people_leave_the_default_list_but_stay(roster_data, sekretariat) -> None:  # type: ignore[no-untyped-def]
    roster.deactivate_person(sekretariat, roster_data["Agus Salim"])
    assert "Agus Salim" not in _names(roster.search(sekretariat, ""))
    everyone = roster.search(sekretariat, "", RosterFilter(include_inactive=True))
    assert "Agus Salim" in _names(everyone)
    assert recent_entries(sekretariat.db, limit=1)[0].action == "deactivate"


def test_agency_rename_and_deactivation(roster_data, sekretariat) -> None:  # type: ignore[no-untyped-def]
    roster.update_agency(
        sekretariat, roster_data["dinkes"], roster.AgencyChanges(name="Dinas Kesehatan Daerah")
    )
    assert len(roster.search(sekretariat, "daerah")) == 2  # the search index follows
    with pytest.raises(ConflictError):
        roster.create_agency(sekretariat, roster.AgencyFields(name="dinas  kesehatan daerah"))
    roster.deactivate_agency(sekretariat, roster_data["dinkes"])
    names = [a.name for a in roster.list_agencies(sekretariat)]
    assert names == ["Dinas Pendidikan"]
    every = roster.list_agencies(sekretariat, include_inactive=True)
    assert {a.name: a.people for a in every} == {"Dinas Kesehatan Daerah": 2, "Dinas Pendidikan": 3}


def test_agency_cannot_be_its_own_parent(sekretariat) -> None:  # type: ignore[no-untyped-def]
    top = roster.create_agency(sekretariat, roster.AgencyFields(name="Dinas Kesehatan"))
    child = roster.create_agency(
        sekretariat, roster.AgencyFields(name="Puskesmas Sewon I", parent_id=top.id)
    )
    assert child.kind == "puskesmas"
    with pytest.raises(ValidationError) as caught:
        roster.update_agency(sekretariat, top.id, roster.AgencyChanges(parent_id=child.id))
    assert caught.value.code == "agency_parent_cycle"


def test_roles_are_checked_in_the_service(roster_data, staf, office) -> None:  # type: ignore[no-untyped-def]
    assert len(roster.search(staf, "")) == 5  # staff may read
    with pytest.raises(PermissionDenied):
        roster.create_person(staf, roster.PersonFields(full_name="Ani"))
    with pytest.raises(PermissionDenied):
        roster.update_person(
            staf, roster_data["Siti Aminah"], roster.PersonChanges(jabatan="Kepala")
        )
    with pytest.raises(PermissionDenied):
        roster.create_agency(staf, roster.AgencyFields(name="Dinas Sosial"))
    with pytest.raises(PermissionDenied):  # not logged in
        roster.search(office, "")


# --- searching ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fauzi", ["Dr. H. Ahmad Fauzi, S.H., M.Si."]),
        ("FAUZ", ["Dr. H. Ahmad Fauzi, S.H., M.Si."]),  # case-insensitive substring
        ("ahyun", ["Sri Wahyuni, S.Kep."]),  # inside a word
        ("sri bidan", []),  # every word must match
        ("siti bidan", ["Siti Aminah"]),
        ("1968 0411", ["Dr. H. Ahmad Fauzi, S.H., M.Si."]),  # NIP with spaces
        ("19680411.199303", ["Dr. H. Ahmad Fauzi, S.H., M.Si."]),  # NIP with dots
        ("9303100", ["Dr. H. Ahmad Fauzi, S.H., M.Si."]),  # NIP fragment
        ("dinkes", ["Siti Aminah", "Sri Wahyuni, S.Kep."]),  # agency short name
        ("sewon", ["Siti Aminah", "Sri Wahyuni, S.Kep."]),  # unit kerja
        ("s.kep", ["Sri Wahyuni, S.Kep."]),  # titles as written
        ("ah", ["Dr. H. Ahmad Fauzi, S.H., M.Si."]),  # short: name begins (titles skipped)
        ("s", ["Siti Aminah", "Sri Wahyuni, S.Kep."]),
        (
            "19",
            [
                "Dr. H. Ahmad Fauzi, S.H., M.Si.",
                "Budi Santoso",
                "Siti Aminah",
                "Sri Wahyuni, S.Kep.",
            ],
        ),
        ("sri w", ["Sri Wahyuni, S.Kep."]),  # short word: a name word begins with it
        ("100%", []),  # LIKE wildcards are plain characters
        ('"', []),  # quotes are plain characters too
        ('wah"yu', []),
    ],
)
def test_search_finds_what_a_user_types(reader, query, expected) -> None:  # type: ignore[no-untyped-def]
    found = roster.search(reader, query)
    assert _names(found) == expected
    assert roster.count(reader, query) == len(expected)


def test_broad_searches_walk_the_name_index_and_find_the_same(reader, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sekretariat = reader
    queries = ["dinas", "an", "19", "1968", "a s", "sewon", "guru"]
    sorts = [RosterSort(), RosterSort(descending=True)]
    expected = {(q, s): roster.search(sekretariat, q, sort=s) for q in queries for s in sorts}
    monkeypatch.setattr(roster, "BROAD_MATCHES", 1)
    for (query, sort), rows in expected.items():
        assert roster.search(sekretariat, query, sort=sort) == rows, query


def test_filters(roster_data, sekretariat) -> None:  # type: ignore[no-untyped-def]
    by_agency = roster.search(sekretariat, "", RosterFilter(agency_id=roster_data["dinkes"]))
    assert _names(by_agency) == ["Siti Aminah", "Sri Wahyuni, S.Kep."]
    non_asn = roster.search(sekretariat, "", RosterFilter(status="non_asn"))
    assert _names(non_asn) == ["Agus Salim"]
    flagged = roster.search(sekretariat, "", RosterFilter(problems_only=True))
    assert flagged == []
    roster.update_person(sekretariat, roster_data["Siti Aminah"], roster.PersonChanges(sex="L"))
    flagged = roster.search(sekretariat, "", RosterFilter(problems_only=True))
    assert _names(flagged) == ["Siti Aminah"]
    assert flagged[0].problems == "nip_sex_mismatch"
    assert roster.count(sekretariat, "dinkes", RosterFilter(problems_only=True)) == 1


@pytest.mark.parametrize(
    ("sort", "first", "last"),
    [
        (RosterSort("name"), "Agus Salim", "Sri Wahyuni, S.Kep."),
        (RosterSort("name", descending=True), "Sri Wahyuni, S.Kep.", "Agus Salim"),
        (RosterSort("nip"), "Dr. H. Ahmad Fauzi, S.H., M.Si.", "Agus Salim"),  # no NIP: last
        (RosterSort("pangkat", descending=True), "Dr. H. Ahmad Fauzi, S.H., M.Si.", "Agus Salim"),
        (RosterSort("jabatan"), "Siti Aminah", "Agus Salim"),  # Bidan .. Pramu Kantor
        (RosterSort("agency"), "Siti Aminah", "Budi Santoso"),
    ],
)
def test_sorting_in_sql(reader, sort, first, last) -> None:  # type: ignore[no-untyped-def]
    rows = roster.search(reader, "", sort=sort)
    assert (rows[0].full_name, rows[-1].full_name) == (first, last)


def test_unknown_sort_column_is_refused(reader) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        roster.search(reader, "", sort=RosterSort("nik; DROP TABLE person"))


@pytest.mark.parametrize("sort", [RosterSort(), RosterSort("jabatan", True), RosterSort("nip")])
def test_pages_cover_everyone_once_by_offset_or_after_id(reader, sort) -> None:  # type: ignore[no-untyped-def]
    everyone = roster.search(reader, "", sort=sort)
    by_offset = [
        r
        for start in range(0, 5, 2)
        for r in roster.search(reader, "", sort=sort, offset=start, limit=2)
    ]
    assert by_offset == everyone
    pages, after = [], None
    while True:
        page = roster.search(reader, "", sort=sort, limit=2, after_id=after)
        if not page:
            break
        pages += page
        after = page[-1].id
    assert pages == everyone


def test_namesakes_come_in_id_order_on_every_engine_and_page_through_once(sekretariat) -> None:  # type: ignore[no-untyped-def]
    """The order ends with the name key and the id, compared byte by byte on both engines:
    namesakes (and titles, case or spaces that a locale's collation would weigh) keep one
    order, and keyset pages step through them without repeating or skipping anyone."""
    names = ["Budi Santoso", "budi santoso", "Drs. Budi Santoso", "Budi Santoso, S.Pd."]
    names += ["Budi  Santosa", "Budi-Santoso", "BUDI SANTOSO"]
    ids = [
        roster.create_person(sekretariat, roster.PersonFields(full_name=name)).id for name in names
    ]
    rows = roster.search(sekretariat, "budi")
    keys = [(roster.get_person(sekretariat, r.id).name_key, r.id) for r in rows]
    assert keys == sorted(keys) and sorted(r.id for r in rows) == sorted(ids)
    assert [k for k, _id in keys][:2] == ["budi santosa", "budi santoso"]
    for sort in (RosterSort(), RosterSort(descending=True), RosterSort("jabatan")):
        everyone = roster.search(sekretariat, "", sort=sort)
        pages, after = [], None
        while page := roster.search(sekretariat, "", sort=sort, limit=2, after_id=after):
            pages += page
            after = page[-1].id
        assert pages == everyone
    short = roster.search(sekretariat, "bu")  # a prefix under 3 characters: the name key
    assert [r.id for r in short] == [r.id for r in rows]
    roster.update_person(
        sekretariat, ids[0], roster.PersonChanges(full_name="Budi Abdullah")
    )  # now sorts first
    assert roster.search(sekretariat, "budi")[0].id == ids[0]
    assert roster.search(sekretariat, "budi", sort=RosterSort(descending=True))[-1].id == ids[0]


def test_history_of_an_imported_person_starts_with_the_import(sekretariat, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.services.roster_import import import_file

    sheet = tmp_path / "pegawai.csv"
    sheet.write_text("NAMA;NIP\nSiti Aminah;19900202 201503 2 001\n", encoding="utf-8")
    import_file(sekretariat, sheet, agency="Dinas Kesehatan")
    person_id = roster.search(sekretariat, "siti")[0].id
    roster.update_person(sekretariat, person_id, roster.PersonChanges(phone="0812 2700 1234"))
    actions = [(e.action, e.note) for e in roster.person_history(sekretariat, person_id)]
    assert actions == [("import", "impor pegawai.csv"), ("update", "")]
    assert audit.verify_chain(sekretariat.db).ok


def test_check_notices_a_search_index_out_of_step_and_reindex_repairs_it(
    roster_data, sekretariat
) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.services.check import check_search_index
    from tests.conftest import behind_the_program

    assert check_search_index(sekretariat).ok
    key = "person_id" if sekretariat.db.is_postgresql else "rowid"  # FTS5 rows have rowids
    behind_the_program(  # one person's index entry lost
        sekretariat,
        f"DELETE FROM person_search WHERE {key} = (SELECT min({key}) FROM person_search)",
    )
    item = check_search_index(sekretariat)
    assert not item.ok and "1 baris" in item.detail
    assert roster.rebuild_search(sekretariat) == 5
    assert check_search_index(sekretariat).ok
