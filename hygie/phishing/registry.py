"""The list of checks the analysis runs, in order (hygie/phishing/analysis.py).

Links first (the strongest evidence), then the sender and what the receiving
server checked, the wording and the attachments, then the signals of
legitimate mail that lower the score. Each module of checks adds its own line.
REVIEWS run last, on what the checks found.
"""

from __future__ import annotations

from hygie.phishing import attachments, legit, links, sender, wording

ALL: list = []
ALL.append(links.check_links)
ALL.append(sender.check_sender)
ALL.append(sender.check_authentication)
ALL.append(wording.check)
ALL.append(attachments.check)
ALL.append(legit.check_legitimate)

REVIEWS: list = []
REVIEWS.append(legit.review_wording_only)
REVIEWS.append(legit.review_quoted_warning)
