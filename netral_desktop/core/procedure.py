"""The case procedure as data: a *ruleset* per election type (resources/rulesets/*.yaml).

A ruleset names the statuses of a case, the steps between them (who may take each, which
documents it issues, whether a reason is required, whether it applies to one reported person),
the routes a reported person can take after the pleno, and the deadlines with their article and
counting mode. Nothing about the procedure is written in code: a province can put an updated
ruleset in the data folder (``rulesets/<name>.yaml``); it is checked by the same rules and
replaces the shipped one.

Every problem in a ruleset file is reported in Indonesian with the file and the key at fault;
a step refused names the step that is missing, or the roles that may take it.
"""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from netral_desktop.config import resources_dir
from netral_desktop.core.errors import PermissionDenied, ValidationError
from netral_desktop.core.roles import Role, role_label
from netral_desktop.i18n import _

RULESET_DIR = "rulesets"
RULESET_NAMES = ("pemilu", "pilkada")
MODES = ("working", "calendar")
DIRECTIONS = ("after", "before")
HOLIDAY_KINDS = ("libur_nasional", "cuti_bersama", "libur_pemilu")
LATE_POLICIES = ("record", "refuse")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_FORM_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$")
_MAX_FILE_BYTES = 1_000_000


class RulesetError(ValidationError):
    """A ruleset file that cannot be used: names the file and the key."""

    code = "ruleset_invalid"


class StepRefused(ValidationError):
    """A step not allowed now: the message names the step that is missing."""

    code = "step_refused"


class StepForbidden(StepRefused, PermissionDenied):
    """A step this role may not take: the message names the roles that may."""

    code = "step_forbidden"


@dataclass(frozen=True)
class StatusDef:
    code: str
    label_id: str  # the ruleset's own words (Indonesian): the catalogue's msgid
    final: bool = False

    @property
    def label(self) -> str:
        """In the window's language: the catalogue's English for a shipped label, the file's
        own words for one the catalogue does not know (an office's edited ruleset)."""
        return _(self.label_id)


@dataclass(frozen=True)
class StepDef:
    code: str
    label_id: str  # the ruleset's own words; ``label`` is them in the window's language
    from_statuses: tuple[str, ...]
    to_status: str | None
    roles: tuple[str, ...]
    documents: tuple[str, ...] = ()
    needs_reason: bool = False
    per_subject: bool = False
    subject_from: tuple[str, ...] = ()
    subject_to: str | None = None
    origins: tuple[str, ...] = ()  # empty: every origin
    article: str = ""

    @property
    def label(self) -> str:
        return _(self.label_id)

    @property
    def initial(self) -> bool:
        """A step that opens a case (no status before it)."""
        return not self.from_statuses

    def applies_to(self, origin: str | None) -> bool:
        return origin is None or not self.origins or origin in self.origins


@dataclass(frozen=True)
class OriginDef:
    code: str
    label_id: str
    start: str

    @property
    def label(self) -> str:
        return _(self.label_id)


@dataclass(frozen=True)
class Route:
    """What follows a pleno outcome for one reported person."""

    outcome: str
    label_id: str
    next_steps: tuple[str, ...]
    recipient: str

    @property
    def label(self) -> str:
        return _(self.label_id)


@dataclass(frozen=True)
class Counting:
    mode: str = "working"
    start_day_counts: bool = False
    weekend: tuple[int, ...] = (6, 7)
    non_working: tuple[str, ...] = HOLIDAY_KINDS
    warning_days: int = 1

    @property
    def cuti_bersama_is_holiday(self) -> bool:
        return "cuti_bersama" in self.non_working


@dataclass(frozen=True)
class DeadlineRule:
    code: str
    label_id: str
    days: int
    mode: str  # "working" | "calendar"
    counts_from: str  # an anchor (a date of the case) or a step code (the day it was taken)
    steps: tuple[str, ...]  # the steps that meet the deadline
    article: str
    while_statuses: tuple[str, ...] = ()  # the case statuses in which it runs
    direction: str = "after"  # "before": at the latest `days` before the start date
    confirmed: bool = True  # False: the number of days was not read in the regulation itself
    counting: Counting = field(default_factory=Counting)  # the ruleset's counting settings

    @property
    def label(self) -> str:
        return _(self.label_id)


@dataclass(frozen=True)
class FollowUp:
    days: int
    mode: str
    note: str


@dataclass(frozen=True)
class Ruleset:
    name: str
    title_id: str  # the file's own words; ``title`` is them in the window's language
    basis: str
    source: Path
    counting: Counting
    statuses: dict[str, StatusDef]
    subject_statuses: dict[str, StatusDef]
    origins: dict[str, OriginDef]
    steps: dict[str, StepDef]
    routes: dict[str, Route]
    anchors: dict[str, str]
    deadline_rules: dict[str, DeadlineRule]
    follow_up: FollowUp | None = None
    election_codes: tuple[str, ...] = ()
    # A report received after its window: "record" (kept as late, with the reason, and judged
    # at the kajian awal) or "refuse" (not recorded at all).
    late_reports: str = "record"
    overridden: bool = field(default=False)  # loaded from the data folder

    # -- labels -----------------------------------------------------------------------------
    # The file's words are Indonesian; they are translated where they are shown, through the
    # catalogue (tools/i18n_catalog.py extracts the shipped rulesets' words), so an office's
    # own ruleset shows its own words for a label the catalogue does not know.

    @property
    def title(self) -> str:
        return _(self.title_id)

    def anchor_label(self, code: str) -> str:
        found = self.anchors.get(code)
        return _(found) if found else code

    def display_texts(self) -> list[str]:
        """Every text of the file a user reads (titles, labels, anchors' names), in the file's
        order, each once: what the catalogue must translate."""
        texts = [self.title_id]
        for group in (
            self.statuses,
            self.subject_statuses,
            self.origins,
            self.steps,
            self.routes,
            self.deadline_rules,
        ):
            texts += [item.label_id for item in group.values()]
        texts += list(self.anchors.values())
        return list(dict.fromkeys(texts))

    def status_label(self, code: str) -> str:
        found = self.statuses.get(code)
        return found.label if found else code

    def subject_status_label(self, code: str) -> str:
        found = self.subject_statuses.get(code)
        return found.label if found else code

    def step(self, code: str) -> StepDef:
        found = self.steps.get(code)
        if found is None:
            raise StepRefused(
                _("Langkah '{step}' tidak dikenal dalam tata cara {title}.").format(
                    step=code, title=self.title
                ),
                code="step_unknown",
            )
        return found

    def start_step(self, origin: str) -> StepDef:
        """The step that opens a case of this origin (laporan, temuan, informasi awal)."""
        found = self.origins.get(origin)
        if found is None:
            raise ValidationError(
                _("Asal perkara '{origin}' tidak dikenal. Pilih salah satu: {known}.").format(
                    origin=origin, known=", ".join(self.origins)
                ),
                code="origin_unknown",
            )
        return self.steps[found.start]

    def deadline_rule(self, code: str) -> DeadlineRule:
        found = self.deadline_rules.get(code)
        if found is None:
            raise ValidationError(
                _("Tenggat '{code}' tidak dikenal dalam tata cara {title}. Pilih: {known}.").format(
                    code=code, title=self.title, known=", ".join(self.deadline_rules)
                ),
                code="deadline_unknown",
            )
        return found

    def deadline_applies(self, rule: DeadlineRule, origin: str | None) -> bool:
        """Whether ``rule`` concerns a case of ``origin``: one of the steps that meet it applies
        to that origin (a finding has no kajian awal, so no kajian-awal deadline)."""
        return any(self.steps[code].applies_to(origin) for code in rule.steps)

    def running_deadlines(self, status: str, origin: str | None = None) -> list[DeadlineRule]:
        """The deadlines that run while a case of ``origin`` is in ``status``."""
        return [
            rule
            for rule in self.deadline_rules.values()
            if status in rule.while_statuses and self.deadline_applies(rule, origin)
        ]

    def route(self, outcome: str) -> Route | None:
        return self.routes.get(outcome)

    # -- transitions ------------------------------------------------------------------------

    def available_steps(
        self,
        status: str,
        role: str,
        *,
        origin: str | None = None,
        subject_status: str | None = None,
    ) -> list[StepDef]:
        """The steps this role may take now, in the ruleset's order. With ``subject_status``
        only the steps for that one reported person; without it the case's steps and the
        per-person steps the case's status allows."""
        out = []
        for step in self.steps.values():
            if step.initial or status not in step.from_statuses or role not in step.roles:
                continue
            if not step.applies_to(origin):
                continue
            if subject_status is not None and (
                not step.per_subject or subject_status not in step.subject_from
            ):
                continue
            out.append(step)
        return out

    def check_step(
        self,
        status: str,
        step: str,
        role: str,
        *,
        origin: str | None = None,
        subject_status: str | None = None,
    ) -> StepDef:
        """The step if this role may take it now; otherwise StepRefused naming what is
        missing (the step to take first), or StepForbidden naming the roles that may."""
        found = self.step(step)
        if not found.applies_to(origin):
            raise StepRefused(
                _("Langkah '{step}' tidak berlaku untuk perkara asal {origin}.").format(
                    step=found.label, origin=self._origin_label(origin)
                )
            )
        if found.initial:
            raise StepRefused(
                _("Langkah '{step}' hanya untuk membuka perkara baru.").format(step=found.label)
            )
        if status not in found.from_statuses:
            raise StepRefused(self._missing_message(found, status, origin))
        if found.per_subject:
            if subject_status is None:
                raise StepRefused(
                    _("Langkah '{step}' berlaku untuk satu terlapor: pilih terlapornya.").format(
                        step=found.label
                    ),
                    code="subject_required",
                )
            if subject_status not in found.subject_from:
                raise StepRefused(self._missing_subject_message(found, subject_status, origin))
        if role not in found.roles:
            raise StepForbidden(
                _("Langkah '{step}' hanya dapat dilakukan oleh {roles}.").format(
                    step=found.label, roles=self._roles_text(found.roles)
                )
            )
        return found

    def _roles_text(self, roles: Iterable[str]) -> str:
        return _(" atau ").join(role_label(r) for r in roles)

    def _origin_label(self, origin: str | None) -> str:
        found = self.origins.get(origin or "")
        return found.label if found else str(origin)

    def _path_first_step(
        self, start: str, targets: Iterable[str], *, subject: bool, origin: str | None
    ) -> StepDef | None:
        """The first step on the shortest way from ``start`` to one of ``targets`` (breadth
        first, in the ruleset's order): the step that is missing."""
        goal = set(targets)
        seen = {start}
        queue: deque[tuple[str, StepDef | None]] = deque([(start, None)])
        while queue:
            here, first = queue.popleft()
            for step in self.steps.values():
                if step.initial or not step.applies_to(origin):
                    continue
                if subject:
                    if not step.per_subject or here not in step.subject_from:
                        continue
                    there = step.subject_to
                else:
                    if step.per_subject and step.to_status is None:
                        continue
                    if here not in step.from_statuses:
                        continue
                    there = step.to_status
                if there is None or there in seen:
                    continue
                if there in goal:
                    return first or step
                seen.add(there)
                queue.append((there, first or step))
        return None

    def _missing_message(self, step: StepDef, status: str, origin: str | None) -> str:
        missing = self._path_first_step(status, step.from_statuses, subject=False, origin=origin)
        if missing is not None:
            return _(
                "Langkah '{missing}' belum dilakukan: langkah itu harus selesai sebelum "
                "'{step}' (status perkara sekarang: {status})."
            ).format(missing=missing.label, step=step.label, status=self.status_label(status))
        return _("Langkah '{step}' tidak dapat dilakukan pada perkara berstatus {status}.").format(
            step=step.label, status=self.status_label(status)
        )

    def _missing_subject_message(self, step: StepDef, status: str, origin: str | None) -> str:
        missing = self._path_first_step(status, step.subject_from, subject=True, origin=origin)
        if missing is not None:
            return _(
                "Langkah '{missing}' belum dilakukan untuk terlapor ini: langkah itu harus "
                "selesai sebelum '{step}' (status terlapor sekarang: {status})."
            ).format(
                missing=missing.label, step=step.label, status=self.subject_status_label(status)
            )
        return _(
            "Langkah '{step}' tidak dapat dilakukan untuk terlapor berstatus {status}."
        ).format(step=step.label, status=self.subject_status_label(status))


# -- loading ------------------------------------------------------------------------------


def shipped_path(name: str) -> Path:
    return resources_dir() / RULESET_DIR / f"{name}.yaml"


def override_path(home: Path, name: str) -> Path:
    return home / RULESET_DIR / f"{name}.yaml"


def ruleset_path(name: str, *, home: Path | None = None) -> Path:
    """The file a ruleset is read from: the data folder's own copy, else the shipped one."""
    _check_name(name)
    if home is not None:
        own = override_path(home, name)
        if own.is_file():
            return own
    path = shipped_path(name)
    if not path.is_file():
        raise ValidationError(
            _("Tata cara '{name}' tidak dikenal. Pilih salah satu: {known}.").format(
                name=name, known=", ".join(available_rulesets(home=home))
            ),
            code="ruleset_unknown",
        )
    return path


def available_rulesets(*, home: Path | None = None) -> list[str]:
    names = {p.stem for p in (resources_dir() / RULESET_DIR).glob("*.yaml")}
    if home is not None and (home / RULESET_DIR).is_dir():
        names |= {p.stem for p in (home / RULESET_DIR).glob("*.yaml") if _NAME_RE.match(p.stem)}
    return sorted(names)


def load_ruleset(name: str, *, home: Path | None = None) -> Ruleset:
    """The ruleset ``name`` ("pemilu" | "pilkada"), from the data folder ``home`` when it has
    its own copy. Read once per file version (the file's size and time are the cache key)."""
    path = ruleset_path(name, home=home)
    try:
        stat = path.stat()
    except OSError as exc:
        raise RulesetError(_read_failed(path, exc)) from None
    shipped = path == shipped_path(name)
    return _load_cached(str(path), stat.st_mtime_ns, stat.st_size, name, not shipped)


def load_ruleset_file(path: Path, *, name: str | None = None) -> Ruleset:
    """Check a ruleset file (e.g. one a province sent before it is put in the data folder)."""
    return _parse(path, _read_yaml(path), expected_name=name, overridden=True)


@lru_cache(maxsize=16)
def _load_cached(path: str, _mtime: int, _size: int, name: str, overridden: bool) -> Ruleset:
    file = Path(path)
    return _parse(file, _read_yaml(file), expected_name=name, overridden=overridden)


def _check_name(name: str) -> None:
    if not _NAME_RE.match(name or ""):
        raise ValidationError(
            _("Nama tata cara '{name}' tidak sah. Pilih salah satu: {known}.").format(
                name=name, known=", ".join(RULESET_NAMES)
            ),
            code="ruleset_unknown",
        )


def _read_failed(path: Path, exc: object) -> str:
    return _("Berkas tata cara {file} tidak dapat dibaca: {reason}.").format(file=path, reason=exc)


class _UniqueKeyLoader(yaml.SafeLoader):
    """Refuses a key written twice in one mapping (PyYAML would keep the last silently, and a
    step edited in one place would be overridden by a forgotten copy further down)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                _("kunci '{key}' tertulis dua kali").format(key=key),
                key_node.start_mark,
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def _read_yaml(path: Path) -> object:
    try:
        if os.path.getsize(path) > _MAX_FILE_BYTES:
            raise RulesetError(
                _("Berkas tata cara {file} terlalu besar untuk sebuah tata cara.").format(file=path)
            )
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesetError(_read_failed(path, exc)) from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = (
            _("baris {line}, kolom {column}").format(line=mark.line + 1, column=mark.column + 1)
            if mark is not None
            else ""
        )
        problem = getattr(exc, "problem", None) or str(exc)
        raise RulesetError(
            _("Berkas tata cara {file} bukan YAML yang sah ({where}): {problem}.").format(
                file=path, where=where, problem=problem
            )
        ) from None


class _Checker:
    """Reads one ruleset document, naming the file and key of every problem."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, problem: str) -> RulesetError:
        return RulesetError(
            _("Berkas tata cara {file}, kunci '{key}': {problem}").format(
                file=self.path, key=key, problem=problem
            )
        )

    def mapping(self, value: object, key: str, *, required: bool = True) -> Mapping[str, Any]:
        if value is None and not required:
            return {}
        if not isinstance(value, Mapping) or (required and not value):
            raise self.fail(key, _("harus berupa daftar kunci: nilai yang tidak kosong."))
        for k in value:
            if not isinstance(k, str) or not _NAME_RE.match(k):
                raise self.fail(
                    f"{key}.{k}",
                    _("kode harus huruf kecil, angka dan garis bawah, diawali huruf."),
                )
        return value

    def text(self, value: object, key: str, *, required: bool = True) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(key, _("harus berupa teks yang tidak kosong."))
        return " ".join(value.split())

    def flag(self, value: object, key: str) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self.fail(key, _("harus true atau false."))
        return value

    def number(self, value: object, key: str, *, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(
                key, _("harus bilangan bulat {low} sampai {high}.").format(low=low, high=high)
            )
        return value

    def codes(
        self, value: object, key: str, *, known: Iterable[str] | None = None
    ) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, _("harus berupa daftar kode."))
        if known is not None:
            allowed = list(known)
            for v in value:
                if v not in allowed:
                    raise self.fail(
                        key,
                        _("'{value}' tidak dikenal. Yang dikenal: {known}.").format(
                            value=v, known=", ".join(allowed)
                        ),
                    )
        if len(set(value)) != len(value):
            raise self.fail(key, _("ada kode yang tertulis dua kali."))
        return tuple(value)

    def one_of(self, value: object, key: str, choices: Iterable[str], default: str) -> str:
        if value is None:
            return default
        allowed = list(choices)
        if value not in allowed:
            raise self.fail(
                key,
                _("'{value}' tidak dikenal. Pilih: {known}.").format(
                    value=value, known=", ".join(allowed)
                ),
            )
        return str(value)

    def unknown_keys(self, value: Mapping[str, Any], key: str, allowed: Iterable[str]) -> None:
        extra = sorted(set(value) - set(allowed))
        if extra:
            raise self.fail(
                f"{key}.{extra[0]}" if key else extra[0],
                _("kunci ini tidak dikenal. Yang dikenal: {known}.").format(
                    known=", ".join(sorted(allowed))
                ),
            )


_TOP_KEYS = (
    "name",
    "title",
    "basis",
    "election_codes",
    "counting",
    "statuses",
    "subject_statuses",
    "origins",
    "steps",
    "routes",
    "anchors",
    "deadlines",
    "follow_up",
    "late_reports",
)
_STEP_KEYS = (
    "label",
    "from",
    "to",
    "roles",
    "documents",
    "reason",
    "per_subject",
    "subject_from",
    "subject_to",
    "origins",
    "article",
)
_DEADLINE_KEYS = (
    "label",
    "days",
    "mode",
    "from",
    "step",
    "while",
    "direction",
    "article",
    "confirmed",
)


def _parse(path: Path, raw: object, *, expected_name: str | None, overridden: bool) -> Ruleset:
    c = _Checker(path)
    if not isinstance(raw, Mapping):
        raise RulesetError(
            _("Berkas tata cara {file} kosong atau bukan daftar kunci.").format(file=path)
        )
    c.unknown_keys(raw, "", _TOP_KEYS)
    name = c.text(raw.get("name"), "name")
    if expected_name is not None and name != expected_name:
        raise c.fail(
            "name",
            _("berkas ini untuk tata cara '{found}', bukan '{expected}'.").format(
                found=name, expected=expected_name
            ),
        )
    title = c.text(raw.get("title"), "title")
    basis = c.text(raw.get("basis"), "basis", required=False)
    election_codes = c.codes(raw.get("election_codes"), "election_codes")

    counting = _parse_counting(c, raw.get("counting"))
    statuses = _parse_statuses(c, raw.get("statuses"), "statuses")
    subject_statuses = _parse_statuses(c, raw.get("subject_statuses"), "subject_statuses")
    steps = _parse_steps(c, raw.get("steps"), statuses, subject_statuses)
    origins = _parse_origins(c, raw.get("origins"), steps)
    for code, step in steps.items():
        for origin in step.origins:
            if origin not in origins:
                raise c.fail(
                    f"steps.{code}.origins",
                    _("asal '{value}' tidak ada di 'origins'.").format(value=origin),
                )
    routes = _parse_routes(c, raw.get("routes"), steps, subject_statuses)
    anchors_raw = c.mapping(raw.get("anchors"), "anchors", required=False)
    anchors = {k: c.text(v, f"anchors.{k}") for k, v in anchors_raw.items()}
    for code in anchors:
        if code in steps:
            raise c.fail(f"anchors.{code}", _("nama ini sudah dipakai sebuah langkah."))
    deadlines = _parse_deadlines(c, raw.get("deadlines"), counting, statuses, steps, anchors)
    follow_up = None
    if raw.get("follow_up") is not None:
        fu = c.mapping(raw.get("follow_up"), "follow_up")
        c.unknown_keys(fu, "follow_up", ("days", "mode", "note"))
        follow_up = FollowUp(
            days=c.number(fu.get("days"), "follow_up.days", low=1, high=3650),
            mode=c.one_of(fu.get("mode"), "follow_up.mode", MODES, counting.mode),
            note=c.text(fu.get("note"), "follow_up.note", required=False),
        )
    _check_graph(c, statuses, subject_statuses, steps, origins, routes)
    return Ruleset(
        name=name,
        title_id=title,
        basis=basis,
        source=path,
        counting=counting,
        statuses=statuses,
        subject_statuses=subject_statuses,
        origins=origins,
        steps=steps,
        routes=routes,
        anchors=anchors,
        deadline_rules=deadlines,
        follow_up=follow_up,
        election_codes=election_codes,
        overridden=overridden,
        late_reports=c.one_of(raw.get("late_reports"), "late_reports", LATE_POLICIES, "record"),
    )


def _check_graph(
    c: _Checker,
    statuses: dict[str, StatusDef],
    subject_statuses: dict[str, StatusDef],
    steps: dict[str, StepDef],
    origins: dict[str, OriginDef],
    routes: dict[str, Route],
) -> None:
    """The procedure can be walked: every status is reached from an opening step, none that
    is not final is a dead end (a case would be stuck there), and each route's first step
    applies to its outcome."""
    moving = [s for s in steps.values() if not s.initial]
    for code, status in statuses.items():
        if not status.final and not any(
            code in s.from_statuses and s.to_status not in (None, code) for s in moving
        ):
            raise c.fail(
                f"statuses.{code}",
                _(
                    "tidak ada langkah yang keluar dari status ini, padahal bukan status akhir: "
                    "perkara akan macet di sini. Tambahkan langkahnya atau tulis final: true."
                ),
            )
    reached = {steps[o.start].to_status for o in origins.values()}
    grown = True
    while grown:
        grown = False
        for step in moving:
            if (
                step.to_status
                and step.to_status not in reached
                and reached & set(step.from_statuses)
            ):
                reached.add(step.to_status)
                grown = True
    for code in statuses:
        if code not in reached:
            raise c.fail(
                f"statuses.{code}",
                _("tidak ada jalan dari langkah pembuka perkara ke status ini."),
            )
    for code, status in subject_statuses.items():
        if not status.final and not any(
            s.per_subject and code in s.subject_from and s.subject_to != code for s in moving
        ):
            raise c.fail(
                f"subject_statuses.{code}",
                _(
                    "tidak ada langkah per terlapor yang keluar dari status ini, padahal bukan "
                    "status akhir. Tambahkan langkahnya atau tulis final: true."
                ),
            )
    for code, route in routes.items():
        if route.next_steps and code not in steps[route.next_steps[0]].subject_from:
            raise c.fail(
                f"routes.{code}.next",
                _("langkah '{step}' tidak berlaku untuk terlapor dengan hasil '{outcome}'.").format(
                    step=route.next_steps[0], outcome=code
                ),
            )


def _parse_counting(c: _Checker, value: object) -> Counting:
    raw = c.mapping(value, "counting")
    c.unknown_keys(
        raw,
        "counting",
        (
            "mode",
            "start_day_counts",
            "weekend",
            "non_working",
            "cuti_bersama_is_holiday",
            "warning_days",
        ),
    )
    mode = c.one_of(raw.get("mode"), "counting.mode", MODES, "")
    if not mode:
        raise c.fail("counting.mode", _("wajib diisi: working atau calendar."))
    weekend_raw = raw.get("weekend", [6, 7])
    if not isinstance(weekend_raw, list) or not all(
        isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 7 for d in weekend_raw
    ):
        raise c.fail("counting.weekend", _("harus daftar hari 1 (Senin) sampai 7 (Minggu)."))
    non_working = list(c.codes(raw.get("non_working"), "counting.non_working", known=HOLIDAY_KINDS))
    if "non_working" not in raw:
        non_working = list(HOLIDAY_KINDS)
    cuti = raw.get("cuti_bersama_is_holiday")
    if cuti is not None:
        # The one setting people look for by name; it must agree with the list.
        if c.flag(cuti, "counting.cuti_bersama_is_holiday"):
            if "cuti_bersama" not in non_working:
                non_working.append("cuti_bersama")
        elif "cuti_bersama" in non_working:
            non_working.remove("cuti_bersama")
    return Counting(
        mode=mode,
        start_day_counts=c.flag(raw.get("start_day_counts"), "counting.start_day_counts"),
        weekend=tuple(sorted(set(weekend_raw))),
        non_working=tuple(non_working),
        warning_days=c.number(raw.get("warning_days", 1), "counting.warning_days", low=0, high=30),
    )


def _parse_statuses(c: _Checker, value: object, key: str) -> dict[str, StatusDef]:
    raw = c.mapping(value, key)
    out = {}
    for code, item in raw.items():
        where = f"{key}.{code}"
        if isinstance(item, str):
            item = {"label": item}
        entry = c.mapping(item, where)
        c.unknown_keys(entry, where, ("label", "final"))
        out[code] = StatusDef(
            code=code,
            label_id=c.text(entry.get("label"), f"{where}.label"),
            final=c.flag(entry.get("final"), f"{where}.final"),
        )
    return out


def _parse_steps(
    c: _Checker,
    value: object,
    statuses: dict[str, StatusDef],
    subject_statuses: dict[str, StatusDef],
) -> dict[str, StepDef]:
    raw = c.mapping(value, "steps")
    out = {}
    roles = [r.value for r in Role]
    for code, item in raw.items():
        where = f"steps.{code}"
        entry = c.mapping(item, where)
        c.unknown_keys(entry, where, _STEP_KEYS)
        if "from" not in entry:
            raise c.fail(
                f"{where}.from",
                _("wajib diisi: status asal (daftar kosong [] untuk langkah pembuka perkara)."),
            )
        per_subject = c.flag(entry.get("per_subject"), f"{where}.per_subject")
        to_status = entry.get("to")
        if to_status is not None and to_status not in statuses:
            raise c.fail(
                f"{where}.to",
                _("status '{value}' tidak ada di 'statuses'.").format(value=to_status),
            )
        step_roles = c.codes(entry.get("roles"), f"{where}.roles", known=roles)
        if not step_roles:
            raise c.fail(f"{where}.roles", _("wajib diisi: peran yang boleh melakukan langkah."))
        documents = c.codes(entry.get("documents"), f"{where}.documents")
        for doc in documents:
            if not _FORM_RE.match(doc):
                raise c.fail(
                    f"{where}.documents",
                    _("'{value}' bukan kode formulir (mis. B.17).").format(value=doc),
                )
        from_statuses = c.codes(entry.get("from"), f"{where}.from", known=statuses)
        subject_from = c.codes(
            entry.get("subject_from"), f"{where}.subject_from", known=subject_statuses
        )
        subject_to = entry.get("subject_to")
        if subject_to is not None and subject_to not in subject_statuses:
            raise c.fail(
                f"{where}.subject_to",
                _("status '{value}' tidak ada di 'subject_statuses'.").format(value=subject_to),
            )
        if per_subject and (not subject_from or subject_to is None):
            raise c.fail(
                where,
                _("langkah per terlapor harus punya 'subject_from' dan 'subject_to'."),
            )
        if not per_subject and (subject_from or subject_to is not None):
            raise c.fail(
                where, _("'subject_from'/'subject_to' hanya untuk langkah per_subject: true.")
            )
        if not from_statuses and to_status is None:
            raise c.fail(f"{where}.to", _("langkah pembuka perkara harus punya status tujuan."))
        out[code] = StepDef(
            code=code,
            label_id=c.text(entry.get("label"), f"{where}.label"),
            from_statuses=from_statuses,
            to_status=to_status,
            roles=step_roles,
            documents=documents,
            needs_reason=c.flag(entry.get("reason"), f"{where}.reason"),
            per_subject=per_subject,
            subject_from=subject_from,
            subject_to=subject_to,
            origins=c.codes(entry.get("origins"), f"{where}.origins"),
            article=c.text(entry.get("article"), f"{where}.article", required=False),
        )
    return out


def _parse_origins(c: _Checker, value: object, steps: dict[str, StepDef]) -> dict[str, OriginDef]:
    raw = c.mapping(value, "origins")
    out = {}
    for code, item in raw.items():
        where = f"origins.{code}"
        entry = c.mapping(item, where)
        c.unknown_keys(entry, where, ("label", "start"))
        start = c.text(entry.get("start"), f"{where}.start")
        step = steps.get(start)
        if step is None or not step.initial:
            raise c.fail(
                f"{where}.start",
                _("'{value}' harus langkah pembuka perkara (from: []).").format(value=start),
            )
        if not step.applies_to(code):
            raise c.fail(
                f"{where}.start",
                _("langkah '{value}' tidak berlaku untuk asal ini.").format(value=start),
            )
        out[code] = OriginDef(
            code=code, label_id=c.text(entry.get("label"), f"{where}.label"), start=start
        )
    return out


def _parse_routes(
    c: _Checker,
    value: object,
    steps: dict[str, StepDef],
    subject_statuses: dict[str, StatusDef],
) -> dict[str, Route]:
    raw = c.mapping(value, "routes", required=False)
    out = {}
    for code, item in raw.items():
        where = f"routes.{code}"
        if code not in subject_statuses:
            raise c.fail(where, _("hasil ini tidak ada di 'subject_statuses'."))
        entry = c.mapping(item, where)
        c.unknown_keys(entry, where, ("label", "next", "recipient"))
        out[code] = Route(
            outcome=code,
            label_id=c.text(entry.get("label"), f"{where}.label"),
            next_steps=c.codes(entry.get("next"), f"{where}.next", known=steps),
            recipient=c.text(entry.get("recipient"), f"{where}.recipient", required=False),
        )
    return out


def _parse_deadlines(
    c: _Checker,
    value: object,
    counting: Counting,
    statuses: dict[str, StatusDef],
    steps: dict[str, StepDef],
    anchors: dict[str, str],
) -> dict[str, DeadlineRule]:
    raw = c.mapping(value, "deadlines")
    out = {}
    for code, item in raw.items():
        where = f"deadlines.{code}"
        entry = c.mapping(item, where)
        c.unknown_keys(entry, where, _DEADLINE_KEYS)
        counts_from = c.text(entry.get("from"), f"{where}.from")
        if counts_from not in anchors and counts_from not in steps:
            raise c.fail(
                f"{where}.from",
                _("'{value}' bukan tanggal di 'anchors' dan bukan langkah.").format(
                    value=counts_from
                ),
            )
        rule_steps = c.codes(entry.get("step"), f"{where}.step", known=steps)
        if not rule_steps:
            raise c.fail(f"{where}.step", _("wajib diisi: langkah yang memenuhi tenggat ini."))
        out[code] = DeadlineRule(
            code=code,
            label_id=c.text(entry.get("label"), f"{where}.label"),
            days=c.number(entry.get("days"), f"{where}.days", low=0, high=365),
            mode=c.one_of(entry.get("mode"), f"{where}.mode", MODES, counting.mode),
            counts_from=counts_from,
            steps=rule_steps,
            article=c.text(entry.get("article"), f"{where}.article"),
            while_statuses=c.codes(entry.get("while"), f"{where}.while", known=statuses),
            direction=c.one_of(entry.get("direction"), f"{where}.direction", DIRECTIONS, "after"),
            confirmed=entry.get("confirmed") is None
            or c.flag(entry.get("confirmed"), f"{where}.confirmed"),
            counting=counting,
        )
    return out
