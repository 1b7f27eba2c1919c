"""The bundle writer and reader against plain tools (design.md §9: export ≥ 50% of a plain
``cp`` + ``sync`` of the same attachments to the same disk).

    python -m benchmarks.bundle [--attachments 40] [--mb 5] [--rows 50000] [--to DIR] [--rounds 5]

Prints, for the same attachments written to the same folder: cp + sync; the bundle writer
with its read-back by signature (the default) and by a full decrypt-and-check; the reader
(every check, every row parsed). Keys are made on the spot; no data folder is needed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from netral_desktop.sync import bundle
from netral_desktop.sync.office_keys import OfficeKeys
from netral_desktop.sync.signers import TrustedSigner, TrustList


def _rows(n: int) -> list[dict[str, object]]:
    return [
        {
            "id": f"0190c0de-0000-7000-8000-{i:012d}",
            "revision": 1,
            "origin": "34.02/laptop1",
            "updated_at": f"2026-12-01T10:00:00.{i % 1000000:06d}Z#0000",
            "deleted": False,
            "data": {
                "nama": f"Pegawai {i}",
                "nip": f"1980010120050110{i % 100:02d}",
                "jabatan": "Analis Kebijakan",
                "instansi_id": f"0190c0de-0000-7000-9000-{i % 300:012d}",
            },
        }
        for i in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attachments", type=int, default=40)
    parser.add_argument("--mb", type=int, default=5)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--to", type=Path, default=None, help="target folder (a USB stick)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (the median is the figure)")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bench-bundle-"))
    target = args.to or base / "out"
    try:
        source = base / "attachments"
        source.mkdir()
        files = []
        for i in range(args.attachments):
            data = os.urandom(args.mb << 20)
            (source / f"a{i}").write_bytes(data)
            files.append((hashlib.sha256(data).hexdigest(), source / f"a{i}"))
        office, province = OfficeKeys.generate(), OfficeKeys.generate()
        rows = _rows(args.rows)

        def cp() -> float:
            shutil.rmtree(target / "cp", ignore_errors=True)
            start = time.perf_counter()
            subprocess.run(["cp", "-r", str(source), str(target / "cp")], check=True)
            subprocess.run(["sync"], check=True)
            elapsed = time.perf_counter() - start
            shutil.rmtree(target / "cp")
            return elapsed

        def export(identity: str | None, with_rows: bool) -> tuple[float, Path]:
            out = target / "bundle"
            shutil.rmtree(out, ignore_errors=True)
            contents = bundle.BundleContents(
                "34.02", "Bawaslu Kabupaten Bantul", "laptop1", 1, None,
                "2026-12-02T06:00:00Z", None, "0013", "bench", (1, "00" * 32),
                {"person": rows} if with_rows else {}, files,
            )  # fmt: skip
            start = time.perf_counter()
            [written] = bundle.write_bundle(
                contents,
                signing_key=office.signing,
                recipients=[province.recipient, office.recipient],
                out_dir=out,
                verify_identity=identity,
            )
            return time.perf_counter() - start, written.bundle

        target.mkdir(parents=True, exist_ok=True)
        quick_ratios, full_ratios = [], []
        for _round in range(args.rounds):
            plain = cp()
            quick, _path = export(None, False)
            full, _path = export(office.age_identity, False)
            quick_ratios.append(plain / quick)
            full_ratios.append(plain / full)
            print(
                f"{args.attachments} x {args.mb} MB: cp+sync {plain:.2f} s; bundle "
                f"(read back by signature) {quick:.2f} s = {plain / quick:.0%} of cp+sync; "
                f"(full re-check) {full:.2f} s = {plain / full:.0%}"
            )
        print(
            f"Median of {args.rounds} rounds: bundle {statistics.median(quick_ratios):.0%} of "
            f"cp+sync (read back by signature, the default), {statistics.median(full_ratios):.0%} "
            "with the full re-check [target >= 50%]"
        )
        elapsed, path = export(None, True)
        trust = TrustList([TrustedSigner("34.02", "Bantul", office.public)])
        start = time.perf_counter()
        with bundle.read_bundle(path, trust=trust, identity=province.age_identity) as verified:
            checked = time.perf_counter() - start
            count = sum(1 for _row in verified.records("person"))
        total = time.perf_counter() - start
        print(
            f"{args.rows} rows + attachments: written in {elapsed:.2f} s; read with every "
            f"check {checked:.2f} s, rows iterated {total - checked:.2f} s ({count} rows)"
        )
    finally:
        shutil.rmtree(base, ignore_errors=True)
        if args.to is not None:
            shutil.rmtree(target / "bundle", ignore_errors=True)


if __name__ == "__main__":
    main()
