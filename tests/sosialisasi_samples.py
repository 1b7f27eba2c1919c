"""Socialization events for the tests: a held one in Sewon with speakers and counts."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

from netral_desktop.services import pledge, sosialisasi
from netral_desktop.services.context import ServiceContext

SEWON = "34.02.15"
BANGUNTAPAN = "34.02.12"


def fields(**changes: Any) -> sosialisasi.SosialisasiFields:
    """A socialization event held on 2024-05-10 (before the tests' clock, 2024-05-14)."""
    base = sosialisasi.SosialisasiFields(
        title="Sosialisasi Netralitas ASN bagi Perangkat Kalurahan",
        election_id=pledge.PILKADA_2024,
        starts_at="2024-05-10 09:00",
        ends_at="12:00",
        kecamatan_code=SEWON,
        desa_name="Pendowoharjo",
        venue="Balai Kalurahan Pendowoharjo",
        organiser="bawaslu",
        method="tatap_muka",
        participants_male=30,
        participants_female=34,
        participants_total=64,
        held=True,
        minutes="1. Narasumber menjelaskan larangan ASN berpolitik praktis.\n\n"
        "2. Peserta bertanya tentang media sosial.",
        follow_up="Panwaslu Kapanewon Sewon memantau unggahan media sosial perangkat.",
        speakers=(
            sosialisasi.Speaker("Dra. Sri Mulyani", "Bawaslu Kabupaten Bantul", "Netralitas ASN"),
            sosialisasi.Speaker("Agus Riyanto, S.H.", "BKPSDM Bantul", "Sanksi disiplin ASN"),
        ),
        signer_name="Dewi Anggraini, S.E.",
        signer_position="Kepala Sekretariat",
        signer_nip="198005172005012003",
        supervisor_name="Hendra Wijaya",
        supervisor_position="Staf Divisi Pencegahan",
        assignment_number="012/PM.01/K.DI-02/05/2024",
        stage="Sosialisasi netralitas ASN",
    )
    return replace(base, **changes)


def audience(ctx: ServiceContext, *names: str) -> tuple[str, ...]:
    return tuple(sosialisasi.segment_id(ctx, name) for name in names)


def jpeg(width: int = 640, height: int = 480, color: tuple[int, int, int] = (200, 80, 40)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="JPEG", quality=80)
    return out.getvalue()
