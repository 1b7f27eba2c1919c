"""Case samples shared by the case tests (services, command line): the office's people
and a report as a Bantul office would record it."""

from __future__ import annotations

from typing import Any

from netral_desktop.services import cases
from netral_desktop.services.context import ServiceContext

PASSWORDS = {"dodi": "rahasia-dodi-1", "kiki": "rahasia-kiki-1"}
REPORTER_NAME = "Suryaningsih Widyastuti"
REPORTER_NIK = "3402084512800003"  # Bantul, Sewon; woman born 5 Dec 1980
WITNESS_NAME = "Bambang Hartono Sastro"
WITNESS_NIK = "3402081703750002"
PEMILU_2024 = "018da4e9-c400-7000-8000-000000000001"
PILKADA_2024 = "01936aea-e800-7000-8000-000000000002"
SEWON = "34.02.15"


def user(admin: ServiceContext, username: str, role: str) -> ServiceContext:
    from netral_desktop.services.accounts import authenticate, create_user

    create_user(
        admin,
        username=username,
        full_name=username.title(),
        role=role,
        password=PASSWORDS[username],
    )
    return admin.as_actor(authenticate(admin, username, PASSWORDS[username]))


def reporter(**changes: Any) -> cases.PartyFields:
    values: dict[str, Any] = {
        "role": "pelapor",
        "name": REPORTER_NAME,
        "nik": REPORTER_NIK,
        "address": "Jl. Parangtritis Km 5, Sewon, Bantul",
        "phone": "0812-2700-1234",
        "occupation": "Wiraswasta",
        "birth_place": "Bantul",
        "birth_date": "1980-12-05",
        "gender": "P",
        "standing": "pemilih",
    }
    values.update(changes)
    return cases.PartyFields(**values)


def witness(**changes: Any) -> cases.PartyFields:
    values: dict[str, Any] = {"role": "saksi", "name": WITNESS_NAME, "nik": WITNESS_NIK}
    values.update(changes)
    return cases.PartyFields(**values)


def subject(**changes: Any) -> cases.SubjectFields:
    values: dict[str, Any] = {
        "full_name": "Drs. Heru Prasetyo, M.Si.",
        "kind": "pns",
        "jabatan": "Kepala Dinas Pendidikan",
        "agency_name": "Dinas Pendidikan Kabupaten Bantul",
    }
    values.update(changes)
    return cases.SubjectFields(**values)


def report(**changes: Any) -> cases.CaseFields:
    """A report of a civil servant campaigning on social media, received 13 May 2024."""
    values: dict[str, Any] = {
        "origin": "laporan",
        "title": "Kepala dinas mengunggah dukungan kepada bakal calon di media sosial",
        "election_id": PILKADA_2024,
        "account": (
            "Pada 8 Mei 2024 terlapor mengunggah foto bersama bakal calon bupati dengan "
            "keterangan ajakan memilih di akun Facebook pribadinya."
        ),
        "event_date": "2024-05-08",
        "known_date": "2024-05-09",
        "received_date": "2024-05-13",
        "kecamatan_code": SEWON,
        "place": "Akun Facebook terlapor",
        "stage": "sebelum_penetapan",
        "subjects": (subject(),),
        "parties": (reporter(),),
    }
    values.update(changes)
    return cases.CaseFields(**values)
