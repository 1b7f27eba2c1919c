"""``netral roster`` and ``netral agency``: the civil-servant roster and its agencies."""

from __future__ import annotations

import argparse

from netral_desktop.cli.common import EXIT_OK, ArgumentParser, Parents, login
from netral_desktop.config import HomeLayout
from netral_desktop.core.errors import UsageError
from netral_desktop.i18n import _


def _roster_filters(args: argparse.Namespace, ctx):  # type: ignore[no-untyped-def]
    from netral_desktop.core.errors import NotFoundError
    from netral_desktop.services import roster

    agency_id = None
    if getattr(args, "agency", None):
        agency = roster.find_agency(ctx, args.agency)
        if agency is None:
            raise NotFoundError(
                _("Instansi '{name}' tidak ditemukan. Lihat daftarnya: netral agency list.").format(
                    name=args.agency
                )
            )
        agency_id = agency.id
    status = None
    if getattr(args, "status", None):
        from netral_desktop.core.roster import parse_status

        parsed = parse_status(args.status)
        if parsed is None:
            raise UsageError(
                _("Status '{value}' tidak dikenal: pilih PNS, PPPK atau Non-ASN.").format(
                    value=args.status
                )
            )
        status = parsed.value
    filters = roster.RosterFilter(
        agency_id=agency_id,
        status=status,
        problems_only=args.problems,
        include_inactive=args.all,
    )
    sort = roster.RosterSort(args.sort, args.descending)
    return filters, sort


def cmd_roster_import(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services import roster_import

    ctx = login(args, layout)

    def write_refused(checked: roster_import.ImportResult) -> None:
        # Before the import is written: a full or read-only target for the refused rows
        # stops the command with nothing imported, rather than half its output missing.
        if args.refused_out and checked.refused:
            roster_import.export_refused(checked, args.refused_out)

    result = roster_import.import_file(
        ctx,
        args.file,
        agency=args.agency,
        mapping_file=args.mapping,
        sheet=args.sheet,
        dry_run=args.dry_run,
        before_write=write_refused,
    )
    mapping = result.mapping
    if result.no_identifier_column:
        print(
            _(
                "PERHATIAN: tidak ada kolom NIP, NI PPPK atau NIK. Orang hanya dapat dikenali dari "
                "nama; impor ulang berkas lain bisa mencatat orang yang sama dua kali."
            )
        )
    print(
        _("Berkas: {file} (lembar '{sheet}', judul kolom di baris {row})").format(
            file=result.file, sheet=result.sheet, row=mapping.header_row
        )
    )
    columns = "; ".join(
        f"{roster_import.field_label(key)} = {label}" for key, label in mapping.describe().items()
    )
    print(_("Kolom: {columns}").format(columns=columns))
    counts = result.counts()
    print(
        _(
            "Ditambah: {added}, diperbarui: {updated}, tidak berubah: {unchanged}, "
            "ditolak: {refused}, dilewati: {skipped}"
        ).format(**counts)
    )
    if result.agencies_created:
        print(_("Instansi baru: {names}").format(names=", ".join(result.agencies_created)))
    flagged = len(result.flagged)
    if flagged:
        print(_("Diterima dengan catatan: {n} baris").format(n=flagged))
    refused = result.refused
    if refused:
        print(_("Baris yang ditolak:"))
        for row in refused[: args.show]:
            print(f"  {_('baris')} {row.row_number}: {row.name or '-'}: {row.reason()}")
        if len(refused) > args.show:
            print("  " + _("... dan {n} baris lainnya").format(n=len(refused) - args.show))
        if args.refused_out:
            print(_("Baris yang ditolak disimpan di {path}").format(path=args.refused_out))
    if args.dry_run:
        print(_("Uji coba (--dry-run): tidak ada yang disimpan."))
    return EXIT_OK


def cmd_roster_search(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.core.identifiers import format_nip
    from netral_desktop.core.roster import PersonStatus
    from netral_desktop.services import roster

    ctx = login(args, layout)
    filters, sort = _roster_filters(args, ctx)
    rows = roster.search(ctx, args.query, filters, sort, limit=args.limit)
    for row in rows:
        ident = format_nip(row.nip) if row.nip else row.ni_pppk or "-"
        print(
            f"{row.full_name[:40]:<40} {ident:<21} {PersonStatus(row.status).label:<7} "
            f"{row.jabatan[:30]:<30} {row.agency_name or '-'}"
        )
    total = roster.count(ctx, args.query, filters)
    print(_("{total} orang ditemukan; {shown} ditampilkan.").format(total=total, shown=len(rows)))
    return EXIT_OK


def cmd_roster_export(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.roster_export import export_people

    ctx = login(args, layout)
    filters, sort = _roster_filters(args, ctx)
    count = export_people(ctx, args.file, args.query, filters, sort)
    print(_("{n} orang diekspor ke {path}").format(n=count, path=args.file))
    return EXIT_OK


def cmd_roster_reindex(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services import roster

    ctx = login(args, layout)
    print(_("Indeks pencarian dibangun ulang: {n} orang.").format(n=roster.rebuild_search(ctx)))
    return EXIT_OK


def cmd_agency_list(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.core.roster import AgencyKind
    from netral_desktop.services import roster

    ctx = login(args, layout)
    agencies = roster.list_agencies(ctx, query=args.query or "", include_inactive=args.all)
    for agency in agencies:
        state = "" if agency.active else _(" (nonaktif)")
        short = f" ({agency.short_name})" if agency.short_name else ""
        print(
            f"{agency.people:>6}  {AgencyKind(agency.kind).label:<16} {agency.name}{short}{state}"
        )
    print(_("{n} instansi.").format(n=len(agencies)))
    return EXIT_OK


def register(sub: argparse._SubParsersAction, parents: Parents) -> None:
    login_options = [parents.login]
    p = sub.add_parser("roster", help=_("daftar pegawai: impor, cari, ekspor"))
    roster_sub = p.add_subparsers(dest="roster_command", metavar=_("TINDAKAN"))
    roster_sub.required = True
    q = roster_sub.add_parser(
        "import",
        help=_("impor lembar kerja pegawai (.xlsx, .xlsm, .xls, .ods atau .csv)"),
        parents=login_options,
    )
    q.add_argument("file", metavar="BERKAS")
    q.add_argument("--agency", metavar="NAMA", help=_("instansi untuk baris tanpa kolom instansi"))
    q.add_argument("--mapping", metavar="BERKAS", help=_("berkas pemetaan kolom (JSON)"))
    q.add_argument("--sheet", metavar="LEMBAR", help=_("nama lembar (bawaan: terdeteksi)"))
    q.add_argument("--dry-run", action="store_true", help=_("periksa saja, jangan simpan"))
    q.add_argument(
        "--refused-out",
        metavar="BERKAS.xlsx",
        help=_("simpan baris yang ditolak ke .xlsx (atau .csv)"),
    )
    q.add_argument("--show", type=int, default=20, help=argparse.SUPPRESS)
    q.set_defaults(handler=cmd_roster_import)
    view = ArgumentParser(add_help=False)
    view.add_argument("--agency", metavar="NAMA", help=_("hanya instansi ini"))
    view.add_argument("--status", metavar="STATUS", help=_("PNS, PPPK atau Non-ASN"))
    view.add_argument("--problems", action="store_true", help=_("hanya yang bercatatan"))
    view.add_argument("--all", action="store_true", help=_("termasuk yang nonaktif"))
    view.add_argument(
        "--sort",
        default="name",
        choices=["name", "nip", "status", "jabatan", "pangkat", "unit_kerja", "agency"],
    )
    view.add_argument("--descending", action="store_true")
    q = roster_sub.add_parser("search", help=_("cari pegawai"), parents=[parents.login, view])
    q.add_argument("query", metavar="KATA")
    q.add_argument("--limit", type=int, default=50)
    q.set_defaults(handler=cmd_roster_search)
    q = roster_sub.add_parser(
        "export",
        help=_("ekspor daftar pegawai ke .xlsx atau .csv (titik koma, UTF-8, untuk Excel)"),
        parents=[parents.login, view],
    )
    q.add_argument("file", metavar="BERKAS.xlsx|.csv")
    q.add_argument("query", metavar="KATA", nargs="?", default="")
    q.set_defaults(handler=cmd_roster_export)
    q = roster_sub.add_parser(
        "reindex", help=_("bangun ulang indeks pencarian pegawai"), parents=login_options
    )
    q.set_defaults(handler=cmd_roster_reindex)

    p = sub.add_parser("agency", help=_("daftar instansi"))
    agency_sub = p.add_subparsers(dest="agency_command", metavar=_("TINDAKAN"))
    agency_sub.required = True
    q = agency_sub.add_parser("list", help=_("daftar instansi"), parents=login_options)
    q.add_argument("query", metavar="KATA", nargs="?", default="")
    q.add_argument("--all", action="store_true", help=_("termasuk yang nonaktif"))
    q.set_defaults(handler=cmd_agency_list)
