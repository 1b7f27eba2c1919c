"""One case: a header with its numbers, status and next deadline, the steps this role may
take now, and its parts in tabs: the facts, the reported people with their own outcome, the
reporter and witnesses (pseudonyms; the identity only to koordinator and admin, each view
logged), the hearings, the timeline of everything that happened, the evidence."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services.cases import procedure, queries, records
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.paged_table_model import Column
from netral_desktop.ui.pages.cases import view_text
from netral_desktop.ui.pages.cases.common import allowed, may_see_identities, office_today
from netral_desktop.ui.pages.cases.deadline_badge import DeadlineBadge
from netral_desktop.ui.pages.cases.evidence_pane import EvidencePane
from netral_desktop.ui.pages.cases.papers_panel import PapersPanel, case_papers
from netral_desktop.ui.pages.cases.rows_model import RowsModel
from netral_desktop.ui.pages.cases.timeline import Timeline
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import data_table, show_error


def category_words(ctx: ServiceContext, code: str) -> str:
    """The category's code and description (the taxonomy, with the office's file)."""
    if not code:
        return ""
    from netral_desktop.core import taxonomy

    home = ctx.layout.root if ctx.layout is not None else None
    found = {c.code: c for c in taxonomy.load_taxonomy(home=home).categories(include_retired=True)}
    category = found.get(code)
    if category is None:
        return code
    return f"{category.label} — {category.legal_basis}" if category.legal_basis else category.label


def extra_steps(ctx: ServiceContext, case: Any) -> list[Any]:
    """The two steps outside the ruleset's table, for a role that decides: reopening a decided
    case (it is locked against edits) and extending the decision period to 14 working days."""
    if not allowed(ctx, Permission.CASE_DECIDE):
        return []
    found = []
    if case.locked:
        found.append(
            procedure.StepChoice(
                code=procedure.REOPEN_STEP,
                label=_("Buka kembali untuk diubah"),
                to_status=None,
                needs_reason=True,
                per_subject=False,
                documents=(),
                subject_ids=(),
                article="",
            )
        )
    if case.deadline is not None and case.deadline.rule == "decision":
        found.append(
            procedure.StepChoice(
                code=procedure.EXTEND_STEP,
                label=_("Perpanjang batas putusan (keterangan tambahan diperlukan)"),
                to_status=None,
                needs_reason=True,
                per_subject=False,
                documents=(),
                subject_ids=(),
                article="",
            )
        )
    return found


def _scrolled(widget: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(widget)
    return scroll


def _rich_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CaseView(QWidget):
    changed = Signal()  # the case changed here: the list shows it again
    back_requested = Signal()

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.case_id = ""
        self.case: Any = None
        self.steps: list[Any] = []
        self.today = date.today()  # the office's today comes with each case (worker)
        self.identities: dict[str, Any] = {}  # party id -> identity revealed in this view

        self.back_button = QPushButton(_("← Daftar perkara"))
        self.back_button.setObjectName("backToList")
        self.back_button.setToolTip("Esc")
        self.back_button.clicked.connect(self.back_requested.emit)
        self.header = _rich_label("caseHeader")
        self.badge = DeadlineBadge()
        self.step_button = QPushButton(_("Tahapan berikutnya…"))
        self.step_button.setObjectName("stepButton")
        self.step_button.setToolTip("Ctrl+T")
        self.step_button.clicked.connect(lambda: self.open_steps())
        self.summary_button = QPushButton(_("Ringkasan perkara…"))
        self.summary_button.setEnabled(allowed(ctx, Permission.PRINT))
        self.summary_button.clicked.connect(self.print_summary)
        self.steps_note = QLabel()
        self.steps_note.setObjectName("stepsNote")
        self.steps_note.setWordWrap(True)
        self.steps_note.setStyleSheet("color: #555;")

        # Facts.
        self.facts = _rich_label("caseFacts")
        self.edit_button = QPushButton(_("Ubah data…"))
        self.edit_button.setObjectName("editCase")
        self.edit_button.setEnabled(allowed(ctx, Permission.CASE_LOG))
        self.edit_button.clicked.connect(lambda: self.edit_case())
        facts_tab = QWidget()
        facts_layout = QVBoxLayout(facts_tab)
        facts_layout.setContentsMargins(0, 0, 0, 0)
        facts_layout.addWidget(_scrolled(self.facts), 1)
        facts_buttons = QHBoxLayout()
        facts_buttons.addStretch()
        facts_buttons.addWidget(self.edit_button)
        facts_layout.addLayout(facts_buttons)
        # Reported people.
        self.subjects = RowsModel(
            [
                Column(
                    _("Terlapor"),
                    lambda s: s.full_name,
                    tooltip=lambda s: "\n".join(
                        x for x in (s.jabatan, s.unit_kerja, view_text.subject_missing(s)) if x
                    ),
                ),
                Column(_("NIP"), lambda s: s.nip or _("(belum diketahui)")),
                Column(_("Jenis"), lambda s: s.kind_label),
                Column(_("Instansi"), lambda s: s.agency_name or "—"),
                Column(_("Putusan"), lambda s: s.outcome_label),
                Column(
                    _("Tindak lanjut"),
                    lambda s: view_text.subject_route(s),
                    tooltip=lambda s: view_text.subject_route(s),
                ),
            ],
            parent=self,
        )
        self.subject_table = data_table(self.subjects, "caseSubjects")
        self.subject_step_button = QPushButton(_("Tahapan untuk terlapor ini…"))
        self.subject_step_button.setObjectName("subjectStepButton")
        self.subject_step_button.clicked.connect(self.open_subject_steps)
        subjects_tab = QWidget()
        subjects_layout = QVBoxLayout(subjects_tab)
        self.add_subject_button = QPushButton(_("Tambah terlapor…"))
        self.edit_subject_button = QPushButton(_("Lengkapi data…"))
        self.edit_subject_button.setObjectName("editSubject")
        for button in (self.add_subject_button, self.edit_subject_button):
            button.setEnabled(allowed(ctx, Permission.CASE_LOG))
        self.add_subject_button.clicked.connect(lambda: self.subject_dialog(None))
        self.edit_subject_button.clicked.connect(
            lambda: self.subject_dialog(self.current_subject())
        )
        self.subject_table.activated.connect(
            lambda _index: self.subject_dialog(self.current_subject())
        )
        subject_buttons = QHBoxLayout()
        subject_buttons.addWidget(self.add_subject_button)
        subject_buttons.addWidget(self.edit_subject_button)
        subject_buttons.addStretch()
        subject_buttons.addWidget(self.subject_step_button)
        subjects_layout.addWidget(self.subject_table, 1)
        subjects_layout.addLayout(subject_buttons)

        # Reporter and witnesses.
        self.parties = RowsModel(
            [
                Column(_("Peran"), lambda p: p.role_label),
                Column(_("Nama samaran"), lambda p: p.pseudonym),
                Column(_("Identitas"), lambda p: self._identity_cell(p)),
            ],
            parent=self,
        )
        self.party_table = data_table(self.parties, "caseParties")
        self.reveal_button = QPushButton(_("Tampilkan identitas"))
        self.reveal_button.setObjectName("revealButton")
        self.reveal_button.setVisible(may_see_identities(ctx))
        self.reveal_button.clicked.connect(self.reveal_current)
        self.identity = _rich_label("partyIdentity")
        self.identity_note = QLabel(
            _(
                "Identitas pelapor dan saksi dirahasiakan. Koordinator dan admin dapat "
                "menampilkannya; setiap tampilan dicatat di log audit."
            )
            if may_see_identities(ctx)
            else _(
                "Identitas pelapor dan saksi dirahasiakan: peran Anda melihat nama samaran. "
                "Koordinator atau admin dapat menampilkannya."
            )
        )
        self.identity_note.setWordWrap(True)
        self.identity_note.setStyleSheet("color: #555;")
        parties_tab = QWidget()
        parties_layout = QVBoxLayout(parties_tab)
        party_split = QSplitter()
        party_split.addWidget(self.party_table)
        party_split.addWidget(_scrolled(self.identity))
        party_split.setSizes([520, 360])
        self.add_party_button = QPushButton(_("Tambah saksi/ahli…"))
        self.add_party_button.setEnabled(allowed(ctx, Permission.CASE_LOG))
        self.add_party_button.clicked.connect(lambda: self.party_dialog())
        party_buttons = QHBoxLayout()
        party_buttons.addWidget(self.identity_note, 1)
        party_buttons.addWidget(self.add_party_button)
        party_buttons.addWidget(self.reveal_button)
        parties_layout.addWidget(party_split, 1)
        parties_layout.addLayout(party_buttons)

        # Hearings.
        self.hearings = RowsModel(
            [
                Column(_("Jadwal"), lambda h: view_text.moment(h.scheduled_at)),
                Column(_("Yang diklarifikasi"), lambda h: view_text.heard_words(h)),
                Column(_("Tempat"), lambda h: view_text.hearing_place(h)),
                Column(_("Undangan"), lambda h: view_text.invitations(h)),
                Column(_("Kehadiran"), lambda h: view_text.attendance(h.attendance)),
            ],
            parent=self,
        )
        self.hearing_table = data_table(self.hearings, "caseHearings")
        self.hearing_table.activated.connect(lambda _i: self.edit_hearing())
        self.add_hearing_button = QPushButton(_("Jadwalkan klarifikasi…"))
        self.edit_hearing_button = QPushButton(_("Catat hasil…"))
        for button in (self.add_hearing_button, self.edit_hearing_button):
            button.setEnabled(allowed(ctx, Permission.CASE_LOG))
        self.hearing_papers_button = QPushButton(_("Dokumen klarifikasi…"))
        self.hearing_papers_button.setEnabled(allowed(ctx, Permission.PRINT))
        self.add_hearing_button.clicked.connect(lambda: self.add_hearing())
        self.edit_hearing_button.clicked.connect(lambda: self.edit_hearing())
        self.hearing_papers_button.clicked.connect(lambda: self.hearing_papers())
        hearings_tab = QWidget()
        hearings_layout = QVBoxLayout(hearings_tab)
        hearing_buttons = QHBoxLayout()
        hearing_buttons.addStretch()
        hearing_buttons.addWidget(self.add_hearing_button)
        hearing_buttons.addWidget(self.edit_hearing_button)
        hearing_buttons.addWidget(self.hearing_papers_button)
        hearings_layout.addWidget(self.hearing_table, 1)
        hearings_layout.addLayout(hearing_buttons)

        self.timeline = Timeline()
        self.evidence = EvidencePane(ctx, runner)
        self.evidence.changed.connect(self._changed)
        self.papers = PapersPanel(ctx, runner)
        # The timeline: the case's steps and hearings, its evidence and its papers, each part
        # as it is loaded.
        self.timeline_parts: dict[str, list[Any]] = {}
        self.evidence.loaded.connect(
            lambda rows, zone: self._timeline_part(
                "evidence", view_text.evidence_entries(rows, zone)
            )
        )
        self.papers.loaded.connect(
            lambda rows, zone: self._timeline_part("papers", view_text.paper_entries(rows, zone))
        )
        self.papers.make_requested.connect(
            lambda: self.open_papers(case_papers(self.case.origin)) if self.case else None
        )

        self.tabs = QTabWidget()
        self.tabs.setObjectName("caseTabs")
        self.tabs.addTab(facts_tab, _("Data perkara"))
        self.tabs.addTab(subjects_tab, _("Terlapor"))
        self.tabs.addTab(parties_tab, _("Pelapor dan saksi"))
        self.tabs.addTab(hearings_tab, _("Klarifikasi"))
        self.tabs.addTab(self.timeline, _("Riwayat"))
        self.tabs.addTab(self.evidence, _("Bukti"))
        self.tabs.addTab(self.papers, _("Dokumen"))

        top = QHBoxLayout()
        top.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.header, 1)
        side = QVBoxLayout()
        side.addWidget(self.badge)
        actions = QHBoxLayout()
        actions.addStretch()
        actions.addWidget(self.summary_button)
        actions.addWidget(self.step_button)
        side.addLayout(actions)
        top.addLayout(side)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.steps_note)
        layout.addWidget(self.tabs, 1)
        from PySide6.QtGui import QKeySequence, QShortcut

        step_key = QShortcut(QKeySequence("Ctrl+T"), self)
        step_key.activated.connect(lambda: self.open_steps())

    # --- loading ---
    def show_case(self, case_id: str) -> None:
        ctx = self._ctx
        if case_id != self.case_id:
            self.identities = {}
            self.identity.clear()
            self.timeline_parts = {}
        self.case_id = case_id

        def load() -> tuple[Any, list[Any], str, date]:
            # Pseudonyms only: an identity is opened (and logged) when asked for.
            case = queries.case_view(ctx, case_id, reveal=False)
            steps = procedure.available_steps(ctx, case_id) + extra_steps(ctx, case)
            return case, steps, category_words(ctx, case.category_code), office_today(ctx)

        self._runner.run(load, on_done=self._show, on_error=lambda exc: show_error(self, exc))
        self.evidence.show_case(case_id)
        self.papers.show_case(case_id)

    def _show(self, loaded: tuple[Any, list[Any], str, date]) -> None:
        case, steps, category, self.today = loaded
        self.case, self.steps = case, steps
        self.header.setText(view_text.header_html(case))
        deadline = case.deadline
        if deadline is None:
            self.badge.set_deadline(
                None,
                today=self.today,
                none_text=_("Perkara selesai") if case.final else "",
            )
        elif deadline.due is None:  # a year without holiday data: said, never assumed
            self.badge.set_deadline(None, today=self.today, none_text=deadline.text)
            self.badge.setToolTip(deadline.article)
        else:
            self.badge.set_deadline(
                deadline.due,
                today=self.today,
                what=deadline.label,
                article=deadline.article,
                rule=view_text.rule_words(deadline),
            )
        self.step_button.setEnabled(bool(steps))
        self.steps_note.setText(view_text.steps_note(steps, case))
        self.facts.setText(view_text.facts_html(case, category))
        self.subjects.set_rows(case.subjects)
        self.subject_table.resizeColumnsToContents()
        self.parties.set_rows(case.parties)
        self.party_table.resizeColumnsToContents()
        self.hearings.set_rows(case.hearings)
        self.hearing_table.resizeColumnsToContents()
        self.timeline_parts["case"] = view_text.timeline_entries(case)
        self._show_timeline()
        self.tabs.setTabText(1, _("Terlapor ({n})").format(n=len(case.subjects)))
        self.tabs.setTabText(3, _("Klarifikasi ({n})").format(n=len(case.hearings)))

    def _timeline_part(self, name: str, entries: list[Any]) -> None:
        self.timeline_parts[name] = entries
        self._show_timeline()

    def _show_timeline(self) -> None:
        self.timeline.set_entries([e for part in self.timeline_parts.values() for e in part])

    def _changed(self) -> None:
        if self.case_id:
            self.show_case(self.case_id)
        self.changed.emit()

    # --- identities ---
    def _identity_cell(self, party: Any) -> str:
        shown = self.identities.get(party.id)
        if shown is not None:
            return shown.name
        return _("(dirahasiakan)")

    def current_party(self) -> Any:
        index = self.party_table.currentIndex()
        return self.parties.row_object(index.row()) if index.isValid() else None

    def reveal_current(self) -> None:
        party = self.current_party()
        if party is None:
            if self.parties.rowCount() != 1:
                return
            party = self.parties.row_object(0)
        self._runner.run(
            lambda: records.reveal_party(self._ctx, self.case_id, party.id),
            on_done=lambda identity: self._revealed(party, identity),
            on_error=lambda exc: show_error(self, exc),
        )

    def _revealed(self, party: Any, identity: Any) -> None:
        self.identities[party.id] = identity
        self.identity.setText(view_text.identity_html(party, identity))
        self.parties.set_rows(list(self.case.parties) if self.case else [])
        self.party_table.resizeColumnsToContents()

    # --- steps ---
    def open_steps(self, subject: Any = None):  # type: ignore[no-untyped-def]
        if self.case is None:
            return None
        from netral_desktop.ui.case_dialogs import StepDialog

        ctx, case_id = self._ctx, self.case_id
        subject_id = subject.id if subject is not None else None
        steps = (
            self.steps if subject is None else procedure.available_steps(ctx, case_id, subject_id)
        )
        dialog = StepDialog(
            ctx,
            self._runner,
            case_id,
            view_text.case_title(self.case),
            steps,
            subject_id=subject_id,
            subject_name=subject.full_name if subject is not None else "",
            category_code=self.case.category_code,
            subjects=self.case.subjects,
            today=self.today,
            parent=self,
        )
        dialog.finished.connect(lambda _r: self._step_taken(dialog.taken, dialog.taken_for))
        dialog.open()
        return dialog

    def _step_taken(self, taken: Any, subject_id: str | None) -> None:
        if taken is None:
            return
        self._changed()
        if taken.documents and allowed(self._ctx, Permission.PRINT):
            self.open_papers(taken.documents, subject_id or "")

    def open_papers(self, documents: Any, target: str = ""):  # type: ignore[no-untyped-def]
        """The papers ``documents`` (ruleset codes or form names) of this case, for
        ``target`` (a reported person's or a hearing's id) where the paper is for one."""
        from netral_desktop.ui.case_dialogs import PapersDialog

        dialog = PapersDialog(
            self._ctx,
            self._runner,
            self.case_id,
            list(documents),
            target,
            self.case.ruleset if self.case is not None else "pemilu",
            parent=self,
        )
        dialog.issued.connect(lambda _issued: self._changed())
        dialog.open()
        return dialog

    def current_subject(self) -> Any:
        index = self.subject_table.currentIndex()
        if not index.isValid():
            return self.subjects.row_object(0) if self.subjects.rowCount() == 1 else None
        return self.subjects.row_object(index.row())

    def open_subject_steps(self):  # type: ignore[no-untyped-def]
        subject = self.current_subject()
        if subject is None:
            return None
        return self.open_steps(subject)

    def edit_case(self):  # type: ignore[no-untyped-def]
        """Change the case's facts (a decided case: the service says to reopen it first)."""
        if self.case is None or not allowed(self._ctx, Permission.CASE_LOG):
            return None
        from netral_desktop.ui.case_dialogs import NewCaseDialog

        dialog = NewCaseDialog(self._ctx, self._runner, parent=self, case=self.case)
        dialog.finished.connect(lambda _r: self._changed() if dialog.saved_id else None)
        dialog.open()
        return dialog

    # --- reported people and parties ---
    def subject_dialog(self, subject: Any):  # type: ignore[no-untyped-def]
        """Add a reported person (``subject`` None) or complete one's data."""
        if self.case is None or not allowed(self._ctx, Permission.CASE_LOG):
            return None
        from netral_desktop.ui.case_dialogs import SubjectDialog

        dialog = SubjectDialog(self._ctx, self._runner, self.case_id, subject, parent=self)
        dialog.finished.connect(lambda _r: self._changed() if dialog.saved_id else None)
        dialog.open()
        return dialog

    def party_dialog(self):  # type: ignore[no-untyped-def]
        if self.case is None or not allowed(self._ctx, Permission.CASE_LOG):
            return None
        from netral_desktop.ui.case_dialogs import PartyDialog

        dialog = PartyDialog(self._ctx, self._runner, self.case_id, parent=self)
        dialog.finished.connect(lambda _r: self._changed() if dialog.saved_id else None)
        dialog.open()
        return dialog

    # --- hearings ---
    def add_hearing(self):  # type: ignore[no-untyped-def]
        return self._hearing_dialog(None)

    def edit_hearing(self):  # type: ignore[no-untyped-def]
        index = self.hearing_table.currentIndex()
        hearing = self.hearings.row_object(index.row()) if index.isValid() else None
        if hearing is None:
            return None
        return self._hearing_dialog(hearing)

    def _hearing_dialog(self, hearing: Any):  # type: ignore[no-untyped-def]
        if self.case is None:
            return None
        from netral_desktop.ui.case_dialogs import HearingDialog

        dialog = HearingDialog(
            self._ctx,
            self._runner,
            self.case_id,
            self.case.subjects,
            self.case.parties,
            hearing,
            today=self.today,
            parent=self,
        )
        dialog.finished.connect(lambda _r: self._changed() if dialog.saved_id else None)
        dialog.open()
        return dialog

    # --- papers ---
    def print_summary(self) -> None:
        if self.case is None:
            return
        from netral_desktop.ui.case_dialogs import preview_paper

        preview_paper(
            self,
            self._ctx,
            self._runner,
            view_text.SUMMARY_FORM,
            self.case_id,
            on_issued=lambda _issued: self._changed(),
        )

    def hearing_papers(self):  # type: ignore[no-untyped-def]
        """The invitation, oath and minutes of the chosen hearing."""
        index = self.hearing_table.currentIndex()
        hearing = self.hearings.row_object(index.row()) if index.isValid() else None
        if hearing is None:
            return None
        oath = "B.11" if hearing.heard_as == "ahli" else "B.10"
        return self.open_papers(["B.9", oath, "B.12"], hearing.id)
