"""'Make a rule from this edit': a small form, filled from a line a person just classified."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from ..core.errors import PlannerError
from ..core.rule_proposals import RuleProposal, propose_rules
from ..core.rules import RISKS, Rule
from ..core.suggestions import BudgetIndex, rule_lines
from ..core.taxonomy import NO_SUBCATEGORY, SUBCATEGORIES, Bucket
from .wording import count_text

_KIND_LABELS = {"keywords": "Description contains the word", "code_prefix": "Code starts with",
                "organisation": "Organisation is"}


class MakeRuleDialog(QDialog):
    """Propose a condition from one line; the user edits it; `rule()` is what they agreed."""

    def __init__(self, index: BudgetIndex, line: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Make a rule from this edit")
        self._index, budget = index, index.budget
        self.proposals = propose_rules(budget, line)
        first = self.proposals[0]
        intro = QLabel(f"'{budget.descriptions[line]}' is now {_outcome(first)}. A rule can do "
                       "the same for similar lines; it only suggests, on unclassified lines.")
        intro.setWordWrap(True)
        self.kind_combo = QComboBox()
        for proposal in self.proposals:
            self.kind_combo.addItem(_KIND_LABELS[proposal.kind], proposal)
        self.value_edit = QLineEdit(first.value)
        self.value_edit.setToolTip("Keywords ignore case and accents; end with * for any ending "
                                   "(milit* finds military, militaire, militär)")
        self.name_edit = QLineEdit(first.name)
        self.rationale_edit = QLineEdit(str(budget.rationales[line]))
        self.rationale_edit.setPlaceholderText("Why lines like this belong there")
        self.risk_combo = QComboBox()
        self.risk_combo.addItems(["(not stated)"] + list(RISKS))
        self.matches_label = QLabel()
        self.kind_combo.currentIndexChanged.connect(self._on_kind_did_change)
        self.value_edit.textChanged.connect(self._update_matches)
        form = QFormLayout()
        form.addRow("Condition", self.kind_combo)
        form.addRow("Value", self.value_edit)
        form.addRow("Rule name", self.name_edit)
        form.addRow("Rationale", self.rationale_edit)
        form.addRow("Challenge risk", self.risk_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = buttons.addButton("Add to the plan's rulebook",
                                            QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.matches_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self._update_matches()

    def _on_kind_did_change(self) -> None:
        proposal: RuleProposal = self.kind_combo.currentData()
        self.value_edit.setText(proposal.value)
        self.name_edit.setText(proposal.name)

    def rule(self) -> Rule:
        """The rule as edited; PlannerError (one sentence) when the form cannot make one."""
        proposal: RuleProposal = self.kind_combo.currentData()
        value = self.value_edit.text().strip()
        if not value:
            raise PlannerError("Give the rule a value to match (a word, a code or an "
                               "organisation).")
        risk = self.risk_combo.currentText()
        edited = RuleProposal(proposal.kind, value, proposal.bucket, proposal.subcategory,
                              proposal.share, self.name_edit.text().strip() or proposal.name)
        return edited.to_rule(self.rationale_edit.text().strip(),
                              risk if risk in RISKS else None)

    def _update_matches(self) -> None:
        try:
            lines = rule_lines(self.rule(), self._index)
        except PlannerError as error:
            self.matches_label.setText(str(error))
            self.add_button.setEnabled(False)
            return
        budget = self._index.budget
        open_lines = int((budget.buckets[lines] == Bucket.UNCLASSIFIED).sum())
        self.matches_label.setText(f"Matches {count_text(len(lines), 'line')}, "
                                   f"{open_lines:,} of them unclassified.")
        self.add_button.setEnabled(True)


def _outcome(proposal: RuleProposal) -> str:
    if proposal.subcategory != NO_SUBCATEGORY:
        return f"{proposal.bucket.label}: {SUBCATEGORIES[proposal.subcategory].label}"
    return proposal.bucket.label
