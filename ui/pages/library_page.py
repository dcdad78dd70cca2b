"""Library: the candidate's CV, job postings and notes, the CV's roles (correctable), and
search over all of it.

Reading, parsing, embedding, deleting and searching run through the window's task runner
(ingestion and deletion on the serial ingestion lane), so the page never freezes, each
ingestion shows progress and Cancel, and every failure reaches the error dialog.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QCursor, QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coach.errors import ErrorReport
from coach.tasks import Lane
from ui.confirm import ask
from ui.pages.library_dialogs import PastePostingDialog, empty_state, kind_menu, password_dialog
from ui.pages.library_documents import DocumentsTable, kind_label
from ui.pages.library_roles import RolesView
from ui.pages.library_search import SearchPanel
from ui.pages.library_tasks import forget_task, ingest_file_task, ingest_text_task, search_task
from ui.pages.scrolled import fill_with_scroll

if TYPE_CHECKING:
    from coach.library.retrieval import SearchResult
    from coach.library.service import IngestResult, Library

RunTask = Callable[..., Any]  # MainWindow.run_task
ShowError = Callable[[ErrorReport], Any]  # MainWindow.show_error

FILE_FILTERS = {
    "cv": "CVs (*.pdf *.docx *.md *.markdown *.txt *.json *.html *.htm);;All files (*)",
    "posting": "Job postings (*.pdf *.html *.htm *.txt *.md *.docx *.json);;All files (*)",
    "note": "Notes (*.txt *.md *.markdown *.pdf *.docx *.html *.htm);;All files (*)",
}
KIND_WORDS = {"cv": "CV", "posting": "job posting", "note": "note"}
ADD_NOTE = "Everything stays on this computer. You can also drop files onto this page."


def _note(text: str = "", name: str = "pageNote") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # titles come from files: never markup
    return label


def _needs_password(report: ErrorReport) -> bool:
    words = f"{report.message} {report.hint}".lower()
    return "encrypted" in words or "password" in words


class LibraryPage(QWidget):
    changed = Signal()  # documents were added, deleted or corrected

    def __init__(self, library: Library, *, run_task: RunTask, show_error: ShowError) -> None:
        super().__init__()
        self._library = library
        self._run_task = run_task
        self._show_error = show_error
        self._pending: dict[int, str] = {}  # ingestion number -> "Adding cv.pdf…"
        self._numbers = itertools.count()
        self.handles: list[Any] = []  # running ingestions, deletions and searches
        self.drop_menu: QMenu | None = None
        self.password_prompt: Any = None
        self.paste_dialog: PastePostingDialog | None = None
        self.setAcceptDrops(True)

        heading = QLabel("Library")
        heading.setObjectName("pageTitle")
        intro = _note(
            "Your CV, job postings and notes: the evidence every coaching step draws on. "
            "They stay on this computer."
        )
        self.notice = _note(name="pageNotice")
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setVisible(False)

        self.actions_row = self._actions_row()
        self.empty, self.empty_cv_button = empty_state(
            lambda: self.choose_files("cv"),
            lambda: self.choose_files("posting"),
            self.paste_posting,
        )
        self.content = self._content()
        # Shown one at a time; not a stacked widget, whose size would be the larger
        # one's and make the empty page scroll.
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.empty)
        body.addWidget(self.content)

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(28, 24, 28, 16)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.actions_row)
        layout.addWidget(self.notice)
        layout.addWidget(self.body, 1)
        self.scroll = fill_with_scroll(self, inner)

        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.activated.connect(self.focus_search)
        self.refresh()

    # ---- building ----------------------------------------------------------------------

    def _actions_row(self) -> QWidget:
        self.add_cv_button = QPushButton("Add &CV…")
        self.add_cv_button.clicked.connect(lambda: self.choose_files("cv"))
        self.add_posting_button = QPushButton("Add &job posting…")
        self.add_posting_button.clicked.connect(lambda: self.choose_files("posting"))
        self.paste_button = QPushButton("&Paste a posting…")
        self.paste_button.clicked.connect(self.paste_posting)
        row = QWidget()
        actions = QHBoxLayout(row)
        actions.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_cv_button, self.add_posting_button, self.paste_button):
            actions.addWidget(button)
        actions.addWidget(_note(ADD_NOTE), 1)

        return row

    def _content(self) -> QWidget:
        self.table = DocumentsTable()
        self.table.itemSelectionChanged.connect(self._document_selected)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.setToolTip("Remove the selected document everywhere (Delete)")
        self.delete_button.clicked.connect(self.delete_selected)
        self.selection_note = _note()
        below = QHBoxLayout()
        below.addWidget(self.selection_note, 1)
        below.addWidget(self.delete_button)
        documents = QGroupBox("Documents")
        box = QVBoxLayout(documents)
        box.addWidget(self.table, 1)
        box.addLayout(below)

        self.roles = RolesView(self._library)
        self.roles.saved.connect(self._role_saved)
        self.search = SearchPanel()
        self.search.box.returnPressed.connect(self.run_search)
        self.search.button.clicked.connect(self.run_search)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(documents)
        layout.addWidget(self.roles)
        layout.addWidget(self.search)
        return content

    # ---- showing -----------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the documents again (quick) and show them, or the empty state."""
        documents = self._library.documents()
        self._titles = {doc.id: doc.title or doc.source_name for doc in documents}
        self._kinds = {doc.id: doc.kind for doc in documents}
        self.table.set_documents(documents, list(self._pending.values()))
        showing = bool(documents or self._pending)
        self.content.setVisible(showing)
        self.empty.setVisible(not showing)
        self.actions_row.setVisible(showing)
        if documents and self.table.selected_id() is None:
            self.table.select_document(documents[-1].id)
        self._document_selected()

    def _document_selected(self) -> None:
        chosen = self.table.selected_id()
        self.delete_button.setEnabled(chosen is not None)
        if chosen is None:
            self.selection_note.setText("")
        else:
            roles = len(self._library.roles(chosen)) if self._kinds[chosen] == "cv" else 0
            what = kind_label(self._kinds[chosen])
            extra = f" with {roles} role{'s' if roles != 1 else ''}" if roles else ""
            self.selection_note.setText(f"{what}: {self._titles[chosen]}{extra}")
        # The roles box follows the selected CV, or shows the newest CV.
        cvs = [doc_id for doc_id, kind in self._kinds.items() if kind == "cv"]
        cv = chosen if chosen in cvs else (cvs[-1] if cvs else None)
        if cv != self.roles.document_id or cv is None:
            self.roles.show_document(cv, self._titles.get(cv, "") if cv else "")

    def say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def focus_search(self) -> None:
        if not self.content.isHidden():
            self.scroll.ensureWidgetVisible(self.search)
            self.search.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.search.box.selectAll()

    # ---- adding ------------------------------------------------------------------------

    def choose_files(self, kind: str) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, f"Add a {KIND_WORDS[kind]}", str(Path.home()), FILE_FILTERS[kind]
        )
        if paths:
            self.add_files([Path(p) for p in paths], kind=kind)

    def add_files(
        self, paths: Sequence[Path], *, kind: str, password: str | None = None
    ) -> list[Any]:
        """Ingest each file on the ingestion lane: a row and progress while it runs."""
        return [self._start_file(Path(path), kind, password) for path in paths]

    def _start_file(self, path: Path, kind: str, password: str | None) -> Any:
        return self._start(
            f"Adding {path.name}",
            ingest_file_task,
            self._library,
            path,
            kind,
            password,
            on_error=lambda report: self._file_failed(path, kind, report),
        )

    def add_text(self, text: str, *, kind: str, title: str = "", company: str = "") -> Any:
        name = title or f"pasted {KIND_WORDS[kind]}"
        return self._start(
            f"Adding {name}", ingest_text_task, self._library, kind, (text, title, company)
        )

    def _start(
        self,
        title: str,
        fn: Callable[..., Any],
        *args: Any,
        on_error: Callable[[ErrorReport], None] | None = None,
    ) -> Any:
        number = next(self._numbers)
        self._pending[number] = f"{title}…"
        handle = self._run_task(
            fn,
            *args,
            title=title,
            lane=Lane.INGEST,
            on_result=self._added,
            on_error=on_error or self._show_error,
        )
        self._track(handle, lambda: self._pending.pop(number, None))
        self.refresh()
        return handle

    def _track(self, handle: Any, then: Callable[[], object] | None = None) -> None:
        self.handles.append(handle)

        def done() -> None:
            self.handles.remove(handle)
            if then is not None:
                then()
                self.refresh()

        handle.finished.connect(done)

    def _added(self, result: IngestResult) -> None:
        if not result.created:
            self.say(f"{result.title} is already in the library: nothing was added.")
        else:
            what = KIND_WORDS[result.kind]
            found = f"{result.roles} roles and " if result.kind == "cv" else ""
            text = f"Added {what} {result.title}: {found}{result.chunks} passages."
            if result.warnings:
                text += " " + " ".join(result.warnings)
            self.say(text)
            self.changed.emit()
        self.refresh()
        self.table.select_document(result.document_id)

    def _file_failed(self, path: Path, kind: str, report: ErrorReport) -> None:
        if not (path.suffix.lower() == ".pdf" and _needs_password(report)):
            self._show_error(report)
            return
        prompt = password_dialog(self, path.name, report.message)
        self.password_prompt = prompt

        def retry(password: str) -> None:
            if password:
                self._start_file(path, kind, password)

        prompt.textValueSelected.connect(retry)
        prompt.finished.connect(lambda _code: setattr(self, "password_prompt", None))
        prompt.open()

    def paste_posting(self) -> PastePostingDialog:
        dialog = PastePostingDialog(self)
        self.paste_dialog = dialog

        def accepted() -> None:
            text, title, company = dialog.values()
            self.add_text(text, kind="posting", title=title, company=company)

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _code: setattr(self, "paste_dialog", None))
        dialog.open()
        return dialog

    # ---- drag and drop -----------------------------------------------------------------

    @staticmethod
    def _local_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [path for path in self._local_files(event) if path.is_file()]
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.ask_kind(paths, self.mapToGlobal(event.position().toPoint()))

    def ask_kind(self, paths: Sequence[Path], where: QPoint | None = None) -> QMenu:
        """A small menu at the drop: add the dropped files as a CV, a posting or a note."""
        menu = kind_menu(self, paths, lambda kind: self.add_files(paths, kind=kind))
        self.drop_menu = menu
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(where if where is not None else QCursor.pos())
        return menu

    # ---- deleting ----------------------------------------------------------------------

    def confirm(self, title: str, text: str, action: str) -> bool:
        """Ask before deleting; Cancel is the default button."""
        return ask(self, title, text, action, destructive=True)

    def delete_selected(self) -> Any:
        document_id = self.table.selected_id()
        if document_id is None:
            return None
        title = self._titles[document_id]
        what = KIND_WORDS[self._kinds[document_id]]
        if not self.confirm(
            f"Delete this {what}?",
            f"Delete {title} from the library? Its passages and any corrections you made "
            "go with it. The file on your disk is not touched.",
            "Delete",
        ):
            return None
        handle = self._run_task(
            forget_task, self._library, document_id, title=f"Deleting {title}", lane=Lane.INGEST
        )
        handle.succeeded.connect(lambda _ok: self._deleted(title))
        self._track(handle)
        return handle

    def _deleted(self, title: str) -> None:
        self.say(f"Deleted {title}.")
        self.search.clear_results()
        self.refresh()
        self.changed.emit()

    # ---- corrections and search ----------------------------------------------------------

    def _role_saved(self, _role_id: int) -> None:
        self.say("Role saved. Your correction is kept.")
        self._document_selected()
        self.changed.emit()

    def run_search(self) -> Any:
        query = self.search.query()
        if not query:
            return None
        self.search.searching(query)
        self.scroll.ensureWidgetVisible(self.search)
        handle = self._run_task(
            search_task,
            self._library,
            query,
            title="Searching the library",
            on_result=lambda result: self._found(query, result),
        )
        self._track(handle)
        return handle

    def _found(self, query: str, result: SearchResult) -> None:
        self.search.show_result(query, result, self._titles)
