"""The pieces a spec's blocks become: letterhead, paged tables, signature blocks, the footer.

Long tables are laid out as one small ReportLab ``Table`` per page, each with its header (the
ReportLab maintainers' advice: splitting one long table again and again grows superlinearly).
Row heights are measured once, from the text's wrapped lines, so a page is found by a binary
search over the running total instead of by trial layouts.
"""

from __future__ import annotations

import io
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

GRID = colors.Color(0.25, 0.25, 0.25)
HEADER_BG = colors.Color(0.88, 0.88, 0.88)
MUTED = colors.Color(0.45, 0.45, 0.45)
PAD_X, PAD_Y = 3.0, 2.5


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

    @property
    def leading(self) -> float:
        return round(self.size * 1.2, 2)


class PagedTable(Flowable):
    """A long table broken into one ``Table`` per page, header repeated on each.

    ``tail`` (a signature block) is drawn after the last row and never left alone on a page:
    when it does not fit below the last rows, the last ``keep_rows`` rows go with it.
    """

    keep_rows = 2

    def __init__(
        self,
        look: TableLook,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        tail: Flowable | None = None,
        _start: int = 0,
        _prepared: tuple | None = None,  # type: ignore[type-arg]
    ) -> None:
        super().__init__()
        self.look = look
        self.tail = tail
        self._start = _start
        if _prepared is None:
            _prepared = self._prepare(header, rows)
        self._prepared = _prepared
        self._header, self._header_h, self._cells, self._heights, self._ends = _prepared

    def _prepare(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> tuple:  # type: ignore[type-arg]
        look = self.look
        inner = [w - 2 * PAD_X for w in look.col_widths]
        head = [
            "\n".join(wrap_text(h, look.bold_font, look.size, w))
            for h, w in zip(header, inner, strict=True)
        ]
        head_h = max(c.count("\n") + 1 for c in head) * look.leading + 2 * PAD_Y
        cells: list[list[str]] = []
        heights: list[float] = []
        # Rosters repeat themselves (the same rank, post and unit on many rows): wrap each
        # distinct text once per column.
        seen: list[dict[str, tuple[str, int]]] = [{} for _ in inner]
        font, size, leading = look.font, look.size, look.leading
        for row in rows:
            texts, most = [], 1
            for value, width, cache in zip(row, inner, seen, strict=True):
                hit = cache.get(value)
                if hit is None:
                    lines = wrap_text(value, font, size, width)
                    hit = cache[value] = ("\n".join(lines), len(lines))
                texts.append(hit[0])
                most = max(most, hit[1])
            cells.append(texts)
            heights.append(most * leading + 2 * PAD_Y)
        ends = list(accumulate(heights))
        return head, head_h, cells, heights, ends

    # Heights of rows [start, stop) from the running totals.
    def _span(self, start: int, stop: int) -> float:
        if stop <= start:
            return 0.0
        return self._ends[stop - 1] - (self._ends[start - 1] if start else 0.0)

    def _fit(self, height: float) -> int:
        """How many rows from ``_start`` fit below the header in ``height``."""
        base = self._ends[self._start - 1] if self._start else 0.0
        return (
            bisect_right(self._ends, base + height - self._header_h, lo=self._start) - self._start
        )

    def _tail_height(self, width: float, height: float) -> float:
        if self.tail is None:
            return 0.0
        return self.tail.wrap(width, height)[1] + self.tail.getSpaceBefore()

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        rows_h = self._span(self._start, len(self._cells))
        self._avail_width = aW
        self.width = sum(self.look.col_widths)
        self.height = self._header_h + rows_h + self._tail_height(aW, aH)
        return aW, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        remaining = len(self._cells) - self._start
        fit = self._fit(aH)
        if fit <= 0:
            return []
        if fit >= remaining:
            if self.tail is None:
                return [self._page_table(self._start, len(self._cells))]
            used = self._header_h + self._span(self._start, len(self._cells))
            if used + self._tail_height(aW, aH - used) <= aH:
                return [self._page_table(self._start, len(self._cells)), self.tail]
            fit = remaining - min(self.keep_rows, remaining)
            if fit <= 0:
                return []
        rest = PagedTable(
            self.look, (), (), tail=self.tail, _start=self._start + fit, _prepared=self._prepared
        )
        return [self._page_table(self._start, self._start + fit), rest]

    def draw(self) -> None:
        table = self._page_table(self._start, len(self._cells))
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
        look = self.look
        data = [self._header, *self._cells[start:stop]]
        heights = [self._header_h, *self._heights[start:stop]]
        table = _PageTable(
            data, colWidths=list(look.col_widths), rowHeights=heights, repeatRows=0, hAlign="LEFT"
        )
        commands = [
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
        for col, align in enumerate(look.aligns):
            if align != "left":
                commands.append(("ALIGN", (col, 1), (col, -1), align.upper()))
        table.setStyle(TableStyle(commands))
        return table


class _PageTable(Table):
    """A Table whose plain-text cells go into one text object per page instead of one each
    (a third of the drawing time on long rosters)."""

    def draw(self) -> None:
        self._text = None
        super().draw()
        if self._text is not None:
            self.canv.drawText(self._text)

    def _drawCell(self, cellval, cellstyle, pos, size):  # type: ignore[no-untyped-def]
        if not isinstance(cellval, str) or cellstyle.valign != "TOP":
            return super()._drawCell(cellval, cellstyle, pos, size)
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
        y = rowpos + rowheight - cellstyle.topPadding - fsize
        for line in cellval.split("\n"):
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
                tx.textOut(line)
            y -= leading
        return None


@dataclass(frozen=True)
class LetterheadInfo:
    lines: tuple[tuple[str, float, bool], ...]  # text, size, bold
    logo: bytes | None
    font: str
    bold_font: str


class Letterhead(Flowable):
    """Kop surat: the office's logo (or a neutral mark) left, its name and contacts centred,
    and the double rule underneath."""

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
        text_w = aW - 2 * (self.logo_size + 2 * mm)
        self._heights = [p.wrap(text_w, aH)[1] for p in self._paras]
        self.height = max(sum(self._heights), self.logo_size) + 4 * mm
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
        else:
            _placeholder_logo(c, self.logo_size / 2, logo_y + self.logo_size / 2, self.logo_size)
        y = 4 * mm + (body_h + text_h) / 2
        x = self.logo_size + 2 * mm
        for para, h in zip(self._paras, self._heights, strict=True):
            y -= h
            para.drawOn(c, x, y)
        c.setStrokeColor(colors.black)
        c.setLineWidth(2.2)
        c.line(0, 2.6 * mm, self.width, 2.6 * mm)
        c.setLineWidth(0.6)
        c.line(0, 1.5 * mm, self.width, 1.5 * mm)


def _placeholder_logo(c: Canvas, cx: float, cy: float, size: float) -> None:
    """A neutral mark where the office has not chosen its logo yet: two grey rings."""
    c.saveState()
    c.setStrokeColor(colors.Color(0.6, 0.6, 0.6))
    c.setLineWidth(1.2)
    c.circle(cx, cy, size * 0.42)
    c.setLineWidth(0.6)
    c.circle(cx, cy, size * 0.34)
    c.restoreState()


@dataclass(frozen=True)
class FooterInfo:
    font: str
    bold_font: str
    code: str  # verification code, "" on a draft
    qr_payload: str
    office_name: str
    draft: bool
    left: float
    right: float  # x of the right margin
    bottom: float  # the bottom margin's height


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
    """A canvas that holds pages back until the end, so each can say "Halaman X dari Y".
    The page count is appended to ``pages_out``."""

    qr_size = min(16 * mm, footer.bottom - 6 * mm)

    class FooterCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._pages: list[dict[str, object]] = []
            if footer.code:
                qr_form(self, footer.qr_payload, qr_size)

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            if pages_out is not None:
                pages_out.append(total)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._draw_footer(number, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _draw_footer(self, number: int, total: int) -> None:
            self.saveState()
            base = 7 * mm
            self.setFillColor(colors.black)
            self.setFont(footer.font, 8.5)
            self.drawRightString(footer.right, base, f"Halaman {number} dari {total}")
            x = footer.left
            if footer.code:
                self.saveState()
                self.translate(x, base - 1.5 * mm)
                self.doForm(QR_FORM)
                self.restoreState()
                x += qr_size + 2.5 * mm
                self.setFont(footer.bold_font, 8)
                self.drawString(x, base + 6 * mm, f"Kode verifikasi: {footer.code}")
                self.setFont(footer.font, 7)
                self.setFillColor(MUTED)
                self.drawString(x, base + 2.8 * mm, f"Diterbitkan oleh {footer.office_name}")
                self.drawString(x, base - 0.2 * mm, f"Periksa: netral doc verify {footer.code}")
            elif footer.draft:
                self.setFont(footer.bold_font, 8)
                self.setFillColor(MUTED)
                self.drawString(x, base, "DRAF: belum diterbitkan, tanpa nomor dan kode verifikasi")
            self.restoreState()

    return FooterCanvas


def draw_watermark(c: Canvas, text: str, font: str) -> None:
    """A large grey word across the page, drawn before the page's content (so under it)."""
    width, height = c._pagesize
    c.saveState()
    c.setFillColor(colors.Color(0.88, 0.88, 0.88))
    c.setFont(font, 110)
    c.translate(width / 2, height / 2)
    c.rotate(45)
    c.drawCentredString(0, -35, text)
    c.restoreState()
