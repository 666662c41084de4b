"""Retention rules as the register words them: for a CNIL inspector (« 5 ans
en base active, puis 15 ans en archive… ») and for patients, in plain words.

The periods, and the dates they give, are the law's (`hygie.law.retention`);
this module adds the French sentences the register's documents print.
"""

from __future__ import annotations

from dataclasses import dataclass

from hygie.law import retention
from hygie.law.retention import FATES
from hygie.lib.french import de


@dataclass(frozen=True)
class Rule(retention.Rule):
    def describe(self) -> str:
        """« 5 ans en base active, puis 15 ans en archive, à compter de … ; puis destruction »."""
        text = f"{self.active} en base active"
        if self.archive:
            text += f", puis {self.archive} en archive sur un support distinct"
        text += f", à compter {de(self.starts)} ; puis {FATES[self.fate]}"
        if self.minors_until:
            text += f" (pour un mineur, au moins jusqu'à ses {self.minors_until} ans)"
        return text + "."

    def plain(self) -> str:
        """The same rule as a patient reads it: « 5 ans dans les dossiers en
        cours, puis 15 ans en archive, à compter de … ; ensuite, destruction »."""
        text = f"{self.active}"
        if self.archive:
            text += f" dans les dossiers en cours, puis {self.archive} en archive"
        text += f", à compter {de(self.starts)} ; ensuite, {FATES[self.fate]}"
        if self.minors_until:
            text += f" (pour un enfant, au moins jusqu'à ses {self.minors_until} ans)"
        return text + "."
