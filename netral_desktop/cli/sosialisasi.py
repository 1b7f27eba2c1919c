"""``netral sosialisasi``: socialization events: the list, one event, its papers, photos."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from netral_desktop.cli.common import EXIT_OK, Parents, login, write_file
from netral_desktop.config import HomeLayout
from netral_desktop.core.errors import UsageError
from netral_desktop.i18n import _


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("tanggal '{value}' tidak sah: tulis TTTT-BB-HH").format(value=text)
        ) from None


def _kecamatan(ctx, typed: str | None) -> str | None:  # type: ignore[no-untyped-def]
    """The code of the kecamatan ``typed`` names (its code, or its name, case ignored)."""
    from netral_desktop.services import sosialisasi

    if not typed:
        return None
    wanted = typed.strip().lower()
    for code, name in sosialisasi.kecamatan_choices(ctx):
        if wanted in (code, name.lower()):
            return code
    raise UsageError(
        _("Kecamatan '{value}' tidak ada di wilayah kantor ini. Tulis nama atau kodenya.").format(
            value=typed
        )
    )


def cmd_sosialisasi(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services import sosialisasi

    ctx = login(args, layout)
    action = args.sosialisasi_command
    if action == "list":
        events = sosialisasi.list_events(
            ctx,
            since=args.since,
            until=args.until,
            kecamatan_code=_kecamatan(ctx, args.kecamatan),
            audience_id=sosialisasi.segment_id(ctx, args.audience) if args.audience else None,
            organiser=args.organiser,
            query=args.query or "",
            limit=args.limit,
        )
        for event in events:
            held = _("terlaksana") if event.held else _("rencana")
            people = "-" if event.participants is None else str(event.participants)
            print(
                f"{event.id}  {event.starts_at:%Y-%m-%d %H:%M}  {event.title[:44]:<44} "
                f"{event.kecamatan_name[:16]:<16} {people:>5}  {held}"
            )
        print(_("{n} kegiatan (kolom: kecamatan, peserta, status).").format(n=len(events)))
        return EXIT_OK
    event_id = sosialisasi.find_event_id(ctx, args.event)
    if action == "show":
        return _show(ctx, event_id)
    if action == "photo":
        for path in args.files:
            added = sosialisasi.add_photo(ctx, event_id, Path(path), caption=args.caption)
            if added.duplicate:
                print(_("Sudah ada: {name}").format(name=added.attachment.original_name))
            else:
                print(_("Foto ditambahkan: {name}").format(name=added.attachment.original_name))
        return EXIT_OK
    return _paper(ctx, args, event_id)


def _show(ctx, event_id: str) -> int:  # type: ignore[no-untyped-def]
    from netral_desktop.core.sosialisasi import Method, Organiser
    from netral_desktop.services import sosialisasi
    from netral_desktop.services.sosialisasi.documents import participants_words

    event = sosialisasi.get_event(ctx, event_id)
    end = f" - {event.ends_at:%H:%M}" if event.ends_at else ""
    rows = [
        (_("Waktu"), f"{event.starts_at:%Y-%m-%d %H:%M}{end} {event.time_zone}"),
        (_("Tempat"), event.place or "-"),
        (_("Penyelenggara"), f"{event.organiser} ({Organiser(event.organiser_kind).label})"),
        (_("Metode"), Method(event.method).label),
        (_("Pemilihan"), event.election_name or "-"),
        (_("Sasaran"), ", ".join(event.audience) or "-"),
        (_("Peserta"), participants_words(event) or "-"),
        (
            _("Daftar hadir"),
            _("{present} hadir dari {invited} undangan").format(
                present=event.present, invited=event.invited
            ),
        ),
        (_("Status"), _("terlaksana") if event.held else _("belum ditandai terlaksana")),
    ]
    print(event.title)
    for label, value in rows:
        print(f"  {label:<14}: {value}")
    for number, speaker in enumerate(event.speakers, start=1):
        where = f" ({speaker.institution})" if speaker.institution else ""
        topic = f": {speaker.topic}" if speaker.topic else ""
        print(
            _("  Narasumber {n}  : {name}{where}{topic}").format(
                n=number, name=speaker.name, where=where, topic=topic
            )
        )
    photos = sosialisasi.photos(ctx, event_id)
    materials = sosialisasi.materials(ctx, event_id)
    scans = sosialisasi.scans(ctx, event_id)
    print(
        _(
            "  Berkas        : {photos} foto, {materials} materi, {scans} pindaian daftar hadir"
        ).format(photos=len(photos), materials=len(materials), scans=len(scans))
    )
    if event.minutes:
        print(_("  Notulen:"))
        for line in event.minutes.splitlines():
            print(f"    {line}")
    if event.follow_up:
        print(_("  Tindak lanjut: {text}").format(text=" ".join(event.follow_up.split())))
    return EXIT_OK


def _paper(ctx, args: argparse.Namespace, event_id: str) -> int:  # type: ignore[no-untyped-def]
    from netral_desktop.services.sosialisasi import documents as docs

    out = Path(args.output)
    if out.suffix.lower() != ".pdf":
        raise UsageError(_("Berkas keluaran harus .pdf: {path}").format(path=out))
    form = {"report": docs.FORM_REPORT, "form-a": docs.FORM_A, "sheet": docs.FORM_SHEET}[
        args.sosialisasi_command
    ]
    if args.draft:
        write_file(out, docs.draft(ctx, form, event_id))
        print(_("Draf ditulis ke {path} (belum diterbitkan).").format(path=out))
        return EXIT_OK
    issued = docs.issue(ctx, form, event_id)
    write_file(out, issued.pdf)
    print(_("Dokumen diterbitkan: {title}").format(title=issued.document.title))
    if issued.document.number:
        print(_("Nomor: {number}").format(number=issued.document.number))
    print(_("Kode verifikasi: {code}").format(code=issued.document.code))
    print(_("{pages} halaman, ditulis ke {path}").format(pages=issued.document.pages, path=out))
    return EXIT_OK


def register(sub: argparse._SubParsersAction, parents: Parents) -> None:
    login_options = [parents.login]
    p = sub.add_parser(
        "sosialisasi", help=_("kegiatan sosialisasi: daftar, rincian, laporan, Formulir Model A")
    )
    group = p.add_subparsers(dest="sosialisasi_command", metavar=_("TINDAKAN"))
    group.required = True
    q = group.add_parser("list", help=_("daftar kegiatan sosialisasi"), parents=login_options)
    q.add_argument("--since", type=_day, metavar="TTTT-BB-HH", help=_("sejak tanggal ini"))
    q.add_argument("--until", type=_day, metavar="TTTT-BB-HH", help=_("sampai tanggal ini"))
    q.add_argument("--kecamatan", metavar="NAMA", help=_("nama atau kode kecamatan"))
    q.add_argument("--audience", metavar="SASARAN", help=_("sasaran peserta, mis. BPD"))
    q.add_argument("--organiser", choices=["bawaslu", "panwaslu", "mitra"])
    q.add_argument("--query", metavar="KATA", help=_("kata pada nama, tempat atau wilayah"))
    q.add_argument("--limit", type=int, default=200)
    event_help = _(
        "id kegiatan (lihat 'netral sosialisasi list'; cukup 6 karakter awal atau akhirnya)"
    )
    q = group.add_parser("show", help=_("rincian satu kegiatan"), parents=login_options)
    q.add_argument("event", metavar="KEGIATAN", help=event_help)
    draft_help = _("hanya pratinjau: tanpa kode verifikasi, tidak dicatat")
    for name, text in (
        ("report", _("cetak laporan kegiatan (dengan foto) ke PDF")),
        ("form-a", _("cetak Formulir Model A (laporan hasil pengawasan) ke PDF")),
        ("sheet", _("cetak daftar hadir ke PDF")),
    ):
        q = group.add_parser(name, help=text, parents=login_options)
        q.add_argument("event", metavar="KEGIATAN", help=event_help)
        q.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
        q.add_argument("--draft", action="store_true", help=draft_help)
    q = group.add_parser("photo", help=_("tambahkan foto kegiatan"), parents=login_options)
    q.add_argument("event", metavar="KEGIATAN", help=event_help)
    q.add_argument("files", metavar="FOTO", nargs="+")
    q.add_argument("--caption", default="", metavar="KETERANGAN")
    p.set_defaults(handler=cmd_sosialisasi)
