"""Crash harness: ``python -m benchmarks.crash_harness --runs N --seconds S``.

design.md §9 "crash safety" and issue 12 item 7. Each run copies a prepared demo office (a data
folder with a file key store, so it is self-contained), starts one operation in a child
process and kills it with SIGKILL, either at a random moment of the operation (timed from a
calibration run) or from inside the child at its n-th ``os.write`` / ``os.fsync`` call (the
child monkeypatches ``os``; the program itself has no hook for this). Some runs instead make
that call fail with ENOSPC (a full disk): the operation must then fail cleanly (exit 1, no
traceback). After each run the data folder is opened and checked:

- ``PRAGMA integrity_check`` is ``ok``;
- the operation is all-or-nothing (see ``INVARIANTS``): a person's saved values match its
  audit entries; an import's rows are all present or none; each mark has its audit entry;
  each issued document has its number and its file, and an output PDF, if present, is whole;
  a backup file, if present under its final name, is a whole database; a restore leaves either
  the old or the restored database, never none, and keeps the replaced one;
- ``netral check`` passes, apart from temporary and orphan files it reports, which
  ``netral check --repair`` then clears (the files are aged first: the crash happened a while
  ago, and the repair leaves files younger than its grace period alone).

It prints runs and clean runs per operation and exits 1 if any run was not clean (the folders
of unclean runs are kept and named). A short run (``--runs 20``) is part of .ci/run.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import hashlib
import io
import json
import os
import random
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OPERATIONS = ("save", "import", "mark", "render", "backup", "restore", "merge")
KEY_PW_ENV = "NETRAL_HARNESS_KEY_PW"
ADMIN_PW_ENV = "NETRAL_HARNESS_ADMIN_PW"
SEK_PW_ENV = "NETRAL_HARNESS_SEK_PW"
IMPORT_AGENCY = "Dinas Uji Ketahanan Kabupaten Bantul"
IMPORT_ROWS = 400
MERGE_SOURCE = "34.03"  # the office whose bundle the "merge" operation takes in
SAVES = 25
MARKS = 30
RENDERS = 3
PHONE_AFTER = "(0274) 000 111"  # the live office's phone; its backup has the demo's
# Modes of a run, in turn per operation: killed at a random moment, killed at the n-th write
# or fsync, or a full disk at the n-th write or fsync.
MODES = (
    "time",
    "crash:write",
    "window",
    "crash:fsync",
    "enospc:write",
    "time",
    "window",
    "enospc:fsync",
)
CHECK_TOLERATED = ("Berkas sementara", "Berkas yatim")


# --- the child: one operation, with os.write/os.fsync counted (and maybe sabotaged) ----------


# Where an operation spends its dangerous moments: a kill timed from the entry of one of these
# (mode "window") lands inside them far more often than a kill timed from the start. Names
# that a later version of the program no longer has are skipped.
WINDOWS: dict[str, list[tuple[str, str, str]]] = {
    "backup": [("netral_desktop.store.db", "Database", "backup_to")],
    "restore": [
        ("netral_desktop.store.db", "Database", "vacuum_into"),
        ("netral_desktop.services.restore", "", "copy_database_file"),
        ("netral_desktop.services.restore", "", "swap_in"),
        ("netral_desktop.services.integrity", "", "mark_restore_pending"),
    ],
    "import": [("netral_desktop.store.people.bulk", "", "write_people")],
    "render": [("netral_desktop.store.blobs", "", "put_bytes")],
    "merge": [("netral_desktop.services.sync_import", "", "_merge_table")],
}


def _install_windows(op: str, fault: str, counts: dict[str, Any]) -> None:
    """Time each window function (for calibration); in mode ``window:I:SECONDS`` kill the
    process SECONDS after window I is entered."""
    import importlib
    import threading

    parts = fault.split(":")
    chosen, delay = (int(parts[1]), float(parts[2])) if parts[0] == "window" else (-1, 0.0)
    counts["windows"] = {}
    for index, (module_name, owner_name, name) in enumerate(WINDOWS.get(op, [])):
        try:
            module = importlib.import_module(module_name)
            owner = getattr(module, owner_name) if owner_name else module
            real = getattr(owner, name)
        except (ImportError, AttributeError):
            continue

        def timed(*args: Any, _real: Any = real, _index: int = index, **kwargs: Any) -> Any:
            if _index == chosen:
                timer = threading.Timer(delay, os.kill, (os.getpid(), signal.SIGKILL))
                timer.daemon = True
                timer.start()
            started = time.perf_counter()
            try:
                return _real(*args, **kwargs)
            finally:
                spent = counts["windows"].get(str(_index), 0.0)
                counts["windows"][str(_index)] = spent + time.perf_counter() - started

        setattr(owner, name, timed)


def _install_faults(op: str, fault: str, counts_file: Path) -> None:
    counts: dict[str, Any] = {"write": 0, "fsync": 0}
    kind, call, nth = fault.split(":") if fault.count(":") == 2 else ("", "", "0")
    target = int(nth) if kind in ("crash", "enospc") else 0

    def wrap(name: str) -> None:
        real = getattr(os, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            if name == call and counts[name] == target:
                if kind == "crash":
                    os.kill(os.getpid(), signal.SIGKILL)
                if kind == "enospc":
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(*args, **kwargs)

        setattr(os, name, counted)

    wrap("write")
    wrap("fsync")
    _install_windows(op, fault, counts)

    import atexit

    atexit.register(lambda: counts_file.write_text(json.dumps(counts)))


def _service_context(home: Path, username: str, env: str) -> Any:
    from netral_desktop.config import HomeLayout
    from netral_desktop.services import accounts
    from netral_desktop.services.context import open_context
    from netral_desktop.services.keys import unlock_key_file

    layout = HomeLayout(home)
    ctx = open_context(layout)
    unlock_key_file(layout, os.environ[KEY_PW_ENV], ctx)  # the audit key is in the key file
    return ctx.as_actor(accounts.authenticate(ctx, username, os.environ[env]))


def child(op: str, home: Path, work: Path, fault: str) -> int:
    _install_faults(op, fault, work / "counts.json")
    from netral_desktop.cli import main
    from netral_desktop.core.errors import NetralError

    state = json.loads((work.parent / "state.json").read_text())
    # The office keeps its keys (the audit key among them) in a passphrase file: no OS
    # keyring in the harness. Every command that writes unlocks it.
    key = ["--passphrase-env", KEY_PW_ENV]
    sek = ["--user", "sekretariat", "--password-env", SEK_PW_ENV, *key]
    admin = ["--user", "admin", "--password-env", ADMIN_PW_ENV, *key]
    cli = ["--home", str(home)]
    out = work / "usb"
    steps: list[Callable[[], int]] = []
    if op == "save":
        from netral_desktop.services import roster

        ctx = _service_context(home, "sekretariat", SEK_PW_ENV)

        def save(i: int) -> int:
            roster.update_person(ctx, state["person"], roster.PersonChanges(phone=f"0812{i:08d}"))
            return 0

        steps = [lambda i=i: save(i) for i in range(1, SAVES + 1)]
    elif op == "mark":
        from netral_desktop.services import pledge

        ctx = _service_context(home, "sekretariat", SEK_PW_ENV)

        def mark(invitee: str) -> int:
            pledge.mark_invitee(ctx, invitee)
            return 0

        steps = [lambda invitee=invitee: mark(invitee) for invitee in state["invitees"][:MARKS]]
    elif op == "import":
        steps = [lambda: main([*cli, "roster", "import", state["import_file"], *sek])]
    elif op == "render":
        steps = [
            lambda i=i: main(
                [
                    *cli,
                    "doc",
                    "render",
                    "surat_dinas",
                    state["letter"],
                    "-o",
                    str(out / f"surat-{i}.pdf"),
                    *sek,
                ]
            )
            for i in range(RENDERS)
        ]
    elif op == "merge":
        from netral_desktop.services import sync_bundle_io, sync_import
        from netral_desktop.sync.minisign import PublicKey
        from netral_desktop.sync.signers import TrustedSigner, TrustList

        ctx = _service_context(home, "admin", ADMIN_PW_ENV)
        keys = sync_bundle_io.office_keys(ctx, os.environ[KEY_PW_ENV])
        trust = TrustList(
            [TrustedSigner(MERGE_SOURCE, "", PublicKey.parse(state["merge_source_key"]))]
        )

        def merge() -> int:
            with sync_bundle_io.read(
                ctx, Path(state["merge_bundle"]), trust=trust, identity=keys.age_identity
            ) as bundle:
                sync_import.import_bundle(ctx, bundle)
            return 0

        steps = [merge]
    elif op == "backup":
        steps = [lambda: main([*cli, "backup", "--to", str(out), *admin])]
    elif op == "restore":
        steps = [lambda: main([*cli, "restore", state["backup"], *admin])]
    print("ready", flush=True)
    for step in steps:
        try:
            status = step()
        except NetralError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        if status:
            return status
    return 0


# --- the parent: a template office, runs, checks ---------------------------------------------


@dataclass
class Tally:
    runs: int = 0
    clean: int = 0
    killed: int = 0  # ended by SIGKILL (random moment or injected)
    failed_cleanly: int = 0  # ENOSPC injected: exit 1 with a message
    completed: int = 0  # finished before the kill came
    repaired: int = 0  # needed check --repair (temporary or orphan files)
    problems: list[str] = field(default_factory=list)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}


def _quiet_main(*args: str) -> tuple[int, str]:
    from netral_desktop.cli import main

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, buffer.getvalue()


def prepare(root: Path) -> Path:
    """The template data folder (demo office, file key store), its inputs and state.json."""
    from openpyxl import Workbook

    from netral_desktop.config import HomeLayout
    from netral_desktop.demo.office import create_demo
    from netral_desktop.services import maintenance, office, pledge, roster

    os.environ.setdefault(KEY_PW_ENV, "kunci-uji-ketahanan-2024")
    template = root / "template"
    result = create_demo(
        HomeLayout(template), scale="small", key_store="file", passphrase=os.environ[KEY_PW_ENV]
    )
    passwords = {name: password for name, _role, password in result.users}
    os.environ[ADMIN_PW_ENV] = passwords["admin"]
    os.environ[SEK_PW_ENV] = passwords["sekretariat"]
    ctx = result.ctx
    from netral_desktop.services import accounts

    admin = ctx.as_actor(accounts.authenticate(ctx, "admin", passwords["admin"]))
    backup = maintenance.make_backup(admin, root / "backup-source")
    office.update_office(admin, phone=PHONE_AFTER)
    person = roster.search(admin, "", limit=1)[0]
    upcoming = pledge.list_events(admin, when="upcoming")[0]
    invitees = [row.id for row in pledge.list_invitees(admin, upcoming.id)][:MARKS]
    merge_state = _merge_bundle(root, admin)
    ctx.db.dispose()

    book = Workbook()
    book.active.append(["NO", "NAMA", "NIP", "JABATAN"])
    rng = random.Random(12)
    for n in range(1, IMPORT_ROWS + 1):
        nip = f"19{rng.randint(60, 89)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        nip += f"20{rng.randint(10, 20)}{rng.randint(1, 12):02d}{rng.randint(1, 2)}{n:03d}"
        book.active.append([n, f"Pegawai Uji {n:04d}", nip, "Pengadministrasi Umum"])
    import_file = root / "impor.xlsx"
    book.save(import_file)
    letter = root / "surat.yaml"
    letter.write_text(
        "klasifikasi: PM.00.02\nhal: Uji ketahanan\nkepada:\n  - Kepala Dinas Kesehatan\n"
        "isi:\n  - Surat ini dibuat oleh uji ketahanan.\n"
        "nama_penanda_tangan: Rina Kartikasari, S.Kom.\njabatan_penanda_tangan: Ketua\n",
        encoding="utf-8",
    )
    state = {
        "person": person.id,
        "invitees": invitees,
        "import_file": str(import_file),
        "letter": str(letter),
        "backup": str(backup),
        **merge_state,
    }
    (root / "state.json").write_text(json.dumps(state))
    return template


def _merge_bundle(root: Path, admin: Any) -> dict[str, Any]:
    """A bundle of another office (its small demo roster), encrypted to the template office:
    what the "merge" operation takes in."""
    from netral_desktop.config import HomeLayout
    from netral_desktop.demo.roster import add_demo_roster
    from netral_desktop.services import sync_bundle_io, sync_export
    from netral_desktop.services.context import SYSTEM
    from netral_desktop.services.setup import init_office

    target = sync_bundle_io.office_keys(admin, os.environ[KEY_PW_ENV])
    source = init_office(
        HomeLayout(root / "merge-source"),
        office_code=MERGE_SOURCE,
        name="Bawaslu Kabupaten Gunungkidul",
        admin_username="admin",
        admin_password="sumber-bundel-1",
        key_store="file",
        passphrase=os.environ[KEY_PW_ENV],
    ).as_actor(SYSTEM)
    add_demo_roster(source, "small", seed=3)
    keys = sync_bundle_io.office_keys(source, os.environ[KEY_PW_ENV])
    writer = sync_bundle_io.make_writer(source, keys=keys, recipients=[target.recipient])
    sent = sync_export.export_bundle(source, root / "merge-bundle", writer=writer)
    people = _sql(root / "merge-source" / "netral.sqlite", "SELECT count(*) FROM person")[0][0]
    source.db.dispose()
    return {
        "merge_bundle": str(sent.path),
        "merge_source_key": keys.public.file_text(),
        "merge_people": people,
    }


def _sql(db: Path, query: str, *params: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def _integrity(db: Path) -> str | None:
    if not db.is_file():
        return "database file missing"
    try:
        result = _sql(db, "PRAGMA integrity_check")
    except sqlite3.DatabaseError as exc:
        return f"database unreadable: {exc}"
    return None if result == [("ok",)] else f"integrity_check: {result[:3]}"


def _is_temporary(name: str) -> bool:
    return name.endswith((".part", ".tmp")) or name.startswith(".")


def _check_save(home: Path, work: Path, state: dict[str, Any]) -> list[str]:
    db = home / "netral.sqlite"
    phone, revision = _sql(db, "SELECT phone, revision FROM person WHERE id = ?", state["person"])[
        0
    ]
    rows = _sql(
        db,
        "SELECT new_values FROM audit_log WHERE table_name = 'person' AND record_id = ? "
        "AND action = 'update' AND actor = 'sekretariat' ORDER BY seq",
        state["person"],
    )
    base = state["base"]
    if revision - base["revision"] != len(rows):
        return [f"person revision {revision} but {len(rows)} update entries"]
    expected = json.loads(rows[-1][0])["phone"] if rows else base["phone"]
    return [] if phone == expected else [f"person phone {phone!r}, audit says {expected!r}"]


def _check_mark(home: Path, work: Path, state: dict[str, Any]) -> list[str]:
    db = home / "netral.sqlite"
    marks = {r[0] for r in _sql(db, "SELECT id FROM attendance WHERE marked_by = 'sekretariat'")}
    audited = {
        r[0]
        for r in _sql(
            db,
            "SELECT record_id FROM audit_log WHERE action = 'mark' AND actor = 'sekretariat'",
        )
    }
    return [] if marks == audited else [f"{len(marks)} marks but {len(audited)} mark entries"]


def _check_import(home: Path, work: Path, state: dict[str, Any]) -> list[str]:
    db = home / "netral.sqlite"
    people = _sql(db, "SELECT count(*) FROM person WHERE full_name LIKE 'Pegawai Uji %'")[0][0]
    entries = _sql(
        db,
        "SELECT new_values FROM audit_log WHERE action = 'import' AND actor = 'sekretariat'",
    )
    added = sum(json.loads(values)["added"] for (values,) in entries)
    if people not in (0, IMPORT_ROWS) or people != added:
        return [f"import half-applied: {people} of {IMPORT_ROWS} rows, audit says {added}"]
    return []


def _check_merge(home: Path, work: Path, state: dict[str, Any]) -> list[str]:
    db = home / "netral.sqlite"
    people = _sql(db, "SELECT count(*) FROM person WHERE origin LIKE ?", f"{MERGE_SOURCE}/%")[0][0]
    reports = _sql(db, "SELECT count(*) FROM sync_import WHERE office_code = ?", MERGE_SOURCE)
    entries = _sql(db, "SELECT count(*) FROM audit_log WHERE action = 'bundle_import'")[0][0]
    merged = people == state["merge_people"]
    if people not in (0, state["merge_people"]) or reports[0][0] != merged or entries != merged:
        return [
            f"merge half-applied: {people} of {state['merge_people']} people, "
            f"{reports[0][0]} reports, {entries} audit entries"
        ]
    return []


def _pdf_whole(data: bytes) -> bool:
    return data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]


def _check_render(home: Path, work: Path, state: dict[str, Any]) -> list[str]:
    db = home / "netral.sqlite"
    problems = []
    # A letter's series is "surat", or "surat@A" with this computer's device code.
    docs = _sql(
        db,
        "SELECT sha256, seq, year, series FROM issued_document "
        "WHERE series = 'surat' OR series LIKE 'surat@%'",
    )
    hashes = set()
    for sha, _seq, _year, _series in docs:
        path = home / "attachments" / sha[:2] / sha
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != sha:
            problems.append(f"document {sha[:12]} recorded without its file")
        hashes.add(sha)
    for series, series_year, last in _sql(
        db,
        "SELECT series, year, last FROM document_sequence "
        "WHERE series = 'surat' OR series LIKE 'surat@%'",
    ):
        issued = [seq for _sha, seq, year, name in docs if year == series_year and name == series]
        if last != max(issued, default=0) or len(issued) != last:
            problems.append(f"numbering: last {last}, issued {sorted(issued)}")
    for path in (work / "usb").glob("*") if (work / "usb").is_dir() else []:
        if _is_temporary(path.name):
            continue
        data = path.read_bytes()
        if not _pdf_whole(data) or hashlib.sha256(data).hexdigest() not in hashes:
            problems.append(f"output {path.name} is not a whole issued document")
    return problems


def _check_backup_file(path: Path, people: int) -> str | None:
    """A backup under its final name must be whole: an SQLite file passes integrity_check and
    holds the office and every person (a copy killed mid-way can come back from its journal as
    a valid but empty database: that is not a backup). An encrypted backup cannot be opened
    here and is taken as whole when it is not empty (it is written whole or not at all)."""
    data = path.read_bytes()[:16]
    if not data.startswith(b"SQLite format 3"):
        return None if path.stat().st_size > 0 else "empty file"
    problem = _integrity(path)
    if problem:
        return problem
    try:
        offices = _sql(path, "SELECT count(*) FROM office")[0][0]
        found = _sql(path, "SELECT count(*) FROM person")[0][0]
    except sqlite3.DatabaseError as exc:
        return f"not a whole database ({exc})"
    if offices != 1 or found != people:
        return f"incomplete: {offices} office rows, {found} of {people} people"
    return None


def _check_backup(home: Path, work: Path, state: dict[str, Any]) -> list[str]:
    problems = []
    for path in (work / "usb").glob("*") if (work / "usb").is_dir() else []:
        if _is_temporary(path.name) or path.name.endswith(("-journal", "-wal", "-shm")):
            continue
        problem = _check_backup_file(path, state["people"])
        if problem:
            problems.append(f"backup {path.name}: {problem}")
    return problems


def _check_restore(home: Path, work: Path, state: dict[str, Any]) -> list[str]:
    db = home / "netral.sqlite"
    phone = _sql(db, "SELECT phone FROM office")[0][0]
    if phone == PHONE_AFTER:
        return []
    kept = [p for p in (home / "backups").glob("netral-before-restore-*") if p.is_file()]
    if not kept:
        return ["restored, but the replaced database was not kept"]
    problems = []
    for path in kept:
        if _is_temporary(path.name) or path.name.endswith(("-wal", "-shm")):
            continue
        problem = _check_backup_file(path, state["people"])
        if problem:
            problems.append(f"kept database {path.name}: {problem}")
    return problems


INVARIANTS: dict[str, Callable[[Path, Path, dict[str, Any]], list[str]]] = {
    "save": _check_save,
    "import": _check_import,
    "mark": _check_mark,
    "render": _check_render,
    "backup": _check_backup,
    "restore": _check_restore,
    "merge": _check_merge,
}


def _age_debris(home: Path) -> None:
    """The crash was a while ago: let the repair treat leftover files as old."""
    past = time.time() - 3600
    for path in home.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))


def _netral_check(home: Path) -> tuple[list[str], bool]:
    """Problems ``netral check`` reports that are not the tolerated ones, and whether it
    needed a repair; runs the repair and checks again when it did."""
    args = ["--home", str(home), "check", "--passphrase-env", KEY_PW_ENV]
    code, output = _quiet_main(*args)
    if code == 0:
        return [], False
    broken = [line for line in output.splitlines() if line.startswith("[RUSAK")]
    other = [line for line in broken if not any(t in line for t in CHECK_TOLERATED)]
    if other or not broken:
        return other or [output.strip()[-300:]], False
    _age_debris(home)
    code, output = _quiet_main(*args, "--repair", "--user", "admin", "--password-env", ADMIN_PW_ENV)
    if code != 0:
        return [f"after --repair: {line}" for line in output.splitlines() if "RUSAK" in line] or [
            output.strip()[-300:]
        ], True
    return [], True


def _start_child(op: str, home: Path, work: Path, fault: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "benchmarks.crash_harness",
            "--child",
            op,
            "--home",
            str(home),
            "--work",
            str(work),
            "--fault",
            fault,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )


def _wait_ready(proc: subprocess.Popen[str], timeout: float = 60) -> float:
    assert proc.stdout is not None
    ready, _w, _x = select.select([proc.stdout], [], [], timeout)
    if ready:
        proc.stdout.readline()
    return time.perf_counter()


@dataclass
class Calibration:
    seconds: float
    writes: int
    fsyncs: int
    windows: dict[str, float]  # window index -> seconds spent in it


def _run_once(
    op: str, template: Path, root: Path, n: int, fault: str, delay: float | None
) -> tuple[int, str, Path, float]:
    """Run ``op`` in a child on a fresh copy of the template; kill it ``delay`` seconds after
    it is ready (None: let it finish). Returns its status, stderr, folder and the seconds it
    ran after it was ready."""
    work = root / f"run-{n:04d}-{op}"
    home = work / "home"
    shutil.copytree(template, home)
    (work / "usb").mkdir()
    proc = _start_child(op, home, work, fault)
    started = _wait_ready(proc)
    if delay is not None:
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
    _out, err = proc.communicate(timeout=300)
    return proc.returncode, err, work, time.perf_counter() - started


def calibrate(
    template: Path, root: Path, state: dict[str, Any], tally: dict[str, Tally]
) -> dict[str, Calibration]:
    found = {}
    for n, op in enumerate(tally):
        code, err, work, seconds = _run_once(op, template, root, 9000 + n, "time", None)
        counts = (
            json.loads((work / "counts.json").read_text())
            if (work / "counts.json").exists()
            else {}
        )
        found[op] = Calibration(
            seconds, counts.get("write", 0), counts.get("fsync", 0), counts.get("windows", {})
        )
        _judge(op, code, err, work, state, tally[op], "calibration")
    return found


def _judge(
    op: str, code: int, err: str, work: Path, state: dict[str, Any], tally: Tally, fault: str
) -> None:
    home = work / "home"
    tally.runs += 1
    problems: list[str] = []
    if code == -signal.SIGKILL:
        tally.killed += 1
    elif code == 0:
        tally.completed += 1
    elif code == 1 and fault.startswith("enospc") and "Traceback" not in err:
        tally.failed_cleanly += 1
    else:
        problems.append(f"exit {code}: {err.strip()[-300:]}")
    integrity = _integrity(home / "netral.sqlite")
    if integrity:
        problems.append(integrity)
    else:
        try:
            problems += INVARIANTS[op](home, work, state)
        except (sqlite3.DatabaseError, IndexError, KeyError, ValueError) as exc:
            problems.append(f"invariant could not be read: {exc!r}")
        check_problems, repaired = _netral_check(home)
        problems += check_problems
        tally.repaired += int(repaired)
    if problems:
        tally.problems.append(f"{work.name} ({fault}): " + "; ".join(problems))
        print(f"NOT CLEAN: {tally.problems[-1]}", file=sys.stderr, flush=True)
    else:
        tally.clean += 1
        shutil.rmtree(work, ignore_errors=True)


def run_harness(
    runs: int,
    seconds: float,
    *,
    seed: int = 1,
    keep: Path | None = None,
    operations: tuple[str, ...] = OPERATIONS,
) -> dict[str, Tally]:
    rng = random.Random(seed)
    deadline = time.perf_counter() + seconds
    root = Path(tempfile.mkdtemp(prefix="netral-crash-", dir=keep))
    tally = {op: Tally() for op in operations}
    template = prepare(root)
    state = json.loads((root / "state.json").read_text())
    state["base"] = dict(
        zip(
            ("phone", "revision"),
            _sql(
                template / "netral.sqlite",
                "SELECT phone, revision FROM person WHERE id = ?",
                state["person"],
            )[0],
            strict=True,
        )
    )
    state["people"] = _sql(template / "netral.sqlite", "SELECT count(*) FROM person")[0][0]
    calibration = calibrate(template, root, state, tally)
    done = 0
    while done < runs and time.perf_counter() < deadline:
        op = operations[done % len(operations)]
        mode = MODES[(done // len(operations)) % len(MODES)]
        cal = calibration[op]
        fault, delay = "time", None
        if mode == "window" and cal.windows:
            index = rng.choice(sorted(cal.windows))
            fault = f"window:{index}:{rng.uniform(0, cal.windows[index] * 1.2):.4f}"
            delay = cal.seconds * 3 + 5  # the child kills itself; this is the backstop
        elif mode not in ("time", "window"):
            kind, call = mode.split(":")
            available = cal.writes if call == "write" else cal.fsyncs
            if available:
                fault = f"{kind}:{call}:{rng.randint(1, available)}"
        if fault == "time":
            delay = rng.uniform(0, cal.seconds)
        code, err, work, _seconds = _run_once(op, template, root, done, fault, delay)
        _judge(op, code, err, work, state, tally[op], fault)
        done += 1
    if all(not t.problems for t in tally.values()):
        shutil.rmtree(root, ignore_errors=True)
    else:
        print(f"Unclean runs kept under {root}", file=sys.stderr)
    return tally


def report(tally: dict[str, Tally]) -> str:
    lines = [
        f"{'operation':<10} {'runs':>5} {'clean':>6} {'killed':>7} {'enospc':>7} "
        f"{'finished':>9} {'repaired':>9}"
    ]
    for op, t in tally.items():
        lines.append(
            f"{op:<10} {t.runs:>5} {t.clean:>6} {t.killed:>7} {t.failed_cleanly:>7} "
            f"{t.completed:>9} {t.repaired:>9}"
        )
    total = Tally(
        runs=sum(t.runs for t in tally.values()),
        clean=sum(t.clean for t in tally.values()),
        killed=sum(t.killed for t in tally.values()),
        failed_cleanly=sum(t.failed_cleanly for t in tally.values()),
        completed=sum(t.completed for t in tally.values()),
        repaired=sum(t.repaired for t in tally.values()),
    )
    lines.append(
        f"{'total':<10} {total.runs:>5} {total.clean:>6} {total.killed:>7} "
        f"{total.failed_cleanly:>7} {total.completed:>9} {total.repaired:>9}"
    )
    for t in tally.values():
        lines += [f"  NOT CLEAN: {p}" for p in t.problems]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.crash_harness", allow_abbrev=False)
    parser.add_argument("--runs", type=int, default=200, help="kill runs (after calibration)")
    parser.add_argument("--seconds", type=float, default=3600, help="stop starting runs after")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="folder for the runs (default: temporary)")
    parser.add_argument(
        "--operations",
        default=",".join(OPERATIONS),
        help=f"comma-separated, of {','.join(OPERATIONS)}",
    )
    parser.add_argument("--child", choices=OPERATIONS, help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--fault", default="time", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.home, args.work, args.fault)
    started = time.perf_counter()
    operations = tuple(op for op in args.operations.split(",") if op)
    unknown = set(operations) - set(OPERATIONS)
    if unknown or not operations:
        parser.error(f"unknown operations: {', '.join(sorted(unknown)) or '(none)'}")
    tally = run_harness(
        args.runs, args.seconds, seed=args.seed, keep=args.keep, operations=operations
    )
    print(report(tally))
    print(f"{time.perf_counter() - started:.0f} s")
    return 0 if all(not t.problems for t in tally.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
