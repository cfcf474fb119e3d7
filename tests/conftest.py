"""Test-run settings shared by every folder.

Hypothesis explores new random examples on every run; on CI (CI=true) it is derandomised so a
clean checkout either passes or fails the same way each time, and never lands on the luck of
a draw. Locally it keeps exploring.
"""
from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
