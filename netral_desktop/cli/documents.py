"""``netral doc``: official documents: issue, list, verify, copy, number schemes, form specs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from netral_desktop.cli.common import (
    EXIT_ERROR,
    EXIT_FAILED_CHECK,
    EXIT_OK,
    Parents,
    issue_to,
    login,
    read_file,
    write_file,
)
from netral_desktop.config import HomeLayout
from netral_desktop.core.errors import NetralError, UsageError
from netral_desktop.i18n import _


def cmd_doc(args: argparse.Namespace, layout: HomeLayout) -> int:
    action = args.doc_command
    if action in ("forms", "check"):
        return _doc_specs(args)
    from netral_desktop.services import documents, numbering

    ctx = login(args, layout)
    if action == "device":
        if args.clear or args.code:
            numbering.set_device_code(ctx, None if args.clear else args.code)
        device = numbering.device_code(ctx)
        print(
            _("Kode perangkat komputer ini pada nomor surat: {code}").format(
                code=device or _("(belum diatur)")
            )
        )
        return EXIT_OK
    if action == "klasifikasi":
        for item in numbering.classifications(ctx):
            note = f"  ({item.note})" if item.note else ""
            print(f"{item.code:<10} {item.label}{note}")
        return EXIT_OK
    if action == "render":
        out = Path(args.output)
        if args.draft:
            write_file(out, documents.render_draft(ctx, args.form, args.record))
        else:
            # Written before the issue commits: a full or read-only target, no document issued.
            issued = issue_to(
                out, lambda deliver: documents.issue(ctx, args.form, args.record, deliver=deliver)
            )
        if args.draft:
            print(_("Draf ditulis ke {path} (belum diterbitkan).").format(path=out))
        else:
            doc = issued.document
            if issued.reused:
                print(
                    _(
                        "Dokumen ini sudah diterbitkan sebelumnya dengan isi yang sama: {title}"
                    ).format(title=doc.title)
                )
            else:
                print(_("Dokumen diterbitkan: {title}").format(title=doc.title))
            if doc.number:
                print(_("Nomor: {number}").format(number=doc.number))
            print(_("Kode verifikasi: {code}").format(code=doc.code))
            print(_("{pages} halaman, ditulis ke {path}").format(pages=doc.pages, path=out))
        return EXIT_OK
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
        return EXIT_OK
    if action == "verify":
        return _doc_verify(ctx, args)
    if action == "get":
        pdf = documents.issued_pdf(ctx, args.code)
        write_file(Path(args.output), pdf)
        print(args.output)
        return EXIT_OK
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
        return EXIT_OK
    raise UsageError(action)


def _doc_verify(ctx, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from netral_desktop.services import documents
    from netral_desktop.services.office import format_local_time

    file_bytes = None
    if args.file:
        file_bytes = read_file(args.file)
    from netral_desktop.core.errors import ValidationError

    try:
        result = documents.verify(ctx, args.code, file_bytes=file_bytes)
    except ValidationError as exc:
        if exc.code != "code_invalid":
            raise
        # A code that cannot exist is a failed verification too (a forged paper may carry one).
        print(_("TIDAK DITEMUKAN: {message}").format(message=exc))
        return EXIT_FAILED_CHECK
    doc = result.document
    if doc is None:
        print(
            _("TIDAK DITEMUKAN: tidak ada dokumen berkode {code} yang diterbitkan di sini.").format(
                code=result.code
            )
        )
        return EXIT_FAILED_CHECK
    if not result.record_intact:
        print(
            _(
                "TIDAK SAH: catatan dokumen berkode {code} diubah di luar program (nomor, kode "
                "atau hash PDF-nya tidak cocok dengan segel kantor), jadi dokumen ini tidak dapat "
                "diverifikasi. Laporkan kepada administrator ('netral check')."
            ).format(code=result.code)
        )
        return EXIT_FAILED_CHECK
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
        return EXIT_OK
    if result.file_matches:
        print(_("BERKAS COCOK: {path} adalah dokumen yang diterbitkan.").format(path=args.file))
        return EXIT_OK
    print(
        _(
            "BERKAS TIDAK COCOK: {path} berbeda dari dokumen yang diterbitkan (SHA-256 {sha})."
        ).format(path=args.file, sha=result.file_sha256)
    )
    return EXIT_FAILED_CHECK


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
            numbered = "-"
            if spec.numbering:
                # A paper carrying its record's number names the field it takes it from.
                numbered = spec.numbering.scheme or f"= {spec.numbering.number_from}"
            print(f"{spec.code:<18} {spec.title:<32} {spec.record:<10} {numbered}")
        else:
            print(_("OK   {path}").format(path=spec.path))
    return EXIT_ERROR if failed else EXIT_OK


def register(sub: argparse._SubParsersAction, parents: Parents) -> None:
    login_options = [parents.login]
    p = sub.add_parser("doc", help=_("dokumen resmi: terbitkan, daftar, verifikasi"))
    doc_sub = p.add_subparsers(dest="doc_command", metavar=_("TINDAKAN"))
    doc_sub.required = True
    q = doc_sub.add_parser(
        "render", help=_("terbitkan dokumen (nomor, kode verifikasi) ke PDF"), parents=login_options
    )
    q.add_argument("form", metavar="FORM", help=_("kode formulir (lihat 'netral doc forms')"))
    q.add_argument(
        "record", metavar="RECORD", help=_("id data (misalnya instansi) atau berkas data YAML/JSON")
    )
    q.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    q.add_argument(
        "--draft", action="store_true", help=_("hanya pratinjau: tanpa nomor, tidak dicatat")
    )
    q = doc_sub.add_parser("list", help=_("daftar dokumen yang diterbitkan"), parents=login_options)
    q.add_argument("--form", metavar="FORM")
    q.add_argument("--search", metavar="TEKS")
    q.add_argument("--year", type=int, metavar="TAHUN")
    q.add_argument("--limit", type=int, default=100)
    q = doc_sub.add_parser(
        "verify", help=_("periksa kode verifikasi (dan berkas PDF-nya)"), parents=login_options
    )
    q.add_argument("code", metavar="KODE")
    q.add_argument("--file", metavar="FILE.pdf", help=_("berkas yang hendak dicocokkan"))
    q = doc_sub.add_parser(
        "get", help=_("salin PDF dokumen yang diterbitkan"), parents=login_options
    )
    q.add_argument("code", metavar="KODE")
    q.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    q = doc_sub.add_parser(
        "scheme", help=_("lihat atau ubah format nomor suatu seri"), parents=login_options
    )
    d = doc_sub.add_parser(
        "device",
        help=_("lihat atau atur kode komputer ini pada nomor surat (berbeda tiap komputer)"),
        parents=login_options,
    )
    d.add_argument("code", nargs="?", metavar="KODE", help=_("1-3 huruf/angka, mis. A"))
    d.add_argument("--clear", action="store_true", help=_("hapus kode perangkat"))
    doc_sub.add_parser(
        "klasifikasi",
        help=_("daftar kode klasifikasi arsip untuk nomor surat"),
        parents=login_options,
    )
    q.add_argument("series", metavar="SERI")
    q.add_argument("format", nargs="?", metavar="FORMAT")
    q.add_argument("--default", action="store_true", help=_("kembali ke format bawaan formulir"))
    doc_sub.add_parser("forms", help=_("daftar formulir yang tersedia"))
    q = doc_sub.add_parser("check", help=_("periksa spec formulir"))
    q.add_argument("forms", nargs="*", metavar="FORM")
    p.set_defaults(handler=cmd_doc)
