"""The list of checks the analysis runs, in order (hygie/phishing/analysis.py).

Links first (the strongest evidence), then the sender and what the receiving
server checked, then the signals of legitimate mail that lower the score.
Each module of checks adds its own line.
"""

from __future__ import annotations

from hygie.phishing import legit, links, sender

ALL: list = []
ALL.append(links.check_links)
ALL.append(sender.check_sender)
ALL.append(sender.check_authentication)
ALL.append(legit.check_legitimate)
