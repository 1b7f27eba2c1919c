"""Benchmark of socialization events: ``python -m benchmarks.sosialisasi``.

Prints, in a throw-away office with the district demo's 150 events (``--db URL``: on an
empty PostgreSQL database instead of SQLite):

- the laporan kegiatan of an event with 40 camera photos (4000 x 3000 JPEG, ~2-3 MB each):
  wall and CPU seconds, cold (no downscaled copy made yet) and warm, and the PDF's size and
  pages (targets: <= 3 s, <= 10 MB);
- the home page's reach: the figures' service call and the two charts' painting, p50 and
  max of 20 (target <= 100 ms together).

Not a unit test: timings are noisy (the build machine's two cores are shared), so the CPU
time is printed beside the wall time.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

PHOTOS = 40


def camera_photos(count: int, width: int = 4000, height: int = 3000) -> list[bytes]:
    """``count`` different JPEGs with a camera photo's noise (so they compress like one)."""
    from PIL import Image

    noise = Image.effect_noise((width, height), 48).convert("RGB")
    out = []
    for number in range(count):
        tint = Image.new("RGB", (width, height), (40 + 5 * number, 120, 200 - 4 * number))
        photo = Image.blend(noise, tint, 0.55)
        data = io.BytesIO()
        photo.save(data, format="JPEG", quality=88)
        out.append(data.getvalue())
    return out


def make_office(folder: Path, database_url: str | None) -> Any:
    from netral_desktop.config import HomeLayout
    from netral_desktop.demo.roster import add_demo_roster
    from netral_desktop.demo.sosialisasi import add_demo_sosialisasi
    from netral_desktop.services.context import SYSTEM
    from netral_desktop.services.setup import init_office

    ctx = init_office(
        HomeLayout(folder / "home"),
        office_code="34.02",
        name="Bawaslu Kabupaten Bantul",
        admin_username="admin",
        admin_password="bench-password-1",
        key_store="file",
        passphrase="bench-passphrase-1",
        database_url=database_url,
    ).as_actor(SYSTEM)
    add_demo_roster(ctx, "small")
    started = time.perf_counter()
    events = add_demo_sosialisasi(ctx, "district")
    print(
        f"demo: {events} events with attendance and photos in {time.perf_counter() - started:.1f} s"
    )
    return ctx


def measure_report(ctx: Any) -> None:
    from netral_desktop.services import sosialisasi
    from netral_desktop.services.sosialisasi import documents, files
    from tests.sosialisasi_samples import fields

    event_id = sosialisasi.create_event(ctx, fields())
    photos = camera_photos(PHOTOS)
    for number, data in enumerate(photos, start=1):
        sosialisasi.add_photo(
            ctx, event_id, data, original_name=f"IMG_{number:04d}.JPG", caption=f"Sesi {number}"
        )
    megabytes = sum(len(p) for p in photos) / 1e6
    # "cold": no copy made in this process (a report printed after a restart); "warm": the
    # copies made when the photos were added.
    for label in ("cold", "warm"):
        if label == "cold":
            files._COPIES.clear()
        wall, cpu = time.perf_counter(), time.process_time()
        pdf = documents.draft(ctx, documents.FORM_REPORT, event_id)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(
            f"laporan kegiatan, {PHOTOS} photos ({megabytes:.0f} MB of originals), {label}: "
            f"{wall:.2f} s wall, {cpu:.2f} s CPU, {len(pdf) / 1e6:.2f} MB "
            "(targets <= 3 s, <= 10 MB)"
        )
    files._COPIES.clear()
    wall = time.perf_counter()
    issued = documents.issue(ctx, documents.FORM_REPORT, event_id)
    wall = time.perf_counter() - wall
    print(
        f"laporan kegiatan issued cold (number, code, stored): {wall:.2f} s, "
        f"{issued.document.pages} pages, {issued.document.size / 1e6:.2f} MB"
    )


def measure_home(ctx: Any, repeat: int = 20) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from netral_desktop.services import sosialisasi
    from netral_desktop.ui.pages.reach_section import ReachSection
    from netral_desktop.ui.tasks import InlineTaskRunner

    app = QApplication.instance() or QApplication([])
    section = ReachSection(ctx, InlineTaskRunner())
    section.resize(1040, 340)
    section.show()
    service, paint = [], []
    cpu = time.process_time()
    for _ in range(repeat):
        start = time.perf_counter()
        reach = sosialisasi.reach(ctx)
        middle = time.perf_counter()
        section.show_reach(reach)
        section.by_month.grab()
        section.by_kecamatan.grab()
        app.processEvents()
        service.append(middle - start)
        paint.append(time.perf_counter() - middle)
    cpu = (time.process_time() - cpu) / repeat
    total = [a + b for a, b in zip(service, paint, strict=True)]
    print(
        f"home reach ({reach.events} events, {reach.people} people): "
        f"figures p50 {statistics.median(service) * 1000:.1f} ms, "
        f"charts+table p50 {statistics.median(paint) * 1000:.1f} ms, "
        f"together p50 {statistics.median(total) * 1000:.1f} ms max {max(total) * 1000:.1f} ms, "
        f"CPU {cpu * 1000:.1f} ms a time (target <= 100 ms)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", help="folder for the throw-away data folder")
    parser.add_argument(
        "--db",
        help="an empty PostgreSQL database (postgresql+psycopg://USER@HOST:PORT/DB; "
        "default: SQLite in the data folder)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        ctx = make_office(Path(folder), args.db)
        print(
            f"engine: {ctx.db.dialect}; load average {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} cores"
        )
        measure_home(ctx)
        measure_report(ctx)
        ctx.db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
