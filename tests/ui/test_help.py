"""Help a new user can reach without a network: the guide with its pictures, the glossary
(the same table as the tooltips), the shortcut sheet from the window's own actions, and a
welcome page that opens a sample in one gesture."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence, QTextDocument

from nato_planner.core.glossary import TERMS, term
from nato_planner.ui.glossary_dialog import GlossaryDialog, ShortcutSheetDialog, shortcut_rows
from nato_planner.ui.help_menu import open_help_page
from nato_planner.ui.help_viewer import DOCS_DIR, HelpViewerDialog
from nato_planner.ui.main_window import MainWindow
from nato_planner.ui.welcome_page import WelcomePage, sample_budgets


def _window(qtbot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_user_guide_opens_offline_with_its_pictures(qtbot):
    dialog = HelpViewerDialog("user_guide.md")
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert "Import a budget" in text and "Classify the lines" in text
    document = dialog.browser.document()
    image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl("dashboard.png"))
    assert image is not None and not image.isNull(), "the guide's picture did not load"


def test_a_link_to_another_page_opens_it_inside_the_viewer(qtbot):
    dialog = HelpViewerDialog("user_guide.md")
    qtbot.addWidget(dialog)
    dialog.browser.anchorClicked.emit(QUrl("budget_format.md"))
    assert dialog.browser.current_page == "budget_format.md"
    assert "Where the table is found" in dialog.browser.toPlainText()


def test_help_menu_lists_the_guide_glossary_and_shortcuts(qtbot):
    window = _window(qtbot)
    texts = [a.text().replace("&", "") for a in window.help_actions]
    for wanted in ("User guide", "Glossary", "Keyboard shortcuts", "About"):
        assert wanted in texts
    guide = window.help_actions[0]
    assert guide.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    dialog = open_help_page(window, "command_line.md")
    qtbot.addWidget(dialog)
    assert "report: the pledge figures" in dialog.browser.toPlainText()


def test_glossary_shows_a_term_with_its_source_and_filters(qtbot):
    dialog = GlossaryDialog(key="ceiling")
    qtbot.addWidget(dialog)
    assert dialog.shown_term().key == "ceiling"
    assert "Hague Summit Declaration" in dialog.text.toPlainText()
    assert dialog.term_list.count() == len(TERMS)
    dialog.filter_edit.setText("credible")
    visible = [dialog.term_list.item(r).text() for r in range(dialog.term_list.count())
               if not dialog.term_list.item(r).isHidden()]
    assert term("credible_path").name in visible and term("gdp").name not in visible


def test_shortcut_sheet_lists_the_windows_own_actions(qtbot):
    window = _window(qtbot)
    rows = shortcut_rows(window)
    keys = {k for k, _ in rows}
    open_keys = window.open_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    assert open_keys in keys
    assert "Ctrl+1" in keys and "Ctrl+E" in keys
    sheet = ShortcutSheetDialog(window)
    qtbot.addWidget(sheet)
    assert sheet.table.rowCount() == len(rows)


def test_welcome_page_offers_every_sample_and_opens_the_chosen_one(qtbot):
    page = WelcomePage()
    qtbot.addWidget(page)
    samples = sample_budgets()
    assert page.sample_list.count() == len(samples) == 6
    assert all("(" in s.summary or s.summary for s in samples)
    page.sample_list.setCurrentRow(2)
    with qtbot.waitSignal(page.sample_chosen) as chosen:
        page.open_sample_button.click()
    assert Path(chosen.args[0]) == samples[2].path


def test_welcome_page_is_shown_first_and_lists_recent_files(qtbot, tmp_path):
    window = _window(qtbot)
    assert window.pages.currentIndex() == 0
    from PySide6.QtWidgets import QDockWidget
    shown = [d.windowTitle() for d in window.findChildren(QDockWidget) if not d.isHidden()]
    assert shown == [], f"empty panels beside the welcome page: {shown}"
    budget = tmp_path / "mod_2026.xlsx"
    budget.write_bytes(b"")
    window._add_recent(str(budget))
    recent = window.welcome_page.recent_list
    assert recent.count() == 1 and recent.item(0).data(Qt.ItemDataRole.UserRole) == str(budget)


def test_docs_folder_is_where_the_viewer_looks():
    assert (DOCS_DIR / "user_guide.md").is_file()


def test_domain_terms_on_screen_carry_their_glossary_tooltip(qtbot):
    from nato_planner.io.budget_import import read_budget
    from nato_planner.core.taxonomy import Bucket
    from nato_planner.ui.term_tooltips import HeaderTermTips
    window = _window(qtbot)
    path = str(Path(__file__).parents[2] / "sample_budgets" / "westmark_budget_fy2025.xlsx")
    window.install_plan(path, read_budget(path))
    lane_pct = window.lanes.lane(Bucket.CORE).pct_label
    assert "floor" in lane_pct.text() and "Hague Summit Declaration" in lane_pct.toolTip()
    gap_names = [label for label in window.dashboard.gaps_box.findChildren(type(lane_pct))
                 if "ceiling" in label.text()]
    assert gap_names and all("Source:" in label.toolTip() for label in gap_names)
    header = window.table_view.horizontalHeader()
    tips = header.viewport().findChildren(HeaderTermTips) or header.findChildren(HeaderTermTips)
    assert tips, "the table header explains its terms"
    model = window.table_view.model()
    share_column = next(c for c in range(model.columnCount())
                        if "share" in str(model.headerData(c, Qt.Orientation.Horizontal)).lower())
    x = header.sectionViewportPosition(share_column) + 3
    from nato_planner.core.glossary import term_on_screen
    assert term_on_screen(tips[0].section_text(x)).key == "counted_share"
    window.session.stack.mark_clean()


def test_pictures_in_the_guide_fit_the_viewer_width(qtbot):
    from PySide6.QtGui import QTextImageFormat
    dialog = HelpViewerDialog("user_guide.md")
    qtbot.addWidget(dialog)
    dialog.resize(700, 600)
    dialog.show()
    qtbot.waitExposed(dialog)
    room = dialog.browser.viewport().width()
    widths = []
    block = dialog.browser.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            char_format = fragments.fragment().charFormat()
            if char_format.isImageFormat():
                widths.append(QTextImageFormat(char_format.toImageFormat()).width())
            fragments += 1
        block = block.next()
    assert len(widths) >= 6 and all(0 < w <= room for w in widths), (widths, room)
    assert dialog.browser.horizontalScrollBar().maximum() == 0, "the guide scrolls sideways"
