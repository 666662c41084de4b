"""The list of checks the analysis runs, in order (hygie/phishing/analysis.py)."""

from __future__ import annotations

from hygie.phishing import attachments, wording

ALL: list = []
ALL.append(wording.check)
ALL.append(attachments.check)
