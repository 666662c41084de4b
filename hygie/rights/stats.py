"""Per-year figures of patients' requests, the proof of compliance: pure functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from statistics import median


@dataclass(frozen=True)
class Row:
    year: int  # of receipt, Paris time
    received_at: datetime
    answered_at: datetime | None  # answered or refused
    limit_at: datetime  # the first limit to answer by


@dataclass(frozen=True)
class Year:
    year: int
    received: int
    answered: int
    on_time: int
    overdue_open: int  # still open, past their limit
    median_days: float | None  # from receipt to answer, answered ones only

    @property
    def on_time_share(self) -> int | None:
        """Percentage of the answered requests answered by their limit."""
        return round(100 * self.on_time / self.answered) if self.answered else None


def yearly(rows: list[Row], now: datetime) -> list[Year]:
    """The figures of each year with requests, the latest first."""
    years = []
    for year in sorted({r.year for r in rows}, reverse=True):
        mine = [r for r in rows if r.year == year]
        answered = [r for r in mine if r.answered_at is not None]
        days = [(r.answered_at - r.received_at).total_seconds() / 86400 for r in answered]
        years.append(
            Year(
                year=year,
                received=len(mine),
                answered=len(answered),
                on_time=sum(1 for r in answered if r.answered_at <= r.limit_at),
                overdue_open=sum(1 for r in mine if r.answered_at is None and r.limit_at < now),
                median_days=round(median(days), 1) if days else None,
            )
        )
    return years
