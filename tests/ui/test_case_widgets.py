"""The case screens' small parts: the deadline badge (days left, overdue in red, the
article as its tooltip) and the timeline over plain entries."""

from __future__ import annotations

from datetime import date, datetime

from netral_desktop.ui.pages.cases.deadline_badge import DeadlineBadge, days_left_words, state_of
from netral_desktop.ui.pages.cases.timeline import Timeline, TimelineEntry

TUESDAY = date(2024, 5, 14)


def test_days_left_in_words() -> None:
    assert days_left_words(date(2024, 5, 17), TUESDAY) == "3 hari lagi"
    assert days_left_words(date(2024, 5, 15), TUESDAY) == "besok"
    assert days_left_words(TUESDAY, TUESDAY) == "hari ini"
    assert days_left_words(date(2024, 5, 12), TUESDAY) == "lewat 2 hari"


def test_near_and_overdue_states() -> None:
    assert state_of(None, TUESDAY) == "none"
    assert state_of(date(2024, 5, 20), TUESDAY) == "ok"
    assert state_of(date(2024, 5, 16), TUESDAY) == "near"
    assert state_of(TUESDAY, TUESDAY) == "near"
    assert state_of(date(2024, 5, 13), TUESDAY) == "overdue"


def test_the_badge_shows_the_due_day_and_the_article(qtbot) -> None:  # type: ignore[no-untyped-def]
    badge = DeadlineBadge()
    qtbot.addWidget(badge)
    badge.set_deadline(
        date(2024, 5, 16),
        today=TUESDAY,
        what="Kajian awal",
        article="Perbawaslu 7/2022 Pasal 15 ayat (1)",
        rule="Kajian awal: 2 hari kerja",
    )
    assert badge.state == "near"
    assert "Batas kajian awal" in badge.text() and "16 Mei 2024" in badge.text()
    assert "2 hari lagi" in badge.text()
    assert "Pasal 15" in badge.toolTip() and "2 hari kerja" in badge.toolTip()
    assert "#5c4400" in badge.styleSheet()  # amber

    badge.set_deadline(date(2024, 5, 10), today=TUESDAY, what="Putusan", article="Pasal 37")
    assert badge.state == "overdue"
    assert "TERLAMBAT, lewat 4 hari" in badge.text()
    assert "#a4000f" in badge.styleSheet()  # red

    badge.set_deadline(None, today=TUESDAY, none_text="Perkara selesai")
    assert badge.state == "none" and badge.text() == "Perkara selesai"
    assert badge.toolTip() == ""


def test_the_timeline_orders_entries_and_shows_who_why_and_papers(qtbot) -> None:  # type: ignore[no-untyped-def]
    timeline = Timeline()
    qtbot.addWidget(timeline)
    assert "Belum ada kejadian" in timeline.toPlainText()
    timeline.set_entries(
        [
            TimelineEntry(
                datetime(2024, 5, 14, 10, 5),
                "Registrasi",
                who="Koordinator Uji",
                detail="Nomor: 001/Reg/LP/PL/Kab/15.02/V/2024",
            ),
            TimelineEntry(
                datetime(2024, 5, 13, 9, 0),
                "Penerimaan laporan",
                who="Staf Uji",
                documents=("B.1", "B.3"),
            ),
            TimelineEntry(date(2024, 5, 10), "Kejadian dilaporkan", kind="late"),
        ]
    )
    text = timeline.toPlainText()
    assert text.index("Kejadian dilaporkan") < text.index("Penerimaan laporan")
    assert text.index("Penerimaan laporan") < text.index("Registrasi")
    assert "Dokumen: B.1, B.3" in text and "— Koordinator Uji" in text
    assert "13 Mei 2024 09.00" in text
