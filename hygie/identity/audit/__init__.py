"""Audit of an identity file: potential doublons, collisions and anomalies.

    from hygie.identity.audit import audit
    result = audit(table, engine="duckdb", progress=lambda share, step: ...)

`table` is a pyarrow.Table with the canonical columns (CANONICAL_COLUMNS, all
strings, '' when missing; `ligne` an int, optional). The work is done in SQL by an
engine: DuckDB in-process (the default: a million records in well under 30 s on
two cores), or Apache Spark for files larger than one machine; both run the same
SQL (audit/sql.py) and give the same result. No Django import: the page, the
command and the benchmark all call this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

CANONICAL_COLUMNS = (
    "identifiant",
    "nom_naissance",
    "nom_utilise",
    "prenoms",
    "sexe",
    "date_naissance",
    "lieu_naissance",
    "nir",
    "statut",
)
ENGINES = ("duckdb", "spark")

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Pair:
    id_a: str
    id_b: str
    kind: str  # 'doublon' | 'collision'
    probability: float
    agree: list[str] = field(default_factory=list)
    differ: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Anomaly:
    identifiant: str
    ligne: int
    kind: str
    message_fr: str


@dataclass
class AuditResult:
    pairs: list[Pair]
    groups: list[list[str]]
    anomalies: list[Anomaly]
    summary: dict
    model: dict = field(default_factory=dict)


def audit(
    table, *, engine: str = "duckdb", progress: Progress | None = None, **options
) -> AuditResult:
    """Audit `table` (pyarrow.Table, canonical columns) with `engine`."""
    from hygie.identity.audit import core

    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; expected one of {ENGINES}")
    if engine == "spark":
        from hygie.identity.audit.spark_engine import SparkExecutor as Executor
    else:
        from hygie.identity.audit.duckdb_engine import DuckDBExecutor as Executor
    return core.run(table, Executor, progress=progress, **options)
