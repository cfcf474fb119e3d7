"""The pledge targets as labels read them: every '3.5%', '1.5%', '5%' and '2035' on screen
comes from the plan's settings (PledgeTargets), so a delegate who changes a target sees every
lane, chart, tooltip and dialog say the new figure."""
from __future__ import annotations

from dataclasses import dataclass

from ..core.pledge import PledgeTargets


def pct_text(value: float) -> str:
    """'3.5%', '5%', '20%': a target as a delegate writes it."""
    return f"{value:g}%"


@dataclass(frozen=True)
class TargetWords:
    floor: str  # '3.5%'
    ceiling: str  # '1.5%'
    total: str  # '5%'
    year: str  # '2035'
    review: str  # '2029'
    equipment: str  # '20%'

    @classmethod
    def of(cls, targets: PledgeTargets) -> "TargetWords":
        return cls(pct_text(targets.core_floor_pct), pct_text(targets.security_ceiling_pct),
                   pct_text(targets.total_pct), str(targets.target_year),
                   str(targets.review_year), pct_text(targets.equipment_guideline_pct))
