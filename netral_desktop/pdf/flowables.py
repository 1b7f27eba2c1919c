"""The pieces a spec's blocks become: letterhead, paged tables, signature blocks, the footer.

Long tables are laid out as one small ReportLab ``Table`` per page, each with its header (the
ReportLab maintainers' advice: splitting one long table again and again grows superlinearly).
Row heights are measured once, from the text's wrapped lines, so a page is found by a binary
search over the running total instead of by trial layouts.
"""

from __future__ import annotations

import io
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.tables import CellStyle

GRID = colors.Color(0.25, 0.25, 0.25)
HEADER_BG = colors.Color(0.88, 0.88, 0.88)
GROUP_BG = colors.Color(0.95, 0.95, 0.95)
MUTED = colors.Color(0.45, 0.45, 0.45)
PAD_X, PAD_Y = 3.0, 2.5
# A TableStyle command: name, first cell, last cell, arguments.
TableCommand = tuple[str, tuple[int, int], tuple[int, int], *tuple[Any, ...]]


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of ``text`` no wider than ``width``; words too long for a line are cut."""
    if not text:
        return [""]
    lines: list[str] = []
    for part in text.split("\n"):
        if stringWidth(part, font, size) <= width:
            lines.append(part)
            continue
        for line in simpleSplit(part, font, size, width):
            while stringWidth(line, font, size) > width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and stringWidth(line[:cut], font, size) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
            lines.append(line)
    return lines


@dataclass(frozen=True)
class TableLook:
    font: str
    bold_font: str
    size: float
    col_widths: tuple[float, ...]
    aligns: tuple[str, ...]
    min_row_height: float = 0.0  # rows sized for a handwritten signature
    valign: str = "TOP"  # TOP or MIDDLE
    signature_cols: tuple[int, ...] = ()  # columns of alternating signature slots

    @property
    def leading(self) -> float:
        return round(self.size * 1.2, 2)


# Kinds of table rows: data, a group's heading (spanning the table), a totals row, and a blank
# row to write in (as many as fit: see ``PagedTable``).
ROW, HEADING, TOTAL, BLANK = "row", "heading", "total", "blank"
SLOT_DASH = (0.6, 1.6)


class PagedTable(Flowable):
    """A long table broken into one ``Table`` per page, header repeated on each.

    ``kinds`` marks group headings (one cell spanning the table; repeated with ``continued``
    at the top of a page where the group goes on, never left last on a page) and a totals
    row. In the columns ``look.signature_cols`` a row's value is its number: a signature
    slot ("12. ......") is drawn at the left of the cell for odd numbers and at the right
    for even ones, as Indonesian attendance sheets do.

    ``tail`` (a signature block) is drawn after the last row and never left alone on a page:
    when it does not fit below the last rows, the last ``keep_rows`` rows go with it.

    Blank rows at the end (to write walk-ins in) never make a page of their own: when the
    page holding the last filled rows cannot take them all and the signature, the blank rows
    that do not fit are left out, so no page carries a few blank rows and a signature only.
    A table of blank rows alone (a sheet for an event with nobody invited) runs its length.
    """

    keep_rows = 2

    def __init__(
        self,
        look: TableLook,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        kinds: Sequence[str] | None = None,
        continued: str = "",
        tail: Flowable | None = None,
        _start: int = 0,
        _prepared: _Prepared | None = None,
    ) -> None:
        super().__init__()
        self.look = look
        self.tail = tail
        self._start = _start
        if _prepared is None:
            _prepared = self._prepare(header, rows, kinds or [ROW] * len(rows), continued)
        self._p = _prepared

    def _prepare(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        kinds: Sequence[str],
        continued: str,
    ) -> _Prepared:
        look = self.look
        inner = [w - 2 * PAD_X for w in look.col_widths]
        full = sum(look.col_widths) - 2 * PAD_X
        head = [
            "\n".join(wrap_text(h, look.bold_font, look.size, w))
            for h, w in zip(header, inner, strict=True)
        ]
        head_h = max(c.count("\n") + 1 for c in head) * look.leading + 2 * PAD_Y
        blank = [""] * len(inner)
        sig_cols = set(look.signature_cols)
        cells: list[list[str]] = []
        heights: list[float] = []
        slots: list[tuple[str, ...]] = []
        group_of: list[int] = []
        continuation: dict[int, tuple[str, float]] = {}
        # Rosters repeat themselves (the same rank, post and unit on many rows): wrap each
        # distinct text once per column.
        seen: list[dict[str, tuple[str, int]]] = [{} for _ in inner]
        font, size, leading = look.font, look.size, look.leading
        group = -1
        for index, (row, kind) in enumerate(zip(rows, kinds, strict=True)):
            if kind == HEADING:
                group = index
                lines = wrap_text(row[0], look.bold_font, size, full)
                cells.append(["\n".join(lines), *blank[1:]])
                heights.append(len(lines) * leading + 2 * PAD_Y)
                slots.append(())
                group_of.append(index)
                if continued:
                    more = wrap_text(f"{row[0]} {continued}", look.bold_font, size, full)
                    continuation[index] = ("\n".join(more), len(more) * leading + 2 * PAD_Y)
                continue
            texts, most, numbers = [], 1, []
            for col, (value, width, cache) in enumerate(zip(row, inner, seen, strict=True)):
                if col in sig_cols:
                    texts.append("")
                    numbers.append(value)
                    continue
                hit = cache.get(value)
                if hit is None:
                    lines = wrap_text(value, font, size, width)
                    hit = cache[value] = ("\n".join(lines), len(lines))
                texts.append(hit[0])
                most = max(most, hit[1])
            cells.append(texts)
            height = most * leading + 2 * PAD_Y
            heights.append(height if kind == TOTAL else max(height, look.min_row_height))
            slots.append(tuple(numbers))
            group_of.append(group)
        ends = list(accumulate(heights))
        kinds = list(kinds)
        blank_start = len(kinds)
        while blank_start and kinds[blank_start - 1] == BLANK:
            blank_start -= 1
        if blank_start < len(kinds) and blank_start and kinds[blank_start - 1] == HEADING:
            blank_start -= 1  # the heading of the blank rows' group goes with them
        return _Prepared(
            head, head_h, cells, heights, ends, kinds, slots, group_of, continuation, blank_start
        )

    # Heights of rows [start, stop) from the running totals.
    def _span(self, start: int, stop: int) -> float:
        if stop <= start:
            return 0.0
        ends = self._p.ends
        return ends[stop - 1] - (ends[start - 1] if start else 0.0)

    def _continues(self, start: int) -> int | None:
        """The heading repeated above rows starting at ``start`` (a group going on)."""
        p = self._p
        if start >= len(p.cells) or p.kinds[start] == HEADING:
            return None
        group = p.group_of[start]
        return group if group >= 0 and group in p.continuation else None

    def _top_height(self, start: int) -> float:
        group = self._continues(start)
        extra = self._p.continuation[group][1] if group is not None else 0.0
        return self._p.header_h + extra

    def _fit(self, height: float) -> int:
        """How many rows from ``_start`` fit below the header in ``height``; a group heading
        is never the last row of a page."""
        p, start = self._p, self._start
        base = p.ends[start - 1] if start else 0.0
        fit = bisect_right(p.ends, base + height - self._top_height(start), lo=start) - start
        while fit > 0 and start + fit < len(p.cells) and p.kinds[start + fit - 1] == HEADING:
            fit -= 1
        return fit

    def _tail_height(self, width: float, height: float) -> float:
        if self.tail is None:
            return 0.0
        # Asked at every page break: the signature block's size does not change, measure once.
        cached = getattr(self.tail, "_netral_height", None)
        if cached is None or cached[0] != width:
            cached = (width, self.tail.wrap(width, height)[1] + self.tail.getSpaceBefore())
            self.tail._netral_height = cached  # type: ignore[attr-defined]
        return cached[1]

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        rows_h = self._span(self._start, len(self._p.cells))
        self._avail_width = aW
        self.width = sum(self.look.col_widths)
        self.height = self._top_height(self._start) + rows_h + self._tail_height(aW, aH)
        return aW, self.height

    def _trimmed(self, aW: float, aH: float, stop: int) -> int | None:
        """Where to end this page, leaving out the blank rows that do not fit with the
        signature, when everything after the page's filled rows is blank; None otherwise."""
        p, start = self._p, self._start
        if not start < p.blank_start <= stop:
            return None  # filled rows overflow, or a run of blank rows only
        top = self._top_height(start)
        for end in range(stop, p.blank_start - 1, -1):
            cut = end
            while cut > start and p.kinds[cut - 1] == HEADING:
                cut -= 1
            used = top + self._span(start, cut)
            if used <= aH and (self.tail is None or used + self._tail_height(aW, aH - used) <= aH):
                return cut if cut > start else None
        return None

    def split(self, aW: float, aH: float) -> list[Flowable]:
        total = len(self._p.cells)
        remaining = total - self._start
        fit = self._fit(aH)
        if fit <= 0:
            return []
        cut = self._trimmed(aW, aH, self._start + fit)
        if cut is not None and (fit < remaining or self.tail is not None):
            ending: list[Flowable] = [self._page_table(self._start, cut)]
            return [*ending, self.tail] if self.tail is not None else ending
        if self.tail is not None and self._start + fit == self._p.blank_start < total:
            # The filled rows end the page exactly: the last of them go over with the blank
            # rows and the signature, so the next page is not blank rows only.
            fit -= min(self.keep_rows, fit - 1)
            while fit > 1 and self._p.kinds[self._start + fit - 1] == HEADING:
                fit -= 1
        if fit >= remaining:
            if self.tail is None:
                return [self._page_table(self._start, total)]
            used = self._top_height(self._start) + self._span(self._start, total)
            if used + self._tail_height(aW, aH - used) <= aH:
                return [self._page_table(self._start, total), self.tail]
            fit = remaining - min(self.keep_rows, remaining)
            while fit > 0 and self._p.kinds[self._start + fit - 1] == HEADING:
                fit -= 1
            if fit <= 0:
                return []
        rest = PagedTable(
            self.look, (), (), tail=self.tail, _start=self._start + fit, _prepared=self._p
        )
        return [self._page_table(self._start, self._start + fit), rest]

    def draw(self) -> None:
        table = self._page_table(self._start, len(self._p.cells))
        _w, h = table.wrap(self.width, self.height)
        table.drawOn(self.canv, 0, self.height - h)
        if self.tail is not None:
            tw, th = self.tail.wrap(self._avail_width, self.height)
            y = self.height - h - self.tail.getSpaceBefore() - th
            align = str(getattr(self.tail, "hAlign", "LEFT")).upper()
            x = {"RIGHT": self._avail_width - tw, "CENTER": (self._avail_width - tw) / 2}.get(
                align, 0.0
            )
            self.tail.drawOn(self.canv, x, y)

    def _page_table(self, start: int, stop: int) -> Table:
        look, p = self.look, self._p
        data: list[list[str]] = [p.header]
        heights = [p.header_h]
        kinds: list[str] = [""]
        slots: list[tuple[str, ...]] = [()]
        group = self._continues(start)
        if group is not None:
            text, height = p.continuation[group]
            data.append([text, *[""] * (len(look.col_widths) - 1)])
            heights.append(height)
            kinds.append(HEADING)
            slots.append(())
        data += p.cells[start:stop]
        heights += p.heights[start:stop]
        kinds += p.kinds[start:stop]
        slots += p.slots[start:stop]
        table = _PageTable(
            data, colWidths=list(look.col_widths), rowHeights=heights, repeatRows=0, hAlign="LEFT"
        )
        table.slot_look = look
        table.slots = slots
        commands: list[TableCommand] = [
            ("FONT", (0, 0), (-1, 0), look.bold_font, look.size, look.leading),
            ("FONT", (0, 1), (-1, -1), look.font, look.size, look.leading),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
            ("TOPPADDING", (0, 0), (-1, -1), PAD_Y - 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y + 1),
        ]
        if look.valign != "TOP":
            commands.append(("VALIGN", (0, 1), (-1, -1), look.valign))
        for col, align in enumerate(look.aligns):
            if align != "left":
                commands.append(("ALIGN", (col, 1), (col, -1), align.upper()))
        for row, kind in enumerate(kinds):
            if kind == HEADING:
                commands += [
                    ("SPAN", (0, row), (-1, row)),
                    ("FONT", (0, row), (-1, row), look.bold_font, look.size, look.leading),
                    ("BACKGROUND", (0, row), (-1, row), GROUP_BG),
                    ("ALIGN", (0, row), (-1, row), "LEFT"),
                    ("VALIGN", (0, row), (-1, row), "TOP"),
                ]
            elif kind == TOTAL:
                commands += [
                    ("FONT", (0, row), (-1, row), look.bold_font, look.size, look.leading),
                    ("BACKGROUND", (0, row), (-1, row), HEADER_BG),
                ]
        table.setStyle(TableStyle(commands))
        return table


@dataclass(frozen=True)
class _Prepared:
    """A table's rows measured once: wrapped text, heights, running totals, and per row its
    kind, signature slot numbers and group heading."""

    header: list[str]
    header_h: float
    cells: list[list[str]]
    heights: list[float]
    ends: list[float]
    kinds: list[str]
    slots: list[tuple[str, ...]]
    group_of: list[int]
    continuation: dict[int, tuple[str, float]]
    blank_start: int  # the first of the blank rows at the end (and their heading)


class _PageTable(Table):
    """A Table whose plain-text cells go into one text object per page instead of one each
    (a third of the drawing time on long rosters), with the signature slots drawn after."""

    slot_look: TableLook | None = None
    slots: list[tuple[str, ...]] = []
    # Set by Table's layout (not in ReportLab's stubs): the cells' edges on the page.
    _colpositions: list[float]
    _rowpositions: list[float]
    # The page's text object and its current font, set while drawing.
    _text: PDFTextObject | None
    _text_font: tuple[str, float, float] | None

    def draw(self) -> None:
        self._text = None
        super().draw()
        if self._text is not None:
            self.canv.drawText(self._text)
        if self.slot_look is not None and self.slot_look.signature_cols:
            self._draw_slots(self.slot_look)

    def _draw_slots(self, look: TableLook) -> None:
        """ "12. ......": odd numbers at the left of the cell, even ones at the right, on a
        dotted line in the lower part of the row, leaving the space above for the signature.

        Drawn for a whole page at once: one text object for the numbers, and the dotted
        lines as one literal path (ReportLab's path objects cost ten times more per line).
        """
        canv = self.canv
        text = canv.beginText()
        text.setFont(look.font, look.size)
        segments: list[str] = []
        cols, rows = self._colpositions, self._rowpositions
        for row, numbers in enumerate(self.slots):
            top, bottom = rows[row], rows[row + 1]
            base = bottom + max(PAD_Y + 1, (top - bottom) * 0.22)
            for col, number in zip(look.signature_cols, numbers, strict=False):
                if not number:
                    continue
                left, right = cols[col], cols[col + 1]
                width = right - left
                odd = int(number) % 2 == 1 if number.isdigit() else True
                start = left + PAD_X if odd else left + width * 0.45
                stop = left + width * 0.58 if odd else right - PAD_X
                label = f"{number}."
                text.setTextOrigin(start, base)
                # ReportLab's own "print here, cursor unmoved" (private, not in the stubs)
                text._textOut(label)  # type: ignore[attr-defined]
                line_from = start + stringWidth(label, look.font, look.size) + 1.5
                segments.append(f"{line_from:.2f} {base - 1:.2f} m {stop:.2f} {base - 1:.2f} l")
        if not segments:
            return
        canv.drawText(text)
        canv.saveState()
        canv.setLineWidth(0.6)
        canv.setDash(*SLOT_DASH)
        canv.setStrokeColor(colors.black)
        canv.addLiteral("\n".join(segments) + " S")
        canv.restoreState()

    def _drawCell(
        self,
        cellval: object,
        cellstyle: CellStyle,
        pos: tuple[float, float],
        size: tuple[float, float],
    ) -> None:
        if not isinstance(cellval, str) or cellstyle.valign not in ("TOP", "MIDDLE"):
            # Table's private per-cell drawing, which the stubs do not declare.
            super()._drawCell(cellval, cellstyle, pos, size)  # type: ignore[misc]
            return
        tx = self._text
        if tx is None:
            tx = self._text = self.canv.beginText()
            self._text_font = None
        font, fsize, leading = cellstyle.fontname, cellstyle.fontsize, cellstyle.leading
        if self._text_font != (font, fsize, leading):
            tx.setFont(font, fsize, leading)
            self._text_font = (font, fsize, leading)
        colpos, rowpos = pos
        colwidth, rowheight = size
        just = cellstyle.alignment
        lines = cellval.split("\n")
        top, bottom = cellstyle.topPadding, cellstyle.bottomPadding
        if cellstyle.valign == "TOP":
            y = rowpos + rowheight - top - fsize
        else:  # ReportLab's own formula for MIDDLE
            y = rowpos + (bottom + rowheight - top + len(lines) * leading) / 2.0 - fsize
        for line in lines:
            if just == "LEFT":
                x = colpos + cellstyle.leftPadding
            else:
                width = stringWidth(line, font, fsize)
                if just == "RIGHT":
                    x = colpos + colwidth - cellstyle.rightPadding - width
                else:
                    x = (
                        colpos
                        + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding - width) / 2
                    )
            if line:
                tx.setTextOrigin(x, y)
                tx._textOut(line)  # type: ignore[attr-defined]  # every line is placed
            y -= leading
        return None


@dataclass(frozen=True)
class LetterheadInfo:
    lines: tuple[tuple[str, float, bool], ...]  # text, size, bold
    logo: bytes | None
    font: str
    bold_font: str


class Letterhead(Flowable):
    """Kop surat: the logo (when one is set) left, the name and contacts centred, and the
    double rule underneath. Without a logo nothing stands in for it: the text is centred on
    the page, as an office's own typed letterhead is."""

    logo_size = 24 * mm

    def __init__(self, info: LetterheadInfo) -> None:
        super().__init__()
        self.info = info
        self._paras: list[Paragraph] = []
        for text, size, bold in info.lines:
            style = ParagraphStyle(
                "kop",
                fontName=info.bold_font if bold else info.font,
                fontSize=size,
                leading=size * 1.2,
                alignment=TA_CENTER,
            )
            self._paras.append(Paragraph(text, style))

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width = aW
        # The text keeps clear of the logo on both sides, so it stays centred on the page.
        side = self.logo_size + 2 * mm if self.info.logo else 0.0
        self._text_x = side
        text_w = aW - 2 * side
        self._heights = [p.wrap(text_w, aH)[1] for p in self._paras]
        least = self.logo_size if self.info.logo else 0.0
        self.height = max(sum(self._heights), least) + 4 * mm
        return aW, self.height

    def draw(self) -> None:
        c = self.canv
        text_h = sum(self._heights)
        body_h = self.height - 4 * mm
        logo_y = 4 * mm + (body_h - self.logo_size) / 2
        if self.info.logo:
            image = ImageReader(io.BytesIO(self.info.logo))
            iw, ih = image.getSize()
            scale = min(self.logo_size / iw, self.logo_size / ih)
            w, h = iw * scale, ih * scale
            c.drawImage(
                image,
                (self.logo_size - w) / 2,
                logo_y + (self.logo_size - h) / 2,
                w,
                h,
                mask="auto",
            )
        y = 4 * mm + (body_h + text_h) / 2
        x = self._text_x
        for para, h in zip(self._paras, self._heights, strict=True):
            y -= h
            para.drawOn(c, x, y)
        c.setStrokeColor(colors.black)
        c.setLineWidth(2.2)
        c.line(0, 2.6 * mm, self.width, 2.6 * mm)
        c.setLineWidth(0.6)
        c.line(0, 1.5 * mm, self.width, 1.5 * mm)


@dataclass(frozen=True)
class FooterInfo:
    font: str
    bold_font: str
    code: str  # verification code, "" on a draft
    qr_payload: str
    office_name: str  # the office that keeps the record and checks the code
    draft: bool
    left: float
    right: float  # x of the right margin
    bottom: float  # the bottom margin's height
    contact: str = ""  # how a reader outside reaches that office: address, telephone
    top: float = 0.0  # y of the running header's baseline
    # The running header of a section's later pages, given the section's label ("" none).
    running: Callable[[str], str] | None = None
    created: datetime | None = None  # the PDF's creation date (the moment of issue)
    note: str = ""  # printed small atop the footer of every page (paraph boxes)


class CheckBox(Flowable):
    """A tick box of ``size`` points, ticked or empty (options printed on a form)."""

    def __init__(self, size: float, ticked: bool) -> None:
        super().__init__()
        self.size = size
        self.ticked = ticked
        self.width = self.height = size

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.size, self.size * 1.25

    def draw(self) -> None:
        c, s = self.canv, self.size
        c.saveState()
        c.setLineWidth(0.7)
        c.rect(0, s * 0.05, s, s, stroke=1, fill=0)
        if self.ticked:
            # A tick drawn, not a glyph: the bundled fonts have no ballot-box characters.
            c.setLineWidth(1.3)
            path = c.beginPath()
            path.moveTo(s * 0.18, s * 0.55)
            path.lineTo(s * 0.42, s * 0.28)
            path.lineTo(s * 0.85, s * 0.9)
            c.drawPath(path, stroke=1, fill=0)
        c.restoreState()


class SectionMark(Flowable):
    """Where a part of the document starts (one agency of a per-agency sheet): its pages are
    numbered from 1 ("Halaman 1 dari 3" for that agency) and its label joins the running
    header of its later pages. Takes no room."""

    def __init__(self, label: str = "") -> None:
        super().__init__()
        self.label = label
        self.width = self.height = 0

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        marks = getattr(self.canv, "netral_sections", None)
        if marks is not None:
            marks.append((self.canv.getPageNumber(), self.label))


QR_FORM = "netralVerifyQR"


def qr_form(c: Canvas, payload: str, size: float) -> None:
    """Define the QR code once as a form XObject; every page's footer only refers to it."""
    import segno

    qr = segno.make(payload, error="m", micro=False)
    matrix = [list(row) for row in qr.matrix]
    n = len(matrix)
    unit = size / n
    c.beginForm(QR_FORM, 0, 0, size, size)
    path = c.beginPath()
    for r, row in enumerate(matrix):
        col = 0
        while col < n:
            if row[col]:
                start = col
                while col < n and row[col]:
                    col += 1
                path.rect(start * unit, size - (r + 1) * unit, (col - start) * unit, unit)
            else:
                col += 1
    c.setFillColor(colors.black)
    c.drawPath(path, stroke=0, fill=1)
    c.endForm()


def make_canvas_class(footer: FooterInfo, pages_out: list[int] | None = None) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each can say "Halaman X dari Y"
    (counted per section, see ``SectionMark``) and carry the running header of its section.
    The page count is appended to ``pages_out``."""

    qr_size = min(16 * mm, footer.bottom - 6 * mm)

    class FooterCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, object]] = []
            self.netral_sections: list[tuple[int, str]] = []
            if footer.created is not None:
                # The moment of issue as the PDF's creation date (ReportLab's own would be
                # the wall clock, or 2000-01-01 in invariant mode).
                self._doc._timeStamp = _Stamp(footer.created)  # type: ignore[attr-defined]
            if footer.code:
                qr_form(self, footer.qr_payload, qr_size)

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # private: a fresh page, unsaved

        def save(self) -> None:
            total = len(self._pages)
            if pages_out is not None:
                pages_out.append(total)
            starts = sorted({page: label for page, label in self.netral_sections}.items())
            if not starts or starts[0][0] != 1:
                starts.insert(0, (1, ""))
            bounds = [page for page, _label in starts] + [total + 1]
            for number, state in enumerate(self._pages, start=1):
                index = bisect_right(bounds, number) - 1
                first, label = starts[index]
                count = bounds[index + 1] - first
                self.__dict__.update(state)
                self._draw_footer(number - first + 1, count)
                if number != first and footer.running is not None:
                    self._draw_running(footer.running(label))
                Canvas.showPage(self)
            Canvas.save(self)

        def _draw_running(self, text: str) -> None:
            if not text:
                return
            self.saveState()
            self.setFont(footer.font, RUNNING_SIZE)
            self.setFillColor(MUTED)
            self.drawString(footer.left, footer.top, text)
            self.restoreState()

        def _draw_footer(self, number: int, total: int) -> None:
            self.saveState()
            base = 7 * mm
            if footer.note:
                self.setFont(footer.font, 8)
                self.setFillColor(colors.black)
                self.drawString(footer.left, footer.bottom - 6 * mm, footer.note)
            self.setFillColor(colors.black)
            self.setFont(footer.font, 8.5)
            page_words = f"Halaman {number} dari {total}"
            self.drawRightString(footer.right, base, page_words)
            x = footer.left
            if footer.code:
                self.saveState()
                self.translate(x, base - 1.5 * mm)
                self.doForm(QR_FORM)
                self.restoreState()
                x += qr_size + 2.5 * mm
                self.setFont(footer.bold_font, 8)
                self.drawString(x, base + 6 * mm, f"Kode verifikasi: {footer.code}")
                self.setFont(footer.font, FOOTNOTE_SIZE)
                self.setFillColor(MUTED)
                width = footer.right - x - stringWidth(page_words, footer.font, 8.5) - 4 * mm
                y = base + 2.9 * mm
                for line in footer_note(footer, width)[:3]:
                    self.drawString(x, y, line)
                    y -= FOOTNOTE_SIZE * 1.15
            elif footer.draft:
                self.setFont(footer.bold_font, 8)
                self.setFillColor(MUTED)
                self.drawString(x, base, "DRAF: belum diterbitkan, tanpa nomor dan kode verifikasi")
            self.restoreState()

    return FooterCanvas


RUNNING_SIZE = 8.0
FOOTNOTE_SIZE = 6.5


def footer_note(footer: FooterInfo, width: float) -> list[str]:
    """What the code means to a reader outside the office, wrapped to ``width``."""
    where = f"{footer.office_name} ({footer.contact})" if footer.contact else footer.office_name
    text = (
        f"Dokumen ini tercatat di {footer.office_name}. Untuk memastikan keasliannya, "
        f"sebutkan kode verifikasi ini atau tunjukkan kode QR di sampingnya kepada {where}."
    )
    return [str(line) for line in simpleSplit(text, footer.font, FOOTNOTE_SIZE, width)]


class _Stamp:
    """ReportLab's document time stamp, from a given moment (its ``TimeStamp`` reads the
    clock)."""

    def __init__(self, moment: datetime) -> None:
        offset = moment.utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds() // 60)
        self.t = moment.timestamp()
        self.lt = moment.timetuple()
        self.YMDhms = tuple(self.lt)[:6]
        self.dhh, self.dmm = divmod(minutes, 60) if minutes >= 0 else (-((-minutes) // 60), 0)
        self.tzname = moment.tzname() or "UTC"


def draw_watermark(c: Canvas, text: str, font: str) -> None:
    """A large grey word across the page, drawn before the page's content (so under it)."""
    width, height = c._pagesize  # type: ignore[attr-defined]  # no public getter
    c.saveState()
    c.setFillColor(colors.Color(0.88, 0.88, 0.88))
    c.setFont(font, 110)
    c.translate(width / 2, height / 2)
    c.rotate(45)
    c.drawCentredString(0, -35, text)
    c.restoreState()
