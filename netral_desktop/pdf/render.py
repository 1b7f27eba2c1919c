"""Render a form spec with its data to PDF bytes (ReportLab platypus, invariant mode).

Pure: takes plain values (the spec, the record's fields, the office's letterhead, the number and
code), returns bytes. The same input gives the same bytes, so tests compare exactly.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    Indenter,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from netral_desktop.core.errors import ValidationError
from netral_desktop.i18n import _
from netral_desktop.pdf import fonts
from netral_desktop.pdf.dates import DocDate
from netral_desktop.pdf.flowables import (
    BLANK,
    HEADING,
    MUTED,
    ROW,
    RUNNING_SIZE,
    TOTAL,
    CheckBox,
    FooterInfo,
    Letterhead,
    LetterheadInfo,
    PagedTable,
    SectionMark,
    TableLook,
    draw_watermark,
    make_canvas_class,
)
from netral_desktop.pdf.spec import (
    NUMBER_COLUMN,
    PAPER_SIZES_MM,
    SIGNATURE_COLUMN,
    Block,
    FieldSpec,
    FormSpec,
)

# Same data, same bytes: no creation time or random document id in the file.
rl_config.invariant = 1

_ALIGN: dict[str, Literal[0, 1, 2, 4]] = {
    "left": TA_LEFT,
    "center": TA_CENTER,
    "right": TA_RIGHT,
    "justify": TA_JUSTIFY,
}
_HANGING = re.compile(r"^(\d{1,3}[.)]|[a-z][.)])\s+(.+)$", re.S)
_TRUE = {"1", "true", "ya", "yes", "y"}


@dataclass(frozen=True)
class OfficeInfo:
    """What the letterhead and templates show of the office (plain values, no database)."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    city: str = ""
    code: str = ""
    bawaslu_code: str = ""
    time_zone: str = "WIB"
    logo: bytes | None = None
    # The letterhead's name lines when they are not the office's own, top to bottom:
    # ("PEMERINTAH KABUPATEN BANTUL", "DINAS PENDIDIKAN, PEMUDA DAN OLAHRAGA").
    kop: tuple[str, ...] = ()

    @property
    def contact(self) -> str:
        """Where a reader reaches the office: address and telephone, as one phrase."""
        parts = [self.address.strip().rstrip(".")]
        if self.phone:
            parts.append(f"telepon {self.phone}")
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class DocInfo:
    """The document being rendered: its number and verification code (empty on a draft)."""

    date: date
    number: str = ""
    code: str = ""
    qr_payload: str = ""
    draft: bool = False
    created: datetime | None = None  # the PDF's creation date: when it was issued or drafted


# --- values in templates ----------------------------------------------------------------------


class _Text:
    """A value in a template: escaped for ReportLab's paragraph markup, ``:upper`` allowed.
    A list of lines is joined with line breaks."""

    __slots__ = ("parts",)

    def __init__(self, *parts: str) -> None:
        self.parts = parts

    def __format__(self, spec: str) -> str:
        change = {"upper": str.upper, "lower": str.lower}.get(spec, str)
        return "<br/>".join(escape(change(p)) for p in self.parts)

    def __str__(self) -> str:
        return format(self, "")


class _Date:
    __slots__ = ("value",)

    def __init__(self, value: date) -> None:
        self.value = DocDate(value)

    def __format__(self, spec: str) -> str:
        return escape(format(self.value, spec))


class _Namespace:
    def __init__(self, **values: object) -> None:
        self.__dict__.update(values)


def _as_date(name: str, value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(
            _("Isian '{name}' harus tanggal (TTTT-BB-HH), bukan '{value}'.").format(
                name=name, value=value
            )
        ) from None


def _as_lines(value: Any, paragraphs: bool) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        parts = value.split("\n\n") if paragraphs else value.splitlines()
        return [p.strip() for p in parts if p.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


def prepare_data(spec: FormSpec, data: Mapping[str, Any]) -> dict[str, Any]:
    """The record's values checked against the spec's fields and converted to their types."""
    unknown = sorted(set(data) - set(spec.fields))
    if unknown:
        raise ValidationError(
            _("Data untuk formulir {form} memuat isian yang tidak dikenal: {names}.").format(
                form=spec.code, names=", ".join(unknown)
            ),
            code="data_unknown_field",
        )
    out: dict[str, Any] = {}
    for name, field in spec.fields.items():
        value = data.get(name)
        if value is None or value == "" or value == []:
            value = field.default
        out[name] = _convert(field, value)
        if field.required and (out[name] is None or out[name] in ("", [])):
            raise ValidationError(
                _("Isian wajib '{label}' ({name}) untuk formulir {form} kosong.").format(
                    label=field.label, name=name, form=spec.code
                ),
                code="data_missing_field",
            )
    return out


def _convert(field: FieldSpec, value: Any) -> Any:
    if field.type == "flag":
        return value.strip().lower() in _TRUE if isinstance(value, str) else bool(value)
    if field.type == "text":
        return "" if value is None else str(value).strip()
    if field.type == "date":
        return None if value in (None, "") else _as_date(field.name, value)
    if field.type in ("lines", "paragraphs"):
        return _as_lines(value, field.type == "paragraphs")
    rows = []
    for index, row in enumerate(value or [], start=1):
        if not isinstance(row, Mapping):
            raise ValidationError(
                _("Baris {n} isian '{name}' harus berupa pemetaan kolom: nilai.").format(
                    n=index, name=field.name
                )
            )
        extra = set(row) - set(field.columns)
        if extra:
            raise ValidationError(
                _("Baris {n} isian '{name}' memuat kolom tak dikenal: {cols}.").format(
                    n=index, name=field.name, cols=", ".join(sorted(extra))
                )
            )
        rows.append(row)
    return rows


def _namespace(
    spec: FormSpec, values: dict[str, Any], office: OfficeInfo, doc: DocInfo
) -> dict[str, object]:
    ns: dict[str, object] = {}
    for name, field in spec.fields.items():
        value = values[name]
        if field.type == "date":
            ns[name] = _Date(value) if value else _Text("")
        elif field.type in ("lines", "paragraphs"):
            ns[name] = _Text(*value)
        elif field.type == "text":
            ns[name] = _Text(value)
    ns["doc"] = _Namespace(
        number=_Text(doc.number or ("…" if doc.draft else "")),
        code=_Text(doc.code),
        date=_Date(doc.date),
        title=_Text(spec.title),
        form=_Text(spec.code),
    )
    ns["office"] = _Namespace(
        **{
            k: _Text(getattr(office, k) or "")
            for k in (
                "name",
                "address",
                "phone",
                "email",
                "website",
                "city",
                "code",
                "bawaslu_code",
            )
        },
        time_zone=_Text(office.time_zone),
    )
    return ns


# --- building the story -----------------------------------------------------------------------


class _Styles:
    def __init__(self, spec: FormSpec) -> None:
        names = fonts.font_names(spec.font_family)
        fonts.register(spec.font_family)
        self.font, self.bold = names[""], names["-Bold"]
        size = spec.font_size
        self.size = size
        self.body = ParagraphStyle(
            "body", fontName=self.font, fontSize=size, leading=size * 1.35, spaceAfter=0
        )
        self.small = ParagraphStyle(
            "small", parent=self.body, fontSize=size - 2, leading=size * 1.1
        )
        self.bold_style = ParagraphStyle("bold", parent=self.body, fontName=self.bold)
        self.heading = ParagraphStyle(
            "heading",
            parent=self.body,
            fontName=self.bold,
            spaceBefore=size * 0.6,
            spaceAfter=size * 0.3,
        )
        self.title = ParagraphStyle(
            "title",
            parent=self.body,
            fontName=self.bold,
            fontSize=size + 2,
            leading=(size + 2) * 1.3,
            alignment=TA_CENTER,
        )
        self.subtitle = ParagraphStyle("subtitle", parent=self.body, alignment=TA_CENTER)

    def by_name(self, name: str) -> ParagraphStyle:
        return {
            "normal": self.body,
            "bold": self.bold_style,
            "small": self.small,
            "heading": self.heading,
        }[name]

    def aligned(self, base: ParagraphStyle, align: str, **extra: Any) -> ParagraphStyle:
        return ParagraphStyle(
            base.name + "-" + align, parent=base, alignment=_ALIGN[align], **extra
        )


class _Builder:
    def __init__(
        self,
        spec: FormSpec,
        values: dict[str, Any],
        ns: dict[str, object],
        width: float,
    ) -> None:
        self.spec = spec
        self.values = values
        self.ns = ns
        self.width = width
        self.st = _Styles(spec)
        # The letterhead (and the blocks before a per-group table) again atop every group's
        # first page: each agency's part of a sheet stands on its own.
        self.head: Callable[[], list[Flowable]] = list
        self._before_table: list[Block] = []
        # The tables of the last table block drawn one group per page: a signature block
        # right after it closes every group's part, not only the last.
        self._group_tables: list[PagedTable] = []
        self.first_section = ""  # the label of the first group of a per-group table
        self._place_lines = 0.0  # the height of the right signer's place and date
        self.indent = 0.0  # the left indent of the sections the block is in

    @property
    def avail(self) -> float:
        """The width a block has: the frame's, less the indent of its sections."""
        return self.width - self.indent

    def fill(self, template: str) -> str:
        return template.format(**self.ns)

    def build(self, blocks: list[Block], depth: int = 0) -> list[Flowable]:
        story: list[Flowable] = []
        number = 0
        for index, block in enumerate(blocks):
            if block.type == "table" and depth == 0:
                self._before_table = blocks[:index]
            if block.opts.get("space_before_mm"):
                story.append(Spacer(1, block.opts["space_before_mm"] * mm))
            if block.type == "section" and block.opts["numbered"]:
                number += 1
            made = self._block(block, depth, number)
            if block.type == "signature" and story:
                for table in self._group_tables[:-1]:
                    table.tail = self._signature(block.opts)
                made = self._keep_signature(story, made)
            if block.type != "spacer":
                self._group_tables = [] if block.type != "table" else self._group_tables
            if block.opts.get("keep_with_next") and made:
                made[-1].keepWithNext = True
            story.extend(made)
        return story

    def _keep_signature(self, story: list[Flowable], made: list[Flowable]) -> list[Flowable]:
        """A signature block travels with what comes before it, never alone on a page."""
        signature = made[0] if len(made) == 1 else KeepTogether(made)
        prev = story[-1]
        if isinstance(prev, PagedTable) and prev.tail is None:
            prev.tail = signature
            return []
        # What the signature travels with is the last flowable that shows something: past a
        # spacer, and past the Indenter that closes a section (zero height; keeping only it
        # left the signature alone on a page of its own).
        take = 1
        while take < len(story) and isinstance(story[-take], (Spacer, Indenter)):
            take += 1
        if isinstance(story[-take], PagedTable):
            # A long table is never wrapped whole: as before, the last spacer alone.
            kept = story[-1:]
            del story[-1:]
            return [KeepTogether([*kept, signature])]
        kept = story[-take:]
        del story[-take:]
        # Keep-with-next, not a KeepTogether: ReportLab joins a run of keep-with-next
        # flowables (a section's heading and its opening Indenter too) into one group, but
        # never takes a KeepTogether into it, which left a section's heading behind.
        for flowable in kept:
            flowable.keepWithNext = True
        return [*kept, signature]

    def _block(self, block: Block, depth: int, number: int) -> list[Flowable]:
        o, st = block.opts, self.st
        kind = block.type
        if kind == "title":
            out: list[Flowable] = [Paragraph(self.fill(o["text"]), st.title)]
            if o["subtitle"]:
                out.append(Paragraph(self.fill(o["subtitle"]), st.subtitle))
            out.append(Spacer(1, st.size * 0.8))
            return out
        if kind == "text":
            style = st.aligned(st.by_name(o["style"]), o["align"], leftIndent=o["indent_mm"] * mm)
            return [Paragraph(self.fill(o["text"]), style)]
        if kind == "paragraphs":
            style = st.aligned(
                st.body,
                o["align"],
                firstLineIndent=o["first_line_indent_mm"] * mm,
                leftIndent=o["indent_mm"] * mm,
                spaceAfter=st.size * 0.5,
            )
            hanging = ParagraphStyle(
                "hanging",
                parent=style,
                firstLineIndent=0,
                leftIndent=o["indent_mm"] * mm + 7 * mm,
                bulletIndent=o["indent_mm"] * mm,
                bulletFontName=style.fontName,
                bulletFontSize=style.fontSize,
            )
            out = []
            for text in self.values[o["field"]]:
                marked = _HANGING.match(text) if o["hanging_numbers"] else None
                if marked:
                    out.append(Paragraph(escape(marked[2]), hanging, bulletText=marked[1]))
                else:
                    out.append(Paragraph(escape(text), style))
            return out
        if kind == "fields":
            return self._fields(o)
        if kind == "list":
            return self._list(o)
        if kind == "table":
            return self._table(o)
        if kind == "signature":
            return [self._signature(o)]
        if kind == "section":
            marker = _section_marker(depth, number, o["roman"]) if o["numbered"] else ""
            title = self.fill(o["title"])
            head = Paragraph(f"{marker}&nbsp;&nbsp;{title}" if marker else title, st.heading)
            head.keepWithNext = True
            indent = o["indent_mm"] * mm
            # The blocks inside are narrower by the indent: a table or a field row sized to
            # the frame ran past the right margin.
            self.indent += indent
            try:
                inner = self.build(block.children, depth + 1)
            finally:
                self.indent -= indent
            # The opening Indenter has no height: it passes the heading's keep-with-next on,
            # else a heading stayed last on a page with its text on the next.
            opening = Indenter(left=indent)
            opening.keepWithNext = True
            return [head, opening, *inner, Indenter(left=-indent)]
        if kind == "choices":
            return self._choices(o)
        if kind == "spacer":
            return [Spacer(1, o["height_mm"] * mm)]
        if kind == "image":
            path = self.spec.artwork(o["file"])
            image = Image(str(path))
            scale = o["width_mm"] * mm / image.imageWidth
            image.drawWidth, image.drawHeight = o["width_mm"] * mm, image.imageHeight * scale
            image.hAlign = o["align"].upper()
            return [image]
        if kind == "page_break":
            return [PageBreak()]
        if kind == "photos":
            return self._photos(o)
        raise AssertionError(kind)  # the spec checker allows no other kind

    def _fields(self, o: dict[str, Any]) -> list[Flowable]:
        st = self.st
        rows = []
        for label, value in o["rows"]:
            text = self.fill(value)
            if o["skip_empty"] and not _plain(text):  # "<b></b>" is empty too
                continue
            rows.append(
                [
                    Paragraph(self.fill(label), st.body),
                    Paragraph(":", st.body),
                    Paragraph(text, st.body),
                ]
            )
        if not rows:
            return []
        label_w = o["label_width_mm"] * mm
        indent = o["indent_mm"] * mm
        table = Table(
            rows,
            colWidths=[label_w, 3 * mm, self.avail - indent - label_w - 3 * mm],
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 1),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        if indent:
            return [Indenter(left=indent), table, Indenter(left=-indent)]
        return [table]

    def _choices(self, o: dict[str, Any]) -> list[Flowable]:
        """One row per option: its box (ticked when the record chose it) and its words."""
        chosen = self.values[o["field"]]
        picked = set(chosen) if isinstance(chosen, list) else {chosen}
        known = [value for value, _label in o["options"]]
        unknown = sorted(p for p in picked if p and p not in known)
        if unknown:
            # A choice the form cannot show would print every box empty: refused instead.
            raise ValidationError(
                _(
                    "Pilihan '{value}' untuk isian '{name}' tidak dikenal. Yang boleh: {known}."
                ).format(value=unknown[0], name=o["field"], known=", ".join(known)),
                code="data_unknown_choice",
            )
        box = self.st.size * 0.95
        rows = []
        for index, (value, label) in enumerate(o["options"]):
            cells: list[Any] = [CheckBox(box, value in picked)]
            if o["lettered"]:
                cells.append(Paragraph(f"{chr(ord('a') + index % 26)}.", self.st.body))
            cells.append(Paragraph(self.fill(label), self.st.body))
            rows.append(cells)
        indent = o["indent_mm"] * mm
        first = [7 * mm, 6 * mm] if o["lettered"] else [7 * mm]
        widths = [*first, self.avail - indent - sum(first)]
        table = Table(rows, colWidths=widths, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 1),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        if indent:
            return [Indenter(left=indent), table, Indenter(left=-indent)]
        return [table]

    def _list(self, o: dict[str, Any]) -> list[Flowable]:
        items = self.values[o["field"]]
        if not items and o["skip_empty"]:
            return []
        st = self.st
        out: list[Flowable] = []
        if o["heading"]:
            head = Paragraph(self.fill(o["heading"]), st.body)
            head.keepWithNext = True
            out.append(head)
        style = ParagraphStyle("item", parent=st.body, leftIndent=6 * mm, bulletIndent=0)
        for index, item in enumerate(items, start=1):
            bullet = f"{index}." if o["numbered"] else "-"
            out.append(Paragraph(escape(item), style, bulletText=bullet))
        return out

    def _table(self, o: dict[str, Any]) -> list[Flowable]:
        """A table block: one paged table, or with ``group_by`` a heading row per group (each
        group on pages of its own, numbered from 1, when ``group_new_page`` is set)."""
        st = self.st
        columns = o["columns"]
        total = sum(c["width"] for c in columns)
        widths = tuple(self.avail * c["width"] / total for c in columns)
        keys = [c["key"] for c in columns]
        look = TableLook(
            font=st.font,
            bold_font=st.bold,
            size=o["font_size"],
            col_widths=widths,
            aligns=tuple(c["align"] for c in columns),
            min_row_height=o["row_height_mm"] * mm,
            valign=o["valign"].upper(),
            signature_cols=tuple(i for i, k in enumerate(keys) if k == SIGNATURE_COLUMN),
        )
        header = [c["header"] for c in columns]
        rows = self.values[o["field"]]
        self._group_tables = []
        if not rows:
            return [PagedTable(look, header, [[o["empty_text"], *[""] * (len(keys) - 1)]])]
        groups = _groups(rows, o["group_by"])
        per_page = bool(o["group_new_page"] and self.values[o["group_new_page"]])
        if not per_page:
            cells, kinds = self._table_rows(o, keys, groups, total_row=o["total_row"])
            return [PagedTable(look, header, cells, kinds=kinds, continued=o["group_continued"])]
        out: list[Flowable] = []
        before = self._before_table
        for group in groups:
            cells, kinds = self._table_rows(o, keys, [group], total_row=False)
            label = (group[0] or o["group_empty"]) if group[0] is not None else ""
            if out:
                # Each group opens like the first page: letterhead, title, event details.
                out += [PageBreak(), SectionMark(label), *self.head(), *self._rebuild(before)]
            else:
                self.first_section = label
            table = PagedTable(look, header, cells, kinds=kinds, continued=o["group_continued"])
            self._group_tables.append(table)
            out.append(table)
        return out

    def _rebuild(self, blocks: list[Block]) -> list[Flowable]:
        """Fresh flowables for ``blocks`` (a flowable is drawn once), leaving the state of
        the table being built alone."""
        tables, before = self._group_tables, self._before_table
        try:
            return self.build(blocks)
        finally:
            self._group_tables, self._before_table = tables, before

    def _table_rows(
        self,
        o: dict[str, Any],
        keys: list[str],
        groups: list[tuple[str | None, list[Mapping[str, Any]]]],
        *,
        total_row: bool,
    ) -> tuple[list[list[str]], list[str]]:
        cells: list[list[str]] = []
        kinds: list[str] = []
        number = 0
        last = sum(len(rows) for _label, rows in groups)
        seen = 0
        for label, rows in groups:
            if label is not None:
                # Rows with no group (blank rows for walk-ins) get the fixed label alone.
                text = (
                    o["group_heading"].format(group=label, count=_count_filled(rows))
                    if label
                    else o["group_empty"]
                )
                cells.append([text, *[""] * (len(keys) - 1)])
                kinds.append(HEADING)
            for row in rows:
                seen += 1
                if total_row and seen == last:
                    cells.append(["" if k in _BUILTIN else _cell(row.get(k)) for k in keys])
                    kinds.append(TOTAL)
                    continue
                number += 1
                cells.append([str(number) if k in _BUILTIN else _cell(row.get(k)) for k in keys])
                # A row with no data at all is a blank row to write in (walk-ins).
                kinds.append(ROW if any(_cell(v).strip() for v in row.values()) else BLANK)
        return cells, kinds

    def _photos(self, o: dict[str, Any]) -> list[Flowable]:
        """Photos in a grid, ``columns`` across, each scaled to fit its cell (aspect kept)
        above its caption; a row of the grid never splits across pages."""
        rows = self.values[o["field"]]
        if not rows:
            return [Paragraph(escape(o["empty_text"]), self.st.body)]
        across = o["columns"]
        cell_width = self.avail / across
        pad = 2 * mm
        caption = ParagraphStyle(
            "caption",
            parent=self.st.body,
            fontSize=o["caption_size"],
            leading=o["caption_size"] * 1.25,
            alignment=TA_CENTER,
        )
        cells: list[list[Any]] = []
        for start in range(0, len(rows), across):
            line: list[Any] = []
            for row in rows[start : start + across]:
                picture = Image(
                    io.BytesIO(row["image"]),
                    width=cell_width - 2 * pad,
                    height=o["height_mm"] * mm,
                    kind="proportional",
                )
                line.append(
                    [
                        picture,
                        Spacer(1, 1 * mm),
                        Paragraph(escape(_cell(row.get("caption"))), caption),
                    ]
                )
            line += [""] * (across - len(line))
            cells.append(line)
        table = Table(cells, colWidths=[cell_width] * across)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("LEFTPADDING", (0, 0), (-1, -1), pad),
                    ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                    ("TOPPADDING", (0, 0), (-1, -1), pad),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * pad),
                ]
            )
        )
        return [table]

    def _signature(self, o: dict[str, Any]) -> Flowable:
        st = self.st
        width = o["width_mm"] * mm
        right = self._signer(
            o["place_date"], o["position"], o["name"], o["nip"], o["space_mm"], width, o["stamp"]
        )
        self._place_lines = 0.0
        if o["place_date"]:
            centred = ParagraphStyle("sig", parent=st.body, alignment=TA_CENTER)
            self._place_lines = Paragraph(self.fill(o["place_date"]), centred).wrap(width, 1e6)[1]
        # The witness is printed when its template brings data (not only fixed words such
        # as "Mengetahui,"): Bawaslu's own events have no witness. A signer who is always
        # there (the reporter on a receipt) is printed with ``left_always``.
        left_filled = any(
            _plain(self.fill(o[k])) != _plain(_fixed_words(o[k]))
            for k in ("left_position", "left_name")
            if o.get(k)
        )
        if left_filled or (o.get("left_always") and o.get("left_position")):
            # The witness at the left, the signer at the right, their lines level: the
            # witness gets empty room as high as the signer's place and date (two lines
            # when they wrap).
            left = self._signer(
                " " if o["place_date"] else "",
                o["left_position"],
                o["left_name"],
                o["left_nip"],
                o["space_mm"],
                width,
                o["left_stamp"],
            )
            gap = max(self.width - 2 * width, 0)
            table = Table([[left, "", right]], colWidths=[width, gap, width], hAlign="LEFT")
        else:
            table = Table([[right]], colWidths=[width], hAlign=o["align"].upper())
        table.setStyle(_TIGHT)
        table.spaceBefore = st.size
        return table

    def _signer(
        self,
        place_date: str,
        position: str,
        name: str,
        nip: str,
        space_mm: float,
        width: float,
        stamp: str = "",
    ) -> Table:
        centred = ParagraphStyle("sig", parent=self.st.body, alignment=TA_CENTER)
        rows: list[list[Flowable]] = []
        if place_date.strip():
            rows.append([Paragraph(self.fill(place_date), centred)])
        elif place_date:
            # The left signer's blank where the right one has place and date: as high as
            # those lines wrapped in the same width.
            right_place = self._place_lines
            rows.append([Spacer(1, right_place)])
        rows.append([Paragraph(self.fill(position), centred)])
        if stamp:
            # Where the stamp (CAP) or the duty stamp (meterai) goes: a small grey note in
            # the signing space, at its left, so the signature still has room.
            note = ParagraphStyle("stamp", parent=self.st.small, textColor=MUTED, alignment=TA_LEFT)
            space = Table(
                [[Paragraph(self.fill(stamp), note)]],
                colWidths=[width * 0.45],
                rowHeights=[space_mm * mm],
                hAlign="LEFT",
            )
            space.setStyle(
                TableStyle([*_TIGHT.getCommands(), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
            )
            rows.append([space])
        else:
            rows.append([Spacer(1, space_mm * mm)])
        filled = self.fill(name)
        # An unnamed signer gets a line to write the name on, not an empty underline.
        shown = f"<b><u>{filled}</u></b>" if _plain(filled) else "(" + "." * 40 + ")"
        rows.append([Paragraph(shown, centred)])
        if nip:
            text = self.fill(nip)
            if _plain(text) and _plain(text) not in ("NIP", "NIP.", "NIP/NI PPPK"):
                rows.append([Paragraph(text, centred)])
        table = Table(rows, colWidths=[width])
        table.setStyle(_TIGHT)
        return table


_BUILTIN = (NUMBER_COLUMN, SIGNATURE_COLUMN)
_TIGHT = TableStyle(
    [
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def _fixed_words(template: str) -> str:
    """A template's own words, its placeholders left out."""
    import string

    return "".join(literal for literal, *_rest in string.Formatter().parse(template))


def _plain_text(markup: str) -> str:
    """Filled markup as the plain line a canvas draws (tags dropped, entities read)."""
    from xml.sax.saxutils import unescape

    # Runs of spaces are kept: a note spaces its parts out ("Paraf: ....      Paraf: ....").
    return unescape(re.sub(r"<[^>]+>", "", markup)).replace("\n", " ").strip()


def _plain(markup: str) -> str:
    """The text of filled markup, tags and spaces stripped (is anything there?)."""
    return " ".join(re.sub(r"<[^>]+>", " ", markup).replace("&nbsp;", " ").split())


def _groups(
    rows: list[Mapping[str, Any]], by: str
) -> list[tuple[str | None, list[Mapping[str, Any]]]]:
    """Consecutive rows with the same ``by`` value, in order. Without grouping, or when no row
    has a value to group by (a sheet of blank rows), one unlabelled group."""
    if not by or not any(_cell(row.get(by)).strip() for row in rows):
        return [(None, rows)]
    groups: list[tuple[str | None, list[Mapping[str, Any]]]] = []
    for row in rows:
        label = _cell(row.get(by)).strip()
        if groups and groups[-1][0] == label:
            groups[-1][1].append(row)
        else:
            groups.append((label, [row]))
    return groups


def _count_filled(rows: list[Mapping[str, Any]]) -> int:
    """Rows with something in them (blank rows left for walk-ins are not counted)."""
    return sum(1 for row in rows if any(_cell(v).strip() for v in row.values()))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return str(DocDate(value))
    return str(value)


def _section_marker(depth: int, number: int, roman: bool = False) -> str:
    if roman:
        return f"{_roman(number)}."
    if depth == 0:
        return f"{number}."
    if depth == 1:
        return f"{chr(ord('a') + (number - 1) % 26)}."
    return f"{number})"


def _roman(number: int) -> str:
    """1 → "I", 14 → "XIV" (the parts of a review form)."""
    out = []
    for value, numeral in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        count, number = divmod(number, value)
        out.append(numeral * count)
    return "".join(out)


def letterhead_lines(office: OfficeInfo) -> tuple[tuple[str, float, bool], ...]:
    """The kop surat's lines: "BADAN PENGAWAS PEMILIHAN UMUM" / "KABUPATEN BANTUL" / contacts,
    or an organiser's own ("PEMERINTAH KABUPATEN BANTUL" / "DINAS …" / its address)."""
    name = office.name.strip()
    lines: list[tuple[str, float, bool]] = []
    if office.kop:
        last = len(office.kop) - 1
        for index, line in enumerate(office.kop):
            lines.append((escape(line.upper()), 15.0 if index == last else 13.0, True))
    elif name.lower().startswith("bawaslu "):
        lines.append(("BADAN PENGAWAS PEMILIHAN UMUM", 13.0, True))
        lines.append((escape(name[8:].upper()), 15.0, True))
    else:
        lines.append((escape(name.upper()), 15.0, True))
    if office.address:
        lines.append((escape(office.address), 9.0, False))
    contacts = []
    for label, value in (
        ("Telepon", office.phone),
        ("Surel", office.email),
        ("Laman", office.website),
    ):
        if value:
            # Unbreakable within an item: a long line wraps between items, never inside one.
            contacts.append(f"{label} {escape(value)}".replace(" ", "&nbsp;"))
    if contacts:
        lines.append(("&nbsp;&nbsp;·&nbsp; ".join(contacts), 9.0, False))
    return tuple(lines)


def page_size(spec: FormSpec) -> tuple[float, float]:
    w, h = PAPER_SIZES_MM[spec.paper]
    size = (w * mm, h * mm)
    return (size[1], size[0]) if spec.landscape else size


def _page_header(markup: str, font: str, width: float) -> str:
    """The running header of pages after the first (which document a loose page is from):
    one line of plain text, shortened with "…" to the frame's width."""
    from xml.sax.saxutils import unescape

    from reportlab.pdfbase.pdfmetrics import stringWidth

    line = " ".join(unescape(re.sub(r"<[^>]+>", "", markup)).split())
    if stringWidth(line, font, RUNNING_SIZE) <= width:
        return line
    while line and stringWidth(line + "…", font, RUNNING_SIZE) > width:
        line = line[:-1]
    return line.rstrip() + "…"


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int


def render_pdf(spec: FormSpec, data: Mapping[str, Any], office: OfficeInfo, doc: DocInfo) -> bytes:
    """The PDF of ``spec`` filled with ``data``. Raises ValidationError on bad data."""
    return render_prepared(spec, prepare_data(spec, data), office, doc).pdf


def render_prepared(
    spec: FormSpec,
    values: dict[str, Any],
    office: OfficeInfo,
    doc: DocInfo,
    heading: OfficeInfo | None = None,
) -> Rendered:
    """Render values already checked by ``prepare_data``. ``office`` is the office that issues
    and keeps the record (``{office.…}``, the footer); ``heading`` the letterhead's owner when
    the paper is another organiser's (a Pemda's or an agency's ceremony)."""
    ns = _namespace(spec, values, office, doc)
    pw, ph = page_size(spec)
    m = {k: v * mm for k, v in spec.margins_mm.items()}
    frame_w = pw - m["left"] - m["right"]
    builder = _Builder(spec, values, ns, frame_w)
    kop = heading or office

    def head() -> list[Flowable]:
        if spec.letterhead == "office":
            info = LetterheadInfo(letterhead_lines(kop), kop.logo, builder.st.font, builder.st.bold)
            return [Letterhead(info), Spacer(1, 5 * mm)]
        if spec.letterhead != "none":
            image = Image(str(spec.artwork(spec.letterhead)))
            scale = frame_w / image.imageWidth
            image.drawWidth, image.drawHeight = frame_w, image.imageHeight * scale
            return [image, Spacer(1, 4 * mm)]
        return []

    builder.head = head
    first = SectionMark()
    story: list[Flowable] = [first, *head()]
    story += builder.build(spec.blocks)
    first.label = builder.first_section

    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=(pw, ph),
        leftMargin=m["left"],
        rightMargin=m["right"],
        topMargin=m["top"],
        bottomMargin=m["bottom"],
        title=spec.title if not doc.number else f"{spec.title} {doc.number}",
        author=office.name,
        subject=doc.code,
        creator="Netral Desktop",
        invariant=1,
        pageCompression=1,
    )
    frame = Frame(
        m["left"],
        m["bottom"],
        frame_w,
        ph - m["top"] - m["bottom"],
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    bold = builder.st.bold

    running = builder.fill(spec.page_header) if spec.page_header else ""

    def running_for(label: str) -> str:
        """The header of a section's later pages: the document, and the agency if any."""
        if not running:
            return ""
        text = f"{running} · {escape(label)}" if label else running
        return _page_header(text, builder.st.font, frame_w)

    def on_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        if doc.draft:
            draw_watermark(canvas, "DRAF", bold)

    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    footer = FooterInfo(
        font=builder.st.font,
        bold_font=bold,
        code=doc.code,
        qr_payload=doc.qr_payload,
        office_name=office.name,
        draft=doc.draft,
        left=m["left"],
        right=pw - m["right"],
        bottom=m["bottom"],
        contact=office.contact,
        top=ph - 9 * mm,
        running=running_for,
        created=doc.created,
        note=_plain_text(builder.fill(spec.page_note)) if spec.page_note else "",
    )
    pages: list[int] = []
    template.build(story, canvasmaker=make_canvas_class(footer, pages))
    return Rendered(buffer.getvalue(), pages[-1] if pages else 0)
