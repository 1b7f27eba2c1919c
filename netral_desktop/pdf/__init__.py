"""Official documents: form specs from forms/, ReportLab rendering, bundled fonts, page images.

No Qt here: the window shows the page images ``preview.render_pages`` returns.
"""
