"""kill -9 while a bundle is written: the stick holds a whole, signed bundle or none (at most
temporary .part files and a lone signature, which the next export replaces)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netral_desktop.sync import bundle
from tests.sync.bundle_samples import SCHEMAS, keys

WRITER = """
import os, sys, hashlib
from pathlib import Path
from tests.sync import bundle_samples
from netral_desktop.sync import bundle
from netral_desktop.sync.office_keys import OfficeKeys
from netral_desktop.sync.minisign import SecretKey
office = OfficeKeys(SecretKey.from_raw(bytes.fromhex(sys.argv[2])), sys.argv[3])
blobs = [os.urandom(4 << 20) for _ in range(6)]
contents = bundle_samples.contents(files=[(hashlib.sha256(b).hexdigest(), b) for b in blobs])
print("start", flush=True)
bundle.write_bundle(contents, signing_key=office.signing, recipients=[sys.argv[4]],
                    out_dir=Path(sys.argv[1]), verify_identity=None)
print("done", flush=True)
"""


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.4, 0.8])
def test_killed_mid_write_leaves_a_whole_bundle_or_none(tmp_path: Path, delay: float) -> None:
    k = keys()
    out = tmp_path / "usb"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen(
        [
            sys.executable, "-c", WRITER, str(out), k.office.signing.raw().hex(),
            k.office.age_identity, k.province.recipient,
        ],
        stdout=subprocess.PIPE,
        env=env,
    )  # fmt: skip
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"start"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    names = sorted(p.name for p in out.iterdir()) if out.exists() else []
    bundles = [n for n in names if n.endswith(".netral")]
    assert all(n.endswith((".part", ".netral", ".netral.minisig")) for n in names), names
    for name in bundles:
        assert f"{name}.minisig" in names
        with bundle.read_bundle(
            out / name, trust=k.trust(), identity=k.province.age_identity, schema_versions=SCHEMAS
        ) as verified:
            assert len(verified.attachments()) == 6
