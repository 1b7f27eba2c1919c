"""Demo roster data: realistic, consistent, deterministic."""

from __future__ import annotations

import random
from collections import Counter

from netral_desktop.config import HomeLayout
from netral_desktop.core import wilayah
from netral_desktop.core.identifiers import parse_ni_pppk_layout, parse_nip
from netral_desktop.demo.roster import demo_agencies, demo_people
from netral_desktop.services import audit, roster
from netral_desktop.store.search import search_index_mismatches
from tests.conftest import forget_secrets


def test_district_agencies_use_the_office_kecamatan() -> None:
    agencies = demo_agencies("34.02", "district", random.Random(1))
    assert len(agencies) == 60
    names = {a.name for a in agencies}
    assert {f"Kecamatan {k.name}" for k in wilayah.kecamatan_of("34.02")} <= names
    assert {"Dinas Kesehatan", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"} <= names
    assert any(n.startswith("SD Negeri") for n in names)
    assert any(n.startswith("RSUD") for n in names)


def test_people_have_consistent_identifiers_and_realistic_ranks() -> None:
    agencies = demo_agencies("34.02", "district", random.Random(2))
    people = list(demo_people(agencies, 3000, "34.02", random.Random(2)))
    statuses = Counter(p.status for p in people)
    assert statuses["pns"] > statuses["pppk"] > statuses["non_asn"] > 0
    mismatched = 0
    for person in people:
        if person.nip:
            nip = parse_nip(person.nip)  # valid: birth date, appointment at 18+, sex digit
            mismatched += nip.sex.value != person.sex
            assert person.pangkat_golongan.split(", ")[-1] in {
                f"{r}/{x}" for r in ("II", "III", "IV") for x in "abcde"
            }
        if person.ni_pppk:  # the real layout: birth date, year, "21", sex digit, sequence
            pppk = parse_ni_pppk_layout(person.ni_pppk)
            assert pppk.sex.value == person.sex and 2019 <= pppk.appointment_year <= 2023
            assert person.pangkat_golongan in {"V", "VII", "IX", "X"}
        if person.nik:
            assert wilayah.region(f"{person.nik[:2]}.{person.nik[2:4]}.{person.nik[4:6]}")
    assert 0 < mismatched < len(people) * 0.02  # a few typing slips for the problems filter
    titled = [p.full_name for p in people if "," in p.full_name or "." in p.full_name]
    assert len(titled) > len(people) / 2
    assert any(p.full_name.startswith(("H. ", "Hj. ")) for p in people)
    assert any(p.full_name.startswith("dr. ") for p in people)


def test_same_seed_same_people() -> None:
    def names(seed: int) -> list[str]:
        rng = random.Random(seed)
        return [
            p.full_name for p in demo_people(demo_agencies("34.02", "small", rng), 50, "34.02", rng)
        ]

    assert names(5) == names(5)
    assert names(5) != names(6)


def test_small_demo_has_a_searchable_roster(layout: HomeLayout, real_keyring: None) -> None:
    from netral_desktop.demo.office import create_demo
    from netral_desktop.demo.roster import add_demo_roster
    from netral_desktop.services.setup import open_key_store

    result = create_demo(layout, scale="small")
    try:
        assert result.counts["pegawai"] == 300
        assert result.counts["instansi"] == 12
        ctx = result.ctx
        assert add_demo_roster(ctx, "small") == 0  # a second run adds no duplicates
        assert roster.count(ctx, "") == 300
        assert roster.count(ctx, "", roster.RosterFilter(problems_only=True)) > 0
        with ctx.db.read_session() as session:
            assert search_index_mismatches(session) == 0
        assert audit.verify_chain(ctx.db).ok
    finally:
        forget_secrets(open_key_store(result.ctx))
        result.ctx.db.dispose()
