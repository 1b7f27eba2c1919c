"""``netral``: the command line, a thin client of the services (no Qt is imported here).

Exit status: 0 success, 1 an error the user can fix, 2 wrong usage, 3 verification failed.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from netral_desktop import APP_NAME, __version__
from netral_desktop.config import HomeLayout, LocalSettings, resolve_home
from netral_desktop.core.errors import NetralError, UsageError
from netral_desktop.i18n import _, set_language

Handler = Callable[[argparse.Namespace, HomeLayout], int]


def read_secret(env_name: str | None, prompt: str, *, confirm: bool = False) -> str:
    """A password from the named environment variable, else from a terminal prompt."""
    if env_name:
        value = os.environ.get(env_name)
        if not value:
            raise UsageError(
                _("Variabel lingkungan {name} kosong atau tidak ada.").format(name=env_name)
            )
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise UsageError(
            _(
                "Kata sandi diperlukan: jalankan di terminal, atau berikan --password-env NAMA "
                "(nama variabel lingkungan yang berisi kata sandi)."
            )
        )
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("Ulangi: ")) != value:
        raise UsageError(_("Kedua kata sandi tidak sama."))
    return value


def _login(args: argparse.Namespace, layout: HomeLayout):  # type: ignore[no-untyped-def]
    """The service context acting as ``--user`` (checked against the database)."""
    from netral_desktop.services import accounts
    from netral_desktop.services.context import open_context

    ctx = open_context(layout)
    username = args.user or LocalSettings.load(layout).last_username
    if not username:
        raise UsageError(_("Perintah ini bertindak sebagai pengguna: berikan --user NAMA."))
    password = read_secret(args.password_env, _("Kata sandi {user}: ").format(user=username))
    return ctx.as_actor(accounts.authenticate(ctx, username, password))


def _add_login_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", help=_("nama pengguna yang menjalankan perintah"))
    parser.add_argument(
        "--password-env", metavar="NAMA", help=_("variabel lingkungan berisi kata sandi pengguna")
    )


# --- commands ---------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.setup import check_office_code, init_office

    check_office_code(args.office, args.mode)  # fail on a wrong code before asking anything
    password = read_secret(
        args.password_env,
        _("Kata sandi baru untuk {user}: ").format(user=args.admin),
        confirm=True,
    )
    passphrase = None
    if args.key_store == "file":
        passphrase = read_secret(args.passphrase_env, _("Kata sandi berkas kunci: "), confirm=True)
    ctx = init_office(
        layout,
        office_code=args.office,
        name=args.name,
        mode=args.mode,
        admin_username=args.admin,
        admin_password=password,
        admin_full_name=args.admin_name or "",
        time_zone=args.time_zone,
        bawaslu_code=args.kode_bawaslu,
        key_store=args.key_store,
        passphrase=passphrase,
    )
    settings = LocalSettings.load(layout)
    settings.last_username = args.admin.lower()
    settings.save(layout)
    _print_office(ctx)
    print(_("Administrator: {user}").format(user=args.admin.lower()))
    print(_("Kunci data disimpan di: {kind}").format(kind=ctx.meta["key_store"]))
    return 0


def _print_office(ctx) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.services.context import current_office

    office = current_office(ctx)
    print(
        _("Kantor: {name} ({code}), mode {mode}").format(
            name=office.name, code=office.code, mode=office.mode
        )
    )
    print(
        _("Zona waktu: {tz}; kode wilayah Bawaslu: {bcode}").format(
            tz=office.time_zone, bcode=office.bawaslu_code or _("(belum diisi)")
        )
    )
    if ctx.layout:
        print(_("Folder data: {path}").format(path=ctx.layout.root))


def cmd_demo(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.demo import create_demo

    passphrase = None
    if args.key_store == "file":
        passphrase = read_secret(args.passphrase_env, _("Kata sandi berkas kunci: "))
    ctx = _login(args, layout) if layout.database.exists() else None
    result = create_demo(
        layout, scale=args.scale, key_store=args.key_store, passphrase=passphrase, ctx=ctx
    )
    if result.created_office:
        print(_("Kantor demo disiapkan."))
    else:
        print(_("Data demo ditambahkan ke kantor yang sudah ada."))
    _print_office(result.ctx)
    if result.users:
        print(_("Pengguna demo (catat kata sandinya; tidak ditampilkan lagi):"))
        for username, role, password in result.users:
            print(f"  {username:<12} {role:<12} {password}")
    for name, count in result.counts.items():
        print(f"  {name}: {count}")
    if result.users:
        settings = LocalSettings.load(layout)
        settings.last_username = settings.last_username or result.users[0][0]
        settings.save(layout)
    return 0


def cmd_check(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.check import check_data_key, run_checks
    from netral_desktop.services.context import open_context

    ctx = open_context(layout)
    passphrase = None
    if ctx.meta.get("key_store") == "file":
        passphrase = read_secret(args.passphrase_env, _("Kata sandi berkas kunci: "))
    items = [*run_checks(ctx), check_data_key(ctx, passphrase)]
    for item in items:
        mark = "OK" if item.ok else _("RUSAK")
        print(f"[{mark:<5}] {item.name}: {item.detail}")
    failed = [i for i in items if not i.ok]
    if failed:
        print(
            _("Pemeriksaan gagal: {names}.").format(names=", ".join(i.name for i in failed)),
            file=sys.stderr,
        )
        return 3
    print(_("Semua pemeriksaan lulus."))
    return 0


def cmd_user(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.core.roles import role_label
    from netral_desktop.services import accounts

    ctx = _login(args, layout)
    if args.user_command == "list":
        for user in accounts.list_users(ctx):
            state = _("aktif") if user.active else _("nonaktif")
            if user.locked_until:
                state += _(", terkunci")
            print(f"{user.username:<16} {role_label(user.role):<20} {state:<18} {user.full_name}")
        return 0
    if args.user_command == "add":
        password = read_secret(
            args.new_password_env,
            _("Kata sandi untuk {user}: ").format(user=args.username),
            confirm=True,
        )
        user = accounts.create_user(
            ctx, username=args.username, full_name=args.full_name, role=args.role, password=password
        )
        print(
            _("Pengguna {user} ({role}) ditambahkan.").format(
                user=user.username, role=role_label(user.role)
            )
        )
    elif args.user_command == "role":
        user = accounts.set_role(ctx, args.username, args.role)
        print(
            _("Peran {user} sekarang {role}.").format(
                user=user.username, role=role_label(user.role)
            )
        )
    elif args.user_command == "reset-password":
        password = read_secret(
            args.new_password_env,
            _("Kata sandi baru untuk {user}: ").format(user=args.username),
            confirm=True,
        )
        user = accounts.reset_password(ctx, args.username, password)
        print(_("Kata sandi {user} diatur ulang; kunci akun dibuka.").format(user=user.username))
    elif args.user_command in ("disable", "enable"):
        user = accounts.set_active(ctx, args.username, args.user_command == "enable")
        print(
            (
                _("Akun {user} diaktifkan.") if user.active else _("Akun {user} dinonaktifkan.")
            ).format(user=user.username)
        )
    return 0


def cmd_office(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services import office as office_service

    ctx = _login(args, layout)
    changes = {
        name: getattr(args, name)
        for name in office_service.EDITABLE_FIELDS
        if getattr(args, name, None) is not None
    }
    if changes:
        office_service.update_office(ctx, **changes)
        print(_("Pengaturan kantor disimpan."))
    if args.logo or args.no_logo:
        image = None
        if args.logo:
            try:
                image = Path(args.logo).read_bytes()
            except OSError as exc:
                raise NetralError(
                    _("Berkas {path} tidak dapat dibaca: {reason}.").format(
                        path=args.logo, reason=exc.strerror or exc
                    )
                ) from None
        office_service.set_logo(ctx, image)
        print(_("Logo kop surat disimpan.") if image else _("Logo kop surat dihapus."))
    _print_office(ctx)
    return 0


def cmd_backup(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.maintenance import make_backup

    print(make_backup(_login(args, layout), Path(args.to)))
    return 0


def cmd_restore(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.restore import restore

    if not args.user:
        raise UsageError(_("Pemulihan bertindak sebagai administrator: berikan --user NAMA."))
    password = read_secret(args.password_env, _("Kata sandi {user}: ").format(user=args.user))
    result = restore(layout, Path(args.file), username=args.user, password=password)
    print(
        _("Basis data {office} dipulihkan dari {path}.").format(
            office=result.office_name, path=result.restored_from
        )
    )
    if result.previous_kept_as:
        print(_("Basis data sebelumnya disimpan di {path}.").format(path=result.previous_kept_as))
    return 0


def cmd_audit(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.core.roles import Permission
    from netral_desktop.services.audit_query import recent_entries

    ctx = _login(args, layout)
    ctx.require(Permission.VIEW_AUDIT)
    for entry in recent_entries(ctx.db, limit=args.limit):
        print(
            f"#{entry.seq:<6} {entry.at[:19]} {entry.actor:<14} {entry.action:<16} "
            f"{entry.table_name}/{entry.record_id[:13]} {entry.note}"
        )
    return 0


def cmd_doc(args: argparse.Namespace, layout: HomeLayout) -> int:
    action = args.doc_command
    if action in ("forms", "check"):
        return _doc_specs(args)
    from netral_desktop.services import documents

    ctx = _login(args, layout)
    if action == "render":
        out = Path(args.output)
        if args.draft:
            pdf = documents.render_draft(ctx, args.form, args.record)
        else:
            issued = documents.issue(ctx, args.form, args.record)
            pdf = issued.pdf
        _write_file(out, pdf)
        if args.draft:
            print(_("Draf ditulis ke {path} (belum diterbitkan).").format(path=out))
        else:
            doc = issued.document
            print(_("Dokumen diterbitkan: {title}").format(title=doc.title))
            if doc.number:
                print(_("Nomor: {number}").format(number=doc.number))
            print(_("Kode verifikasi: {code}").format(code=doc.code))
            print(_("{pages} halaman, ditulis ke {path}").format(pages=doc.pages, path=out))
        return 0
    if action == "list":
        rows = documents.list_issued(
            ctx, form=args.form, search=args.search, year=args.year, limit=args.limit
        )
        for doc in rows:
            print(
                f"{doc.issued_at[:16].replace('T', ' ')}  {doc.code}  {doc.form:<16} "
                f"{doc.number or '-':<34} {doc.issued_by:<12} {doc.record_label}"
            )
        if not rows:
            print(_("Belum ada dokumen yang cocok."))
        return 0
    if action == "verify":
        return _doc_verify(ctx, args)
    if action == "get":
        pdf = documents.issued_pdf(ctx, args.code)
        _write_file(Path(args.output), pdf)
        print(args.output)
        return 0
    if action == "scheme":
        if args.default:
            documents.set_numbering_scheme(ctx, args.series, None)
        elif args.format:
            documents.set_numbering_scheme(ctx, args.series, args.format)
        current = documents.numbering_scheme(ctx, args.series)
        print(
            _("Format nomor seri {series}: {scheme}").format(
                series=args.series, scheme=current or _("(bawaan formulir)")
            )
        )
        return 0
    raise UsageError(action)


def _write_file(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise NetralError(
            _("Berkas {path} tidak dapat ditulis: {reason}.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None


def _doc_verify(ctx, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from netral_desktop.services import documents
    from netral_desktop.services.office import format_local_time

    file_bytes = None
    if args.file:
        try:
            file_bytes = Path(args.file).read_bytes()
        except OSError as exc:
            raise NetralError(
                _("Berkas {path} tidak dapat dibaca: {reason}.").format(
                    path=args.file, reason=exc.strerror or exc
                )
            ) from None
    from netral_desktop.core.errors import ValidationError

    try:
        result = documents.verify(ctx, args.code, file_bytes=file_bytes)
    except ValidationError as exc:
        if exc.code != "code_invalid":
            raise
        # A code that cannot exist is a failed verification too (a forged paper may carry one).
        print(_("TIDAK DITEMUKAN: {message}").format(message=exc))
        return 3
    doc = result.document
    if doc is None:
        print(
            _("TIDAK DITEMUKAN: tidak ada dokumen berkode {code} yang diterbitkan di sini.").format(
                code=result.code
            )
        )
        return 3
    from netral_desktop.core.clock import parse_iso_utc

    print(_("Diterbitkan di sini: {title}").format(title=doc.title))
    if doc.number:
        print(_("  Nomor        : {number}").format(number=doc.number))
    print(_("  Kode         : {code}").format(code=doc.code))
    print(
        _("  Untuk        : {label} ({kind}/{id})").format(
            label=doc.record_label, kind=doc.record_kind, id=doc.record_id
        )
    )
    print(
        _("  Waktu        : {when}").format(
            when=format_local_time(ctx, parse_iso_utc(doc.issued_at))
        )
    )
    print(_("  Oleh         : {name} ({user})").format(name=doc.issued_by_name, user=doc.issued_by))
    print(_("  Halaman      : {pages}; SHA-256 {sha}").format(pages=doc.pages, sha=doc.sha256))
    if result.file_matches is None:
        return 0
    if result.file_matches:
        print(_("BERKAS COCOK: {path} adalah dokumen yang diterbitkan.").format(path=args.file))
        return 0
    print(
        _(
            "BERKAS TIDAK COCOK: {path} berbeda dari dokumen yang diterbitkan (SHA-256 {sha})."
        ).format(path=args.file, sha=result.file_sha256)
    )
    return 3


def _doc_specs(args: argparse.Namespace) -> int:
    from netral_desktop.pdf.spec import available_forms, load_spec

    codes = getattr(args, "forms", None) or available_forms()
    failed = 0
    for code in codes:
        try:
            spec = load_spec(code)
        except NetralError as exc:
            failed += 1
            print(_("Galat: {message}").format(message=exc), file=sys.stderr)
            continue
        if args.doc_command == "forms":
            numbered = spec.numbering.scheme if spec.numbering else "-"
            print(f"{spec.code:<18} {spec.title:<32} {spec.record:<10} {numbered}")
        else:
            print(_("OK   {path}").format(path=spec.path))
    return 1 if failed else 0


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

    ctx = _login(args, layout)
    result = roster_import.import_file(
        ctx,
        args.file,
        agency=args.agency,
        mapping_file=args.mapping,
        sheet=args.sheet,
        dry_run=args.dry_run,
    )
    mapping = result.mapping
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
            roster_import.export_refused(result, args.refused_out)
            print(_("Baris yang ditolak disimpan di {path}").format(path=args.refused_out))
    if args.dry_run:
        print(_("Uji coba (--dry-run): tidak ada yang disimpan."))
    return 0


def cmd_roster_search(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.core.identifiers import format_nip
    from netral_desktop.core.roster import PersonStatus
    from netral_desktop.services import roster

    ctx = _login(args, layout)
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
    return 0


def cmd_roster_export(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.roster_export import export_people

    ctx = _login(args, layout)
    filters, sort = _roster_filters(args, ctx)
    count = export_people(ctx, args.file, args.query, filters, sort)
    print(_("{n} orang diekspor ke {path}").format(n=count, path=args.file))
    return 0


def cmd_roster_reindex(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services import roster

    ctx = _login(args, layout)
    print(_("Indeks pencarian dibangun ulang: {n} orang.").format(n=roster.rebuild_search(ctx)))
    return 0


def cmd_agency_list(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.core.roster import AgencyKind
    from netral_desktop.services import roster

    ctx = _login(args, layout)
    agencies = roster.list_agencies(ctx, query=args.query or "", include_inactive=args.all)
    for agency in agencies:
        state = "" if agency.active else _(" (nonaktif)")
        short = f" ({agency.short_name})" if agency.short_name else ""
        print(
            f"{agency.people:>6}  {AgencyKind(agency.kind).label:<16} {agency.name}{short}{state}"
        )
    print(_("{n} instansi.").format(n=len(agencies)))
    return 0


def cmd_ikrar(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services import ikrar

    ctx = _login(args, layout)
    action = args.ikrar_command
    if action == "list":
        when = "upcoming" if args.upcoming else "past" if args.past else "all"
        events = ikrar.list_events(ctx, when=when, limit=args.limit)
        for event in events:
            print(
                f"{event.id}  {event.starts_at:%Y-%m-%d %H:%M}  {event.title[:48]:<48} "
                f"{event.invitees:>6} {event.present:>6}"
            )
        print(_("{n} acara (kolom: undangan, hadir).").format(n=len(events)))
        return 0
    event_id = ikrar.find_event_id(ctx, args.event)
    if action == "show":
        return _ikrar_show(ctx, event_id)
    if action in ("sheet", "naskah", "recap"):
        return _ikrar_document(ctx, args, event_id)
    if action == "mark":
        result = ikrar.mark(ctx, event_id, args.query, args.status, args.note or "")
        print(result.message)
        for row in result.candidates:
            print(f"  {row.full_name[:40]:<40} {row.nip or '-':<18} {row.agency_name}")
        return 0 if result.invitee is not None else 1
    if action == "delete":
        event = ikrar.delete_event(ctx, event_id, confirm=args.yes)
        print(_("Acara '{title}' dihapus.").format(title=event.title))
        return 0
    if action == "undo":
        undone = ikrar.undo_last_mark(ctx, event_id)
        print(undone.message)
        return 0 if undone.undone else 1
    if action == "attach":
        attached = ikrar.attach_evidence(ctx, event_id, Path(args.file), caption=args.caption)
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
        return 0
    raise UsageError(action)


def _ikrar_show(ctx, event_id: str) -> int:  # type: ignore[no-untyped-def]
    from netral_desktop.services import ikrar

    event = ikrar.get_event(ctx, event_id)
    counts = ikrar.counts(ctx, event_id)
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
            "  Kehadiran    : {present} hadir dari {total} peserta; izin {izin}, sakit {sakit}, "
            "dinas luar {dl}, tanpa keterangan {tk}, belum dicatat {belum}; tambahan {walk_ins}"
        ).format(
            present=counts.present,
            total=counts.total,
            izin=counts.izin,
            sakit=counts.sakit,
            dl=counts.dinas_luar,
            tk=counts.tanpa_keterangan,
            belum=counts.belum,
            walk_ins=counts.walk_ins,
        )
    )
    for line in ikrar.counts_by_agency(ctx, event_id):
        c = line.counts
        name = line.agency_name or _("(tanpa instansi)")
        print(f"    {name[:50]:<50} {c.present:>5}/{c.total:<5}")
    evidence = ikrar.list_evidence(ctx, event_id)
    if evidence:
        print(_("  Lampiran     : {n} berkas").format(n=len(evidence)))
    return 0


def _ikrar_document(ctx, args: argparse.Namespace, event_id: str) -> int:  # type: ignore[no-untyped-def]
    from netral_desktop.services import ikrar_documents as docs

    out = Path(args.output)
    if args.ikrar_command == "recap" and out.suffix.lower() == ".xlsx":
        docs.write_recap_xlsx(ctx, event_id, out)
        print(_("Rekap kehadiran ditulis ke {path}").format(path=out))
        return 0
    if out.suffix.lower() != ".pdf":
        raise UsageError(
            (
                _("Berkas keluaran harus .pdf atau .xlsx: {path}")
                if args.ikrar_command == "recap"
                else _("Berkas keluaran harus .pdf: {path}")
            ).format(path=out)
        )
    form = {"sheet": docs.FORM_SHEET, "naskah": docs.FORM_PLEDGE, "recap": docs.FORM_RECAP}[
        args.ikrar_command
    ]
    options = None
    if args.ikrar_command == "sheet":
        options = docs.SheetOptions(per_agency=args.per_agency, blank_rows=args.blank)
    if args.draft:
        _write_file(out, docs.draft(ctx, form, event_id, options))
        print(_("Draf ditulis ke {path} (belum diterbitkan).").format(path=out))
        return 0
    issued = docs.issue(ctx, form, event_id, options)
    _write_file(out, issued.pdf)
    print(_("Dokumen diterbitkan: {title}").format(title=issued.document.title))
    print(_("Kode verifikasi: {code}").format(code=issued.document.code))
    print(_("{pages} halaman, ditulis ke {path}").format(pages=issued.document.pages, path=out))
    return 0


def cmd_version(_args: argparse.Namespace, _layout: HomeLayout) -> int:
    print(f"{APP_NAME} {__version__}")
    return 0


# --- parser -----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="netral", description=_("{app}: baris perintah.").format(app=APP_NAME)
    )
    parser.add_argument(
        "--home",
        metavar="FOLDER",
        help=_("folder data (bawaan: NETRAL_HOME atau folder data pengguna)"),
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar=_("PERINTAH"))
    sub.required = True

    p = sub.add_parser("init", help=_("siapkan folder data untuk sebuah kantor"))
    p.add_argument(
        "--office",
        required=True,
        metavar="KODE",
        help=_("kode wilayah Kemendagri kantor, misalnya 34.02"),
    )
    p.add_argument(
        "--name", metavar="NAMA", help=_("nama kantor, misalnya 'Bawaslu Kabupaten Bantul'")
    )
    p.add_argument("--mode", choices=["district", "province"], default="district")
    p.add_argument(
        "--admin",
        required=True,
        metavar="NAMA_PENGGUNA",
        help=_("nama pengguna administrator pertama"),
    )
    p.add_argument("--admin-name", metavar="NAMA_LENGKAP")
    p.add_argument(
        "--time-zone", choices=["WIB", "WITA", "WIT"], help=_("bawaan: menurut provinsi")
    )
    p.add_argument(
        "--kode-bawaslu",
        metavar="KODE",
        help=_("kode wilayah Bawaslu untuk nomor surat, misalnya 15.02"),
    )
    p.add_argument(
        "--key-store",
        choices=["keyring", "file"],
        default="keyring",
        help=_("tempat kunci data: keyring sistem (bawaan) atau berkas berkata sandi"),
    )
    p.add_argument(
        "--password-env",
        metavar="NAMA",
        help=_("variabel lingkungan berisi kata sandi administrator"),
    )
    p.add_argument(
        "--passphrase-env",
        metavar="NAMA",
        help=_("variabel lingkungan berisi kata sandi berkas kunci"),
    )
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help=_("siapkan kantor demo dengan data contoh"))
    _add_login_options(p)
    p.add_argument("--scale", choices=["small", "district", "province"], default="small")
    p.add_argument("--key-store", choices=["keyring", "file"], default="keyring")
    p.add_argument("--passphrase-env", metavar="NAMA")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("check", help=_("periksa basis data, log audit dan lampiran"))
    p.add_argument("--passphrase-env", metavar="NAMA")
    p.set_defaults(handler=cmd_check)

    login = argparse.ArgumentParser(add_help=False)
    _add_login_options(login)
    p = sub.add_parser("user", help=_("kelola akun pengguna (administrator)"))
    user_sub = p.add_subparsers(dest="user_command", metavar=_("TINDAKAN"))
    user_sub.required = True
    user_sub.add_parser("list", help=_("daftar pengguna"), parents=[login])
    q = user_sub.add_parser("add", help=_("tambah pengguna"), parents=[login])
    q.add_argument("username")
    q.add_argument("--full-name", required=True)
    q.add_argument(
        "--role", required=True, choices=["admin", "koordinator", "sekretariat", "staf", "provinsi"]
    )
    q.add_argument("--new-password-env", metavar="NAMA")
    q = user_sub.add_parser("role", help=_("ubah peran"), parents=[login])
    q.add_argument("username")
    q.add_argument("role", choices=["admin", "koordinator", "sekretariat", "staf", "provinsi"])
    q = user_sub.add_parser(
        "reset-password", help=_("atur ulang kata sandi dan buka kunci"), parents=[login]
    )
    q.add_argument("username")
    q.add_argument("--new-password-env", metavar="NAMA")
    for action, text in (("disable", _("nonaktifkan akun")), ("enable", _("aktifkan akun"))):
        q = user_sub.add_parser(action, help=text, parents=[login])
        q.add_argument("username")
    p.set_defaults(handler=cmd_user)

    p = sub.add_parser("office", help=_("lihat atau ubah pengaturan kantor"))
    _add_login_options(p)
    for name in ("name", "address", "phone", "email", "city"):
        p.add_argument(f"--{name}")
    p.add_argument("--time-zone", dest="time_zone", choices=["WIB", "WITA", "WIT"])
    p.add_argument("--kode-bawaslu", dest="bawaslu_code")
    logo = p.add_mutually_exclusive_group()
    logo.add_argument("--logo", metavar="GAMBAR", help=_("logo kop surat (PNG atau JPEG)"))
    logo.add_argument("--no-logo", action="store_true", help=_("hapus logo kop surat"))
    p.set_defaults(handler=cmd_office)

    p = sub.add_parser("backup", help=_("buat cadangan basis data"))
    _add_login_options(p)
    p.add_argument("--to", required=True, metavar="FOLDER")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help=_("pulihkan basis data dari berkas cadangan"))
    _add_login_options(p)
    p.add_argument("file", metavar="BERKAS")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("audit", help=_("tampilkan entri terakhir log audit"))
    _add_login_options(p)
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler=cmd_audit)

    p = sub.add_parser("doc", help=_("dokumen resmi: terbitkan, daftar, verifikasi"))
    doc_sub = p.add_subparsers(dest="doc_command", metavar=_("TINDAKAN"))
    doc_sub.required = True
    q = doc_sub.add_parser(
        "render", help=_("terbitkan dokumen (nomor, kode verifikasi) ke PDF"), parents=[login]
    )
    q.add_argument("form", metavar="FORM", help=_("kode formulir (lihat 'netral doc forms')"))
    q.add_argument(
        "record", metavar="RECORD", help=_("id data (misalnya instansi) atau berkas data YAML/JSON")
    )
    q.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    q.add_argument(
        "--draft", action="store_true", help=_("hanya pratinjau: tanpa nomor, tidak dicatat")
    )
    q = doc_sub.add_parser("list", help=_("daftar dokumen yang diterbitkan"), parents=[login])
    q.add_argument("--form", metavar="FORM")
    q.add_argument("--search", metavar="TEKS")
    q.add_argument("--year", type=int, metavar="TAHUN")
    q.add_argument("--limit", type=int, default=100)
    q = doc_sub.add_parser(
        "verify", help=_("periksa kode verifikasi (dan berkas PDF-nya)"), parents=[login]
    )
    q.add_argument("code", metavar="KODE")
    q.add_argument("--file", metavar="FILE.pdf", help=_("berkas yang hendak dicocokkan"))
    q = doc_sub.add_parser("get", help=_("salin PDF dokumen yang diterbitkan"), parents=[login])
    q.add_argument("code", metavar="KODE")
    q.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    q = doc_sub.add_parser(
        "scheme", help=_("lihat atau ubah format nomor suatu seri"), parents=[login]
    )
    q.add_argument("series", metavar="SERI")
    q.add_argument("format", nargs="?", metavar="FORMAT")
    q.add_argument("--default", action="store_true", help=_("kembali ke format bawaan formulir"))
    doc_sub.add_parser("forms", help=_("daftar formulir yang tersedia"))
    q = doc_sub.add_parser("check", help=_("periksa spec formulir"))
    q.add_argument("forms", nargs="*", metavar="FORM")
    p.set_defaults(handler=cmd_doc)
    p = sub.add_parser("roster", help=_("daftar pegawai: impor, cari, ekspor"))
    roster_sub = p.add_subparsers(dest="roster_command", metavar=_("TINDAKAN"))
    roster_sub.required = True
    q = roster_sub.add_parser(
        "import", help=_("impor lembar kerja pegawai (.xlsx atau .csv)"), parents=[login]
    )
    q.add_argument("file", metavar="BERKAS")
    q.add_argument("--agency", metavar="NAMA", help=_("instansi untuk baris tanpa kolom instansi"))
    q.add_argument("--mapping", metavar="BERKAS", help=_("berkas pemetaan kolom (JSON)"))
    q.add_argument("--sheet", metavar="LEMBAR", help=_("nama lembar (bawaan: terdeteksi)"))
    q.add_argument("--dry-run", action="store_true", help=_("periksa saja, jangan simpan"))
    q.add_argument(
        "--refused-out", metavar="BERKAS.xlsx", help=_("simpan baris yang ditolak ke .xlsx")
    )
    q.add_argument("--show", type=int, default=20, help=argparse.SUPPRESS)
    q.set_defaults(handler=cmd_roster_import)
    view = argparse.ArgumentParser(add_help=False)
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
    q = roster_sub.add_parser("search", help=_("cari pegawai"), parents=[login, view])
    q.add_argument("query", metavar="KATA")
    q.add_argument("--limit", type=int, default=50)
    q.set_defaults(handler=cmd_roster_search)
    q = roster_sub.add_parser(
        "export", help=_("ekspor daftar pegawai ke .xlsx"), parents=[login, view]
    )
    q.add_argument("file", metavar="BERKAS.xlsx")
    q.add_argument("query", metavar="KATA", nargs="?", default="")
    q.set_defaults(handler=cmd_roster_export)
    q = roster_sub.add_parser(
        "reindex", help=_("bangun ulang indeks pencarian pegawai"), parents=[login]
    )
    q.set_defaults(handler=cmd_roster_reindex)

    p = sub.add_parser("agency", help=_("daftar instansi"))
    agency_sub = p.add_subparsers(dest="agency_command", metavar=_("TINDAKAN"))
    agency_sub.required = True
    q = agency_sub.add_parser("list", help=_("daftar instansi"), parents=[login])
    q.add_argument("query", metavar="KATA", nargs="?", default="")
    q.add_argument("--all", action="store_true", help=_("termasuk yang nonaktif"))
    q.set_defaults(handler=cmd_agency_list)

    p = sub.add_parser("ikrar", help=_("acara ikrar netralitas: daftar hadir, kehadiran, rekap"))
    ikrar_sub = p.add_subparsers(dest="ikrar_command", metavar=_("TINDAKAN"))
    ikrar_sub.required = True
    q = ikrar_sub.add_parser("list", help=_("daftar acara ikrar"), parents=[login])
    when = q.add_mutually_exclusive_group()
    when.add_argument("--upcoming", action="store_true", help=_("hanya yang akan datang"))
    when.add_argument("--past", action="store_true", help=_("hanya yang sudah lewat"))
    q.add_argument("--limit", type=int, default=200)
    event_help = _("id acara (lihat 'netral ikrar list'; cukup 6 karakter awal atau akhirnya)")
    q = ikrar_sub.add_parser("show", help=_("rincian dan kehadiran satu acara"), parents=[login])
    q.add_argument("event", metavar="ACARA", help=event_help)
    draft_help = _("hanya pratinjau: tanpa kode verifikasi, tidak dicatat")
    q = ikrar_sub.add_parser("sheet", help=_("cetak daftar hadir ke PDF"), parents=[login])
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
    q = ikrar_sub.add_parser(
        "naskah", help=_("cetak naskah ikrar dengan tanda tangan kepala instansi"), parents=[login]
    )
    q.add_argument("event", metavar="ACARA", help=event_help)
    q.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    q.add_argument("--draft", action="store_true", help=draft_help)
    q = ikrar_sub.add_parser("recap", help=_("rekap kehadiran ke PDF atau .xlsx"), parents=[login])
    q.add_argument("event", metavar="ACARA", help=event_help)
    q.add_argument("-o", "--output", required=True, metavar="FILE.pdf|FILE.xlsx")
    q.add_argument("--draft", action="store_true", help=draft_help)
    q = ikrar_sub.add_parser(
        "mark", help=_("tandai kehadiran dengan NIP atau nama"), parents=[login]
    )
    q.add_argument("event", metavar="ACARA", help=event_help)
    q.add_argument("query", metavar="NIP_ATAU_NAMA")
    q.add_argument(
        "--status",
        default="hadir",
        choices=["hadir", "izin", "sakit", "dinas_luar", "tanpa_keterangan"],
    )
    q.add_argument("--note", metavar="KETERANGAN")
    q = ikrar_sub.add_parser("delete", help=_("hapus acara ikrar"), parents=[login])
    q.add_argument("event", metavar="ACARA", help=event_help)
    q.add_argument(
        "--yes", action="store_true", help=_("hapus juga bila sudah ada catatan kehadiran")
    )
    q = ikrar_sub.add_parser(
        "undo", help=_("batalkan tanda kehadiran terakhir Anda"), parents=[login]
    )
    q.add_argument("event", metavar="ACARA", help=event_help)
    q = ikrar_sub.add_parser(
        "attach",
        help=_("lampirkan pindaian atau foto lembar yang ditandatangani"),
        parents=[login],
    )
    q.add_argument("event", metavar="ACARA", help=event_help)
    q.add_argument("file", metavar="BERKAS")
    q.add_argument("--caption", default="", metavar="KETERANGAN")
    p.set_defaults(handler=cmd_ikrar)

    p = sub.add_parser("version", help=_("tampilkan versi"))
    p.set_defaults(handler=cmd_version)
    return parser


def _early_home(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--home" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--home="):
            return arg.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    layout = HomeLayout(resolve_home(_early_home(argv)))
    set_language(os.environ.get("NETRAL_LANG") or LocalSettings.load(layout).language)
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args, layout)
    except NetralError as exc:
        print(_("Galat: {message}").format(message=exc), file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print(_("Dibatalkan."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (``netral ikrar list | head``): not an error.
        # Point stdout at /dev/null so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
