"""``netral office``: see or change the office's settings and letterhead logo."""

from __future__ import annotations

import argparse

from netral_desktop.cli.common import (
    EXIT_OK,
    Parents,
    add_login_options,
    login,
    print_office,
    read_file,
)
from netral_desktop.config import HomeLayout
from netral_desktop.i18n import _


def cmd_office(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services import office as office_service

    ctx = login(args, layout)
    changes = {
        name: getattr(args, name)
        for name in office_service.EDITABLE_FIELDS
        if getattr(args, name, None) is not None
    }
    if changes:
        office_service.update_office(ctx, **changes)
        print(_("Pengaturan kantor disimpan."))
    if args.logo or args.no_logo:
        image = read_file(args.logo) if args.logo else None
        office_service.set_logo(ctx, image)
        print(_("Logo kop surat disimpan.") if image else _("Logo kop surat dihapus."))
    print_office(ctx)
    return EXIT_OK


def register(sub: argparse._SubParsersAction, parents: Parents) -> None:
    p = sub.add_parser("office", help=_("lihat atau ubah pengaturan kantor"))
    add_login_options(p)
    for name in ("name", "address", "phone", "email", "website", "city"):
        p.add_argument(f"--{name}")
    p.add_argument("--time-zone", dest="time_zone", choices=["WIB", "WITA", "WIT"])
    p.add_argument("--kode-bawaslu", dest="bawaslu_code")
    p.add_argument("--ketua", dest="head_name", help=_("nama Ketua (penanda tangan, saksi)"))
    p.add_argument("--kepala-sekretariat", dest="secretary_name", help=_("nama Kepala Sekretariat"))
    p.add_argument("--nip-kepala-sekretariat", dest="secretary_nip")
    p.add_argument(
        "--kode-penerbit",
        dest="letter_issuer",
        help=_("kode penerbit pada nomor surat (tata naskah dinas), mis. K.DI-02"),
    )
    p.add_argument(
        "--batas-bukti-mb",
        dest="evidence_max_mb",
        type=int,
        metavar="MB",
        help=_("ukuran terbesar berkas bukti yang diterima (bawaan 200 MB)"),
    )
    logo = p.add_mutually_exclusive_group()
    logo.add_argument("--logo", metavar="GAMBAR", help=_("logo kop surat (PNG atau JPEG)"))
    logo.add_argument("--no-logo", action="store_true", help=_("hapus logo kop surat"))
    p.set_defaults(handler=cmd_office)
