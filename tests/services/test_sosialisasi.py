"""Socialization events: recording them, the list's filters, attendance through the pledge
services, photos and materials, and the office's reach (both engines)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from netral_desktop.core.errors import ConflictError, PermissionDenied, ValidationError
from netral_desktop.services import pledge, sosialisasi
from netral_desktop.services.context import ServiceContext
from tests.pledge_samples import build_roster
from tests.sosialisasi_samples import BANGUNTAPAN, audience, fields, jpeg


def test_an_event_is_named_as_bantul_names_its_regions(staf: ServiceContext) -> None:
    event_id = sosialisasi.create_event(
        staf, fields(audience_ids=audience(staf, "Perangkat Desa", "BPD"), organiser="panwaslu")
    )
    event = sosialisasi.get_event(staf, event_id)
    assert event.kecamatan_name == "Sewon"
    assert event.place == ("Balai Kalurahan Pendowoharjo, Kalurahan Pendowoharjo, Kapanewon Sewon")
    assert event.organiser == "Panwaslu Kapanewon Sewon"
    assert event.audience == ("Perangkat Desa", "BPD")
    assert [s.name for s in event.speakers] == ["Dra. Sri Mulyani", "Agus Riyanto, S.H."]
    assert (event.participants_total, event.reached, event.held) == (64, 64, True)
    assert f"{event.ends_at:%H:%M}" == "12:00"


def test_socialization_events_stay_out_of_the_pledge_list(staf: ServiceContext) -> None:
    sosialisasi.create_event(staf, fields())
    assert pledge.list_events(staf) == []
    assert [row.title for row in sosialisasi.list_events(staf)] == [fields().title]


def test_a_future_event_cannot_be_marked_held_and_nothing_is_written(
    staf: ServiceContext,
) -> None:
    with pytest.raises(ValidationError, match="belum berlangsung") as caught:
        sosialisasi.create_event(staf, fields(starts_at="2024-06-01 09:00", held=True))
    assert caught.value.code == "held_in_future"
    assert sosialisasi.list_events(staf) == []
    event_id = sosialisasi.create_event(staf, fields(starts_at="2024-06-01 09:00", held=False))
    with pytest.raises(ValidationError, match="belum berlangsung"):
        sosialisasi.set_held(staf, event_id)
    assert sosialisasi.get_event(staf, event_id).held is False


def test_counts_are_checked(staf: ServiceContext) -> None:
    with pytest.raises(ValidationError, match="lebih kecil dari laki-laki"):
        sosialisasi.create_event(staf, fields(participants_total=50))
    with pytest.raises(ValidationError, match="bilangan bulat"):
        sosialisasi.create_event(staf, fields(participants_male="tiga puluh"))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"bukan kecamatan"):
        sosialisasi.create_event(staf, fields(kecamatan_code="33.01.01"))
    with pytest.raises(ValidationError, match="Jam selesai lebih awal"):
        sosialisasi.create_event(staf, fields(ends_at="08:00"))
    event_id = sosialisasi.create_event(
        staf, fields(participants_total=None, participants_male=10, participants_female=12)
    )
    assert sosialisasi.get_event(staf, event_id).participants_total == 22


def test_attendance_uses_the_pledge_services_and_bounds_the_participant_count(
    admin: ServiceContext, staf: ServiceContext
) -> None:
    ids = build_roster(admin)
    event_id = sosialisasi.create_event(
        staf, fields(participants_male=None, participants_female=None, participants_total=None)
    )
    result = pledge.invite(staf, event_id, pledge.InviteCriteria(agency_ids=(ids["sewon"],)))
    assert result.added == 3
    for who in ("Budi Santoso, S.IP.", "Ni Luh", "Agus Salim"):
        assert pledge.mark(staf, event_id, who).outcome == pledge.MarkOutcome.MARKED
    pledge.add_walk_in(staf, event_id, full_name="Sumarni", agency_name="Kalurahan Pendowoharjo")
    event = sosialisasi.get_event(staf, event_id)
    assert (event.invited, event.present, event.reached) == (3, 4, 4)
    with pytest.raises(ValidationError, match="sudah ditandai hadir") as caught:
        sosialisasi.update_event(staf, event_id, replace(event.fields(), participants_total=3))
    assert caught.value.code == "participants_invalid"
    assert sosialisasi.get_event(staf, event_id).participants_total is None
    sosialisasi.update_event(staf, event_id, replace(event.fields(), participants_total=40))
    assert sosialisasi.get_event(staf, event_id).reached == 40


def test_staff_may_not_mark_a_pledge_ceremony_nor_the_secretariat_record_sosialisasi(
    admin: ServiceContext, staf: ServiceContext, sekretariat: ServiceContext
) -> None:
    from tests.pledge_samples import new_event

    ids = build_roster(admin)
    ceremony = new_event(admin)
    pledge.invite(admin, ceremony, pledge.InviteCriteria(agency_ids=(ids["sewon"],)))
    with pytest.raises(PermissionDenied):
        pledge.mark(staf, ceremony, "Agus Salim")
    with pytest.raises(PermissionDenied):
        sosialisasi.create_event(sekretariat, fields())
    # The secretariat keeps attendance of any event, socialization ones included.
    event_id = sosialisasi.create_event(staf, fields())
    pledge.invite(sekretariat, event_id, pledge.InviteCriteria(agency_ids=(ids["sewon"],)))
    assert pledge.mark(sekretariat, event_id, "Agus Salim").outcome == pledge.MarkOutcome.MARKED


def test_speakers_are_changed_in_place_and_removed_as_tombstones(staf: ServiceContext) -> None:
    event_id = sosialisasi.create_event(staf, fields())
    event = sosialisasi.get_event(staf, event_id)
    speakers = (sosialisasi.Speaker("Dra. Sri Mulyani", "Bawaslu DIY", "Netralitas ASN"),)
    sosialisasi.update_event(staf, event_id, replace(event.fields(), speakers=speakers))
    changed = sosialisasi.get_event(staf, event_id)
    assert changed.speakers == speakers
    assert changed.revision > event.revision
    with pytest.raises(ValidationError, match="narasumber ke-2"):
        sosialisasi.update_event(
            staf,
            event_id,
            replace(event.fields(), speakers=(*speakers, sosialisasi.Speaker("", "BKPSDM", ""))),
        )
    with pytest.raises(ConflictError):
        sosialisasi.update_event(staf, event_id, event.fields(), expected_revision=event.revision)


def test_the_list_filters_by_period_kecamatan_audience_organiser_and_words(
    staf: ServiceContext,
) -> None:
    from datetime import date

    teachers = sosialisasi.add_segment(staf, "Guru PAUD")
    with pytest.raises(ConflictError):
        sosialisasi.add_segment(staf, "guru paud")
    first = sosialisasi.create_event(staf, fields(audience_ids=(teachers.id,)))
    second = sosialisasi.create_event(
        staf,
        fields(
            title="Sosialisasi Pengawasan Partisipatif",
            starts_at="2024-04-02 13:00",
            ends_at="16:00",
            kecamatan_code=BANGUNTAPAN,
            desa_name="Baturetno",
            venue="Aula Kapanewon",
            organiser="mitra",
            partner_name="KIPP DIY",
            audience_ids=audience(staf, "Pemilih Pemula"),
        ),
    )

    def ids(**filters: object) -> list[str]:
        return [row.id for row in sosialisasi.list_events(staf, **filters)]  # type: ignore[arg-type]

    assert ids() == [first, second]
    assert ids(since=date(2024, 5, 1)) == [first]
    assert ids(until=date(2024, 4, 2)) == [second]
    assert ids(kecamatan_code=BANGUNTAPAN) == [second]
    assert ids(audience_id=teachers.id) == [first]
    assert ids(organiser="mitra") == [second]
    assert ids(query="baturetno") == [second]
    assert sosialisasi.count_events(staf, organiser="bawaslu") == 1
    row = sosialisasi.list_events(staf, organiser="mitra")[0]
    assert (row.organiser, row.place) == ("KIPP DIY", "Kalurahan Baturetno, Kapanewon Banguntapan")


def test_photos_are_images_big_ones_are_downscaled_for_the_report(staf: ServiceContext) -> None:
    from PIL import Image

    from netral_desktop.services.sosialisasi import files

    event_id = sosialisasi.create_event(staf, fields())
    with pytest.raises(ValidationError, match="bukan gambar") as caught:
        sosialisasi.add_photo(staf, event_id, b"GIF89a not a photo", original_name="x.gif")
    assert caught.value.code == "photo_type"
    with pytest.raises(ValidationError, match="ini PDF"):
        sosialisasi.add_photo(staf, event_id, b"%PDF-1.4\n...", original_name="materi.pdf")
    big = jpeg(7700, 5200)  # a 40 MP camera photo
    added = sosialisasi.add_photo(
        staf, event_id, big, original_name="DSC0001.JPG", caption="Pembukaan"
    )
    assert sosialisasi.file_bytes(staf, added.attachment.id) == big  # the original, untouched
    copy = files.report_copy(staf, added.attachment)
    with Image.open(__import__("io").BytesIO(copy)) as image:
        assert max(image.size) == 900
    assert len(copy) < 200_000
    assert [p.caption for p in sosialisasi.photos(staf, event_id)] == ["Pembukaan"]


def test_a_photo_past_the_pixel_limit_is_refused_before_decoding(staf: ServiceContext) -> None:
    import io

    from PIL import Image

    event_id = sosialisasi.create_event(staf, fields())
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, format="PNG")
    with pytest.raises(ValidationError, match="terlalu besar") as caught:
        sosialisasi.add_photo(staf, event_id, out.getvalue(), original_name="besar.png")
    assert caught.value.code == "photo_too_large"
    assert sosialisasi.photos(staf, event_id) == []


def test_materials_take_office_files_but_not_anything(staf: ServiceContext) -> None:
    import io
    import zipfile

    event_id = sosialisasi.create_event(staf, fields())
    slides = io.BytesIO()
    with zipfile.ZipFile(slides, "w") as archive:
        archive.writestr("ppt/presentation.xml", "<p/>")
    sosialisasi.add_material(staf, event_id, slides.getvalue(), original_name="materi.pptx")
    with pytest.raises(ValidationError, match="tidak dikenali sebagai materi"):
        sosialisasi.add_material(staf, event_id, b"MZ\x90\x00", original_name="materi.exe")
    assert [m.original_name for m in sosialisasi.materials(staf, event_id)] == ["materi.pptx"]


def test_reach_by_month_and_kecamatan(staf: ServiceContext) -> None:
    sosialisasi.create_event(staf, fields())
    sosialisasi.create_event(
        staf,
        fields(
            starts_at="2024-03-05 09:00",
            kecamatan_code=BANGUNTAPAN,
            participants_male=None,
            participants_female=None,
            participants_total=25,
        ),
    )
    sosialisasi.create_event(staf, fields(starts_at="2024-06-01 09:00", held=False))
    figures = sosialisasi.reach(staf)
    assert figures.election_name == "Pilkada 2024"
    assert (figures.events, figures.people) == (2, 89)
    assert [(m.label, m.events, m.people) for m in figures.by_month] == [
        ("Mar 2024", 1, 25),
        ("Apr 2024", 0, 0),
        ("Mei 2024", 1, 64),
    ]
    by_name = {k.label: (k.events, k.people) for k in figures.by_kecamatan}
    assert len(by_name) == 17  # every kapanewon of Bantul, those without events too
    assert by_name["Sewon"] == (1, 64) and by_name["Banguntapan"] == (1, 25)
    assert by_name["Dlingo"] == (0, 0)
    assert figures.terms.kecamatan == "Kapanewon"


def test_an_event_is_found_by_the_end_of_its_id_and_a_shared_start_is_questioned(
    staf: ServiceContext,
) -> None:
    from netral_desktop.core.errors import NotFoundError

    first = sosialisasi.create_event(staf, fields())
    second = sosialisasi.create_event(staf, fields(title="Sosialisasi kedua"))
    assert sosialisasi.find_event_id(staf, first[-8:]) == first
    # UUIDv7: ids made within a minute share their first 8 characters (the clock).
    shared = next(n for n in range(36, 0, -1) if first[:n] == second[:n])
    assert shared >= 8
    with pytest.raises(NotFoundError, match="lebih dari satu kegiatan"):
        sosialisasi.find_event_id(staf, first[:shared])
    with pytest.raises(NotFoundError, match="netral sosialisasi list"):
        sosialisasi.find_event_id(staf, "tidak-ada-1234")
