"""The Help menu: the user guide and format pages (offline), the glossary, the keyboard
shortcuts and About. One function fills the menu so the main window keeps a one-line hook."""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from .glossary_dialog import GlossaryDialog, ShortcutSheetDialog
from .help_viewer import PAGES, HelpViewerDialog

ABOUT_TEXT = (
    "<h3>NATO Pledge Planner {version}</h3>"
    "<p>Plan a national budget's path to NATO's Hague pledge: <b>{t.total} of GDP a year by "
    "{t.year}</b>, made of <b>at least {t.floor} core defence</b> (a floor) and <b>up to "
    "{t.ceiling} defence- and security-related spending</b> (a ceiling) (Hague Summit "
    "Declaration, 25 June 2025, paragraphs 2-3).</p>"
    "<p>Import the budget workbook, classify every line, watch the gap, shape the path to "
    "{t.year}, record and rate each claim, and export a revised plan that recalculates in Excel. "
    "Right-click any figure and choose <i>Explain</i> to see how it is computed.</p>"
    "<p>Help &gt; User guide (F1) walks through a first plan; Help &gt; Glossary defines every "
    "term. Figures shown by the app, <tt>report</tt> and the export come from one engine.</p>")


def fill_help_menu(menu: QMenu, window: QMainWindow) -> list[QAction]:
    """Add the Help actions to `menu`; returns them (the shortcut sheet lists F1)."""
    def add(text: str, keys, tip: str, handler) -> QAction:
        action = QAction(text, window)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(handler)
        menu.addAction(action)
        return action

    actions = [add("&User guide", QKeySequence.StandardKey.HelpContents,
                   "Open the user guide: import, classify, plan, claims, export",
                   lambda: open_help_page(window, "user_guide.md"))]
    for page, title in list(PAGES.items())[1:-1]:  # the formats; the glossary has its dialog
        actions.append(add(f"{title}", None, f"Open the help page: {title.lower()}",
                           lambda _c=False, p=page: open_help_page(window, p)))
    menu.addSeparator()
    actions.append(add("&Explain a figure…", "Ctrl+Shift+X", "Where a figure comes from: its "
                       "formula with this plan's numbers, the lines behind it, GDP, assumptions",
                       lambda: explain_counted_share(window)))
    actions.append(add("&Glossary", None, "What floor, ceiling, counted share, credible path "
                       "and the other terms mean, with their source",
                       lambda: open_glossary(window)))
    actions.append(add("&Keyboard shortcuts", "Ctrl+/", "Every keyboard shortcut of this window",
                       lambda: ShortcutSheetDialog(window).exec()))
    menu.addSeparator()
    actions.append(add("&About", None, "What this tool does", lambda: show_about(window)))
    return actions


def explain_counted_share(window: QMainWindow) -> None:
    """The headline figure of the selected year; the panel's lists pick any other."""
    if window.session is None:
        window.statusBar().showMessage("Open a budget first: Explain shows its figures.", 5000)
        return
    window.figure_menus.open_explain("counted", window.session.selected_year)


def open_help_page(window: QMainWindow, page: str) -> HelpViewerDialog:
    """Non-modal, so the guide stays open beside the plan."""
    dialog = getattr(window, "_help_viewer", None)
    if dialog is None:
        dialog = HelpViewerDialog(page, window)
        window._help_viewer = dialog
    else:
        dialog.browser.show_page(page)
    dialog.show()
    dialog.raise_()
    return dialog


def open_glossary(window: QMainWindow, key: str | None = None) -> GlossaryDialog:
    dialog = getattr(window, "_glossary", None)
    if dialog is None:
        dialog = GlossaryDialog(window, key)
        window._glossary = dialog
    elif key:
        dialog.show_term(key)
    dialog.show()
    dialog.raise_()
    return dialog


def show_about(window: QMainWindow) -> None:
    from importlib.metadata import PackageNotFoundError, version
    try:
        text = version("nato-planner")
    except PackageNotFoundError:
        text = "(development checkout)"
    from ..core.pledge import DEFAULT_TARGETS
    from .target_words import TargetWords
    words = TargetWords.of(DEFAULT_TARGETS)  # the declaration's figures, whatever a plan sets
    QMessageBox.about(window, "About NATO Pledge Planner",
                      ABOUT_TEXT.format(version=text, t=words))


def connect_welcome_page(page, window) -> None:
    """The welcome page asks; the window opens (the same path as File > Open)."""
    page.sample_chosen.connect(window.open_path)
    page.recent_chosen.connect(window.open_path)
    page.open_requested.connect(window._on_open)
    page.guide_requested.connect(lambda: open_help_page(window, "user_guide.md"))
    page.glossary_requested.connect(lambda: open_glossary(window))
    from .term_tooltips import add_term_tooltips
    add_term_tooltips(page)
