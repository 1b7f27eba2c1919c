"""Invitations: from the roster by agency, unit, status or person, each person once, with their
roster details kept."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from netral_desktop.core.errors import ValidationError
from netral_desktop.services import audit, pledge
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.pledge import InviteCriteria
from tests.pledge_samples import build_roster, new_event


def test_inviting_an_agency_adds_its_active_people_once(sekretariat: ServiceContext) -> None:
    ids = build_roster(sekretariat)
    event_id = new_event(sekretariat)
    preview = pledge.invite_preview(
        sekretariat, event_id, InviteCriteria(agency_ids=(ids["dinkes"],))
    )
    assert (preview.added, preview.already) == (5, 0)
    first = pledge.invite_agency(sekretariat, event_id, ids["dinkes"])
    assert (first.added, first.already) == (5, 0)  # Joko is no longer active
    again = pledge.invite_agency(sekretariat, event_id, ids["dinkes"])
    assert (again.added, again.already) == (0, 5)
    names = {r.full_name for r in pledge.list_invitees(sekretariat, event_id)}
    assert "Joko Pensiun" not in names and "Sri Wahyuni, S.Kep." in names
    event = pledge.get_event(sekretariat, event_id)
    assert [name for _id, name in event.invited_agencies] == ["Dinas Kesehatan"]
    with sekretariat.db.read_session() as session:
        invites = session.execute(
            text("SELECT count(*) FROM audit_log WHERE action = 'invite'")
        ).scalar()
    assert invites == 5
    assert audit.verify_chain(sekretariat.db).ok


def test_inviting_by_unit_status_or_person(sekretariat: ServiceContext) -> None:
    ids = build_roster(sekretariat)
    event_id = new_event(sekretariat)
    by_unit = pledge.invite(sekretariat, event_id, InviteCriteria(unit_kerja="puskesmas sewon i"))
    assert by_unit.added == 2
    by_status = pledge.invite(sekretariat, event_id, InviteCriteria(statuses=("pppk",)))
    assert by_status.added == 1
    one = pledge.invite_person(sekretariat, event_id, ids["agus"])
    assert one.added == 1
    assert pledge.invite_person(sekretariat, event_id, ids["agus"]).already == 1
    assert pledge.count_invitees(sekretariat, event_id) == 4
    assert ("Puskesmas Sewon I", 2) in pledge.units_of(sekretariat, ids["dinkes"])
    with pytest.raises(ValidationError):
        pledge.invite(sekretariat, event_id, InviteCriteria())


def test_invitees_keep_their_roster_details(
    pledge_setup: tuple[ServiceContext, dict[str, str], str],
) -> None:
    ctx, _ids, event_id = pledge_setup
    rows = {r.full_name: r for r in pledge.list_invitees(ctx, event_id)}
    sri = rows["Sri Wahyuni, S.Kep."]
    assert (sri.nip, sri.agency_name, sri.unit_kerja) == (
        "198501012010012003",
        "Dinas Kesehatan",
        "Puskesmas Sewon I",
    )
    assert rows["Rina Lestari"].nip == "199001012022212001"  # the NI PPPK
    assert rows["Agus Salim"].nip is None
    # Listed by agency, then by name without titles.
    order = [r.full_name for r in pledge.list_invitees(ctx, event_id)]
    assert order[:2] == ["dr. Andi Ma'ruf", "Budi Santoso"]
    assert order[-1] == "Ni Luh Putu Ayu Pradnya-Dewi"


def test_the_event_form_invites_its_agencies_on_save(sekretariat: ServiceContext) -> None:
    from dataclasses import replace

    from tests.pledge_samples import SAMPLE_EVENT

    ids = build_roster(sekretariat)
    dinkes = InviteCriteria(agency_ids=(ids["dinkes"],))
    # The count the form shows before the event exists.
    assert pledge.invite_preview(sekretariat, None, dinkes) == pledge.InviteResult(5, 0)
    fields = replace(SAMPLE_EVENT, invited_agency_ids=(ids["dinkes"],))
    event = pledge.create_event(sekretariat, fields, invite=True)
    assert pledge.counts(sekretariat, event.id).invited == 5
    # Ticking the second agency later invites its people; nobody is invited twice.
    changes = pledge.EventChanges(invited_agency_ids=(ids["dinkes"], ids["sewon"]))
    pledge.update_event(sekretariat, event.id, changes, invite=True)
    assert pledge.counts(sekretariat, event.id).invited == 8
    # Unticking keeps the people on the list (they may have been marked).
    changes = pledge.EventChanges(invited_agency_ids=(ids["sewon"],))
    pledge.update_event(sekretariat, event.id, changes, invite=True)
    assert pledge.counts(sekretariat, event.id).invited == 8
    # Without ``invite`` the agencies are only recorded, as before.
    plain = pledge.create_event(sekretariat, fields)
    assert pledge.counts(sekretariat, plain.id).invited == 0
    assert audit.verify_chain(sekretariat.db).ok
