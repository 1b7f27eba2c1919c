"""``netral trust``, ``netral enroll`` and ``netral bundle verify``: trust between a province
and its districts, and checking a bundle (design.md §7-§8).

A refused trust file, enrollment file or bundle exits with status 3 and the failed check.
The first trust file and every new enrollment are taken only after the person confirms the
key's fingerprint, read out over the phone (``--yes`` for scripts that checked it otherwise).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from netral_desktop.cli.common import (
    EXIT_ERROR,
    EXIT_FAILED_CHECK,
    EXIT_OK,
    Parents,
    add_key_file_option,
    add_login_options,
    login,
)
from netral_desktop.cli.keys import key_file_passphrase
from netral_desktop.config import HomeLayout
from netral_desktop.core.errors import UsageError
from netral_desktop.i18n import _
from netral_desktop.services.audit_words import table_words


def _store(args: argparse.Namespace, ctx):  # type: ignore[no-untyped-def]
    from netral_desktop.services.setup import open_key_store

    return open_key_store(ctx, key_file_passphrase(args, ctx))


def _confirm(args: argparse.Namespace, question: str) -> bool:
    if args.yes:
        return True
    if not sys.stdin or not sys.stdin.isatty():
        raise UsageError(
            _(
                "Konfirmasi diperlukan: jalankan di terminal, atau tambahkan --yes setelah "
                "sidik jari dicocokkan lewat telepon."
            )
        )
    answer = input(question + " [y/N] ").strip().lower()
    return answer in ("y", "ya", "yes")


def _print_trust(trust) -> None:  # type: ignore[no-untyped-def]
    print(
        _("Provinsi {code} {name}, berkas kepercayaan versi {version} ({issued})").format(
            code=trust.province_code,
            name=trust.province_name,
            version=trust.version,
            issued=trust.issued_at,
        )
    )
    print(_("Kunci provinsi {key}, sidik jari:").format(key=trust.signing_key.id_text))
    print(f"  {trust.fingerprint}")
    if trust.previous_key is not None:
        print(
            _(
                "Menggantikan kunci provinsi {old} (berkas ini ikut ditandatangani kunci lama)."
            ).format(old=trust.previous_key.id_text)
        )
    print(_("Kantor terdaftar: {count}").format(count=len(trust.offices)))
    for o in sorted(trust.offices, key=lambda o: o.code):
        print(f"  {o.code:<8} {o.signing_key.id_text}  {o.name}")
    if trust.revoked:
        print(_("Kunci dicabut: {count}").format(count=len(trust.revoked)))
        for r in trust.revoked:
            print(f"  {r.office_code:<8} {r.signing_key.id_text}  {r.reason}  {r.revoked_at}")


# --- trust -------------------------------------------------------------------------------


def cmd_trust_export(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.trust import export_trust

    ctx = login(args, layout)
    store = _store(args, ctx)
    if args.rotate and not _confirm(
        args,
        _(
            "Membuat kunci provinsi baru? Setiap kabupaten/kota harus mengimpor berkas "
            "kepercayaan baru ini sebelum bundel berikutnya; tanda terima sesudahnya "
            "ditandatangani kunci baru."
        ),
    ):
        print(_("Dibatalkan; tidak ada yang diubah."), file=sys.stderr)
        return EXIT_ERROR
    done = export_trust(ctx, Path(args.file), rotate=args.rotate, store=store)
    print(done.path)
    _print_trust(done.trust)
    if done.rotated and done.trust.previous_key is not None:
        print(
            _(
                "Kunci provinsi diganti; kunci lama {old} ikut menandatangani berkas ini, jadi "
                "kabupaten/kota yang memegang kunci lama mengimpornya tanpa telepon. Kirim "
                "berkas ini ke setiap kabupaten/kota (salinannya disimpan di {kept}), dan buat "
                "cadangan kunci baru sekarang: netral keys backup BERKAS."
            ).format(old=done.trust.previous_key.id_text, kept=done.kept)
        )
        return EXIT_OK
    print(
        _(
            "Kirim berkas ini ke setiap kabupaten/kota. Pada impor pertama mereka akan "
            "menanyakan sidik jari di atas lewat telepon."
        )
    )
    return EXIT_OK


def cmd_trust_import(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.trust import import_trust, preview_trust

    ctx = login(args, layout)
    store = _store(args, ctx)
    fresh = bool(args.fresh)
    preview = preview_trust(ctx, Path(args.file), fresh=fresh, store=store)
    _print_trust(preview.trust)
    if not preview.is_new:
        print(_("Berkas kepercayaan ini sudah dipegang; tidak ada yang berubah."))
        return EXIT_OK
    fingerprint = None
    if preview.rotated and preview.held is not None:
        print(
            _(
                "Kunci provinsi diganti: kunci baru {new} disahkan oleh kunci lama {old} yang "
                "dipercaya kantor ini, jadi tidak perlu mencocokkan sidik jari lewat telepon."
            ).format(new=preview.trust.signing_key.id_text, old=preview.held.signing_key.id_text)
        )
    if preview.first:
        print(
            _(
                "Berkas kepercayaan ini diimpor dari awal. Telepon Bawaslu provinsi dan "
                "cocokkan sidik jari di atas, kelompok demi kelompok."
            )
            if preview.held is not None
            else _(
                "Ini berkas kepercayaan pertama kantor ini. Telepon Bawaslu provinsi dan "
                "cocokkan sidik jari di atas, kelompok demi kelompok."
            )
        )
        if not _confirm(args, _("Sidik jari sudah dicocokkan dan sama?")):
            print(_("Dibatalkan; tidak ada yang diubah."), file=sys.stderr)
            return EXIT_ERROR
        fingerprint = preview.trust.fingerprint
    done = import_trust(
        ctx, Path(args.file), confirmed_fingerprint=fingerprint, fresh=fresh, store=store
    )
    print(_("Berkas kepercayaan versi {version} dipakai.").format(version=done.trust.version))
    return EXIT_OK


def cmd_trust_show(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.context import open_context
    from netral_desktop.services.keys import office_keys_of
    from netral_desktop.services.trust import held_trust

    ctx = open_context(layout)
    held = held_trust(ctx, office_keys_of(ctx, _store(args, ctx)))
    if held is None:
        print(_("Kantor ini belum memegang berkas kepercayaan."))
        return EXIT_OK
    _print_trust(held)
    return EXIT_OK


# --- enroll ------------------------------------------------------------------------------


def cmd_enroll_export(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.trust import export_enrollment

    ctx = login(args, layout)
    store = _store(args, ctx)
    if args.rotate and not _confirm(
        args,
        _(
            "Membuat kunci kantor baru? Bundel berikutnya baru diterima provinsi setelah "
            "provinsi mengimpor berkas pendaftaran ini."
        ),
    ):
        print(_("Dibatalkan; tidak ada yang diubah."), file=sys.stderr)
        return EXIT_ERROR
    done = export_enrollment(ctx, Path(args.file), rotate=args.rotate, store=store)
    e = done.enrollment
    print(done.path)
    print(
        _("Kantor {code} {name}, kunci {key}, sidik jari:").format(
            code=e.office_code, name=e.office_name, key=e.signing_key.id_text
        )
    )
    print(f"  {e.fingerprint}")
    if done.rotated:
        print(
            _(
                "Kunci kantor diganti (kunci lama {old} ikut menandatangani berkas ini). Buat "
                "cadangan kunci baru sekarang: netral keys backup BERKAS."
            ).format(old=e.previous_key.id_text if e.previous_key else "")
        )
    print(
        _(
            "Serahkan berkas ini ke Bawaslu provinsi; mereka akan mencocokkan sidik jari di atas "
            "lewat telepon."
        )
    )
    return EXIT_OK


def cmd_enroll_import(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.trust import import_enrollment, preview_enrollment

    ctx = login(args, layout)
    store = _store(args, ctx)
    preview = preview_enrollment(ctx, Path(args.file), store=store)
    e = preview.enrollment
    print(
        _("Pendaftaran kantor {code} {name}, kunci {key}, sidik jari:").format(
            code=e.office_code, name=e.office_name, key=e.signing_key.id_text
        )
    )
    print(f"  {e.fingerprint}")
    if preview.outcome == "unchanged":
        print(_("Kantor ini sudah terdaftar dengan kunci ini; tidak ada yang berubah."))
        return EXIT_OK
    if preview.outcome == "rotated":
        print(_("Kunci baru ditandatangani kunci lama kantor itu: kunci lama akan dicabut."))
    elif preview.outcome == "new" and not _confirm(
        args, _("Sidik jari sudah dicocokkan lewat telepon dengan kantor itu dan sama?")
    ):
        print(_("Dibatalkan; tidak ada yang diubah."), file=sys.stderr)
        return EXIT_ERROR
    done = import_enrollment(ctx, Path(args.file), store=store)
    print(
        _(
            "Diterima. Berkas kepercayaan sekarang versi {version}: ekspor dan kirim ke "
            "kantor-kantor."
        ).format(version=done.trust.version)
    )
    return EXIT_OK


def cmd_enroll_revoke(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.trust import revoke_office

    ctx = login(args, layout)
    store = _store(args, ctx)
    if not _confirm(
        args,
        _("Cabut kunci kantor {code}? Bundelnya ditolak sampai kantor itu mendaftar lagi.").format(
            code=args.code
        ),
    ):
        print(_("Dibatalkan; tidak ada yang diubah."), file=sys.stderr)
        return EXIT_ERROR
    trust = revoke_office(ctx, args.code, store=store)
    print(
        _("Kunci kantor {code} dicabut. Berkas kepercayaan sekarang versi {version}.").format(
            code=args.code, version=trust.version
        )
    )
    return EXIT_OK


# --- bundle verify -------------------------------------------------------------------------


def cmd_bundle_verify(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.services.context import open_context
    from netral_desktop.services.trust import verify_bundle
    from netral_desktop.sync.bundle import BundleRefused

    ctx = open_context(layout)
    try:
        checked = verify_bundle(ctx, Path(args.file), store=_store(args, ctx))
    except BundleRefused as refused:
        print(
            _("Bundel DITOLAK (pemeriksaan: {check}): {message}").format(
                check=refused.check, message=refused
            ),
            file=sys.stderr,
        )
        return EXIT_FAILED_CHECK
    print(_("Bundel sah: semua pemeriksaan lolos."))
    print(
        _("Kantor {code} {name}, nomor urut {seq}, dibuat {created}").format(
            code=checked.office_code,
            name=checked.office_name,
            seq=checked.seq,
            created=checked.created_at,
        )
    )
    print(_("Ditandatangani kunci {key}").format(key=checked.key_id))
    for table, count in sorted(checked.records.items()):
        print(f"  {table_words(table)}: {count}")
    print(_("Lampiran: {count}").format(count=checked.files))
    if checked.chain_head is not None:
        print(
            _("Kepala rantai audit: entri {seq}, {mac}").format(
                seq=checked.chain_head[0], mac=checked.chain_head[1]
            )
        )
    print(_("SHA-256 manifest.json: {sha}").format(sha=checked.manifest_sha256))
    return EXIT_OK


# --- registration ------------------------------------------------------------------------


def _yes_option(q: argparse.ArgumentParser) -> None:
    q.add_argument(
        "--yes",
        action="store_true",
        help=_("tanpa pertanyaan (untuk skrip; sidik jari sudah dicocokkan)"),
    )


def register_trust(sub: argparse._SubParsersAction, parents: Parents) -> None:
    p = sub.add_parser("trust", help=_("berkas kepercayaan provinsi: ekspor, impor, tampilkan"))
    trust = p.add_subparsers(dest="trust_command", metavar=_("PERINTAH"))
    trust.required = True
    q = trust.add_parser("export", help=_("tulis berkas kepercayaan (kantor provinsi)"))
    q.add_argument("file", metavar="BERKAS")
    q.add_argument(
        "--rotate",
        action="store_true",
        help=_("buat kunci provinsi baru; berkasnya ikut ditandatangani kunci lama"),
    )
    add_login_options(q)  # --passphrase-env among them
    _yes_option(q)
    q.set_defaults(handler=cmd_trust_export)
    q = trust.add_parser("import", help=_("pakai berkas kepercayaan dari provinsi"))
    q.add_argument("file", metavar="BERKAS")
    q.add_argument(
        "--fresh",
        action="store_true",
        help=_(
            "impor dari awal dengan pencocokan sidik jari lewat telepon (kunci provinsi "
            "diganti tanpa berkas yang disahkan kunci lama)"
        ),
    )
    add_login_options(q)  # --passphrase-env among them
    _yes_option(q)
    q.set_defaults(handler=cmd_trust_import)
    q = trust.add_parser("show", help=_("berkas kepercayaan yang dipegang kantor ini"))
    add_key_file_option(q)
    q.set_defaults(handler=cmd_trust_show)


def register_enroll(sub: argparse._SubParsersAction, parents: Parents) -> None:
    p = sub.add_parser("enroll", help=_("pendaftaran kantor ke provinsi: ekspor, impor, cabut"))
    enroll = p.add_subparsers(dest="enroll_command", metavar=_("PERINTAH"))
    enroll.required = True
    q = enroll.add_parser("export", help=_("tulis berkas pendaftaran kantor ini"))
    q.add_argument("file", metavar="BERKAS")
    q.add_argument(
        "--rotate",
        action="store_true",
        help=_("buat kunci kantor baru; berkasnya ikut ditandatangani kunci lama"),
    )
    add_login_options(q)  # --passphrase-env among them
    _yes_option(q)
    q.set_defaults(handler=cmd_enroll_export)
    q = enroll.add_parser("import", help=_("terima berkas pendaftaran kantor (provinsi)"))
    q.add_argument("file", metavar="BERKAS")
    add_login_options(q)  # --passphrase-env among them
    _yes_option(q)
    q.set_defaults(handler=cmd_enroll_import)
    q = enroll.add_parser("revoke", help=_("cabut kunci kantor yang hilang/dicuri (provinsi)"))
    q.add_argument("code", metavar="KODE")
    add_login_options(q)  # --passphrase-env among them
    _yes_option(q)
    q.set_defaults(handler=cmd_enroll_revoke)


def add_bundle_verify(bundle: argparse._SubParsersAction) -> None:
    """``bundle verify`` inside the ``bundle`` group (export and import sit beside it)."""
    q = bundle.add_parser("verify", help=_("periksa bundel tanpa mengimpornya"))
    q.add_argument("file", metavar="BERKAS")
    add_key_file_option(q)
    q.set_defaults(handler=cmd_bundle_verify)


def register_bundle(sub: argparse._SubParsersAction, parents: Parents) -> None:
    p = sub.add_parser("bundle", help=_("bundel sinkronisasi: periksa"))
    bundle = p.add_subparsers(dest="bundle_command", metavar=_("PERINTAH"))
    bundle.required = True
    add_bundle_verify(bundle)
