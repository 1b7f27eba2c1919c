"""Page images of a PDF for the window's preview (pypdfium2; QtPdf is not in PySide6-Essentials).

The UI turns a ``PageImage`` into a QImage without copying twice:
``QImage(img.data, img.width, img.height, img.stride, QImage.Format_RGB888)`` (BGR-free RGB).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class PageImage:
    index: int  # 0-based
    width: int
    height: int
    stride: int  # bytes per row
    data: bytes  # RGB, 3 bytes per pixel


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def render_pages(
    pdf: bytes, *, dpi: float = 96.0, first: int = 0, last: int | None = None
) -> Iterator[PageImage]:
    """Yield pages ``first``..``last`` (inclusive, 0-based) as RGB images at ``dpi``.

    A generator, so a preview can show page one while the rest render; safe to run on a
    background thread (each call opens its own document).
    """
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        stop = len(document) - 1 if last is None else min(last, len(document) - 1)
        for index in range(first, stop + 1):
            page = document[index]
            try:
                bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True)
                try:
                    image = bitmap.to_pil().convert("RGB")
                finally:
                    bitmap.close()
            finally:
                page.close()
            yield PageImage(
                index=index,
                width=image.width,
                height=image.height,
                stride=image.width * 3,
                data=image.tobytes(),
            )
    finally:
        document.close()


def save_png(image: PageImage, path: str) -> None:
    """Write a page image as PNG (for tests and support)."""
    from PIL import Image

    Image.frombytes("RGB", (image.width, image.height), image.data).save(path)
