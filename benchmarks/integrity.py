"""Benchmark of the keyed, anchored audit chain: ``python -m benchmarks.integrity``.

Prints, on a throw-away district demo office (``--scale``): the number of audit entries and
sealed rows, how long ``netral check``'s chain walk (every MAC, and the anchor) and seal check
take, and the whole of ``run_checks``; then what one anchor write costs in each key store
(the passphrase file's ``audit-anchor.json``, and the OS keyring when one answers), which the
writer's path does not pay (the anchor thread does, after the commit). The cost per mark at
the door is ``python -m benchmarks.pledge --no-render``. Not a unit test: timings are noisy.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path


def _best(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    spent = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        spent.append(time.perf_counter() - start)
    return min(spent), statistics.median(spent)


def measure_checks(folder: Path, scale: str, repeat: int) -> None:
    from netral_desktop.config import HomeLayout
    from netral_desktop.demo.office import create_demo
    from netral_desktop.services import integrity
    from netral_desktop.services.check import run_checks
    from netral_desktop.services.context import open_context

    layout = HomeLayout(folder / "home")
    started = time.perf_counter()
    create_demo(layout, scale=scale, key_store="file", passphrase="bench-passphrase-1")
    print(f"demo office ({scale}) set up in {time.perf_counter() - started:.1f} s")
    ctx = open_context(layout)
    try:
        report = integrity.verify_chain(ctx)
        seals = integrity.check_seals(ctx)
        assert report.ok and seals.ok, report.describe()
        print(f"audit entries: {report.entries}; sealed rows: {seals.checked}")
        for label, fn in (
            ("chain walk (MACs + anchor)", lambda: integrity.verify_chain(ctx)),
            ("seal check", lambda: integrity.check_seals(ctx)),
            ("run_checks (all of netral check)", lambda: run_checks(ctx)),
        ):
            best, median = _best(fn, repeat)
            print(f"{label:<34} best {best * 1000:7.1f} ms  median {median * 1000:7.1f} ms")
    finally:
        ctx.db.dispose()


def measure_anchor_writes(folder: Path, repeat: int) -> None:
    from netral_desktop.core.audit_chain import Anchor
    from netral_desktop.services.integrity import FileVault, KeyStoreVault
    from netral_desktop.store import keystore

    vaults: list[tuple[str, object]] = [("file (audit-anchor.json)", FileVault(folder / "a.json"))]
    available, backend = keystore.keyring_available()
    if available:
        store = keystore.KeyringKeyStore("99.99", f"bench-{time.time_ns()}")
        vaults.append((f"keyring ({backend.rsplit('.', 1)[-1]})", KeyStoreVault(store)))
    else:
        print(f"no OS keyring here ({backend}): keyring write not measured")
    for label, vault in vaults:

        def write(v=vault) -> None:  # type: ignore[no-untyped-def]
            stored = v.get_anchor()  # type: ignore[attr-defined]
            head = (stored.seq if stored else 0) + 1
            v.put_anchor(Anchor(head, "0" * 64, 1))  # type: ignore[attr-defined]

        best, median = _best(write, repeat)
        print(
            f"anchor write, {label:<28} best {best * 1000:6.2f} ms  median {median * 1000:6.2f} ms"
        )
        vault.delete()  # type: ignore[attr-defined]


def measure_write_overhead(folder: Path, rounds: int, key_store: str) -> None:
    """One write transaction appending one entry (what a mark at the door writes besides its
    row), on a keyed, anchored office and on an unkeyed database (the chain as before the
    key), interleaved so the machine's load falls on both alike."""
    from netral_desktop.config import HomeLayout
    from netral_desktop.services.setup import init_office
    from netral_desktop.store import audit as audit_store
    from netral_desktop.store.db import open_database

    keyed = init_office(
        HomeLayout(folder / "keyed"),
        office_code="34.02",
        name=None,
        admin_username="admin",
        admin_password="bench-password-1",
        key_store=key_store,
        passphrase="bench-passphrase-1" if key_store == "file" else None,
    ).db
    plain = open_database(HomeLayout(folder / "plain"), create=True)
    entry = {"at": "2024-09-10T01:00:00Z", "actor": "admin", "action": "mark"}

    def write(db, n: int) -> float:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        with db.write_session() as session:
            audit_store.append(session, [{**entry, "table_name": "attendance", "record_id": n}])
        return time.perf_counter() - start

    after = f"keyed + anchored ({key_store})"
    times: dict[str, list[float]] = {"unkeyed (before)": [], after: []}
    for n in range(rounds):
        times["unkeyed (before)"].append(write(plain, n))
        times[after].append(write(keyed, n))
    for label, values in times.items():
        values.sort()
        print(
            f"write transaction, {label:<26} p50 {statistics.median(values) * 1000:6.2f} ms  "
            f"p95 {values[int(len(values) * 0.95)] * 1000:6.2f} ms"
        )
    keyed.dispose()
    plain.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="district", choices=["small", "district"])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=300, help="write transactions of each kind")
    parser.add_argument("--dir", help="folder for the throw-away data folder")
    parser.add_argument("--key-store", default="file", choices=["file", "keyring"])
    parser.add_argument("--no-demo", action="store_true", help="skip the district demo's check")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        measure_anchor_writes(Path(folder), max(args.repeat, 20))
        measure_write_overhead(Path(folder), args.rounds, args.key_store)
        if not args.no_demo:
            measure_checks(Path(folder), args.scale, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
