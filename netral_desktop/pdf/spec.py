"""Form specs: ``forms/<code>/spec.yaml`` loaded and checked before anything is rendered.

A spec is data (page, fonts, letterhead, numbering, the fields a record supplies, and the blocks
laid out in order); the renderer only interprets it. Every mistake is refused with the file and
the line it is on, so an office can edit wording without reading Python.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from netral_desktop.config import forms_dir
from netral_desktop.core.errors import ValidationError
from netral_desktop.core.numbering import SCHEME_FIELDS, scheme_fields
from netral_desktop.i18n import _
from netral_desktop.pdf.dates import DATE_FORMATS, EXTRA_FORMATS

SPEC_FILENAME = "spec.yaml"

PAPER_SIZES_MM = {
    "A4": (210.0, 297.0),
    "F4": (215.0, 330.0),  # folio, common for Indonesian government papers
    "Letter": (215.9, 279.4),
    "Legal": (215.9, 355.6),
}
FONT_FAMILIES = ("sans", "serif")
FIELD_TYPES = ("text", "date", "lines", "paragraphs", "rows", "flag")
ALIGNS = ("left", "center", "right", "justify")
# What templates may name besides the form's own fields: ``{doc.number}``, ``{office.city}``.
BUILTINS: dict[str, frozenset[str]] = {
    "doc": frozenset({"number", "code", "date", "title", "form"}),
    "office": frozenset(
        {
            "name",
            "address",
            "phone",
            "email",
            "website",
            "city",
            "code",
            "bawaslu_code",
            "time_zone",
        }
    ),
}
DATE_BUILTINS = {("doc", "date")}
TEXT_FORMATS = ("", "upper", "lower")
NUMBER_COLUMN = "_no"
# A column of signature slots ("12. ......"), alternating left and right by row number.
SIGNATURE_COLUMN = "_ttd"
BUILTIN_COLUMNS = (NUMBER_COLUMN, SIGNATURE_COLUMN)


class SpecError(ValidationError):
    """A spec that cannot be used; the message names the file and line."""

    code = "spec_invalid"

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        where = (
            _("{path}, baris {line}").format(path=_display(path), line=line)
            if line
            else str(_display(path))
        )
        super().__init__(f"{where}: {message}")


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(forms_dir().resolve().parent))
    except ValueError:
        return str(path)


# --- YAML with line numbers -------------------------------------------------------------------


class LDict(dict[str, Any]):
    """A mapping that remembers its own line and each key's line (1-based)."""

    line: int
    key_lines: dict[str, int]


class LList(list[Any]):
    line: int
    item_lines: list[int]


def _convert_mapping(node: yaml.MappingNode, path: Path) -> LDict:
    out = LDict()
    out.line, out.key_lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = _convert(key_node, path)
        if not isinstance(key, str):
            raise SpecError(path, key_node.start_mark.line + 1, _("kunci harus berupa teks."))
        if key in out:
            raise SpecError(
                path,
                key_node.start_mark.line + 1,
                _("kunci '{key}' ditulis dua kali (pertama di baris {first}).").format(
                    key=key, first=out.key_lines[key]
                ),
            )
        out[key] = _convert(value_node, path)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _convert(node: yaml.Node, path: Path) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, path)
    if isinstance(node, yaml.SequenceNode):
        items = LList(_convert(item, path) for item in node.value)
        items.line = line
        items.item_lines = [item.start_mark.line + 1 for item in node.value]
        return items
    # Scalars: YAML's own rules (numbers, booleans, null); the checks refuse what does not fit.
    return yaml.constructor.SafeConstructor().construct_object(node, deep=True)


def load_yaml(path: Path) -> LDict:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(
            path, None, _("tidak dapat dibaca ({reason}).").format(reason=exc)
        ) from None
    except UnicodeDecodeError:
        raise SpecError(path, None, _("bukan teks UTF-8.")) from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SpecError(
            path,
            mark.line + 1 if mark else None,
            _("YAML tidak sah: {problem}.").format(problem=exc.problem or exc),
        ) from None
    if node is None or not isinstance(node, yaml.MappingNode):
        raise SpecError(path, 1, _("spec harus berupa pemetaan (kunci: nilai)."))
    return _convert_mapping(node, path)


# --- the spec model ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    required: bool = False
    default: Any = None
    label: str = ""
    columns: tuple[str, ...] = ()  # for rows


@dataclass(frozen=True)
class NumberingSpec:
    """Where a paper's number comes from: the next of ``series`` formatted by ``scheme``, or
    (``number_from``) a number the record already holds, e.g. a receipt that carries its
    report's number. With both, the record's number when it has one, else a new one."""

    series: str
    scheme: str
    number_from: str = ""  # a text field holding the number to reuse

    @property
    def draws(self) -> bool:
        """Whether the form can take a new number from a series."""
        return bool(self.series)


@dataclass
class Block:
    type: str
    opts: dict[str, Any]
    line: int
    children: list[Block] = field(default_factory=list)


@dataclass
class FormSpec:
    code: str
    title: str
    path: Path
    record: str
    paper: str
    landscape: bool
    margins_mm: dict[str, float]
    font_family: str
    font_size: float
    letterhead: str  # "office", "none", or an artwork file in the form's folder
    numbering: NumberingSpec | None
    fields: dict[str, FieldSpec]
    blocks: list[Block]
    description: str = ""
    page_header: str = ""  # a template printed atop every page after the first
    # A template printed small at the foot of every page, above the footer (the paraph
    # boxes of minutes paraphed on every page).
    page_note: str = ""

    @property
    def folder(self) -> Path:
        return self.path.parent

    def artwork(self, name: str) -> Path:
        return self.folder / name


# --- checking ---------------------------------------------------------------------------------


class _Checker:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.fields: dict[str, FieldSpec] = {}

    def fail(self, line: int | None, message: str) -> SpecError:
        return SpecError(self.path, line, message)

    def mapping(self, value: Any, line: int, what: str) -> LDict:
        if not isinstance(value, LDict):
            raise self.fail(
                line, _("{what} harus berupa pemetaan (kunci: nilai).").format(what=what)
            )
        return value

    def keys(
        self, data: LDict, allowed: set[str] | frozenset[str], required: set[str], what: str
    ) -> None:
        for key in data:
            if key not in allowed:
                raise self.fail(
                    data.key_lines[key],
                    _("kunci '{key}' tidak dikenal di {what}. Yang boleh: {allowed}.").format(
                        key=key, what=what, allowed=", ".join(sorted(allowed))
                    ),
                )
        for key in sorted(required):
            if key not in data:
                raise self.fail(
                    data.line,
                    _("{what} tidak memiliki bagian wajib '{key}'.").format(what=what, key=key),
                )

    def text(self, data: LDict, key: str, default: str | None = None) -> str:
        if key not in data:
            return default or ""
        value = data[key]
        if isinstance(value, bool) or value is None or isinstance(value, (LDict, LList)):
            raise self.fail(
                data.key_lines[key],
                _("'{key}' harus berupa teks (tulis di antara tanda kutip bila perlu).").format(
                    key=key
                ),
            )
        return str(value)

    def number(self, data: LDict, key: str, default: float, low: float, high: float) -> float:
        if key not in data:
            return default
        value = data[key]
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not (low <= value <= high)
        ):
            raise self.fail(
                data.key_lines[key],
                _("'{key}' harus berupa angka antara {low} dan {high}.").format(
                    key=key, low=low, high=high
                ),
            )
        return float(value)

    def choice(self, data: LDict, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.text(data, key, default)
        if value not in choices:
            raise self.fail(
                data.key_lines[key],
                _("'{key}' harus salah satu dari: {choices} (bukan '{value}').").format(
                    key=key, choices=", ".join(choices), value=value
                ),
            )
        return value

    def boolean(self, data: LDict, key: str, default: bool) -> bool:
        if key not in data:
            return default
        if not isinstance(data[key], bool):
            raise self.fail(
                data.key_lines[key], _("'{key}' harus true atau false.").format(key=key)
            )
        return bool(data[key])

    def template(self, text: str, line: int) -> str:
        """Check the placeholders of a template: only declared fields and builtins."""
        try:
            parsed = list(string.Formatter().parse(text))
        except ValueError as exc:
            raise self.fail(
                line, _("templat '{text}' rusak ({detail}).").format(text=text, detail=exc)
            ) from None
        for _literal, name, spec, conversion in parsed:
            if name is None:
                continue
            if conversion:
                raise self.fail(line, _("templat tidak boleh memakai '!{c}'.").format(c=conversion))
            self._placeholder(name, spec or "", line)
        return text

    def _placeholder(self, name: str, spec: str, line: int) -> None:
        root, _dot, attr = name.partition(".")
        if root in BUILTINS:
            if attr not in BUILTINS[root]:
                raise self.fail(
                    line,
                    _("isian '{name}' tidak dikenal. Yang tersedia: {known}.").format(
                        name=name,
                        known=", ".join(f"{root}.{a}" for a in sorted(BUILTINS[root])),
                    ),
                )
            is_date = (root, attr) in DATE_BUILTINS
        elif attr or "[" in name:
            raise self.fail(line, _("isian '{name}' tidak dikenal.").format(name=name))
        elif name not in self.fields:
            raise self.fail(
                line,
                _("isian '{name}' tidak dikenal: nyatakan dahulu di bagian 'fields'.").format(
                    name=name
                ),
            )
        else:
            kind = self.fields[name].type
            if kind == "rows":
                raise self.fail(
                    line,
                    _("isian '{name}' berisi tabel; tampilkan dengan blok 'table'.").format(
                        name=name
                    ),
                )
            if kind == "flag":
                raise self.fail(
                    line,
                    _("isian '{name}' berupa pilihan ya/tidak dan tidak dapat dicetak.").format(
                        name=name
                    ),
                )
            is_date = kind == "date"
        allowed = (*DATE_FORMATS, *EXTRA_FORMATS) if is_date else TEXT_FORMATS
        if spec not in allowed:
            raise self.fail(
                line,
                _("format ':{spec}' tidak dikenal untuk '{name}'. Yang boleh: {allowed}.").format(
                    spec=spec, name=name, allowed=", ".join(a or "(kosong)" for a in allowed)
                ),
            )

    def field_ref(self, data: LDict, key: str, types: tuple[str, ...]) -> str:
        name = self.text(data, key)
        spec = self.fields.get(name)
        if spec is None:
            raise self.fail(
                data.key_lines[key],
                _("isian '{name}' tidak dikenal: nyatakan dahulu di bagian 'fields'.").format(
                    name=name
                ),
            )
        if spec.type not in types:
            raise self.fail(
                data.key_lines[key],
                _("isian '{name}' bertipe {type}; blok ini memerlukan {types}.").format(
                    name=name, type=spec.type, types=" / ".join(types)
                ),
            )
        return name


# Per block type: allowed keys (with the check for each) and the required ones.
_COMMON = {"type", "space_before_mm", "keep_with_next"}


def _check_field(ck: _Checker, name: str, raw: Any, line: int) -> FieldSpec:
    if not name.isidentifier() or name in BUILTINS:
        raise ck.fail(line, _("nama isian '{name}' tidak sah.").format(name=name))
    if isinstance(raw, str):  # shorthand: ``hal: text``
        raw_map = LDict(type=raw)
        raw_map.line, raw_map.key_lines = line, {"type": line}
        raw = raw_map
    data = ck.mapping(raw, line, _("isian '{name}'").format(name=name))
    ck.keys(data, {"type", "required", "default", "label", "columns"}, {"type"}, f"fields.{name}")
    kind = ck.choice(data, "type", FIELD_TYPES, "text")
    columns: tuple[str, ...] = ()
    if kind == "rows":
        cols = data.get("columns")
        if not isinstance(cols, LList) or not cols or not all(isinstance(c, str) for c in cols):
            raise ck.fail(
                data.key_lines.get("columns", data.line),
                _("isian tabel '{name}' harus menyebut 'columns' (daftar nama kolom).").format(
                    name=name
                ),
            )
        columns = tuple(cols)
    elif "columns" in data:
        raise ck.fail(data.key_lines["columns"], _("'columns' hanya untuk isian bertipe rows."))
    return FieldSpec(
        name=name,
        type=kind,
        required=ck.boolean(data, "required", False),
        default=data.get("default"),
        label=ck.text(data, "label", name),
        columns=columns,
    )


def _check_blocks(ck: _Checker, raw: Any, line: int, depth: int = 0) -> list[Block]:
    if not isinstance(raw, LList) or not raw:
        raise ck.fail(line, _("'blocks' harus berupa daftar blok yang tidak kosong."))
    return [
        _check_block(ck, item, item_line, depth)
        for item, item_line in zip(raw, raw.item_lines, strict=True)
    ]


def _check_block(ck: _Checker, raw: Any, line: int, depth: int) -> Block:
    data = ck.mapping(raw, line, _("blok"))
    if "type" not in data:
        raise ck.fail(data.line, _("blok tidak memiliki bagian wajib 'type'."))
    kind = ck.text(data, "type")
    checker = _BLOCK_CHECKS.get(kind)
    if checker is None:
        raise ck.fail(
            data.key_lines["type"],
            _("jenis blok '{kind}' tidak dikenal. Yang tersedia: {kinds}.").format(
                kind=kind, kinds=", ".join(sorted(_BLOCK_CHECKS))
            ),
        )
    allowed, required, fn = checker
    ck.keys(data, allowed | _COMMON, required, _("blok '{kind}'").format(kind=kind))
    opts: dict[str, Any] = {
        "space_before_mm": ck.number(data, "space_before_mm", 0.0, 0, 200),
        "keep_with_next": ck.boolean(data, "keep_with_next", False),
    }
    block = Block(kind, opts, data.line)
    fn(ck, data, block, depth)
    return block


def _b_text(ck: _Checker, data: LDict, block: Block, _depth: int) -> None:
    block.opts["text"] = ck.template(ck.text(data, "text"), data.key_lines["text"])
    block.opts["align"] = ck.choice(data, "align", ALIGNS, "left")
    block.opts["style"] = ck.choice(data, "style", ("normal", "bold", "small", "heading"), "normal")
    block.opts["indent_mm"] = ck.number(data, "indent_mm", 0.0, 0, 200)


def _b_title(ck: _Checker, data: LDict, block: Block, _depth: int) -> None:
    block.opts["text"] = ck.template(ck.text(data, "text"), data.key_lines["text"])
    sub = ck.text(data, "subtitle")
    block.opts["subtitle"] = ck.template(sub, data.key_lines["subtitle"]) if sub else ""


def _b_paragraphs(ck: _Checker, data: LDict, block: Block, _depth: int) -> None:
    block.opts["field"] = ck.field_ref(data, "field", ("paragraphs", "lines"))
    block.opts["align"] = ck.choice(data, "align", ALIGNS, "justify")
    block.opts["first_line_indent_mm"] = ck.number(data, "first_line_indent_mm", 0.0, 0, 100)
    block.opts["indent_mm"] = ck.number(data, "indent_mm", 0.0, 0, 200)
    # Paragraphs written "1. ..." or "a. ..." hang their text beside the marker.
    block.opts["hanging_numbers"] = ck.boolean(data, "hanging_numbers", False)


def _b_fields(ck: _Checker, data: LDict, block: Block, _depth: int) -> None:
    rows = data["rows"]
    if not isinstance(rows, LList) or not rows:
        raise ck.fail(data.key_lines["rows"], _("'rows' harus berupa daftar [label, nilai]."))
    checked = []
    for row, row_line in zip(rows, rows.item_lines, strict=True):
        if not (isinstance(row, LList) and len(row) == 2 and all(isinstance(c, str) for c in row)):
            raise ck.fail(row_line, _("setiap baris 'rows' harus berupa [label, nilai] (teks)."))
        checked.append((ck.template(row[0], row_line), ck.template(row[1], row_line)))
    block.opts["rows"] = checked
    block.opts["label_width_mm"] = ck.number(data, "label_width_mm", 30.0, 5, 200)
    block.opts["skip_empty"] = ck.boolean(data, "skip_empty", False)
    block.opts["indent_mm"] = ck.number(data, "indent_mm", 0.0, 0, 200)


def _b_list(ck: _Checker, data: LDict, block: Block, _depth: int) -> None:
    block.opts["field"] = ck.field_ref(data, "field", ("lines", "paragraphs"))
    heading = ck.text(data, "heading")
    block.opts["heading"] = ck.template(heading, data.key_lines["heading"]) if heading else ""
    block.opts["numbered"] = ck.boolean(data, "numbered", True)
    block.opts["skip_empty"] = ck.boolean(data, "skip_empty", True)


def _b_table(ck: _Checker, data: LDict, block: Block, _depth: int) -> None:
    name = ck.field_ref(data, "field", ("rows",))
    fspec = ck.fields[name]
    cols = data["columns"]
    if not isinstance(cols, LList) or not cols:
        raise ck.fail(data.key_lines["columns"], _("'columns' harus berupa daftar kolom."))
    checked = []
    for col, col_line in zip(cols, cols.item_lines, strict=True):
        cmap = ck.mapping(col, col_line, _("kolom"))
        ck.keys(cmap, {"key", "header", "width", "align"}, {"key", "header"}, _("kolom tabel"))
        key = ck.text(cmap, "key")
        if key not in BUILTIN_COLUMNS and key not in fspec.columns:
            raise ck.fail(
                cmap.key_lines["key"],
                _("kolom '{key}' tidak ada di isian '{name}'. Yang ada: {known}.").format(
                    key=key, name=name, known=", ".join((*BUILTIN_COLUMNS, *fspec.columns))
                ),
            )
        checked.append(
            {
                "key": key,
                "header": ck.text(cmap, "header"),
                "width": ck.number(cmap, "width", 1.0, 0.1, 100),
                "align": ck.choice(cmap, "align", ("left", "center", "right"), "left"),
            }
        )
    block.opts.update(
        field=name,
        columns=checked,
        font_size=ck.number(data, "font_size", 9.0, 5, 14),
        empty_text=ck.text(data, "empty_text", _("(tidak ada data)")),
        row_height_mm=ck.number(data, "row_height_mm", 0.0, 0, 60),
        valign=ck.choice(data, "valign", ("top", "middle"), "top"),
        total_row=ck.boolean(data, "total_row", False),
        group_by="",
        group_new_page="",
        group_heading=_group_heading(ck, data),
        group_empty=ck.text(data, "group_empty", "-"),
        group_continued=ck.text(data, "group_continued", _("(lanjutan)")),
    )
    if "group_by" in data:
        group_by = ck.text(data, "group_by")
        if group_by not in fspec.columns:
            raise ck.fail(
                data.key_lines["group_by"],
                _("kolom '{key}' tidak ada di isian '{name}'. Yang ada: {known}.").format(
                    key=group_by, name=name, known=", ".join(fspec.columns)
                ),
            )
        block.opts["group_by"] = group_by
    if "group_new_page" in data:
        if "group_by" not in data:
            raise ck.fail(
                data.key_lines["group_new_page"],
                _("'group_new_page' memerlukan 'group_by'."),
            )
        block.opts["group_new_page"] = ck.field_ref(data, "group_new_page", ("flag",))


def _group_heading(ck: _Checker, data: LDict) -> str:
    """A group's heading row: ``{group}`` (its value) and ``{count}`` (its rows)."""
    text = ck.text(data, "group_heading", "{group}")
    try:
        names = {n for _l, n, _s, _c in string.Formatter().parse(text) if n is not None}
    except ValueError as exc:
        raise ck.fail(
            data.key_lines["group_heading"],
            _("templat '{text}' rusak ({detail}).").format(text=text, detail=exc),
        ) from None
    if not names <= {"group", "count"}:
        raise ck.fail(
            data.key_lines["group_heading"],
            _("'group_heading' hanya boleh memakai {group} dan {count}."),
        )
    return text


SIGNATURE_TEXTS = (
    "place_date",
    "position",
    "name",
    "nip",
    "left_position",
    "left_name",
    "left_nip",
    "stamp",
    "left_stamp",
)


def _b_signature(ck: _Checker, data: LDict, block: Block, _depth: int) -> None:
    # ``left_*``: a second signer beside the first (a witness: "Mengetahui, Ketua Bawaslu …"),
    # printed only when its name or position is filled.
    for key in SIGNATURE_TEXTS:
        value = ck.text(data, key)
        block.opts[key] = ck.template(value, data.key_lines[key]) if value else ""
    block.opts["align"] = ck.choice(data, "align", ("left", "center", "right"), "right")
    # A second signer printed even when the record names nobody (the reporter signs the
    # receipt by hand): fixed words and a dotted line to write the name on.
    block.opts["left_always"] = ck.boolean(data, "left_always", False)
    block.opts["width_mm"] = ck.number(data, "width_mm", 80.0, 30, 200)
    block.opts["space_mm"] = ck.number(data, "space_mm", 22.0, 5, 60)


def _b_section(ck: _Checker, data: LDict, block: Block, depth: int) -> None:
    if depth >= 3:
        raise ck.fail(data.line, _("bagian bertingkat paling dalam tiga tingkat."))
    block.opts["title"] = ck.template(ck.text(data, "title"), data.key_lines["title"])
    block.opts["numbered"] = ck.boolean(data, "numbered", True)
    # Roman numerals (I., II., …) as the regulation's review forms number their parts.
    block.opts["roman"] = ck.boolean(data, "roman", False)
    block.opts["indent_mm"] = ck.number(data, "indent_mm", 6.0, 0, 50)
    block.children = _check_blocks(ck, data["blocks"], data.key_lines["blocks"], depth + 1)


def _b_choices(ck: _Checker, data: LDict, block: Block, _depth: int) -> None:
    """Tick boxes, one per option, the record's choice ticked: a ``text`` field holds the
    chosen option's value, a ``lines`` field the values of several."""
    block.opts["field"] = ck.field_ref(data, "field", ("text", "lines"))
    options = data["options"]
    if not isinstance(options, LList) or not options:
        raise ck.fail(
            data.key_lines["options"], _("'options' harus berupa daftar [nilai, keterangan].")
        )
    checked: list[tuple[str, str]] = []
    for option, line in zip(options, options.item_lines, strict=True):
        if not (
            isinstance(option, LList)
            and len(option) == 2
            and all(isinstance(c, (str, int)) and not isinstance(c, bool) for c in option)
        ):
            raise ck.fail(line, _("setiap pilihan harus berupa [nilai, keterangan] (teks)."))
        value = str(option[0])
        if any(value == seen for seen, _label in checked):
            raise ck.fail(line, _("nilai pilihan '{value}' ditulis dua kali.").format(value=value))
        checked.append((value, ck.template(str(option[1]), line)))
    block.opts["options"] = checked
    block.opts["indent_mm"] = ck.number(data, "indent_mm", 0.0, 0, 200)
    # Lettered options ("a.", "b.", …) as the regulation's forms number them.
    block.opts["lettered"] = ck.boolean(data, "lettered", False)


def _b_spacer(ck: _Checker, data: LDict, block: Block, _depth: int) -> None:
    block.opts["height_mm"] = ck.number(data, "height_mm", 5.0, 0, 200)


def _b_image(ck: _Checker, data: LDict, block: Block, _depth: int) -> None:
    name = ck.text(data, "file")
    if "/" in name or "\\" in name or name.startswith(".") or not (ck.path.parent / name).is_file():
        raise ck.fail(
            data.key_lines["file"],
            _("berkas gambar '{name}' tidak ada di folder formulir.").format(name=name),
        )
    block.opts["file"] = name
    block.opts["width_mm"] = ck.number(data, "width_mm", 30.0, 1, 300)
    block.opts["align"] = ck.choice(data, "align", ("left", "center", "right"), "center")


def _b_page_break(_ck: _Checker, _data: LDict, _block: Block, _depth: int) -> None:
    return None


def _b_photos(ck: _Checker, data: LDict, block: Block, _depth: int) -> None:
    """A grid of photos with captions: the rows of a ``rows`` field with the columns
    ``image`` (the picture's bytes, JPEG or PNG) and ``caption``."""
    name = ck.field_ref(data, "field", ("rows",))
    missing = {"image", "caption"} - set(ck.fields[name].columns)
    if missing:
        raise ck.fail(
            data.key_lines["field"],
            _("isian '{name}' untuk blok foto harus memiliki kolom image dan caption.").format(
                name=name
            ),
        )
    block.opts.update(
        field=name,
        columns=int(ck.number(data, "columns", 2, 1, 4)),
        height_mm=ck.number(data, "height_mm", 60.0, 15, 250),
        caption_size=ck.number(data, "caption_size", 8.5, 5, 14),
        empty_text=ck.text(data, "empty_text", _("(tidak ada foto)")),
    )


_BlockCheck = Callable[[_Checker, LDict, Block, int], None]
_BLOCK_CHECKS: dict[str, tuple[set[str], set[str], _BlockCheck]] = {
    "title": ({"text", "subtitle"}, {"text"}, _b_title),
    "text": ({"text", "align", "style", "indent_mm"}, {"text"}, _b_text),
    "paragraphs": (
        {"field", "align", "first_line_indent_mm", "indent_mm", "hanging_numbers"},
        {"field"},
        _b_paragraphs,
    ),
    "fields": ({"rows", "label_width_mm", "skip_empty", "indent_mm"}, {"rows"}, _b_fields),
    "list": ({"field", "heading", "numbered", "skip_empty"}, {"field"}, _b_list),
    "table": (
        {
            "field",
            "columns",
            "font_size",
            "empty_text",
            "row_height_mm",
            "valign",
            "total_row",
            "group_by",
            "group_new_page",
            "group_heading",
            "group_empty",
            "group_continued",
        },
        {"field", "columns"},
        _b_table,
    ),
    "signature": (
        {*SIGNATURE_TEXTS, "align", "width_mm", "space_mm", "left_always"},
        {"position", "name"},
        _b_signature,
    ),
    "section": (
        {"title", "blocks", "numbered", "indent_mm", "roman"},
        {"title", "blocks"},
        _b_section,
    ),
    "choices": ({"field", "options", "indent_mm", "lettered"}, {"field", "options"}, _b_choices),
    "spacer": ({"height_mm"}, set(), _b_spacer),
    "image": ({"file", "width_mm", "align"}, {"file"}, _b_image),
    "page_break": (set(), set(), _b_page_break),
    "photos": (
        {"field", "columns", "height_mm", "caption_size", "empty_text"},
        {"field"},
        _b_photos,
    ),
}

_TOP_KEYS = {
    "code",
    "title",
    "description",
    "record",
    "page",
    "font",
    "letterhead",
    "numbering",
    "fields",
    "blocks",
    "page_header",
    "page_note",
}
_TOP_REQUIRED = {"code", "title", "record", "page", "fields", "blocks"}


def parse_spec(path: Path) -> FormSpec:
    """Load and check one spec file; SpecError (file and line) on the first mistake."""
    data = load_yaml(path)
    ck = _Checker(path)
    ck.keys(data, _TOP_KEYS, _TOP_REQUIRED, _("spec"))
    code = ck.text(data, "code")
    if code != path.parent.name:
        raise ck.fail(
            data.key_lines["code"],
            _("kode '{code}' harus sama dengan nama foldernya '{folder}'.").format(
                code=code, folder=path.parent.name
            ),
        )
    page = ck.mapping(data["page"], data.key_lines["page"], "page")
    ck.keys(page, {"size", "orientation", "margins_mm"}, {"size"}, "page")
    paper = ck.choice(page, "size", tuple(PAPER_SIZES_MM), "A4")
    orientation = ck.choice(page, "orientation", ("portrait", "landscape"), "portrait")
    margins = {"top": 20.0, "right": 20.0, "bottom": 25.0, "left": 25.0}
    if "margins_mm" in page:
        mm = ck.mapping(page["margins_mm"], page.key_lines["margins_mm"], "margins_mm")
        ck.keys(mm, set(margins), set(), "margins_mm")
        for side in margins:
            margins[side] = ck.number(mm, side, margins[side], 5, 80)
    if margins["bottom"] < 20:
        raise ck.fail(
            page.key_lines.get("margins_mm", page.line),
            _("margin bawah paling sedikit 20 mm: kaki halaman memuat nomor halaman dan kode QR."),
        )
    family, size = "sans", 11.0
    if "font" in data:
        font = ck.mapping(data["font"], data.key_lines["font"], "font")
        ck.keys(font, {"family", "size"}, set(), "font")
        family = ck.choice(font, "family", FONT_FAMILIES, "sans")
        size = ck.number(font, "size", 11.0, 6, 16)
    letterhead = ck.text(data, "letterhead", "office")
    if letterhead not in ("office", "none") and not (path.parent / letterhead).is_file():
        raise ck.fail(
            data.key_lines["letterhead"],
            _("'letterhead' harus office, none, atau nama berkas gambar di folder formulir."),
        )
    raw_fields = ck.mapping(data["fields"], data.key_lines["fields"], "fields")
    for name, raw in raw_fields.items():
        ck.fields[name] = _check_field(ck, name, raw, raw_fields.key_lines[name])
    numbering = None
    if "numbering" in data:
        numbering = _check_numbering(ck, data)
    blocks = _check_blocks(ck, data["blocks"], data.key_lines["blocks"])
    page_header = ck.text(data, "page_header")
    if page_header:
        ck.template(page_header, data.key_lines["page_header"])
    page_note = ck.text(data, "page_note")
    if page_note:
        ck.template(page_note, data.key_lines["page_note"])
        if margins["bottom"] < 28:
            raise ck.fail(
                data.key_lines["page_note"],
                _("'page_note' memerlukan margin bawah paling sedikit 28 mm."),
            )
    if numbering is None and (_mentions(blocks, "{doc.number") or "{doc.number" in page_header):
        raise ck.fail(
            data.key_lines["blocks"],
            _("templat memakai {doc.number} tetapi spec tidak memiliki bagian 'numbering'."),
        )
    return FormSpec(
        code=code,
        title=ck.text(data, "title"),
        description=ck.text(data, "description"),
        path=path,
        record=ck.text(data, "record"),
        paper=paper,
        landscape=orientation == "landscape",
        margins_mm=margins,
        font_family=family,
        font_size=size,
        letterhead=letterhead,
        numbering=numbering,
        fields=dict(ck.fields),
        blocks=blocks,
        page_header=page_header,
        page_note=page_note,
    )


def _check_numbering(ck: _Checker, data: LDict) -> NumberingSpec:
    num = ck.mapping(data["numbering"], data.key_lines["numbering"], "numbering")
    ck.keys(num, {"series", "scheme", "number_from"}, set(), "numbering")
    number_from = ""
    if "number_from" in num:
        number_from = ck.field_ref(num, "number_from", ("text",))
    if ("series" in num) != ("scheme" in num) or not (number_from or "series" in num):
        raise ck.fail(
            num.line,
            _(
                "'numbering' memerlukan 'series' dan 'scheme' (nomor baru), 'number_from' "
                "(nomor yang sudah ada pada data), atau ketiganya."
            ),
        )
    if "series" not in num:
        return NumberingSpec(series="", scheme="", number_from=number_from)
    scheme = ck.text(num, "scheme")
    _check_scheme(ck, scheme, num.key_lines["scheme"])
    return NumberingSpec(series=ck.text(num, "series"), scheme=scheme, number_from=number_from)


def _check_scheme(ck: _Checker, scheme: str, line: int) -> None:
    try:
        names = scheme_fields(scheme)
    except ValueError as exc:
        raise ck.fail(
            line, _("format nomor '{scheme}' rusak ({detail}).").format(scheme=scheme, detail=exc)
        ) from None
    text_fields = {n for n, f in ck.fields.items() if f.type == "text"}
    for name in names:
        if name not in SCHEME_FIELDS and name not in text_fields:
            raise ck.fail(
                line,
                _(
                    "format nomor memakai isian tak dikenal '{name}'. Yang tersedia: {known}."
                ).format(name=name, known=", ".join(sorted(SCHEME_FIELDS | text_fields))),
            )
    if names.count("seq") != 1:
        raise ck.fail(line, _("format nomor harus memuat {seq} tepat satu kali."))


def _mentions(blocks: list[Block], needle: str) -> bool:
    for block in blocks:
        for value in block.opts.values():
            if isinstance(value, str) and needle in value:
                return True
            if isinstance(value, list) and needle in repr(value):
                return True
        if _mentions(block.children, needle):
            return True
    return False


# --- the catalogue ----------------------------------------------------------------------------


def spec_path(code: str, root: Path | None = None) -> Path:
    return (root or forms_dir()) / code / SPEC_FILENAME


def available_forms(root: Path | None = None) -> list[str]:
    base = root or forms_dir()
    if not base.is_dir():
        return []
    return sorted(p.parent.name for p in base.glob(f"*/{SPEC_FILENAME}"))


def load_spec(code: str, root: Path | None = None) -> FormSpec:
    """The checked spec of form ``code`` (cached per file modification time)."""
    path = spec_path(code, root)
    if not path.is_file():
        raise ValidationError(
            _("Formulir '{code}' tidak dikenal. Yang tersedia: {forms}.").format(
                code=code, forms=", ".join(available_forms(root)) or "-"
            ),
            code="form_unknown",
        )
    return _load_cached(path, path.stat().st_mtime_ns)


@cache
def _load_cached(path: Path, _mtime: int) -> FormSpec:
    return parse_spec(path)
