"""A small roster for the pledge tests: people whose names and NIPs exercise the door."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

from netral_desktop.services import pledge, roster
from netral_desktop.services.context import ServiceContext

# key: (full name, NIP or NI PPPK, status, agency key, unit)
PEOPLE: dict[str, tuple[str, str, str, str, str]] = {
    "sri": ("Sri Wahyuni, S.Kep.", "198501012010012003", "pns", "dinkes", "Puskesmas Sewon I"),
    "sri2": (
        "Sri Wahyuningsih, A.Md.Keb.",
        "198703152011012004",
        "pns",
        "dinkes",
        "Puskesmas Sewon I",
    ),
    "budi": ("Budi Santoso", "197005121998031004", "pns", "dinkes", "Sekretariat"),
    "andi": ("dr. Andi Ma'ruf", "198208082010011005", "pns", "dinkes", "Puskesmas Bantul I"),
    "rina": ("Rina Lestari", "199001012022212001", "pppk", "dinkes", "Sekretariat"),
    "joko": ("Joko Pensiun", "196401011990031001", "pns", "dinkes", "Sekretariat"),
    "budi2": ("Budi Santoso, S.IP.", "197507152000031002", "pns", "sewon", "Seksi Pemerintahan"),
    "niluh": (
        "Ni Luh Putu Ayu Pradnya-Dewi",
        "199203042019022001",
        "pns",
        "sewon",
        "Seksi Pelayanan Umum",
    ),
    "agus": ("Agus Salim", "", "non_asn", "sewon", "Sekretariat"),
}
AGENCIES = {"dinkes": "Dinas Kesehatan", "sewon": "Kecamatan Sewon"}
HEADS = {"dinkes": "dr. Hj. Endang Sri Rahayu, M.Kes.", "sewon": "Drs. Bambang Purwanto"}


def build_roster(ctx: ServiceContext) -> dict[str, str]:
    """The agencies and people above (Joko is no longer active); returns ids by key."""
    ids: dict[str, str] = {}
    for key, name in AGENCIES.items():
        ids[key] = roster.create_agency(
            ctx, roster.AgencyFields(name=name, head_name=HEADS[key])
        ).id
    for key, (name, number, status, agency, unit) in PEOPLE.items():
        fields = roster.PersonFields(
            full_name=name,
            status=status,
            nip=number if status != "pppk" and number else None,
            ni_pppk=number if status == "pppk" else None,
            agency_id=ids[agency],
            unit_kerja=unit,
            jabatan="Pengelola Layanan",
        )
        ids[key] = roster.create_person(ctx, fields).id
    roster.deactivate_person(ctx, ids["joko"])
    return ids


SAMPLE_EVENT = pledge.EventFields(
    title="Apel Ikrar Netralitas ASN Pemerintah Kabupaten Bantul",
    election_id=pledge.PILKADA_2024,
    starts_at="2024-09-10 08:00",
    place="Lapangan Trirenggo",
    organiser_kind="pemda",
    signer_name="Dewi Anggraini, S.E.",
    signer_position="Kepala Sekretariat Bawaslu Kabupaten Bantul",
    signer_nip="19800517 200501 2 003",
)


def new_event(ctx: ServiceContext, **fields: Any) -> str:
    """A sample event with ``fields`` changed (names as in ``pledge.EventFields``)."""
    return pledge.create_event(ctx, replace(SAMPLE_EVENT, **fields)).id


def png_bytes(size: tuple[int, int] = (400, 300), color: str = "white") -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, color)
    ImageDraw.Draw(image).rectangle((20, 20, size[0] - 20, size[1] - 20), outline="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes(size: tuple[int, int] = (1600, 1200)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "gray").save(out, format="JPEG", quality=80)
    return out.getvalue()
