"""The sidebar's pages: their order, names, shortcuts, and what each placeholder promises
(pages that are built have no `coming` list)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QStyle


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    icon: QStyle.StandardPixmap
    summary: str
    coming: tuple[str, ...] = ()


SP = QStyle.StandardPixmap

PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "library",
        "Library",
        SP.SP_DirHomeIcon,
        "Your CV, job postings and notes, kept on this computer and searchable as evidence.",
    ),
    PageSpec(
        "resume",
        "Résumé",
        SP.SP_FileDialogDetailedView,
        "Refresh your résumé one role at a time: the coach asks, you answer by typing or speaking.",
    ),
    PageSpec(
        "stories",
        "Stories",
        SP.SP_FileDialogContentsView,
        "Your bank of STAR stories, tagged by competency and the level they show.",
    ),
    PageSpec(
        "opportunities",
        "Opportunities",
        SP.SP_DialogApplyButton,
        "Prepare for one posting at a time.",
    ),
    PageSpec(
        "practice",
        "Practice",
        SP.SP_MediaPlay,
        "Mock rounds of the four-part loop, scored on framing, diagnosis, taste, "
        "verification and communication.",
    ),
    PageSpec(
        "models",
        "Models",
        SP.SP_ComputerIcon,
        "Local models for coaching and dictation. Without one, coaching is rule-based.",
    ),
    PageSpec("settings", "Settings", SP.SP_FileDialogInfoView, ""),
)
