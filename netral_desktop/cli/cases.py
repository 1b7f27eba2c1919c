"""``netral case``: violation cases from a script: the list (``--overdue``, ``--status``,
``--json``), one case, recording a new one, its reported people, parties and hearings, and
every step of the procedure (``case step ID STEP``), so the whole procedure runs without the
window. The case summary paper (``case export ID -o FILE.pdf``) is added by the papers
module when it is present (services/cases/papers.py)."""

from __future__ import annotations

import argparse
import dataclasses
import json
from datetime import date, datetime
from typing import Any

from netral_desktop.cli.common import EXIT_OK, Parents, login
from netral_desktop.config import HomeLayout
from netral_desktop.core.errors import UsageError
from netral_desktop.i18n import _


def _kecamatan(ctx: Any, typed: str | None) -> str:
    """The code of the kecamatan ``typed`` names (its code, or its name, case ignored)."""
    from netral_desktop.services import sosialisasi

    if not typed:
        return ""
    wanted = typed.strip().lower()
    for code, name in sosialisasi.kecamatan_choices(ctx):
        if wanted in (code, name.lower()):
            return code
    raise UsageError(
        _("Kecamatan '{value}' tidak ada di wilayah kantor ini. Tulis nama atau kodenya.").format(
            value=typed
        )
    )


def _election(ctx: Any, typed: str | None) -> str | None:
    """An election id from its id or its name ("Pilkada 2024")."""
    from netral_desktop.services.pledge.elections import list_elections

    if not typed:
        return None
    wanted = typed.strip().lower()
    for row in list_elections(ctx):
        if wanted in (row.id, row.name.lower()):
            return row.id
    raise UsageError(
        _("Pemilihan '{value}' tidak dikenal. Tulis namanya (mis. 'Pilkada 2024').").format(
            value=typed
        )
    )


def _values(pairs: list[str] | None) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        key, eq, value = pair.partition("=")
        if not eq or not key.strip():
            raise UsageError(
                _("--value ditulis NAMA=NILAI, mis. sanction_number=800/1/2024 ('{pair}').").format(
                    pair=pair
                )
            )
        out[key.strip()] = value
    return out


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


def _print_json(value: Any) -> None:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    elif isinstance(value, list):
        value = [_json_default(v) for v in value]
    print(json.dumps(value, ensure_ascii=False, indent=2, default=_json_default))


def _subject_id(ctx: Any, case_id: str, typed: str | None) -> str | None:
    """A reported person of the case by number (1, 2, ...), id (or its start) or name."""
    from netral_desktop.services import cases

    if not typed:
        return None
    subjects = cases.case_view(ctx, case_id).subjects
    text = typed.strip()
    if text.isdigit() and 1 <= int(text) <= len(subjects):
        return subjects[int(text) - 1].id
    found = [
        s
        for s in subjects
        if s.id.startswith(text) or s.id.endswith(text) or text.lower() in s.full_name.lower()
    ]
    if len(found) != 1:
        raise UsageError(
            _(
                "Terlapor '{value}' tidak ditemukan (atau lebih dari satu) pada perkara ini: "
                "tulis nomor urutnya (1, 2, ...) seperti di 'netral case show'."
            ).format(value=typed)
        )
    return found[0].id


def cmd_case(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services import cases

    ctx = login(args, layout)
    action = args.case_command
    if action == "list":
        return _list(ctx, args)
    if action == "new":
        return _new(ctx, args)
    if action == "numbering":
        device = cases.set_numbering_here(ctx)
        print(
            _("Komputer ini ({device}) kini mengambil nomor perkara kantor.").format(device=device)
        )
        return EXIT_OK
    case_id = cases.find_case_id(ctx, args.case)
    if action == "show":
        return _show(ctx, case_id, as_json=args.json)
    if action == "steps":
        for choice in cases.available_steps(ctx, case_id):
            who = ""
            if choice.per_subject:
                who = _(" (terlapor: {n})").format(n=len(choice.subject_ids))
            print(f"{choice.code:<28} {choice.label}{who}")
        return EXIT_OK
    if action == "step":
        taken = cases.take_step(
            ctx,
            case_id,
            args.step,
            reason=args.reason or "",
            at=args.date,
            subject_id=_subject_id(ctx, case_id, args.subject),
            values=_values(args.value),
        )
        print(_("Langkah dicatat. Status: {status}").format(status=taken.status))
        for number in taken.numbers:
            print(_("Nomor: {number}").format(number=number))
        if taken.documents:
            print(_("Dokumen langkah ini: {forms}").format(forms=", ".join(taken.documents)))
        return EXIT_OK
    if action == "number":
        given = cases.take_pending_numbers(ctx, case_id)
        for number in given:
            print(_("Nomor: {number}").format(number=number))
        if not given:
            print(_("Tidak ada nomor yang menunggu."))
        return EXIT_OK
    if action == "reopen":
        cases.reopen(ctx, case_id, args.reason)
        print(_("Perkara dibuka kembali untuk diubah."))
        return EXIT_OK
    if action == "extend":
        cases.extend_decision(ctx, case_id, args.reason)
        print(_("Perpanjangan waktu putusan dicatat."))
        return EXIT_OK
    if action == "subject":
        return _subject(ctx, args, case_id)
    if action == "party":
        return _party(ctx, args, case_id)
    if action == "hearing":
        return _hearing(ctx, args, case_id)
    raise UsageError(_("Tindakan tidak dikenal: {action}").format(action=action))


def _list(ctx: Any, args: argparse.Namespace) -> int:
    from netral_desktop.services import cases

    flt = cases.CaseFilter(
        status=args.status,
        origin=args.origin,
        category=args.category,
        overdue=args.overdue,
        search=args.search or "",
        ruleset=args.ruleset,
    )
    rows = cases.list_cases(ctx, flt, limit=args.limit)
    if args.json:
        _print_json(rows)
        return EXIT_OK
    for row in rows:
        received = row.received_date.isoformat() if row.received_date else "-"
        due = row.due_date.isoformat() if row.due_date else "-"
        mark = "!" if row.overdue else ("~" if row.due_soon else " ")
        print(
            f"{row.id}  {received}  {row.status_label[:22]:<22} {due:<10}{mark} "
            f"{row.number or '-':<34} {row.title[:48]}"
        )
    print(
        _(
            "{n} perkara (kolom: diterima, status, tenggat (! lewat, ~ dekat), nomor, pokok)."
        ).format(n=len(rows))
    )
    return EXIT_OK


def _show(ctx: Any, case_id: str, *, as_json: bool) -> int:
    from netral_desktop.services import cases

    view = cases.case_view(ctx, case_id)
    if as_json:
        _print_json(view)
        return EXIT_OK

    def day(value: date | None) -> str:
        return value.isoformat() if value else "-"

    print(view.title)
    rows = [
        (_("Id"), view.id),
        (_("Asal"), view.origin_label),
        (_("Pemilihan"), f"{view.election_name or '-'} ({view.ruleset_title})"),
        (_("Status"), view.status_label + (_(" (terkunci: sudah diputus)") if view.locked else "")),
        (_("Nomor"), view.register_number or view.intake_number or "-"),
        (_("Diterima"), day(view.received_date) + (_(" (terlambat)") if view.late else "")),
        (_("Kejadian"), day(view.event_date)),
        (_("Diketahui"), day(view.known_date)),
        (_("Registrasi"), day(view.registered_date)),
        (_("Wilayah"), view.region_text or "-"),
        (_("Kategori"), view.category_code or "-"),
        (_("Tahapan"), view.stage_label),
    ]
    if view.deadline is not None:
        rows.append((_("Tenggat"), view.deadline.text))
    if view.pending_numbers:
        rows.append((_("Nomor menunggu"), ", ".join(view.pending_numbers)))
    for label, value in rows:
        print(f"  {label:<12}: {value}")
    if view.late_reason:
        print(_("  Alasan terlambat: {text}").format(text=view.late_reason))
    print(_("  Terlapor:"))
    for number, s in enumerate(view.subjects, start=1):
        extra = f" [{s.status_label}]"
        missing = _(" (belum lengkap: {what})").format(what=", ".join(s.incomplete))
        print(
            f"    {number}. {s.full_name} {s.nip}".rstrip()
            + f", {s.kind_label}, {s.agency_name or '-'}{extra}"
            + (missing if s.incomplete else "")
        )
        if s.forward_number:
            print(
                _("       diteruskan {day} ke {to}, nomor {number}").format(
                    day=day(s.forwarded_date), to=s.recipient, number=s.forward_number
                )
            )
        if s.sanction:
            print(
                _("       sanksi: {sanction} ({number}, {day})").format(
                    sanction=s.sanction, number=s.sanction_number, day=day(s.sanction_date)
                )
            )
    print(_("  Pelapor dan saksi:"))
    for p in view.parties:
        nik = f" NIK {p.identity.nik}" if p.identity and p.identity.nik else ""
        print(f"    {p.role_label}: {p.name}{nik} ({p.pseudonym})")
    print(_("  Riwayat:"))
    for t in view.timeline:
        who = f" - {t.subject_name}" if t.subject_name else ""
        numbers = f" [{', '.join(t.numbers)}]" if t.numbers else ""
        reason = f": {t.reason}" if t.reason else ""
        print(f"    {day(t.effective_date)} {t.label}{who}{numbers} ({t.actor}){reason}")
    for h in view.hearings:
        when = f"{h.scheduled_at:%Y-%m-%d %H:%M}" if h.scheduled_at else "-"
        print(
            _("  Klarifikasi {when}: {name} ({heard_as}) {attendance}").format(
                when=when, name=h.name, heard_as=h.heard_as, attendance=h.attendance or "-"
            )
        )
    return EXIT_OK


def _new(ctx: Any, args: argparse.Namespace) -> int:
    from netral_desktop.services import cases

    data = cases.CaseFields(
        origin=args.origin,
        title=args.title,
        election_id=_election(ctx, args.election),
        ruleset=args.ruleset,
        election_code=args.election_code,
        account=args.account or "",
        event_date=args.event_date,
        known_date=args.known_date,
        received_date=args.received_date,
        kecamatan_code=_kecamatan(ctx, args.kecamatan),
        desa_name=args.desa or "",
        place=args.place or "",
        category_code=args.category or "",
        stage=args.stage or "",
        late_reason=args.late_reason or "",
        notes=args.notes or "",
    )
    case_id = cases.new_case(ctx, data)
    view = cases.case_view(ctx, case_id)
    print(case_id)
    number = view.register_number or view.intake_number
    if number:
        print(_("Nomor: {number}").format(number=number))
    if view.late:
        print(_("Dicatat sebagai laporan terlambat."))
    return EXIT_OK


def _subject(ctx: Any, args: argparse.Namespace, case_id: str) -> int:
    from netral_desktop.services import cases

    subject_id = cases.add_subject(
        ctx,
        case_id,
        cases.SubjectFields(
            person_id=args.person,
            full_name=args.name or "",
            nip=args.nip,
            kind=args.kind,
            jabatan=args.jabatan or "",
            pangkat_golongan=args.pangkat or "",
            unit_kerja=args.unit or "",
            agency_id=args.agency_id,
            agency_name=args.agency or "",
            ppk_name=args.ppk_name or "",
            ppk_title=args.ppk_title or "",
        ),
    )
    print(subject_id)
    return EXIT_OK


def _party(ctx: Any, args: argparse.Namespace, case_id: str) -> int:
    from netral_desktop.services import cases

    party_id = cases.add_party(
        ctx,
        case_id,
        cases.PartyFields(
            role=args.role,
            name=args.name,
            nik=args.nik or "",
            address=args.address or "",
            phone=args.phone or "",
            email=args.email or "",
            occupation=args.occupation or "",
            birth_place=args.birth_place or "",
            birth_date=args.birth_date,
            gender=args.gender or "",
            standing=args.standing or "",
        ),
    )
    view = cases.case_view(ctx, case_id)
    pseudonym = next(p.pseudonym for p in view.parties if p.id == party_id)
    print(f"{party_id}  {pseudonym}")
    return EXIT_OK


def _hearing(ctx: Any, args: argparse.Namespace, case_id: str) -> int:
    from netral_desktop.services import cases

    if args.hearing_command == "add":
        hearing_id = cases.add_hearing(
            ctx,
            case_id,
            cases.HearingFields(
                scheduled_at=args.at,
                subject_id=_subject_id(ctx, case_id, args.subject),
                party_id=args.party,
                name=args.name or "",
                heard_as=args.heard_as or "",
                place=args.place or "",
                online=args.online,
                online_reason=args.online_reason or "",
                invitation_date=args.invited,
            ),
        )
        print(hearing_id)
        return EXIT_OK
    changes: dict[str, Any] = {}
    for name in ("place", "online_reason", "statement", "attendance"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if args.invited is not None:
        changes["invitation_date"] = args.invited
    if args.second_invitation is not None:
        changes["second_invitation_date"] = args.second_invitation
    if args.recording is not None:
        changes["recording_id"] = args.recording
    if args.oath:
        changes["oath"] = True
    changed = cases.update_hearing(ctx, case_id, args.hearing, cases.HearingChanges(**changes))
    print(_("Klarifikasi disimpan.") if changed else _("Tidak ada yang berubah."))
    return EXIT_OK


def register(sub: argparse._SubParsersAction, parents: Parents) -> None:
    login_options = [parents.login]
    p = sub.add_parser(
        "case", help=_("perkara dugaan pelanggaran: daftar, rincian, pencatatan, langkah")
    )
    group = p.add_subparsers(dest="case_command", metavar=_("TINDAKAN"))
    group.required = True
    case_help = _("id perkara (atau 6 karakter awal/akhirnya, atau nomornya)")

    q = group.add_parser("list", help=_("daftar perkara"), parents=login_options)
    q.add_argument("--overdue", action="store_true", help=_("hanya yang melewati tenggat"))
    q.add_argument("--status", metavar="STATUS", help=_("kode status, mis. diregistrasi"))
    q.add_argument("--origin", choices=["laporan", "temuan", "informasi_awal"])
    q.add_argument("--category", metavar="KODE", help=_("kode kategori, mis. KE-02"))
    q.add_argument("--ruleset", choices=["pemilu", "pilkada"])
    q.add_argument("--search", metavar="KATA", help=_("kata pada pokok, nomor, nama terlapor"))
    q.add_argument("--limit", type=int, default=500)
    q.add_argument("--json", action="store_true", help=_("keluaran JSON"))

    q = group.add_parser("show", help=_("rincian satu perkara"), parents=login_options)
    q.add_argument("case", metavar="PERKARA", help=case_help)
    q.add_argument("--json", action="store_true", help=_("keluaran JSON"))

    q = group.add_parser(
        "new", help=_("catat laporan, temuan atau informasi awal"), parents=login_options
    )
    q.add_argument("--origin", default="laporan", choices=["laporan", "temuan", "informasi_awal"])
    q.add_argument("--title", required=True, metavar="POKOK", help=_("pokok perkara, ringkas"))
    q.add_argument("--election", metavar="PEMILIHAN", help=_("nama pemilihan, mis. 'Pilkada 2024'"))
    q.add_argument("--ruleset", choices=["pemilu", "pilkada"], help=_("tanpa --election"))
    q.add_argument("--election-code", choices=["PL", "PP", "PB"], help=_("kode pada nomor"))
    q.add_argument("--account", metavar="URAIAN", help=_("uraian kejadian"))
    q.add_argument("--event-date", metavar="TTTT-BB-HH")
    q.add_argument("--known-date", metavar="TTTT-BB-HH")
    q.add_argument("--received-date", metavar="TTTT-BB-HH", help=_("bawaan: hari ini"))
    q.add_argument("--kecamatan", metavar="NAMA", help=_("nama atau kode kecamatan"))
    q.add_argument("--desa", metavar="NAMA", help=_("desa/kelurahan"))
    q.add_argument("--place", metavar="TEMPAT")
    q.add_argument("--category", metavar="KODE", help=_("kode kategori SKB 2022, mis. KE-02"))
    q.add_argument("--stage", choices=["sebelum_penetapan", "setelah_penetapan"])
    q.add_argument("--late-reason", metavar="ALASAN", help=_("alasan laporan terlambat"))
    q.add_argument("--notes", metavar="CATATAN")

    q = group.add_parser(
        "steps", help=_("langkah yang dapat diambil sekarang"), parents=login_options
    )
    q.add_argument("case", metavar="PERKARA", help=case_help)

    q = group.add_parser("step", help=_("catat satu langkah tata cara"), parents=login_options)
    q.add_argument("case", metavar="PERKARA", help=case_help)
    q.add_argument("step", metavar="LANGKAH", help=_("kode langkah (lihat 'netral case steps')"))
    q.add_argument("--reason", metavar="ALASAN")
    q.add_argument("--subject", metavar="TERLAPOR", help=_("nomor urut terlapor (1, 2, ...)"))
    q.add_argument("--date", metavar="TTTT-BB-HH", help=_("tanggal langkah (bawaan: hari ini)"))
    q.add_argument(
        "--value",
        action="append",
        metavar="NAMA=NILAI",
        help=_("isian langkah: note, recipient, sanction, sanction_number, sanction_date, ..."),
    )

    q = group.add_parser(
        "reopen", help=_("buka kembali perkara yang sudah diputus"), parents=login_options
    )
    q.add_argument("case", metavar="PERKARA", help=case_help)
    q.add_argument("--reason", required=True, metavar="ALASAN")

    q = group.add_parser(
        "extend", help=_("catat perpanjangan waktu putusan"), parents=login_options
    )
    q.add_argument("case", metavar="PERKARA", help=case_help)
    q.add_argument("--reason", required=True, metavar="ALASAN")

    q = group.add_parser("subject", help=_("tambah terlapor"), parents=login_options)
    q.add_argument("subject_command", choices=["add"])
    q.add_argument("case", metavar="PERKARA", help=case_help)
    q.add_argument("--person", metavar="ID", help=_("id pegawai di daftar pegawai"))
    q.add_argument("--name", metavar="NAMA")
    q.add_argument("--nip", metavar="NIP")
    q.add_argument(
        "--kind",
        choices=["pns", "pppk", "non_asn", "kepala_desa", "perangkat_desa", "tni_polri", "lainnya"],
    )
    q.add_argument("--jabatan", metavar="JABATAN")
    q.add_argument("--pangkat", metavar="PANGKAT")
    q.add_argument("--unit", metavar="UNIT")
    q.add_argument("--agency", metavar="INSTANSI", help=_("nama instansi"))
    q.add_argument("--agency-id", metavar="ID")
    q.add_argument("--ppk-name", metavar="NAMA")
    q.add_argument("--ppk-title", metavar="JABATAN")

    q = group.add_parser("party", help=_("tambah pelapor, saksi atau ahli"), parents=login_options)
    q.add_argument("party_command", choices=["add"])
    q.add_argument("case", metavar="PERKARA", help=case_help)
    q.add_argument("--role", default="pelapor", choices=["pelapor", "saksi", "ahli"])
    q.add_argument("--name", required=True, metavar="NAMA")
    q.add_argument("--nik", metavar="NIK")
    q.add_argument("--address", metavar="ALAMAT")
    q.add_argument("--phone", metavar="TELEPON")
    q.add_argument("--email", metavar="SUREL")
    q.add_argument("--occupation", metavar="PEKERJAAN")
    q.add_argument("--birth-place", metavar="TEMPAT")
    q.add_argument("--birth-date", metavar="TTTT-BB-HH")
    q.add_argument("--gender", choices=["L", "P"])
    q.add_argument("--standing", choices=["pemilih", "peserta", "pemantau"])

    q = group.add_parser(
        "hearing", help=_("klarifikasi: jadwal, undangan, kehadiran"), parents=login_options
    )
    q.add_argument("hearing_command", choices=["add", "set"])
    q.add_argument("case", metavar="PERKARA", help=case_help)
    q.add_argument("hearing", nargs="?", metavar="KLARIFIKASI", help=_("id klarifikasi (set)"))
    q.add_argument("--at", metavar="'TTTT-BB-HH JJ:MM'")
    q.add_argument("--subject", metavar="TERLAPOR")
    q.add_argument("--party", metavar="ID")
    q.add_argument("--name", metavar="NAMA")
    q.add_argument("--heard-as", choices=["terlapor", "pelapor", "saksi", "ahli"])
    q.add_argument("--place", metavar="TEMPAT")
    q.add_argument("--online", action="store_true")
    q.add_argument("--online-reason", metavar="ALASAN")
    q.add_argument("--invited", metavar="TTTT-BB-HH", help=_("tanggal undangan (B.9) diterima"))
    q.add_argument("--second-invitation", metavar="TTTT-BB-HH")
    q.add_argument("--attendance", choices=["hadir", "tidak_hadir"])
    q.add_argument("--oath", action="store_true")
    q.add_argument("--statement", metavar="KETERANGAN")
    q.add_argument("--recording", metavar="ID", help=_("id lampiran rekaman"))

    q = group.add_parser(
        "number",
        help=_("ambil nomor langkah yang dicatat di komputer lain"),
        parents=login_options,
    )
    q.add_argument("case", metavar="PERKARA", help=case_help)

    q = group.add_parser(
        "numbering",
        help=_("jadikan komputer ini komputer penomoran perkara"),
        parents=login_options,
    )
    q.add_argument("--here", action="store_true", required=True)
    from netral_desktop.cli import case_papers  # export and paper (the case's papers)

    case_papers.add_commands(group, parents)
    p.set_defaults(handler=cmd_case)
