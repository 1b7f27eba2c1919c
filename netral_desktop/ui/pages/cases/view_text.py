"""The case view's words: the header, the facts, a reported person's route, a hearing's
line, the identity panel, the timeline's entries. Plain functions over the service's
``CaseView`` (services/cases/queries.py), so the tests read what the screen says."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from html import escape
from typing import Any

from netral_desktop.i18n import _, current_language
from netral_desktop.ui.pages.cases.timeline import TimelineEntry

# The case summary paper (case-papers' form code).
SUMMARY_FORM = "ringkasan_perkara"


def day(value: date | None) -> str:
    if value is None:
        return "—"
    from babel.dates import format_date

    return format_date(value, "d MMMM y", locale=current_language())


def moment(value: datetime | None) -> str:
    if value is None:
        return "—"
    from babel.dates import format_datetime

    return format_datetime(value, "EEE, d MMM y HH.mm", locale=current_language())


def case_title(case: Any) -> str:
    number = case.register_number or case.intake_number
    return f"{number} — {case.title}" if number else case.title


def header_html(case: Any) -> str:
    numbers = []
    if case.intake_number:
        numbers.append(_("Penyampaian {number}").format(number=case.intake_number))
    if case.register_number:
        numbers.append(_("Register {number}").format(number=case.register_number))
    if not numbers:
        numbers.append(_("belum bernomor"))
    status = escape(case.status_label)
    if case.locked:
        status += " · " + escape(_("terkunci (sudah diputus)"))
    facts = [case.origin_label, case.election_name or case.ruleset_title]
    if case.late:
        facts.append(_("laporan terlambat"))
    return (
        f"<span style='font-size:16px;font-weight:600'>{escape(case.title)}</span><br>"
        + escape(" · ".join(numbers))
        + "<br>"
        + f"<b>{status}</b> · "
        + escape(" · ".join(f for f in facts if f))
    )


def rule_words(deadline: Any) -> str:
    mode = _("hari kerja") if deadline.mode == "working" else _("hari kalender")
    return _("{label}: {days} {mode}").format(label=deadline.label, days=deadline.days, mode=mode)


def steps_note(steps: Sequence[Any], case: Any) -> str:
    if steps:
        return _("Tahapan yang dapat Anda ambil sekarang: {steps}.").format(
            steps=", ".join(step.label for step in steps)
        )
    if case.final:
        return _("Perkara ini sudah selesai ({status}).").format(status=case.status_label)
    return _(
        "Tidak ada tahapan yang dapat Anda ambil pada status «{status}»; tahapan berikutnya "
        "diambil oleh koordinator divisi."
    ).format(status=case.status_label)


def _rows(pairs: Sequence[tuple[str, str]]) -> str:
    cell = "<td style='padding:2px 14px 2px 0;color:#555;vertical-align:top'>"
    return "".join(
        f"<tr>{cell}{escape(label)}</td><td>{escape(value).replace(chr(10), '<br>')}</td></tr>"
        for label, value in pairs
    )


def facts_html(case: Any, category: str = "") -> str:
    place = ", ".join(part for part in (case.place, case.region_text) if part)
    pairs = [
        (_("Asal"), case.origin_label),
        (_("Pemilihan"), case.election_name or "—"),
        (_("Tata cara"), case.ruleset_title),
        (_("Tanggal kejadian"), day(case.event_date)),
        (_("Tanggal diketahui"), day(case.known_date)),
        (_("Tanggal diterima"), day(case.received_date)),
        (_("Tanggal registrasi"), day(case.registered_date)),
        (_("Tempat"), place or "—"),
        (_("Kategori"), category or case.category_code or _("(belum ditentukan)")),
        (_("Tahapan pemilihan"), case.stage_label),
    ]
    if case.late:
        pairs.append((_("Terlambat"), case.late_reason or _("tanpa alasan tercatat")))
    for number in case.numbers:
        pairs.append((_number_kind(number), number))
    html = f"<table>{_rows(pairs)}</table>"
    heading = _("Uraian kejadian")
    html += f"<h4>{escape(heading)}</h4>"
    paragraphs = [p.strip() for p in case.account.split("\n\n") if p.strip()]
    html += "".join(f"<p>{escape(p)}</p>" for p in paragraphs) or (
        "<p style='color:#555'>" + escape(_("Belum diuraikan.")) + "</p>"
    )
    if case.notes:
        heading = _("Catatan")
        html += f"<h4>{escape(heading)}</h4><p>{escape(case.notes)}</p>"
    return html


def subject_route(subject: Any) -> str:
    """Where this person's case went: forwarded to whom, the PPK's sanction, Gakkumdu."""
    parts = []
    if subject.recipient:
        parts.append(_("diteruskan ke {who}").format(who=subject.recipient))
    if subject.forward_number:
        parts.append(subject.forward_number)
    if subject.gakkumdu_outcome:
        parts.append(_("Gakkumdu: {outcome}").format(outcome=subject.gakkumdu_outcome))
    if subject.sanction:
        parts.append(
            _("sanksi {sanction} ({number})").format(
                sanction=subject.sanction, number=subject.sanction_number
            )
        )
    if subject.follow_up_overdue:
        parts.append(_("belum ada tindak lanjut PPK"))
    if not parts:
        return subject.status_label
    return "; ".join(parts)


def subject_missing(subject: Any) -> str:
    if not subject.incomplete:
        return ""
    return _("belum lengkap: {what}").format(what=", ".join(subject.incomplete))


def hearing_place(hearing: Any) -> str:
    if hearing.online:
        return _("daring ({reason})").format(reason=hearing.online_reason or "—")
    return hearing.place or "—"


def invitations(hearing: Any) -> str:
    if hearing.invitation_date is None:
        return _("belum dikirim")
    text = day(hearing.invitation_date)
    if hearing.second_invitation_date is not None:
        text += " · " + _("kedua {day}").format(day=day(hearing.second_invitation_date))
    if hearing.invitation_late:
        text += " · " + _("TERLAMBAT")
    return text


ATTENDANCE_WORDS = {
    "": lambda: _("belum berlangsung"),
    "hadir": lambda: _("hadir"),
    "tidak_hadir": lambda: _("tidak hadir"),
}
HEARD_AS_WORDS = {
    "terlapor": lambda: _("terlapor"),
    "pelapor": lambda: _("pelapor"),
    "saksi": lambda: _("saksi"),
    "ahli": lambda: _("ahli"),
}


def attendance(code: str) -> str:
    words = ATTENDANCE_WORDS.get(code)
    return words() if words else code


def heard_words(hearing: Any) -> str:
    words = HEARD_AS_WORDS.get(hearing.heard_as)
    return f"{hearing.name} ({words() if words else hearing.heard_as})"


def identity_html(party: Any, identity: Any) -> str:
    pairs = [
        (_("Nama samaran"), party.pseudonym),
        (_("Nama"), identity.name),
        (_("NIK"), identity.nik or "—"),
        (_("Alamat"), identity.address or "—"),
        (_("Telepon"), identity.phone or "—"),
        (_("Surel"), identity.email or "—"),
        (_("Pekerjaan"), identity.occupation or "—"),
    ]
    note = _("Tampilan ini dicatat di log audit.")
    return (
        f"<b>{escape(party.role_label)}</b><table>{_rows(pairs)}</table>"
        f"<p style='color:#8a5a00'>{escape(note)}</p>"
    )


def _status_words(case: Any, code: str) -> str:
    """A status in the words of the case's ruleset (the office's own file where it has one)."""
    from netral_desktop.services.cases import procedure

    if not code:
        return ""
    own = getattr(case, "status_words", None) or {}
    return own.get(code) or procedure.status_label(case.ruleset, code)


def timeline_entries(case: Any) -> list[TimelineEntry]:
    """Received, every step (who, why, papers, numbers), each hearing held or planned."""
    entries = []
    for step in case.timeline:
        detail = []
        if step.subject_name:
            detail.append(_("Terlapor: {name}").format(name=step.subject_name))
        if step.to_status and not step.from_status:
            detail.append(_("Status: {status}").format(status=_status_words(case, step.to_status)))
        elif step.to_status and step.to_status != step.from_status:
            detail.append(
                _("Status: {before} → {after}").format(
                    before=_status_words(case, step.from_status) or "—",
                    after=_status_words(case, step.to_status),
                )
            )
        # A step recorded after the day it happened sits at that day, with when it was written.
        happened: datetime | date = step.at
        if step.effective_date and step.effective_date != step.at.date():
            happened = step.effective_date
            detail.append(_("Dicatat {when}").format(when=moment(step.at)))
        if step.reason:
            detail.append(_("Alasan: {reason}").format(reason=step.reason))
        for key, value in step.values.items():
            # A pleno step's label already names its outcome.
            if value and not (key == "outcome" and step.code.startswith("pleno_")):
                detail.append(f"{value_label(key)}: {value}")
        if step.numbers:
            detail.append(_("Nomor: {numbers}").format(numbers=", ".join(step.numbers)))
        entries.append(
            TimelineEntry(
                at=happened,
                title=step.label,
                who=step.actor_name or step.actor,
                detail="\n".join(detail),
                documents=tuple(step.documents),
                kind="reveal" if step.kind == "reveal" else step.kind,
            )
        )
    for hearing in case.hearings:
        if hearing.scheduled_at is None:
            continue
        entries.append(
            TimelineEntry(
                at=hearing.scheduled_at,
                title=_("Klarifikasi: {who}").format(who=heard_words(hearing)),
                detail=" · ".join((hearing_place(hearing), attendance(hearing.attendance))),
                kind="hearing",
            )
        )
    return entries


VALUE_WORDS = {
    "recipient": lambda: _("Penerima"),
    "sanction": lambda: _("Sanksi"),
    "sanction_number": lambda: _("Nomor keputusan"),
    "sanction_date": lambda: _("Tanggal keputusan"),
    "outcome": lambda: _("Hasil"),
    "correction_number": lambda: _("Nomor koreksi"),
    "note": lambda: _("Pertimbangan"),
}


def value_label(key: str) -> str:
    words = VALUE_WORDS.get(key)
    return words() if words else key


def local_moment(stamp: str, zone: Any) -> datetime:
    from netral_desktop.core.clock import parse_iso_utc

    # A synced row's stamps carry the clock's counter after "#".
    moment = parse_iso_utc(stamp.partition("#")[0])
    return moment.astimezone(zone) if zone is not None else moment


def evidence_entries(rows: Sequence[Any], zone: Any) -> list[TimelineEntry]:
    """Each evidence item as it was added (a confidential one by its caption only)."""
    return [
        TimelineEntry(
            at=local_moment(row.added_at, zone),
            title=_("Bukti ditambahkan: {name}").format(name=row.caption or row.original_name),
            who=row.added_by,
            detail=(_("rahasia") + " · " if row.confidential else "") + row.type_label,
            kind="evidence",
        )
        for row in rows
    ]


def paper_entries(rows: Sequence[Any], zone: Any) -> list[TimelineEntry]:
    """Each paper issued for the case, with its number and verification code."""
    return [
        TimelineEntry(
            at=local_moment(row.created_at, zone),
            title=_("Dokumen terbit: {title}").format(title=row.title),
            who=row.updated_by,
            detail=" · ".join(
                part for part in (row.number or "", _("kode {code}").format(code=row.code)) if part
            ),
            kind="evidence",
        )
        for row in rows
    ]


def _number_kind(number: str) -> str:
    """Which of the four Perbawaslu formats a number is (forms_catalogue.md §3), by its kind
    part: the second segment, ``Reg``, ``Rekom-…``/``Terus-TPP``, ``K``, else penyampaian."""
    parts = number.split("/")
    kind = parts[1] if len(parts) > 1 else ""
    if kind == "Reg":
        return _("Nomor register")
    if kind.startswith(("Rekom", "Terus")):
        return _("Nomor rekomendasi/penerusan")
    if kind == "K":
        return _("Nomor koreksi")
    return _("Nomor penyampaian")
