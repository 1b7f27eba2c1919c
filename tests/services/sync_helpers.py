"""Two installations for the sync tests: the district (the ``office`` fixture) and a province,
on the same engine; and the in-memory passage of a bundle between them (the bundle file's
own writer and reader are tested in tests/sync/)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from netral_desktop.config import HomeLayout
from netral_desktop.core.clock import FixedClock
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.sync_bundle_io import WrittenBundle
from netral_desktop.services.sync_export import OutgoingBundle
from netral_desktop.services.sync_import import IncomingBundle
from netral_desktop.sync.bundle import seal_keys
from tests.conftest import ADMIN_PASSWORD, forget_secrets


def new_office(
    root: Path,
    request: pytest.FixtureRequest,
    db_engine: str,
    *,
    code: str,
    name: str,
    mode: str = "district",
    clock: FixedClock | None = None,
) -> Iterator[ServiceContext]:
    from netral_desktop.services.accounts import authenticate
    from netral_desktop.services.integrity import AUDIT_HEAD
    from netral_desktop.services.setup import init_office, open_key_store

    server, url = None, None
    if db_engine == "postgresql":
        server = request.getfixturevalue("pg_server")
        url = server.fresh_database()
    ctx = init_office(
        HomeLayout(root),
        office_code=code,
        name=name,
        mode=mode,
        admin_username="rina",
        admin_password=ADMIN_PASSWORD,
        clock=clock or FixedClock(datetime(2024, 5, 14, 2, 0, tzinfo=UTC)),
        key_store="memory",
        database_url=url,
    )
    try:
        yield ctx.as_actor(authenticate(ctx, "rina", ADMIN_PASSWORD))
    finally:
        ctx.db.dispose()
        forget_secrets(open_key_store(ctx))
        open_key_store(ctx).delete(AUDIT_HEAD)
        if server is not None and url is not None:
            server.drop(url)


class Courier:
    """Carries bundles from an office's export to another installation's import in memory,
    as the bundle file would (records through JSON, files as bytes). With ``to`` (the
    receiving installation) the office's keys go along, encrypted to it as the bundle
    writer does; without, the bundle is as an older version wrote it (no keys)."""

    def __init__(self, to: ServiceContext | None = None) -> None:
        self.sent: list[IncomingBundle] = []
        self.recipient: str | None = None
        if to is not None:
            from netral_desktop.services.sync_bundle_io import office_keys

            self.recipient = office_keys(to).recipient

    def write(self, outgoing: OutgoingBundle, folder: Path, **_options: Any) -> tuple[Path, str]:
        manifest = json.dumps(
            {
                "office": outgoing.office_code,
                "seq": outgoing.seq,
                "prev": outgoing.prev,
                "records": outgoing.records,
                "files": sorted(outgoing.files),
            },
            sort_keys=True,
        ).encode()
        digest = hashlib.sha256(manifest).hexdigest()
        name = f"{outgoing.office_code}_{outgoing.seq:06d}.netral"
        self.sent.append(
            IncomingBundle(
                office_code=outgoing.office_code,
                office_name=outgoing.office_name,
                seq=outgoing.seq,
                prev=outgoing.prev,
                created_at=outgoing.created_at,
                acknowledged_seq=outgoing.acknowledged_seq,
                chain_head=outgoing.chain_head,
                manifest_sha256=digest,
                records=json.loads(json.dumps(outgoing.records)),
                files={sha: path.read_bytes() for sha, path in outgoing.files.items()},
                name=name,
                device=outgoing.device,
                keys=(
                    seal_keys(outgoing.keys, [self.recipient])
                    if outgoing.keys is not None and self.recipient is not None
                    else None
                ),
            )
        )
        return [
            WrittenBundle(
                folder / name, outgoing.seq, digest, outgoing.row_count, len(outgoing.files)
            )
        ]

    @property
    def last(self) -> IncomingBundle:
        return self.sent[-1]
