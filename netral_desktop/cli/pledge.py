"""``netral ikrar``: pledge ceremonies (ikrar netralitas): events, attendance, documents."""

from __future__ import annotations

import argparse
from pathlib import Path

from netral_desktop.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    Parents,
    issue_to,
    login,
    write_file,
)
from netral_desktop.config import HomeLayout
from netral_desktop.core.errors import UsageError
from netral_desktop.i18n import _


def cmd_pledge(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services import pledge

    ctx = login(args, layout)
    action = args.pledge_command
    if action == "list":
        when = "upcoming" if args.upcoming else "past" if args.past else "all"
        events = pledge.list_events(ctx, when=when, limit=args.limit)
        for event in events:
            print(
                f"{event.id}  {event.starts_at:%Y-%m-%d %H:%M}  {event.title[:48]:<48} "
                f"{event.invitees:>6} {event.present:>6}"
            )
        print(_("{n} acara (kolom: undangan, hadir).").format(n=len(events)))
        return EXIT_OK
    event_id = pledge.find_event_id(ctx, args.event)
    if action == "show":
        return _pledge_show(ctx, event_id)
    if action in ("sheet", "naskah", "recap"):
        return _pledge_document(ctx, args, event_id)
    if action == "mark":
        result = pledge.mark(ctx, event_id, args.query, args.status, args.note or "")
        print(result.message)
        for row in result.candidates:
            print(f"  {row.full_name[:40]:<40} {row.nip or '-':<18} {row.agency_name}")
        for person in result.roster_people:  # on the roster, not on the list
            number = person.nip or person.ni_pppk or "-"
            not_invited = _("bukan undangan")
            print(
                f"  {person.full_name[:40]:<40} {number:<18} {person.agency_name or ''} "
                f"({not_invited})"
            )
        return EXIT_OK if result.invitee is not None else EXIT_ERROR
    if action == "delete":
        deleted = pledge.delete_event(ctx, event_id, confirm=args.yes)
        print(_("Acara '{title}' dihapus.").format(title=deleted.title))
        return EXIT_OK
    if action == "undo":
        undone = pledge.undo_last_mark(ctx, event_id)
        print(undone.message)
        return EXIT_OK if undone.undone else EXIT_ERROR
    if action == "attach":
        attached = pledge.attach_evidence(ctx, event_id, Path(args.file), caption=args.caption)
        item = attached.attachment
        if attached.duplicate:
            print(
                _("Berkas ini sudah dilampirkan sebelumnya ({name}).").format(
                    name=item.original_name
                )
            )
        else:
            print(
                _("Dilampirkan: {name} ({kind}, {size} KB), SHA-256 {sha}").format(
                    name=item.original_name,
                    kind=item.media_type,
                    size=max(1, item.size // 1024),
                    sha=item.sha256,
                )
            )
        return EXIT_OK
    raise UsageError(action)


def _pledge_show(ctx, event_id: str) -> int:  # type: ignore[no-untyped-def]
    from netral_desktop.services import pledge

    event = pledge.get_event(ctx, event_id)
    counts = pledge.counts(ctx, event_id)
    print(event.title)
    print(
        _("  Waktu        : {when} {tz}").format(
            when=f"{event.starts_at:%Y-%m-%d %H:%M}", tz=event.time_zone
        )
    )
    print(_("  Tempat       : {place}").format(place=event.place or "-"))
    print(_("  Penyelenggara: {organiser}").format(organiser=event.organiser))
    print(_("  Pemilihan    : {election}").format(election=event.election_name or "-"))
    print(
        _(
            "  Kehadiran    : {present} dari {invited} undangan hadir ({rate}); izin {izin}, "
            "sakit {sakit}, dinas luar {dl}, tanpa keterangan {tk}, belum dicatat {belum}; "
            "peserta tambahan hadir {walk_ins}"
        ).format(
            present=counts.hadir,
            invited=counts.invited,
            rate=pledge.rate_text(counts.hadir, counts.invited),
            izin=counts.izin,
            sakit=counts.sakit,
            dl=counts.dinas_luar,
            tk=counts.tanpa_keterangan,
            belum=counts.belum,
            walk_ins=counts.hadir_walk_in,
        )
    )
    for line in pledge.counts_by_agency(ctx, event_id):
        c = line.counts
        name = line.agency_name or _("(tanpa instansi)")
        rate = pledge.rate_text(c.hadir, c.invited)
        print(f"    {name[:50]:<50} {c.hadir:>5}/{c.invited:<5} {rate:>7}")
    print(f"  {pledge.RATE_DEFINITION}")
    evidence = pledge.list_evidence(ctx, event_id)
    if evidence:
        print(_("  Lampiran     : {n} berkas").format(n=len(evidence)))
    return EXIT_OK


def _pledge_document(ctx, args: argparse.Namespace, event_id: str) -> int:  # type: ignore[no-untyped-def]
    from netral_desktop.services.pledge import documents as docs

    out = Path(args.output)
    if args.pledge_command == "recap" and out.suffix.lower() == ".xlsx":
        docs.write_recap_xlsx(ctx, event_id, out)
        print(_("Rekap kehadiran ditulis ke {path}").format(path=out))
        return EXIT_OK
    if out.suffix.lower() != ".pdf":
        raise UsageError(
            (
                _("Berkas keluaran harus .pdf atau .xlsx: {path}")
                if args.pledge_command == "recap"
                else _("Berkas keluaran harus .pdf: {path}")
            ).format(path=out)
        )
    form = {"sheet": docs.FORM_SHEET, "naskah": docs.FORM_PLEDGE, "recap": docs.FORM_RECAP}[
        args.pledge_command
    ]
    options = None
    if args.pledge_command == "sheet":
        options = docs.SheetOptions(per_agency=args.per_agency, blank_rows=args.blank)
    if args.draft:
        write_file(out, docs.draft(ctx, form, event_id, options))
        print(_("Draf ditulis ke {path} (belum diterbitkan).").format(path=out))
        return EXIT_OK
    # Written before the issue commits: a full or read-only target, no document issued.
    issued = issue_to(
        out, lambda deliver: docs.issue(ctx, form, event_id, options, deliver=deliver)
    )
    if issued.reused:
        print(
            _("Dokumen ini sudah diterbitkan sebelumnya dengan isi yang sama: {title}").format(
                title=issued.document.title
            )
        )
    else:
        print(_("Dokumen diterbitkan: {title}").format(title=issued.document.title))
    print(_("Kode verifikasi: {code}").format(code=issued.document.code))
    print(_("{pages} halaman, ditulis ke {path}").format(pages=issued.document.pages, path=out))
    return EXIT_OK


def register(sub: argparse._SubParsersAction, parents: Parents) -> None:
    login_options = [parents.login]
    p = sub.add_parser("ikrar", help=_("acara ikrar netralitas: daftar hadir, kehadiran, rekap"))
    pledge_sub = p.add_subparsers(dest="pledge_command", metavar=_("TINDAKAN"))
    pledge_sub.required = True
    q = pledge_sub.add_parser("list", help=_("daftar acara ikrar"), parents=login_options)
    when = q.add_mutually_exclusive_group()
    when.add_argument("--upcoming", action="store_true", help=_("hanya yang akan datang"))
    when.add_argument("--past", action="store_true", help=_("hanya yang sudah lewat"))
    q.add_argument("--limit", type=int, default=200)
    event_help = _("id acara (lihat 'netral ikrar list'; cukup 6 karakter awal atau akhirnya)")
    q = pledge_sub.add_parser(
        "show", help=_("rincian dan kehadiran satu acara"), parents=login_options
    )
    q.add_argument("event", metavar="ACARA", help=event_help)
    draft_help = _("hanya pratinjau: tanpa kode verifikasi, tidak dicatat")
    q = pledge_sub.add_parser("sheet", help=_("cetak daftar hadir ke PDF"), parents=login_options)
    q.add_argument("event", metavar="ACARA", help=event_help)
    q.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    q.add_argument(
        "--per-agency", action="store_true", help=_("setiap instansi di halaman tersendiri")
    )
    q.add_argument(
        "--blank",
        type=int,
        default=10,
        metavar="N",
        help=_("baris kosong untuk peserta yang tidak terdaftar (bawaan 10)"),
    )
    q.add_argument("--draft", action="store_true", help=draft_help)
    q = pledge_sub.add_parser(
        "naskah",
        help=_("cetak naskah ikrar dengan tanda tangan kepala instansi"),
        parents=login_options,
    )
    q.add_argument("event", metavar="ACARA", help=event_help)
    q.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    q.add_argument("--draft", action="store_true", help=draft_help)
    q = pledge_sub.add_parser(
        "recap", help=_("rekap kehadiran ke PDF atau .xlsx"), parents=login_options
    )
    q.add_argument("event", metavar="ACARA", help=event_help)
    q.add_argument("-o", "--output", required=True, metavar="FILE.pdf|FILE.xlsx")
    q.add_argument("--draft", action="store_true", help=draft_help)
    q = pledge_sub.add_parser(
        "mark", help=_("tandai kehadiran dengan NIP atau nama"), parents=login_options
    )
    q.add_argument("event", metavar="ACARA", help=event_help)
    q.add_argument("query", metavar="NIP_ATAU_NAMA")
    q.add_argument(
        "--status",
        default="hadir",
        choices=["hadir", "izin", "sakit", "dinas_luar", "tanpa_keterangan"],
    )
    q.add_argument("--note", metavar="KETERANGAN")
    q = pledge_sub.add_parser("delete", help=_("hapus acara ikrar"), parents=login_options)
    q.add_argument("event", metavar="ACARA", help=event_help)
    q.add_argument(
        "--yes", action="store_true", help=_("hapus juga bila sudah ada catatan kehadiran")
    )
    q = pledge_sub.add_parser(
        "undo", help=_("batalkan tanda kehadiran terakhir Anda"), parents=login_options
    )
    q.add_argument("event", metavar="ACARA", help=event_help)
    q = pledge_sub.add_parser(
        "attach",
        help=_("lampirkan pindaian atau foto lembar yang ditandatangani"),
        parents=login_options,
    )
    q.add_argument("event", metavar="ACARA", help=event_help)
    q.add_argument("file", metavar="BERKAS")
    q.add_argument("--caption", default="", metavar="KETERANGAN")
    p.set_defaults(handler=cmd_pledge)
