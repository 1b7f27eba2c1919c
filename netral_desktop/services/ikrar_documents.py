# TEMPORARY shim for the split; removed at merge
"""The old path of ``services.pledge.documents``, kept only while cli.py and demo_ikrar.py
still import it."""

from netral_desktop.services.pledge.documents import (  # noqa: F401
    DEFAULT_BLANK_ROWS,
    EMPTY_EVENT_ROWS,
    FORM_PLEDGE,
    FORM_RECAP,
    FORM_SHEET,
    FORMS,
    MAX_BLANK_ROWS,
    RECORD_KIND,
    RecapLine,
    SheetOptions,
    draft,
    issue,
    pledge_data,
    recap_data,
    recap_lines,
    record_data,
    sheet_data,
    write_recap_xlsx,
)
