"""Suggest, don't impose: the Rules menu, the Suggestion column and accepting suggestions.

The controller keeps the plan's rulebook (the default one until the user loads another or adds
a rule) and the suggestions it made. Suggestions are computed once for every line the rules
match; the column shows them only on lines still unclassified, so accepting or undoing needs no
recomputation. Accepting one, a selection or all is one core command (one undo step).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from ..core.errors import PlannerError
from ..core.rule_commands import ApplySuggestions
from ..core.rules import Rulebook
from ..core.suggestions import BudgetIndex, Suggestions, suggest
from ..core.taxonomy import NO_SUBCATEGORY, Bucket
from ..io.rulebook_file import load_rulebook, read_rulebook, write_rulebook
from .make_rule_dialog import MakeRuleDialog
from .plan_session import PlanSession
from .rule_preview_dialog import RulePreviewDialog
from .wording import count_text
from .window_action import window_action

RULEBOOK_FILTER = "Rulebooks (*.toml);;All files (*)"


class SuggestionTexts:
    """What the Suggestion column shows: a line's suggestion while it is unclassified."""

    def __init__(self, suggestions: Suggestions, session: PlanSession) -> None:
        self.suggestions, self._budget = suggestions, session.plan.budget

    def _position(self, line: int) -> int | None:
        if self._budget.buckets[line] != Bucket.UNCLASSIFIED:
            return None
        return self.suggestions.position_of(line)

    def text(self, line: int) -> str:
        i = self._position(line)
        return "" if i is None else self.suggestions.reason(i, self._budget)

    def reason(self, line: int) -> str:
        i = self._position(line)
        return "" if i is None else self.suggestions.rationale(i)

    def sort_key(self) -> np.ndarray:
        """Per line: the deciding rule's number (0: no suggestion or already classified), so
        sorting the column groups lines by rule without formatting 100,000 reasons."""
        s, key = self.suggestions, np.zeros(len(self._budget), dtype=np.int64)
        key[s.lines] = s.rule_numbers
        key[self._budget.buckets != Bucket.UNCLASSIFIED] = 0
        return key

    def disagreeing_suggestions(self) -> Suggestions:
        """Suggestions that would change their line: every unclassified one, and the classified
        lines whose classification or share the rules see otherwise (applied only on request)."""
        s, b = self.suggestions, self._budget
        differs = ((b.buckets[s.lines] != s.buckets)
                   | ((s.subcategories != NO_SUBCATEGORY)
                      & (b.subcategories[s.lines] != s.subcategories))
                   | (~np.isnan(s.shares) & (b.shares[s.lines] != s.shares)))
        return s.subset(s.lines[differs])

    def open_suggestions(self, lines: np.ndarray | None = None) -> Suggestions:
        """The suggestions for lines still unclassified (among `lines`, when given)."""
        s = self.suggestions
        keep = self._budget.buckets[s.lines] == Bucket.UNCLASSIFIED
        if lines is not None:
            keep &= np.isin(s.lines, lines)
        return s.subset(s.lines[keep])


class RuleSuggestionsController(QObject):
    """The Rules menu of a main window (which has .session, .model, .table_view)."""

    rulebook_did_change = Signal(object)  # the Rulebook the user chose or added a rule to

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.rulebook: Rulebook | None = None
        self.texts: SuggestionTexts | None = None
        self._index: BudgetIndex | None = None
        self.suggest_action = self._action("&Suggest classifications", "Ctrl+Shift+G",
                                           "Run the rulebook over the unclassified lines and show "
                                           "its suggestions, with reasons, in the Suggestion column",
                                           self.show_suggestions)
        self.accept_selected_action = self._action(
            "&Accept suggestions for the selection", "Ctrl+Shift+A",
            "Classify the selected lines as suggested (one undo step)", self.accept_selection)
        self.accept_all_action = self._action(
            "Accept &all suggestions…", "Ctrl+Shift+L",
            "Preview what applying every suggestion changes, then apply it (one undo step)",
            self.accept_all)
        self.make_rule_action = self._action(
            "&Make a rule from this edit…", "Ctrl+Shift+M",
            "Turn the selected line's classification into a rule for similar lines",
            self.make_rule_from_selection)
        self.load_action = self._action("&Load rulebook…", None, "Use a rulebook file (TOML) a "
                                        "delegation shared", self._on_load_rulebook)
        self.default_action = self._action("Use the &default rulebook", None,
                                           "The rulebook built from the NATO definition, the "
                                           "security-related list and COFOG", self._on_use_default)
        self.export_action = self._action("&Export rulebook…", None, "Save the plan's rulebook "
                                          "as a TOML file to edit or share", self._on_export)
        window.plan_did_open.connect(self._on_plan_did_open)
        self._enable()

    def _action(self, text: str, shortcut: str | None, tip: str, handler) -> QAction:
        return window_action(self._window, text, shortcut, tip, handler)

    def fill_menu(self, menu: QMenu) -> QMenu:
        menu.addActions([self.suggest_action, self.accept_selected_action,
                         self.accept_all_action])
        menu.addSeparator()
        menu.addAction(self.make_rule_action)
        menu.addSeparator()
        menu.addActions([self.load_action, self.default_action, self.export_action])
        menu.setToolTipsVisible(True)
        return menu

    # --- state ------------------------------------------------------------------------------
    @property
    def session(self) -> PlanSession | None:
        return getattr(self._window, "session", None)

    def _on_plan_did_open(self, session: PlanSession) -> None:
        self.texts, self._index = None, None
        projects = getattr(self._window, "projects", None)  # the rulebook kept with the project
        self.rulebook = projects.kept_rulebook() if projects is not None else None
        session.step_did_happen.connect(self._on_step_did_happen)
        self._enable()

    def _on_step_did_happen(self, text: str) -> None:
        """After a person reclassifies one line, say the edit can become a rule."""
        if text.startswith("Done: Reclassify '"):
            self._status(f"{text}  Rules > Make a rule from this edit (Ctrl+Shift+M) "
                         "suggests the same for similar lines.")

    def _enable(self) -> None:
        has_plan = self.session is not None
        for action in (self.suggest_action, self.accept_selected_action, self.accept_all_action,
                       self.make_rule_action, self.export_action):
            action.setEnabled(has_plan)

    def _status(self, text: str) -> None:
        self._window.statusBar().showMessage(text, 8000)

    def _rulebook(self) -> Rulebook:
        if self.rulebook is None:
            self.rulebook = load_rulebook("default")
        return self.rulebook

    def index(self) -> BudgetIndex:
        """The budget's text index, built once per plan (descriptions never change)."""
        if self._index is None or self._index.budget is not self.session.plan.budget:
            self._index = BudgetIndex(self.session.plan.budget)
        return self._index

    # --- suggesting and accepting --------------------------------------------------------------
    def show_suggestions(self) -> SuggestionTexts | None:
        if self.session is None:
            return None
        found = suggest(self.session.plan.budget, self._rulebook(), self.index(),
                        override_classified=True)
        self.texts = SuggestionTexts(found, self.session)
        self._window.model.set_suggestions(self.texts)
        waiting = len(self.texts.open_suggestions())
        self._status(f"Rulebook '{self._rulebook().name}': suggestions for "
                     f"{count_text(waiting, 'unclassified line')} (see the Suggestion column).")
        return self.texts

    def _current_texts(self) -> SuggestionTexts | None:
        return self.texts if self.texts is not None else self.show_suggestions()

    def accept(self, lines: np.ndarray | None = None) -> bool:
        """Apply the suggestions for `lines` (all when None) as one step; False if none."""
        texts = self._current_texts()
        if texts is None:
            return False
        chosen = texts.open_suggestions(lines)
        if not len(chosen):
            self._status("No suggestion for those lines: they are classified already, or no "
                         "rule matches them.")
            return False
        self.session.execute(ApplySuggestions(self.session.plan, chosen))
        return True

    def accept_selection(self) -> bool:
        return self.accept(self._window.table_view.selected_lines())

    def preview_dialog(self) -> RulePreviewDialog | None:
        texts = self._current_texts()
        if texts is None:
            return None
        return RulePreviewDialog(self.session.plan, texts.open_suggestions(),
                                 self._rulebook().name, self._window,
                                 overriding=texts.disagreeing_suggestions())

    def accept_all(self) -> bool:
        dialog = self.preview_dialog()
        if dialog is None or dialog.exec() != RulePreviewDialog.DialogCode.Accepted:
            return False
        if not len(dialog.chosen):
            return False
        self.session.execute(ApplySuggestions(self.session.plan, dialog.chosen))
        return True

    # --- making and sharing rules ---------------------------------------------------------------
    def make_rule_from_selection(self) -> bool:
        lines = self._window.table_view.selected_lines()
        budget = self.session.plan.budget if self.session else None
        if budget is None or len(lines) != 1 or budget.buckets[lines[0]] == Bucket.UNCLASSIFIED:
            self._status("Select one line you classified, then make a rule from it.")
            return False
        dialog = MakeRuleDialog(self.index(), int(lines[0]), self._window)
        if dialog.exec() != MakeRuleDialog.DialogCode.Accepted:
            return False
        return self.add_rule_from(dialog)

    def add_rule_from(self, dialog: MakeRuleDialog) -> bool:
        try:
            rule = dialog.rule()
        except PlannerError as error:
            QMessageBox.warning(self._window, "Make a rule", str(error))
            return False
        self._set_rulebook(self._rulebook().with_rule(rule))
        self.show_suggestions()
        self._status(f"Rule '{rule.name}' added to the plan's rulebook; the Suggestion column "
                     "shows what it proposes.")
        return True

    def use_rulebook(self, rulebook: Rulebook) -> None:
        self._set_rulebook(rulebook)
        if self.session is not None:
            self.show_suggestions()

    def _set_rulebook(self, rulebook: Rulebook) -> None:
        self.rulebook = rulebook
        self.rulebook_did_change.emit(rulebook)

    def _on_load_rulebook(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self._window, "Load rulebook", "", RULEBOOK_FILTER)
        if not path:
            return
        try:
            self.use_rulebook(read_rulebook(path))
        except PlannerError as error:  # refused whole, with the line and the reason
            QMessageBox.warning(self._window, "Rulebook not loaded", str(error))

    def _on_use_default(self) -> None:
        self.use_rulebook(load_rulebook("default"))

    def _on_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self._window, "Export rulebook", "rules.toml",
                                              RULEBOOK_FILTER)
        if not path:
            return
        try:
            write_rulebook(self._rulebook(), path)
            self._status(f"Rulebook written to {path}.")
        except PlannerError as error:
            QMessageBox.warning(self._window, "Rulebook not written", str(error))
