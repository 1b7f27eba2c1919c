"""``netral case export`` and ``netral case paper``: a case's summary and papers to PDF.

``add_commands`` puts them in the ``case`` command group (cli/cases.py calls it).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from netral_desktop.cli.common import EXIT_OK, Parents, issue_to, login, write_file
from netral_desktop.config import HomeLayout
from netral_desktop.core.errors import UsageError
from netral_desktop.i18n import _


def _pdf_path(text: str) -> Path:
    out = Path(text)
    if out.suffix.lower() != ".pdf":
        raise UsageError(_("Berkas keluaran harus .pdf: {path}").format(path=out))
    return out


def cmd_case_paper(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.cases import papers

    ctx = login(args, layout)
    out = _pdf_path(args.output)
    audience: str | None
    if args.case_command == "export":
        form, target = "ringkasan_perkara", ""
        audience = papers.PROVINSI if args.provinsi else papers.UMUM
    else:
        form, target = args.form, args.untuk or ""
        audience = papers.PROVINSI if args.provinsi else None
    if args.draft:
        write_file(out, papers.draft_paper(ctx, args.case, form, target=target, audience=audience))
        print(_("Draf ditulis ke {path} (belum diterbitkan).").format(path=out))
        return EXIT_OK
    issued = issue_to(
        out,
        lambda deliver: papers.issue_paper(
            ctx, args.case, form, target=target, audience=audience, deliver=deliver
        ),
    )
    document = issued.document
    print(_("Dokumen diterbitkan: {title}").format(title=document.title))
    if document.number:
        print(_("Nomor: {number}").format(number=document.number))
    print(_("Kode verifikasi: {code}").format(code=document.code))
    print(_("{pages} halaman, ditulis ke {path}").format(pages=document.pages, path=out))
    return EXIT_OK


def add_commands(group: argparse._SubParsersAction, parents: Parents) -> None:
    """``export`` and ``paper`` in the ``case`` command group."""
    login_options = [parents.login]
    case_help = _("id perkara (cukup beberapa karakter awal atau akhirnya) atau nomornya")
    draft_help = _("hanya pratinjau: tanpa kode verifikasi, tidak dicatat")
    province_help = _(
        "salinan untuk Bawaslu Provinsi: memuat identitas pelapor dan saksi (koordinator, "
        "administrator)"
    )
    q = group.add_parser("export", help=_("cetak ringkasan perkara ke PDF"), parents=login_options)
    q.add_argument("case", metavar="PERKARA", help=case_help)
    q.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    q.add_argument("--draft", action="store_true", help=draft_help)
    q.add_argument("--provinsi", action="store_true", help=province_help)
    q.set_defaults(handler=cmd_case_paper)
    q = group.add_parser(
        "paper",
        help=_("cetak satu formulir perkara (B.1 … B.18) ke PDF"),
        parents=login_options,
    )
    q.add_argument("case", metavar="PERKARA", help=case_help)
    q.add_argument("form", metavar="FORMULIR", help=_("kode formulir, mis. b3_tanda_bukti_laporan"))
    q.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    q.add_argument(
        "--untuk",
        metavar="ID",
        help=_("id klarifikasi (B.9-B.12) atau terlapor (B.16, B.17) pada perkara itu"),
    )
    q.add_argument("--draft", action="store_true", help=draft_help)
    q.add_argument("--provinsi", action="store_true", help=province_help)
    q.set_defaults(handler=cmd_case_paper)
