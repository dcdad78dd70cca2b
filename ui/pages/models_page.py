"""Models: which local models coach, search and listen; recommended downloads; the models
already on this computer, used where they are; and a speed check on this machine.

Everything slow (a download, a checksum, a disk scan, reading a file's header, loading a
model to test it) goes through the window's task runner, so the page never freezes and
every failure reaches the error dialog. Choosing the active model is one small JSON write
and happens here, on the GUI thread.
"""

from __future__ import annotations

import dataclasses
import html
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coach.errors import ErrorReport, report_for
from coach.tasks import Lane, Progress
from models.catalog import CatalogEntry
from models.describe import fitness_text
from models.errors import ModelError
from models.fitness import FitnessResult
from models.manager import LocalModel, ModelManager
from models.remote_store import RemoteModel
from ui.pages.model_servers import ServerModels
from ui.pages.model_tables import (
    KIND_ROLES,
    CatalogTable,
    LocalTable,
    fit_column,
    kind_label,
    make_table,
    size_columns,
)
from ui.pages.model_tasks import (
    SCAN_PLACES,
    add_task,
    check_task,
    discover_task,
    download_task,
    verify_task,
)
from ui.pages.scrolled import fill_with_scroll

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
RunTask = Callable[..., Any]  # MainWindow.run_task
ShowError = Callable[[ErrorReport], Any]  # MainWindow.show_error

GB = 1_000_000_000
MB = 1_000_000
KINDS = ("chat", "embedding", "speech")

UNCONFIRMED = {"sha256": "checksum", "size_bytes": "size"}
NO_ACTIVE = {
    "chat": "None: rule-based coaching",
    "embedding": "None: keyword search only",
    "speech": "None: typing only",
}
SCAN_BEFORE = "Models you downloaded or added, and ones other apps keep. Nothing is copied."


# ---- the page --------------------------------------------------------------------------


class ActiveModels(QGroupBox):
    """Which model does what right now, one column per kind."""

    def __init__(self) -> None:
        super().__init__("Active models")
        grid = QGridLayout(self)
        self.names: dict[str, QLabel] = {}
        for column, kind in enumerate(KINDS):
            caption = QLabel(f"<b>{kind_label(kind)}</b>")
            caption.setToolTip(KIND_ROLES[kind])
            name = QLabel()
            name.setObjectName("activeModel")
            name.setTextFormat(Qt.TextFormat.PlainText)
            name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            name.setWordWrap(True)
            grid.addWidget(caption, 0, column)
            grid.addWidget(name, 1, column)
            grid.setColumnStretch(column, 1)
            self.names[kind] = name

    def show_model(self, kind: str, model: LocalModel | None) -> None:
        label = self.names[kind]
        if model is None:
            label.setText(NO_ACTIVE[kind])
            label.setToolTip("")
        elif model.problem:
            label.setText(f"{model.name} (cannot be used: {model.problem})")
            label.setToolTip(str(model.path))
        else:
            label.setText(model.name)
            label.setToolTip(str(model.path))

    def show_server_model(self, kind: str, model: RemoteModel) -> None:
        """Where it runs, in words: the candidate's text goes there."""
        label = self.names[kind]
        label.setText(f"{model.name} ({model.model}), {model.place or 'on ' + model.base_url}")
        label.setToolTip(model.base_url)

    def text(self, kind: str) -> str:
        return self.names[kind].text()


class ModelsPage(QWidget):
    chat_model_chosen = Signal(object)  # the new chat model: a pathlib.Path or a RemoteModel
    model_chosen = Signal(str, object)  # kind, and a pathlib.Path or RemoteModel made active

    def __init__(self, manager: ModelManager, *, run_task: RunTask, show_error: ShowError) -> None:
        super().__init__()
        self._manager = manager
        self._run_task = run_task
        self._show_error = show_error
        self._found: list[LocalModel] = []  # the last scan's models, not registered
        self._scanned = False
        self._scan: Any = None  # the running scan's handle
        self._downloading: str | None = None  # the catalog id being downloaded
        self._rescan = False  # the folders changed during a scan: look once more after it
        self._testing: set[Path] = set()

        heading = QLabel("Models")
        heading.setObjectName("pageTitle")
        intro = _note(
            "Models run on this computer: nothing you write leaves it, unless you choose a "
            "model on a server below. Without a chat model, coaching is rule-based."
        )
        self.notice = QLabel()
        self.notice.setObjectName("pageNotice")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setVisible(False)
        self.active_box = ActiveModels()

        # A plain layout rather than a splitter: a splitter ignores the height that wrapped
        # text needs, and the details under the catalog would overlap its table.
        catalog_box = self._catalog_box()
        local_box = self._local_box()
        self.servers = ServerModels(manager, run_task=run_task, show_error=show_error)
        self.servers.said.connect(self._say)
        self.servers.chosen.connect(self._server_chosen)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(28, 24, 28, 16)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.active_box)
        layout.addWidget(self.notice)
        layout.addWidget(catalog_box, 1)
        layout.addWidget(local_box, 1)
        layout.addWidget(self.servers)
        # In a small window the page scrolls rather than squashing the tables to a row.
        fill_with_scroll(self, content)
        # Tab follows the page top to bottom (the list's buttons sit above its table).
        order = [
            self.catalog_view,
            self.catalog_details,
            self.download_button,
            self.add_button,
            self.scan_button,
            self.local_view,
            self.use_button,
            self.test_button,
            self.verify_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

        self.refresh()

    # ---- building ----------------------------------------------------------------------

    def _catalog_box(self) -> QGroupBox:
        self.catalog_model = CatalogTable()
        self.catalog_view = make_table(self.catalog_model, "Recommended models", min_rows=4)
        size_columns(self.catalog_view, CatalogTable.COLUMNS, stretch="Licence")
        self.catalog_view.selectionModel().selectionChanged.connect(self._catalog_selected)
        self.catalog_details = _note()
        self.catalog_details.setTextFormat(Qt.TextFormat.RichText)
        self.catalog_details.setOpenExternalLinks(True)
        # Links reachable with Tab and opened with Enter, not only with the mouse.
        self.catalog_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.download_button = QPushButton("&Download")
        self.download_button.clicked.connect(self._download_selected)
        row = QHBoxLayout()
        row.addWidget(self.catalog_details, 1)
        row.addWidget(self.download_button, 0, Qt.AlignmentFlag.AlignTop)

        box = QGroupBox("Recommended models")
        layout = QVBoxLayout(box)
        layout.addWidget(self.catalog_view, 1)
        layout.addLayout(row)
        return box

    def _local_box(self) -> QGroupBox:
        self.local_model = LocalTable()
        self.local_view = make_table(self.local_model, "Models on this computer", min_rows=3)
        # Names can be long ("publisher/repo/file" from LM Studio): the name column fits
        # them up to a cap (see _fit_column) and the test result takes the spare width.
        size_columns(self.local_view, LocalTable.COLUMNS, stretch="Test result", sized={"Name"})
        self.local_view.selectionModel().selectionChanged.connect(self._local_selected)
        self.local_view.activated.connect(self._use_activated)
        self.empty_local = QLabel(
            "No models on this computer yet. Download one above, add a GGUF file you have, "
            "or list the folders you keep models in under Settings."
        )
        self.empty_local.setObjectName("emptyState")
        self.empty_local.setWordWrap(True)
        self.empty_local.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.local_stack = QStackedWidget()
        self.local_stack.addWidget(self.local_view)
        self.local_stack.addWidget(self.empty_local)
        self.local_details = _note()
        self.local_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.use_button = QPushButton("&Use")
        self.use_button.setToolTip(
            "Make it the active model of its kind (or double-click it, or press Enter)"
        )
        self.use_button.clicked.connect(self._use_selected)
        self.test_button = QPushButton("&Test this model")
        self.test_button.setToolTip("Load it and measure speed, reliability and memory here")
        self.test_button.clicked.connect(self._test_selected)
        self.verify_button = QPushButton("&Verify")
        self.verify_button.setToolTip(
            "Check the file against the checksum its publisher lists (catalog downloads only)"
        )
        self.verify_button.clicked.connect(self._verify_selected)
        # One button with a menu: a GGUF file is the usual case, a speech model is a folder
        # (and two buttons would not fit beside the scan note in a narrow window).
        add_menu = QMenu(self)
        self.add_file_action = add_menu.addAction(
            "A model &file (GGUF: chat or embedding)…", self._choose_file
        )
        self.add_folder_action = add_menu.addAction(
            "A speech model f&older (faster-whisper)…", self._choose_folder
        )
        self.add_button = QPushButton("&Add a model")
        self.add_button.setToolTip("Register a model you already have; it stays where it is")
        self.add_button.setMenu(add_menu)
        self.scan_button = QPushButton("&Scan again")
        self.scan_button.setToolTip(
            "Look again in LM Studio, Ollama, GPT4All and Hugging Face folders and yours"
        )
        self.scan_button.clicked.connect(self._scan_clicked)

        # Actions on the whole list sit above it, actions on the selected row below it:
        # two short rows also keep the page usable in a narrow window.
        self.scan_state = _note(SCAN_BEFORE)
        self.scan_state.setMinimumWidth(180)  # wraps to a few lines, never to one word each
        self.scan_state.setToolTip(
            "Models are used where they are, never copied. The scan covers LM Studio, "
            "Ollama, GPT4All and Hugging Face, and the folders listed in Settings."
        )
        top = QHBoxLayout()
        top.addWidget(self.scan_state, 1)
        for button in (self.add_button, self.scan_button):
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        bottom = QHBoxLayout()
        for button in (self.use_button, self.test_button, self.verify_button):
            bottom.addWidget(button)
        bottom.addStretch(1)

        box = QGroupBox("On this computer")
        layout = QVBoxLayout(box)
        layout.addLayout(top)
        layout.addWidget(self.local_stack, 1)
        layout.addWidget(self.local_details)
        layout.addLayout(bottom)
        return box

    # ---- showing what is there -----------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._scanned:
            self.scan()  # the first look at the page finds what other apps downloaded

    def refresh(self) -> None:
        """Read the catalog status, the registry and the active models again (all quick)."""
        manager = self._manager
        entry = self.selected_entry()
        self.catalog_model.set_rows([(e, manager.status(e)) for e in manager.catalog])
        self._select(self.catalog_view, self.catalog_model.row_of(entry.id) if entry else 0)

        chosen = self.selected_local()
        installed = manager.installed()
        known = {model.path for model in installed}
        active = set(manager.registry.active().values())
        # A found model becomes registered once used or tested; show it once, as registered.
        found = [
            _with_active(model, model.path in active)
            for model in self._found
            if model.path not in known
        ]
        rows = sorted([*installed, *found], key=_local_order)
        self.local_model.set_rows(rows)
        self.local_stack.setCurrentWidget(self.empty_local if not rows else self.local_view)
        fit_column(self.local_view, LocalTable.COLUMNS.index("Name"), most=36)
        self._select(self.local_view, self.local_model.row_of(chosen.path) if chosen else 0)

        for kind in KINDS:
            remote = manager.remote.active(kind) if kind != "speech" else None
            if remote is not None:
                self.active_box.show_server_model(kind, remote)
            else:
                self.active_box.show_model(kind, manager.active(kind))
        if hasattr(self, "servers"):
            self.servers.refresh()
        # A model reset clears the selection without a signal: bring the details along.
        self._catalog_selected()
        self._local_selected()

    @staticmethod
    def _select(view: QTableView, row: int) -> None:
        count = view.model().rowCount()
        if count:
            view.selectRow(max(0, min(row, count - 1)))

    def select_local(self, path: Path) -> None:
        row = self.local_model.row_of(path)
        if row < 0:
            raise LookupError(f"{path} is not in the table")
        self.local_view.selectRow(row)

    def select_entry(self, entry_id: str) -> None:
        self.catalog_view.selectRow(self.catalog_model.row_of(entry_id))

    def selected_entry(self) -> CatalogEntry | None:
        rows = self.catalog_view.selectionModel().selectedRows()
        return self.catalog_model.entry(rows[0].row()) if rows else None

    def selected_local(self) -> LocalModel | None:
        rows = self.local_view.selectionModel().selectedRows()
        return self.local_model.row(rows[0].row()) if rows else None

    def _catalog_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            self.catalog_details.setText("")
        else:
            links = []
            if entry.publisher_page:
                links.append(f'<a href="{html.escape(entry.publisher_page)}">Publisher page</a>')
            if entry.licence_url:
                links.append(
                    f'<a href="{html.escape(entry.licence_url)}">'
                    f"Licence: {html.escape(entry.licence)}</a>"
                )
            unconfirmed = ", ".join(UNCONFIRMED.get(item, item) for item in entry.unconfirmed)
            caution = (
                f"<br><i>The publisher has not confirmed its {unconfirmed} yet.</i>"
                if unconfirmed
                else ""
            )
            self.catalog_details.setText(
                f"<b>{html.escape(entry.name)}</b>: {html.escape(entry.recommended_for)}"
                f"<br>{' · '.join(links)}{caution}"
            )
        self._update_buttons()

    def _local_selected(self) -> None:
        model = self.selected_local()
        self.local_details.setVisible(model is not None)
        if model is None:
            self.local_details.setText("")
        else:
            details = [str(model.path)]
            if model.problem:
                details.append(f"Cannot be used: {model.problem}.")
            elif model.fitness is not None and model.fitness.verdict:
                details.append(model.fitness.verdict)
            self.local_details.setText(" — ".join(details))
        self._update_buttons()

    def _update_buttons(self) -> None:
        entry = self.selected_entry()
        status = self._manager.status(entry) if entry else "available"
        self.download_button.setText("&Resume download" if status == "partial" else "&Download")
        self.download_button.setEnabled(entry is not None and status != "installed")
        if self._downloading is not None:
            self.download_button.setToolTip(
                "One download at a time: wait for the current one, or cancel it in the "
                "status bar (it resumes later)"
            )
        elif status == "installed":
            self.download_button.setToolTip("Already on this computer")
        else:
            self.download_button.setToolTip(
                "Downloads go to Loopcoach's models folder, resume if interrupted and are "
                "checked against the publisher's checksum"
            )

        model = self.selected_local()
        usable = model is not None and model.usable and model.kind in KINDS
        self.use_button.setText(f"&Use as {model.kind} model" if usable and model else "&Use")
        self.use_button.setEnabled(usable and model is not None and not model.active)
        self.test_button.setEnabled(
            model is not None
            and model.usable
            and model.kind in ("chat", "embedding")
            and model.path not in self._testing
        )
        self.verify_button.setEnabled(model is not None and model.usable and bool(model.catalog_id))
        self.scan_button.setEnabled(self._scan is None)

    def _server_chosen(self, kind: str, model: RemoteModel) -> None:
        self.refresh()
        self.model_chosen.emit(kind, model)
        if kind == "chat":
            self.chat_model_chosen.emit(model)

    def _say(self, text: str) -> None:
        """The outcome of the last action, kept on the page until the next one."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # ---- catalog: download ---------------------------------------------------------------

    def _download_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.download(entry.id)

    def download(self, entry_id: str) -> Any:
        """Download (or resume) a catalog model in the background. One download at a time:
        a second request is refused with a note rather than queued behind a long one, so
        nothing starts later by surprise."""
        entry = self._manager.entry(entry_id)
        if self._downloading is not None:
            running = self._manager.entry(self._downloading).name
            if self._downloading == entry.id:
                self._say(f"{entry.name} is downloading: its progress is in the status bar.")
                return None
            self._say(
                f"{running} is still downloading: one download at a time. Cancel it in the "
                f"status bar (it resumes later) to download {entry.name} first."
            )
            return None
        if self._manager.status(entry) == "installed":
            self._say(f"{entry.name} is already on this computer.")
            return None
        handle = self._run_task(
            download_task,
            self._manager,
            entry.id,
            title=f"Downloading {entry.name}",
            lane=Lane.GENERAL,
            on_result=self._downloaded,
        )
        self._downloading = entry.id
        self.catalog_model.set_live(entry.id, "Downloading…")
        handle.progress.connect(lambda value, eid=entry.id: self._download_progress(eid, value))
        handle.cancelled.connect(
            lambda: self._say(f"Download of {entry.name} paused. Choose Resume to continue.")
        )
        handle.finished.connect(lambda eid=entry.id: self._download_finished(eid))
        self._update_buttons()
        return handle

    def _download_progress(self, entry_id: str, value: Progress) -> None:
        # Before resuming, the bytes already on disk are hashed: say so, not "downloading".
        doing = "Checking" if value.text.startswith("checking") else "Downloading"
        percent = f": {round(value.fraction * 100)}%" if value.fraction is not None else "…"
        self.catalog_model.set_live(entry_id, f"{doing}{percent}")

    def _downloaded(self, model: LocalModel) -> None:
        self.refresh()
        self.select_local(model.path)
        self._say(f"{model.name} is downloaded and verified. {_how_to_use(model)}")

    def _download_finished(self, entry_id: str) -> None:
        self._downloading = None
        self.catalog_model.set_live(entry_id, None)
        self.refresh()

    # ---- on this computer ------------------------------------------------------------------

    def scan(self) -> Any:
        """Look for models other apps downloaded and in the folders from Settings."""
        if self._scan is not None:
            return self._scan
        self._scanned = True
        self.scan_state.setText(f"{SCAN_PLACES}…")
        self._scan = self._run_task(
            discover_task,
            self._manager,
            title="Looking for models on this computer",
            lane=Lane.GENERAL,
            on_result=self._found_models,
        )
        self._scan.finished.connect(self._scan_finished)
        self._update_buttons()
        return self._scan

    def rescan_if_scanned(self) -> None:
        """After the model folders in Settings change: look again, if the page has looked."""
        if self._scan is not None:
            self._rescan = True
        elif self._scanned:
            self.scan()

    def _scan_clicked(self) -> None:
        self.scan()

    def _found_models(self, found: list[LocalModel]) -> None:
        self._found = found
        self.refresh()
        unusable = sum(1 for model in found if not model.usable)
        if not found:
            self.scan_state.setText(
                "Nothing more found in other apps' folders or yours (see Settings)."
            )
            return
        files = f"{len(found)} model file{'s' if len(found) != 1 else ''}"
        problems = f", {unusable} of them unusable" if unusable else ""
        self.scan_state.setText(f"Found {files} in other apps' folders and yours{problems}.")

    def _scan_finished(self) -> None:
        self._scan = None
        if self.scan_state.text().endswith("…"):  # failed or cancelled: no count to show
            self.scan_state.setText(SCAN_BEFORE)
        self._update_buttons()
        if self._rescan:
            self._rescan = False
            self.scan()

    def add_model(self, path: Path) -> Any:
        """Register a GGUF file or a faster-whisper folder where it is (read in the
        background: a large file's header takes a moment)."""
        return self._run_task(
            add_task,
            self._manager,
            Path(path),
            title=f"Adding {Path(path).name}",
            lane=Lane.GENERAL,
            on_result=self._added,
        )

    def _added(self, model: LocalModel) -> None:
        self.refresh()
        self.select_local(model.path)
        self._say(f"Added {model.name}. {_how_to_use(model)}")
        self.local_view.setFocus()

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Add a model file", "", "GGUF models (*.gguf);;All files (*)"
        )
        if path:
            self.add_model(Path(path))

    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Add a faster-whisper model folder")
        if path:
            self.add_model(Path(path))

    def _use_activated(self) -> None:
        if self.use_button.isEnabled():  # a usable model, not already in use
            self._use_selected()

    def _use_selected(self) -> None:
        model = self.selected_local()
        if model is not None:
            self.use(model.path)

    def use(self, path: Path) -> LocalModel | None:
        """Make a model the active one of its own kind: an embedding model can never
        become the chat model this way. Errors go to the error dialog."""
        model = self._model_at(path)
        try:
            chosen = self._manager.use(str(model.path), kind=model.kind)
        except (ModelError, OSError) as exc:
            self._show_error(report_for(exc, "choosing the model"))
            return None
        self.refresh()
        self._say(f"{chosen.name} is now the {chosen.kind} model.")
        self.model_chosen.emit(chosen.kind, chosen.path)
        if chosen.kind == "chat":
            self.chat_model_chosen.emit(chosen.path)
        return chosen

    def _test_selected(self) -> None:
        model = self.selected_local()
        if model is not None:
            self.test_model(model.path)

    def test_model(self, path: Path) -> Any:
        """Load the model on the model lane and measure it; the result is stored."""
        model = self._model_at(path)
        if model.path in self._testing:
            return None
        self._testing.add(model.path)
        self.local_model.set_live(model.path, "Waiting to test…")
        handle = self._run_task(
            check_task,
            self._manager,
            model.path,
            title=f"Testing {model.name}",
            lane=Lane.MODEL,  # it loads the model: one inference at a time
            on_result=lambda result: self._tested(model, result),
        )
        handle.progress.connect(lambda value: self._test_progress(model.path, value))
        handle.finished.connect(lambda: self._test_finished(model.path))
        self._update_buttons()
        return handle

    def _test_progress(self, path: Path, value: Progress) -> None:
        if value.text and value.text != "Done":  # "Done" would flash just before the result
            self.local_model.set_live(path, f"Testing: {value.text[:1].lower()}{value.text[1:]}…")

    def _tested(self, model: LocalModel, result: FitnessResult) -> None:
        self._say(f"{model.name}: {fitness_text(result)}. {result.verdict}")

    def _test_finished(self, path: Path) -> None:
        self._testing.discard(path)
        self.local_model.set_live(path, None)
        self.refresh()

    def _verify_selected(self) -> None:
        model = self.selected_local()
        if model is not None:
            self.verify(model.path)

    def verify(self, path: Path) -> Any:
        """Re-hash a catalog download against its published sha256, in the background."""
        model = self._model_at(path)
        if not model.catalog_id:
            self._say(f"{model.name} did not come from the catalog: there is no checksum to check.")
            return None
        return self._run_task(
            verify_task,
            self._manager,
            model.catalog_id,
            title=f"Checking {model.name}",
            lane=Lane.GENERAL,
            on_result=lambda message: self._say(f"✓ {message}"),
        )

    def _model_at(self, path: Path) -> LocalModel:
        row = self.local_model.row_of(Path(path))
        return self.local_model.row(row) if row >= 0 else self._manager.describe(Path(path))


def _how_to_use(model: LocalModel) -> str:
    if model.kind not in KINDS:
        kind = kind_label(model.kind).lower()
        article = "an" if kind[:1] in "aeiou" else "a"
        return f"It is {article} {kind} model, which Loopcoach does not use."
    return f"Choose “Use as {model.kind} model” below to make it the active {model.kind} model."


def _with_active(model: LocalModel, active: bool) -> LocalModel:
    return model if model.active == active else dataclasses.replace(model, active=active)


def _local_order(model: LocalModel) -> tuple[int, int, str]:
    """Usable models first, grouped by kind (chat, embedding, speech), then by name."""
    kind = KINDS.index(model.kind) if model.kind in KINDS else len(KINDS)
    return (1 if model.problem else 0, kind, model.name.lower())


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("pageNote")
    # Names and paths come from files on disk: never let them be read as markup.
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
