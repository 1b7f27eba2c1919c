"""``netral bundle export | import | reports | conflicts | resolve`` and ``netral receipt
import`` between a district and its province, as support staff would run them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from netral_desktop.services import roster
from netral_desktop.services.context import ServiceContext
from netral_desktop.sync.office_keys import OfficeKeys
from tests.cli.conftest import Result
from tests.cli.test_sync_cli import (
    AS_RINA,
    AS_YUSUF,
    _secrets_in_environment,
    province,
)

__all__ = ["_secrets_in_environment", "province"]


def _linked(netral, province, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert netral("enroll", "export", str(tmp_path / "e.json"), *AS_RINA).code == 0
    assert province("enroll", "import", str(tmp_path / "e.json"), "--yes", *AS_YUSUF).code == 0
    assert province("trust", "export", str(tmp_path / "t.json"), *AS_YUSUF).code == 0
    assert netral("trust", "import", str(tmp_path / "t.json"), "--yes", *AS_RINA).code == 0


def test_export_import_receipt_and_replay(
    netral: Callable[..., Result],
    province: Callable[..., Result],
    office: ServiceContext,
    tmp_path: Path,
) -> None:
    _linked(netral, province, tmp_path)
    from netral_desktop.services.accounts import authenticate
    from tests.conftest import ADMIN_PASSWORD

    admin = office.as_actor(authenticate(office, "rina", ADMIN_PASSWORD))
    roster.create_person(admin, roster.PersonFields(full_name="Budi Santoso"))
    stick = tmp_path / "stick"
    sent = netral("bundle", "export", "--to", str(stick), *AS_RINA)
    assert sent.code == 0, sent.err
    path = Path(sent.out.splitlines()[0])
    assert path.exists() and path.name.startswith("34.02_000001_")
    assert Path(str(path) + ".minisig").exists()

    tried = province("bundle", "import", str(path), "--dry-run", *AS_YUSUF)
    assert tried.code == 0, tried.err
    assert "Uji coba" in tried.out and "Tanda terima" not in tried.out
    merged = province("bundle", "import", str(path), *AS_YUSUF)
    assert merged.code == 0, merged.err
    assert "baris baru 1" in merged.out
    receipt = stick / "34_34.02_1.receipt"
    assert receipt.exists() and str(receipt) in merged.out
    again = province("bundle", "import", str(path), *AS_YUSUF)
    assert again.code == 0 and "0 baris" in again.out
    listed = province("bundle", "reports", "--detail", *AS_YUSUF)
    assert "34.02 #1" in listed.out and "pegawai: baru 1," in listed.out
    assert "person:" not in listed.out  # the table as a person knows it, not its name in SQL
    assert "Tidak ada konflik" in province("bundle", "conflicts", *AS_YUSUF).out

    taken = netral("receipt", "import", str(receipt), *AS_RINA)
    assert taken.code == 0, taken.err
    assert "dicatat" in taken.out


def test_a_receipt_not_signed_by_the_province_exits_3(
    netral: Callable[..., Result],
    province: Callable[..., Result],
    office: ServiceContext,
    tmp_path: Path,
) -> None:
    _linked(netral, province, tmp_path)
    sent = netral("bundle", "export", "--to", str(tmp_path / "stick"), *AS_RINA)
    path = Path(sent.out.splitlines()[0])
    assert province("bundle", "import", str(path), *AS_YUSUF).code == 0
    receipt = tmp_path / "stick" / "34_34.02_1.receipt"
    data = json.loads(receipt.read_text())
    data["minisig"] = OfficeKeys.generate().signing.sign(
        data["body"].encode(), trusted_comment="forged"
    )
    receipt.write_text(json.dumps(data))
    refused = netral("receipt", "import", str(receipt), *AS_RINA)
    assert refused.code == 3
    assert "tidak ditandatangani kunci provinsi" in refused.err


def test_export_needs_a_trust_file_and_the_role(
    netral: Callable[..., Result], office: ServiceContext, tmp_path: Path
) -> None:
    refused = netral("bundle", "export", "--to", str(tmp_path / "stick"), *AS_RINA)
    assert refused.code == 1 and "trust import" in refused.err
    assert not (tmp_path / "stick").exists() or not list((tmp_path / "stick").iterdir())


def test_the_province_reads_a_district_reporter_after_a_bundle(
    netral: Callable[..., Result],
    province: Callable[..., Result],
    office: ServiceContext,
    tmp_path: Path,
) -> None:
    """Issue 15 from the command line: the district's bundle brings its keys (to the province
    alone), so the province's administrator sees the reporter's name in 'case show'; a dry
    run before it brings nothing."""
    from netral_desktop.services import cases
    from netral_desktop.services.accounts import authenticate
    from tests.case_samples import REPORTER_NAME, report, reporter
    from tests.conftest import ADMIN_PASSWORD

    _linked(netral, province, tmp_path)
    admin = office.as_actor(authenticate(office, "rina", ADMIN_PASSWORD))
    case_id = cases.new_case(admin, report(parties=(reporter(),)))
    sent = netral("bundle", "export", "--to", str(tmp_path / "stick"), *AS_RINA)
    assert sent.code == 0, sent.err
    path = Path(sent.out.splitlines()[0])
    assert province("bundle", "import", str(path), "--dry-run", *AS_YUSUF).code == 0
    assert province("bundle", "import", str(path), *AS_YUSUF).code == 0
    shown = province("case", "show", case_id, *AS_YUSUF)
    assert shown.code == 0, shown.err
    assert REPORTER_NAME in shown.out and "Pelapor-0001" in shown.out
