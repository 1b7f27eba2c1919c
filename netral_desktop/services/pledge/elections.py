"""Elections a pledge is made for (Pemilu 2024 and Pilkada 2024 are seeded), and how a
pledge names them."""

from __future__ import annotations

from datetime import date

from netral_desktop.core.errors import ConflictError, ValidationError
from netral_desktop.core.pledge import ElectionKind
from netral_desktop.core.roles import Permission
from netral_desktop.core.roster import clean_text
from netral_desktop.i18n import _
from netral_desktop.services.context import ServiceContext
from netral_desktop.store import pledges as pledge_store
from netral_desktop.store.models import Election
from netral_desktop.store.pledges import ElectionRow as ElectionRow  # the window's row type

PEMILU_2024 = "018da4e9-c400-7000-8000-000000000001"
PILKADA_2024 = "01936aea-e800-7000-8000-000000000002"


def list_elections(ctx: ServiceContext) -> list[ElectionRow]:
    """Elections, newest first (Pemilu 2024 and Pilkada 2024 are always there)."""
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        return pledge_store.elections(session)


def create_election(
    ctx: ServiceContext,
    *,
    name: str,
    kind: str = ElectionKind.LAINNYA,
    year: int | None = None,
    voting_date: date | str | None = None,
) -> ElectionRow:
    """Add an election (a re-vote, a by-election, the next Pemilu)."""
    ctx.require(Permission.PLEDGE_WRITE)
    name = clean_text(name)
    if not name:
        raise ValidationError(_("Nama pemilihan wajib diisi."), code="election_name_missing")
    try:
        kind = ElectionKind(str(kind).lower())
    except ValueError:
        raise ValidationError(
            _("Jenis pemilihan '{kind}' tidak dikenal: pilih pemilu, pilkada atau lainnya.").format(
                kind=kind
            ),
            code="election_kind_unknown",
        ) from None
    voting = None
    if voting_date:
        try:
            voting = (
                voting_date if isinstance(voting_date, date) else date.fromisoformat(voting_date)
            )
        except ValueError:
            raise ValidationError(
                _("Tanggal pemungutan suara '{value}' tidak sah (format TTTT-BB-HH).").format(
                    value=voting_date
                )
            ) from None
    year = year or (voting.year if voting else None)
    if not year:
        raise ValidationError(_("Tahun pemilihan wajib diisi."), code="election_year_missing")
    with ctx.db.write_session() as session:
        if pledge_store.election_name_taken(session, name=name):
            raise ConflictError(
                _("Pemilihan '{name}' sudah ada.").format(name=name), code="election_name_taken"
            )
        election = Election(
            id="",
            origin="",
            created_at="",
            updated_at="",
            updated_by="",
            name=name,
            kind=kind.value,
            year=int(year),
            voting_date=voting.isoformat() if voting else None,
        )
        ctx.insert_synced(session, election, action="create")
        return ElectionRow(
            election.id, election.name, election.kind, election.year, election.voting_date
        )


def election_words(name: str, kind: str, year: int | None) -> str:
    """The election as a pledge says it: "Pemilihan Umum Tahun 2024". Official wording,
    printed in Indonesian whatever the window's language (so are organisers' names)."""
    if kind == ElectionKind.PEMILU and year:
        return f"Pemilihan Umum Tahun {year}"
    if kind == ElectionKind.PILKADA and year:
        return f"Pemilihan Serentak Tahun {year}"
    return name or "Pemilihan Umum dan Pemilihan Serentak"
