"""Benchmark of the documents engine: ``python -m benchmarks.documents``.

Renders the agency roster list (daftar pegawai) with 2,000 and 20,000 generated rows and prints
the time of each, their ratio (design.md §9: 2,000 rows ≤ 0.6 s, 20,000 ≤ 11× that) and the
bytes per page (target ≤ 6 KiB without images). Not a unit test: timings are noisy.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date

# fmt: off
FIRST = [
    "Ahmad", "Siti", "Budi", "Dewi", "Andi", "Ni Luh Putu", "I Made", "Yohanes", "Maria",
    "Muhammad", "Nur", "Agus", "Sri", "Eko", "Rina", "Fransiskus", "Theresia", "Hendra",
    "Wahyu", "Kadek", "Putri", "La Ode", "Teuku", "Cut", "Gusti Ayu",
]
LAST = [
    "Fauzi", "Rahmawati", "Santoso", "Anggraini", "Ma'ruf", "Pradnya-Dewi", "Sutrisno",
    "Bria Seran", "Siregar", "Nasution", "Wulandari", "Hidayat", "Kurniawan", "Lestari",
    "Tampubolon", "Saputra", "Rahman", "Setiawan", "Syahputra", "Marpaung",
]
# fmt: on
PREFIX = ["", "", "", "", "Dr. ", "Drs. ", "Hj. ", "H. ", "Ir. "]
SUFFIX = ["", "", ", S.Pd.", ", S.H.", ", S.E.", ", S.Kom.", ", S.H., M.Si.", ", M.Pd.", ", A.Md."]
JABATAN = [
    "Guru Ahli Pertama",
    "Guru Ahli Muda",
    "Analis Kebijakan Ahli Muda",
    "Kepala Sub Bagian Perencanaan dan Keuangan",
    "Pengelola Data dan Informasi",
    "Penata Kelola Sistem dan Teknologi Informasi",
    "Kepala Seksi Kurikulum dan Penilaian Sekolah Menengah Pertama",
    "Pranata Komputer Ahli Pertama",
    "Bendahara Pengeluaran Pembantu",
]
PANGKAT = [
    "Penata Muda (III/a)",
    "Penata Muda Tk. I (III/b)",
    "Penata (III/c)",
    "Penata Tk. I (III/d)",
    "Pembina (IV/a)",
    "Pengatur (II/c)",
    "PPPK (IX)",
]
UNIT = [
    "Dinas Pendidikan, Pemuda dan Olahraga",
    "SMP Negeri 1 Bantul",
    "SMP Negeri 2 Sewon",
    "Bidang Pembinaan Sekolah Dasar",
    "Sekretariat Dinas",
]


def sample_roster(count: int, seed: int = 7) -> list[dict[str, str]]:
    """``count`` plausible roster rows (unique names and NIPs), the same for the same seed."""
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        name = f"{rng.choice(PREFIX)}{rng.choice(FIRST)} {rng.choice(LAST)}{rng.choice(SUFFIX)}"
        born = date(1965 + rng.randrange(35), 1 + rng.randrange(12), 1 + rng.randrange(28))
        appointed = born.year + 22 + rng.randrange(10)
        nip = (
            f"{born:%Y%m%d} {appointed}{1 + rng.randrange(12):02d} {1 + rng.randrange(2)} "
            f"{index % 1000:03d}"
        )
        rows.append(
            {
                "nama": name,
                "nip": nip,
                "jabatan": rng.choice(JABATAN),
                "pangkat_gol": rng.choice(PANGKAT),
                "unit_kerja": rng.choice(UNIT),
            }
        )
    return rows


def roster_data(count: int, seed: int = 7) -> dict[str, object]:
    return {
        "instansi": "Dinas Pendidikan, Pemuda dan Olahraga",
        "keadaan": date(2024, 5, 1),
        "nama_penanda_tangan": "Dewi Anggraini, S.E.",
        "nip_penanda_tangan": "19800101 200501 2 001",
        "pegawai": sample_roster(count, seed),
    }


def _office():  # type: ignore[no-untyped-def]
    from netral_desktop.pdf.render import OfficeInfo

    return OfficeInfo(
        name="Bawaslu Kabupaten Bantul",
        address="Jl. Jenderal Sudirman No. 12, Bantul, Daerah Istimewa Yogyakarta 55711",
        phone="(0274) 367 123",
        email="set.bantul@bawaslu.go.id",
        city="Bantul",
        code="34.02",
        bawaslu_code="15.02",
    )


def measure(count: int, repeat: int = 3) -> tuple[float, int, int]:
    """(best seconds, bytes, pages) of rendering a roster list of ``count`` rows."""
    from netral_desktop.pdf.render import DocInfo, prepare_data, render_prepared
    from netral_desktop.pdf.spec import load_spec

    spec = load_spec("daftar_pegawai")
    doc = DocInfo(
        date=date(2024, 5, 14), code="ABCDE-FGHJK", qr_payload="NETRAL-DOC 34.02 ABCDE-FGHJK"
    )
    data = roster_data(count)
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = render_prepared(spec, prepare_data(spec, data), _office(), doc)
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, len(result.pdf), result.pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=2000)
    parser.add_argument("--large", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    measure(50, repeat=1)  # fonts registered, modules imported: not part of the figure
    small = measure(args.small, args.repeat)
    large = measure(args.large, max(1, args.repeat - 1))
    for count, (seconds, size, pages) in ((args.small, small), (args.large, large)):
        print(
            f"{count:>6} rows: {seconds:6.3f} s  {pages:>4} pages  {size / 1024:8.1f} KiB  "
            f"{size / pages / 1024:5.2f} KiB/page"
        )
    ratio = large[0] / small[0]
    print(f"ratio {args.large}/{args.small}: {ratio:.1f}x (target <= 11x); ", end="")
    print(f"{args.small} rows target <= 0.6 s: {'ok' if small[0] <= 0.6 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
