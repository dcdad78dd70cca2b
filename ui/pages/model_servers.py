"""Models on a server (llama.cpp server, Ollama, LM Studio, vLLM): the list, the form
that adds one, and Use / Test this model / Remove. Where each model runs is shown in
words; a public address needs a box ticked that says what leaves the computer.

Listing a server's models, adding (which checks the address and the list) and testing
run through the task runner; nothing here talks to the network on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coach.errors import ErrorReport, report_for
from coach.tasks import Lane, TaskContext
from models.describe import fitness_text
from models.errors import ModelError
from models.fitness import FitnessResult
from models.manager import ModelManager
from models.remote_address import PUBLIC_CONSENT
from models.remote_store import RemoteModel

RunTask = Callable[..., Any]
ShowError = Callable[[ErrorReport], Any]


def list_task(
    ctx: TaskContext, manager: ModelManager, url: str, api_key: str, allow_public: bool
) -> tuple[list[str], str]:
    ctx.progress(0, None, f"asking {url} for its models")
    return manager.remote.server_models(url, api_key=api_key, allow_public=allow_public)


def add_task(ctx: TaskContext, manager: ModelManager, fields: dict[str, Any]) -> RemoteModel:
    ctx.progress(0, None, f"checking {fields['url']}")
    return manager.remote.add(fields.pop("name"), fields.pop("url"), **fields)


def test_task(ctx: TaskContext, manager: ModelManager, name: str) -> FitnessResult:
    return manager.remote.check(name, report=ctx.progress, should_stop=lambda: ctx.cancelled)


class ServerDialog(QDialog):
    """The settings of one server model."""

    def __init__(self, manager: ModelManager, run_task: RunTask, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a model on a server")
        self._manager = manager
        self._run_task = run_task
        self.name = QLineEdit()
        self.name.setPlaceholderText("desktop-gpu")
        self.url = QLineEdit()
        self.url.setPlaceholderText("http://192.168.1.20:8080/v1")
        self.list_button = QPushButton("&List models")
        self.list_button.clicked.connect(self.list_models)
        self.model = QComboBox()
        self.model.setEditable(True)
        self.kind = QComboBox()
        self.kind.addItems(["chat", "embedding"])
        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(1, 3600)
        self.timeout.setValue(60)
        self.timeout.setSuffix(" s")
        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key.setPlaceholderText("optional; kept in the system keyring")
        self.allow_public = QCheckBox(PUBLIC_CONSENT)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        url_row = QHBoxLayout()
        url_row.addWidget(self.url, 1)
        url_row.addWidget(self.list_button)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Address", url_row)
        form.addRow("&Model", self.model)
        form.addRow("&Kind", self.kind)
        form.addRow("&Timeout", self.timeout)
        form.addRow("API &key", self.api_key)
        form.addRow(self.allow_public)
        form.addRow(self.where)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def list_models(self) -> Any:
        handle = self._run_task(
            list_task,
            self._manager,
            self.url.text(),
            self.api_key.text(),
            self.allow_public.isChecked(),
            title="Listing the server's models",
            on_result=self._listed,
        )
        return handle

    def _listed(self, result: tuple[list[str], str]) -> None:
        names, place = result
        self.model.clear()
        self.model.addItems(names)
        self.where.setText(f"The server runs {place}.")

    def fields(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "url": self.url.text().strip(),
            "model": self.model.currentText().strip(),
            "kind": self.kind.currentText(),
            "timeout_seconds": self.timeout.value(),
            "allow_public": self.allow_public.isChecked(),
            "api_key": self.api_key.text(),
        }


class ServerModels(QGroupBox):
    chosen = Signal(str, object)  # kind, RemoteModel
    said = Signal(str)  # a line for the page's notice

    def __init__(self, manager: ModelManager, *, run_task: RunTask, show_error: ShowError) -> None:
        super().__init__("Models on a server")
        self._manager = manager
        self._run_task = run_task
        self._show_error = show_error
        self.dialog: ServerDialog | None = None
        note = QLabel(
            "A llama.cpp server, Ollama, LM Studio or vLLM on this computer or your network. "
            "Your CV and answers go to that server."
        )
        note.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Models on a server")
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.add_button = QPushButton("Add a &server…")
        self.add_button.clicked.connect(self.open_dialog)
        self.use_button = QPushButton("Us&e this server model")
        self.use_button.clicked.connect(lambda: self.use(self._selected()))
        self.test_button = QPushButton("Test this server model")
        self.test_button.clicked.connect(lambda: self.test(self._selected()))
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.use_button, self.test_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(buttons)
        layout.addWidget(self.list)
        self.refresh()

    def refresh(self) -> None:
        current = self._selected()
        self.list.clear()
        for model in self._manager.remote.all():
            mark = "● " if model.active else ""
            text = f"{mark}{model.name}: {model.kind}, {model.model} at {model.base_url}"
            text += f"\n    {model.place}"
            if model.fitness is not None:
                text += f"\n    tested: {fitness_text(model.fitness)}. {model.fitness.verdict}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, model.name)
            self.list.addItem(item)
            if current is not None and current.name == model.name:
                self.list.setCurrentItem(item)
        self._update_buttons()

    def _selected(self) -> RemoteModel | None:
        item = self.list.currentItem()
        return self._manager.remote.get(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _update_buttons(self) -> None:
        model = self._selected()
        for button in (self.use_button, self.remove_button):
            button.setEnabled(model is not None)
        self.test_button.setEnabled(model is not None and model.kind == "chat")

    def open_dialog(self) -> ServerDialog:
        self.dialog = ServerDialog(self._manager, self._run_task, self)
        self.dialog.accepted.connect(lambda: self.add(self.dialog.fields() if self.dialog else {}))
        self.dialog.open()
        return self.dialog

    def add(self, fields: dict[str, Any]) -> Any:
        return self._run_task(
            add_task,
            self._manager,
            dict(fields),
            title=f"Adding {fields.get('name', 'the server')}",
            on_result=self._added,
        )

    def _added(self, model: RemoteModel) -> None:
        self.refresh()
        self.said.emit(f"{model.name} added: {model.model}, {model.place}.")

    def use(self, model: RemoteModel | None) -> RemoteModel | None:
        if model is None:
            return None
        try:
            chosen = self._manager.remote.use(model.name)
        except ModelError as exc:
            self._show_error(report_for(exc, "choosing the server model"))
            return None
        self.refresh()
        self.said.emit(f"{chosen.name} is now the {chosen.kind} model; it runs {chosen.place}.")
        self.chosen.emit(chosen.kind, chosen)
        return chosen

    def test(self, model: RemoteModel | None) -> Any:
        if model is None:
            return None
        return self._run_task(
            test_task,
            self._manager,
            model.name,
            title=f"Testing {model.name}",
            lane=Lane.MODEL,
            on_result=lambda result: self._tested(model, result),
        )

    def _tested(self, model: RemoteModel, result: FitnessResult) -> None:
        self.refresh()
        self.said.emit(f"{model.name}: {fitness_text(result)}. {result.verdict}")

    def _remove(self) -> None:
        model = self._selected()
        if model is not None:
            self._manager.remote.remove(model.name)
            self.refresh()
