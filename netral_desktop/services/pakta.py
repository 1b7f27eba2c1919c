"""The pakta integritas netralitas of an agency (forms/pakta_integritas): its active civil
servants from the roster, each on a line to sign under the statement, under the agency's own
heading (the Pemda's, with the agency's name and address) and signed off by its head.

Importing this module registers the ``pakta_integritas`` data provider: ``netral doc render
pakta_integritas AGENCY_ID -o pakta.pdf``. RECORD may end with ``@ELECTION_ID`` to name the
election; without it the next election by voting date (else the latest) is used.
"""

from __future__ import annotations

from datetime import date

from netral_desktop.config import resources_dir
from netral_desktop.core.identifiers import format_nip
from netral_desktop.core.roles import Permission
from netral_desktop.core.roster import PersonStatus
from netral_desktop.services import documents, pledge, roster
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.documents import RecordData, local_today
from netral_desktop.services.pledge.events import fill_pledge, with_region

FORM = "pakta_integritas"
TEMPLATE = resources_dir() / "ikrar" / "pakta_integritas.txt"


def statement_template() -> str:
    lines = TEMPLATE.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("#")).strip()


def _election(
    ctx: ServiceContext, election_id: str | None, today: date
) -> pledge.ElectionRow | None:
    found = pledge.list_elections(ctx)
    if election_id:
        return next((e for e in found if e.id == election_id), None)
    coming = sorted(
        (e for e in found if e.voting_date and e.voting_date >= today.isoformat()),
        key=lambda e: e.voting_date or "",
    )
    return coming[0] if coming else (found[0] if found else None)


def pakta_data(ctx: ServiceContext, record: str) -> RecordData:
    """The pakta of the agency ``record`` (``AGENCY_ID`` or ``AGENCY_ID@ELECTION_ID``)."""
    from netral_desktop.pdf.render import OfficeInfo

    ctx.require(Permission.ROSTER_READ)
    agency_id, _at, election_id = record.partition("@")
    agency = roster.get_agency(ctx, agency_id)
    office = current_office(ctx)
    region = pledge.region_words(office)
    today = local_today(ctx)
    election = _election(ctx, election_id or None, today)
    words = pledge.election_words(
        election.name if election else "",
        election.kind if election else "",
        election.year if election else None,
    )
    name = with_region(agency.name, region)
    statement = fill_pledge(statement_template(), name, words, election.kind if election else "")
    rows = []
    for person in roster.agency_employees(ctx, agency_id):
        try:
            status = PersonStatus(person.get("status") or "").label
        except ValueError:
            status = ""
        rows.append(
            {
                "nama": person["nama"],
                "nip": format_nip(person["nip"]) if person["nip"] else "",
                "status": status,
                "jabatan": person["jabatan"],
            }
        )
    heading = OfficeInfo(
        name=agency.name,
        address=agency.address,
        city=office.city,
        kop=(f"Pemerintah {region}", agency.name),
    )
    return RecordData(
        kind="instansi",
        id=record,
        label=f"Pakta integritas {agency.name}"[:300],
        values={
            "instansi": name,
            "pemilihan": words,
            "pernyataan": [p.strip() for p in statement.split("\n\n") if p.strip()],
            "tempat_ttd": office.city,
            "tanggal": today,
            "jabatan_penanda_tangan": f"Kepala {name}",
            "nama_penanda_tangan": agency.head_name,
            "nip_penanda_tangan": format_nip(agency.head_nip) if agency.head_nip else "",
            "pegawai": rows,
        },
        heading=heading,
    )


documents.register_provider(FORM, pakta_data)
