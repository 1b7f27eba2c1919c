"""Two processes writing at once (two windows on one SQLite file, or two offices' clients on
one PostgreSQL server): the audit chain never forks and document numbers never repeat or skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from netral_desktop.config import HomeLayout
from netral_desktop.services import audit, documents, numbering
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.office import update_office
from tests.conftest import ADMIN_PASSWORD
from tests.doc_samples import letter

WRITES_PER_PROCESS = 12
# Short transactions that touch no shared row and only append to the chain (a verification
# is logged): nothing but the chain's own lock keeps two of them apart.
UPDATES_PER_WRITE = 6

WRITER = """
import sys
from netral_desktop.config import HomeLayout
from netral_desktop.services import accounts, documents
from netral_desktop.services.context import open_context

home, letter_file, name, writes, password, updates = sys.argv[1:7]
UPDATES = int(updates)
ctx = open_context(HomeLayout(__import__("pathlib").Path(home)))
ctx = ctx.as_actor(accounts.authenticate(ctx, "rina", password))
print("ready", flush=True)
sys.stdin.readline()  # both writers start together
for n in range(int(writes)):
    for k in range(UPDATES):
        documents.verify(ctx, "ABCDE-23456")
    documents.issue(ctx, "surat_dinas", letter_file)
ctx.db.dispose()
print("done", flush=True)
"""


@pytest.mark.keyring  # the writer processes read the office's audit key from the OS keyring
def test_two_writer_processes_keep_one_chain_and_unique_numbers(
    admin: ServiceContext, layout: HomeLayout, tmp_path: Path
) -> None:
    import yaml

    letter_file = tmp_path / "surat.yaml"
    letter_file.write_text(yaml.safe_dump(letter(1), allow_unicode=True), encoding="utf-8")
    # Two processes on one database are one device: one sequence, taken atomically.
    numbering.set_device_code(admin, "A")
    update_office(admin, letter_issuer="K.DI-02")
    entries_before = audit.verify_chain(admin.db).entries
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(layout.root),
                str(letter_file),
                name,
                str(WRITES_PER_PROCESS),
                ADMIN_PASSWORD,
                str(UPDATES_PER_WRITE),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name in ("A", "B")
    ]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    for writer in writers:  # release both at once
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        assert out.strip() == "done"

    chain = audit.verify_chain(admin.db)
    assert chain.ok, chain.reason
    # Each write is some logged verifications and one issued document (each with its audit entry),
    # plus each writer's login.
    per_write = UPDATES_PER_WRITE + 1
    assert chain.entries == entries_before + 2 * (1 + per_write * WRITES_PER_PROCESS)
    issued = documents.list_issued(admin, limit=1000)
    assert sorted(d.seq for d in issued) == list(range(1, 2 * WRITES_PER_PROCESS + 1))
    assert len({d.number for d in issued}) == len({d.code for d in issued}) == len(issued)
