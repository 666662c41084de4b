"""The audit's SQL on DuckDB: in-process, columnar, multi-threaded, spills to disk."""

from __future__ import annotations

import os

import duckdb

from hygie.identity.audit.sql import Dialect


class DuckDBExecutor:
    dialect = Dialect("duckdb")

    def __init__(self, threads: int | None = None, memory_limit: str = "1200MB"):
        self.con = duckdb.connect(":memory:")
        self.con.execute(f"SET threads = {threads or os.cpu_count() or 2}")
        self.con.execute(f"SET memory_limit = '{memory_limit}'")
        self.con.execute("SET preserve_insertion_order = false")

    def load(self, name: str, table) -> None:
        self.con.register(f"{name}_arrow", table)
        self.con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {name}_arrow")
        self.con.unregister(f"{name}_arrow")

    def execute(self, statement: str, materialise: bool = False) -> None:
        if materialise:
            statement = statement.replace(
                "CREATE OR REPLACE TEMP VIEW", "CREATE OR REPLACE TEMP TABLE", 1
            )
        self.con.execute(statement)

    def rows(self, query: str) -> list[tuple]:
        return self.con.execute(query).fetchall()

    def close(self) -> None:
        self.con.close()
