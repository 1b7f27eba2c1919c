"""The typed inputs of the roster and event services: a misspelt field fails at the call,
and an edit carries only the fields it names."""

from __future__ import annotations

from datetime import date

import pytest

from netral_desktop.core.inputs import (
    UNSET,
    AgencyChanges,
    AgencyFields,
    EventChanges,
    EventFields,
    PersonChanges,
    PersonFields,
    changed,
    field_names,
)


@pytest.mark.parametrize(
    ("whole", "edit"),
    [(PersonFields, PersonChanges), (AgencyFields, AgencyChanges), (EventFields, EventChanges)],
)
def test_an_edit_names_the_same_fields_as_the_record(whole: type, edit: type) -> None:
    assert field_names(whole) == field_names(edit)
    assert changed(edit()) == {}


def test_a_misspelt_field_is_refused_at_the_call() -> None:
    with pytest.raises(TypeError):
        PersonFields(fullname="Ani")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        EventChanges(tempat="Aula")  # type: ignore[call-arg]


def test_changed_keeps_given_values_even_empty_ones() -> None:
    changes = PersonChanges(jabatan="Bidan", phone=None, nik="")
    assert changes.full_name is UNSET
    assert changed(changes) == {"jabatan": "Bidan", "phone": None, "nik": ""}


def test_every_turns_a_whole_form_into_an_edit_of_every_field() -> None:
    form = PersonFields(full_name="Ani", birth_date=date(1990, 2, 2), agency_id="a1")
    every = changed(PersonChanges.every(form))
    assert every == {name: getattr(form, name) for name in field_names(form)}
    event = EventFields(title="Apel", invited_agency_ids=("a1", "a2"))
    assert changed(EventChanges.every(event))["invited_agency_ids"] == ("a1", "a2")
