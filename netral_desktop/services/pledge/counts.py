"""How an event's attendance stands: invited, present, absent by reason, not marked yet and
walk-ins, overall and per agency."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from netral_desktop.core.pledge import AttendanceStatus
from netral_desktop.core.roles import Permission
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.pledge.common import live_event
from netral_desktop.store import pledges as pledge_store
from netral_desktop.store.db import Session
from netral_desktop.store.pledges import Tally

# The one definition of the attendance rate: the program's screens, `netral ikrar show`, the
# recap (PDF and .xlsx) all use ``AttendanceCounts.rate`` and print this sentence with it.
RATE_DEFINITION = (
    "Persentase kehadiran = jumlah undangan yang hadir dibagi jumlah yang diundang, dikali "
    "100%; peserta tambahan (tidak ada di daftar undangan) tidak ikut dihitung."
)


def rate_text(part: int, whole: int) -> str:
    """A rate as printed: "62,5%" (Indonesian decimal comma), "-" with nobody invited."""
    from babel.numbers import format_decimal

    if not whole:
        return "-"
    return format_decimal(100 * part / whole, format="#,##0.0", locale="id") + "%"


@dataclass(frozen=True)
class AttendanceCounts:
    """How an event's attendance stands. The absence counts and ``belum`` are of the people
    invited beforehand, so ``invited == hadir + izin + sakit + dinas_luar +
    tanpa_keterangan + belum``; walk-ins are counted apart."""

    invited: int = 0
    walk_ins: int = 0
    hadir: int = 0  # invited people present
    hadir_walk_in: int = 0
    izin: int = 0
    sakit: int = 0
    dinas_luar: int = 0
    tanpa_keterangan: int = 0
    belum: int = 0  # invited, not marked yet

    @property
    def total(self) -> int:
        return self.invited + self.walk_ins

    @property
    def present(self) -> int:
        return self.hadir + self.hadir_walk_in

    @property
    def absent(self) -> int:
        return self.izin + self.sakit + self.dinas_luar + self.tanpa_keterangan

    @property
    def rate(self) -> float | None:
        """Share of the invited who came (walk-ins not counted), None with nobody invited."""
        return self.hadir / self.invited if self.invited else None

    def count(self, status: AttendanceStatus | str) -> int:
        return int(getattr(self, AttendanceStatus(status).value))


@dataclass(frozen=True)
class AgencyCounts:
    agency_name: str  # "" for walk-ins without an agency
    counts: AttendanceCounts


def _tally(rows: Iterable[Tally]) -> AttendanceCounts:
    values = dict.fromkeys(
        (
            "invited",
            "walk_ins",
            "hadir",
            "hadir_walk_in",
            "izin",
            "sakit",
            "dinas_luar",
            "tanpa_keterangan",
            "belum",
        ),
        0,
    )
    for _agency, walk_in, status, n in rows:
        if walk_in:
            values["walk_ins"] += n
            if status == AttendanceStatus.HADIR:
                values["hadir_walk_in"] += n
            continue
        values["invited"] += n
        values[status or "belum"] += n
    return AttendanceCounts(**values)


def counts_in(session: Session, event_id: str) -> AttendanceCounts:
    return _tally(pledge_store.tallies(session, event_id=event_id))


def counts(ctx: ServiceContext, event_id: str) -> AttendanceCounts:
    """The event's live attendance counts."""
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        live_event(session, event_id)
        return counts_in(session, event_id)


def counts_by_agency(ctx: ServiceContext, event_id: str) -> list[AgencyCounts]:
    """Counts per agency, by agency name (walk-ins without an agency last, as "")."""
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        live_event(session, event_id)
        rows = pledge_store.tallies(session, event_id=event_id, per_agency=True)
    grouped: dict[str, list[Tally]] = {}
    for row in rows:
        grouped.setdefault(row.agency_name, []).append(row)
    order = sorted(grouped, key=lambda name: (name == "", name.casefold()))
    return [AgencyCounts(name, _tally(grouped[name])) for name in order]
