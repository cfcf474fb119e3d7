"""Help inside the app: the project's own docs/*.md rendered offline, images included.

QTextBrowser.setMarkdown renders the pages; links between pages, anchors and pictures resolve
against docs/ through the search path. A link leaving the project opens nothing.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QDesktopServices, QImageReader, QTextCursor
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget,
)

DOCS_DIR = Path(__file__).resolve().parents[2] / "docs"
PAGES = {
    "user_guide.md": "User guide",
    "budget_format.md": "The budget workbook",
    "export_format.md": "The exported plan",
    "command_line.md": "The command line",
    "project_format.md": "The project file",
    "planning.md": "Planning the path",
    "rules.md": "Classification rules",
    "reading_untrusted_files.md": "Reading files safely",
    "glossary.md": "Glossary",
}


def docs_available() -> bool:
    return (DOCS_DIR / "user_guide.md").is_file()


class MarkdownBrowser(QTextBrowser):
    """A QTextBrowser that loads .md pages as markdown (Qt would show them as plain text)."""

    def __init__(self, docs_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.docs_dir = docs_dir
        self.setOpenLinks(False)
        self.setSearchPaths([str(docs_dir)])
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.current_page = ""

    def show_page(self, name: str, anchor: str = "") -> None:
        path = self.docs_dir / name
        if not path.is_file():
            self.setMarkdown(f"# Help not found\n\n`{name}` is not in `{self.docs_dir}`: the "
                             "docs/ folder ships with the project checkout.")
            return
        self.current_page = name
        self.document().setBaseUrl(QUrl.fromLocalFile(str(path)))
        self.setMarkdown(path.read_text(encoding="utf-8"))
        self.fit_images()
        if anchor:
            self.scrollToAnchor(anchor)
        else:
            self.verticalScrollBar().setValue(0)

    def fit_images(self) -> None:
        """Pictures at most as wide as the page: a 1400-pixel screenshot made the whole
        guide scroll sideways."""
        document, room = self.document(), max(200, self.viewport().width() - 40)
        cursor = QTextCursor(document)
        block = document.begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                image_format = fragment.charFormat().toImageFormat()
                if fragment.charFormat().isImageFormat():
                    size = QImageReader(str(self.docs_dir / image_format.name())).size()
                    if not size.isValid() or size.width() <= 0:
                        fragments += 1
                        continue
                    width = min(size.width(), room)
                    image_format.setWidth(width)
                    image_format.setHeight(size.height() * width / size.width())
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(),
                                       QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(image_format)
                fragments += 1
            block = block.next()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.current_page:
            self.fit_images()

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)  # none in our docs; a user-added link still works
            return
        target = url.path() or url.toLocalFile()
        name = Path(target).name if target else self.current_page
        if name.endswith(".md"):
            self.show_page(name, url.fragment())
        elif url.fragment():
            self.scrollToAnchor(url.fragment())


class HelpViewerDialog(QDialog):
    """The help pages, one button per page; links between pages follow inside."""

    def __init__(self, page: str = "user_guide.md", parent: QWidget | None = None,
                 docs_dir: Path = DOCS_DIR) -> None:
        super().__init__(parent)
        self.setObjectName("HelpViewerDialog")
        self.setWindowTitle("Help")
        self.browser = MarkdownBrowser(docs_dir, self)
        self.browser.setObjectName("HelpBrowser")
        pages = QHBoxLayout()
        for name, title in PAGES.items():
            button = QPushButton(title)
            button.setToolTip(f"Show {title.lower()} ({name})")
            button.clicked.connect(lambda _c=False, n=name: self.browser.show_page(n))
            pages.addWidget(button)
        pages.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(pages)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.browser.show_page(page)

    def sizeHint(self) -> QSize:
        return QSize(900, 680)
