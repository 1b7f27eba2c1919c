"""A bundle checked with the real minisign, age, unzip, jq and sha256sum, exactly as
design.md §7 shows: provincial IT staff rely on these commands, without this program."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.sync.bundle_samples import CREATED, keys, write
from tests.sync.test_standard_tools import _tool


def _run(args: list[str], cwd: Path, *, shell: bool = False) -> str:
    done = subprocess.run(
        args if not shell else " ".join(args),
        cwd=cwd,
        capture_output=True,
        text=True,
        shell=shell,
        check=False,
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout + done.stderr


def test_a_bundle_verifies_and_opens_with_the_standard_tools(tmp_path: Path) -> None:
    minisign_tool, age_tool = _tool("minisign"), _tool("age")
    unzip_tool, jq_tool, sha_tool = _tool("unzip"), _tool("jq"), _tool("sha256sum")
    k = keys()
    usb = tmp_path / "usb"
    paths = write(usb)
    assert paths.bundle.name == f"34.02_000001_{CREATED[:4]}1202T061038Z.netral"
    assert paths.signature.name == paths.bundle.name + ".minisig"
    work = tmp_path / "province"
    work.mkdir()
    (work / "office.pub").write_text(k.office.public.file_text())
    (work / "province-identity.txt").write_text(k.province.identity_file_text(CREATED))
    for p in (paths.bundle, paths.signature):
        (work / p.name).write_bytes(p.read_bytes())
    x = paths.bundle.name[: -len(".netral")]

    # minisign -Vm X.netral -p office.pub
    out = _run([minisign_tool, "-Vm", f"{x}.netral", "-p", "office.pub"], work)
    assert "Signature and comment signature verified" in out
    assert "netral-bundle office:34.02 seq:1" in out
    # age -d -i province-identity.txt -o X.zip X.netral
    _run([age_tool, "-d", "-i", "province-identity.txt", "-o", f"{x}.zip", f"{x}.netral"], work)
    # unzip X.zip -d X && cd X && minisign -Vm manifest.json -p ../office.pub
    _run([unzip_tool, "-q", f"{x}.zip", "-d", x], work)
    inner = work / x
    out = _run([minisign_tool, "-Vm", "manifest.json", "-p", "../office.pub"], inner)
    assert "Signature and comment signature verified" in out
    # jq -r '.files[] | "\(.sha256)  \(.path)"' manifest.json | sha256sum -c
    listing = _run([jq_tool, "-r", '.files[] | "\\(.sha256)  \\(.path)"', "manifest.json"], inner)
    checked = subprocess.run(
        [sha_tool, "-c"], input=listing, cwd=inner, capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    lines = checked.stdout.strip().splitlines()
    assert len(lines) == 4 and all(line.endswith(": OK") for line in lines)
    manifest = json.loads((inner / "manifest.json").read_text())
    assert manifest["format"] == "netral-bundle" and manifest["seq"] == 1
    assert manifest["office"] == {"code": "34.02", "name": "Bawaslu Kabupaten Bantul"}
    assert manifest["chain_head"] == {"seq": 412, "mac": "9f" * 32}
    assert manifest["counts"] == {"records": {"person": 25, "pledge_event": 3}, "files": 2}
    assert sorted(p.name for p in inner.rglob("*") if p.is_file()) == sorted(
        ["manifest.json", "manifest.json.minisig", "person.jsonl", "pledge_event.jsonl"]
        + [f["sha256"] for f in manifest["files"] if f["path"].startswith("files/")]
    )
    first = json.loads((inner / "records" / "person.jsonl").read_text().splitlines()[0])
    assert sorted(first) == ["data", "deleted", "id", "origin", "revision", "updated_at"]


def test_the_office_can_reopen_its_own_bundle_with_age(tmp_path: Path) -> None:
    age_tool = _tool("age")
    k = keys()
    paths = write(tmp_path / "usb")
    (tmp_path / "office-identity.txt").write_text(k.office.identity_file_text(CREATED))
    _run([age_tool, "-d", "-i", "office-identity.txt", "-o", "x.zip", str(paths.bundle)], tmp_path)
    assert (tmp_path / "x.zip").read_bytes()[:2] == b"PK"
