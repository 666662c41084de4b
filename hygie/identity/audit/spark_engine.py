"""The audit's SQL on Apache Spark, for files larger than one machine.

The same statements as on DuckDB (audit/sql.py, Spark dialect) run as Spark SQL on
temporary views; the heavy ones are cached. Without a cluster (HYGIE_SPARK_MASTER
unset) Spark runs in local mode on this machine's cores. Spark's UI and network
listeners stay on the loopback interface.
"""

from __future__ import annotations

import os

from hygie.identity.audit.sql import Dialect


class SparkExecutor:
    dialect = Dialect("spark")

    def __init__(self, master: str | None = None):
        from pyspark.sql import SparkSession

        master = master or os.environ.get("HYGIE_SPARK_MASTER") or "local[*]"
        builder = (
            SparkSession.builder.master(master)
            .appName("hygie-audit-identites")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", os.environ.get("HYGIE_SPARK_PARTITIONS", "4"))
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.sql.ansi.enabled", "false")
        )
        if master.startswith("local"):
            builder = builder.config("spark.driver.host", "127.0.0.1").config(
                "spark.driver.bindAddress", "127.0.0.1"
            )
        self.spark = builder.getOrCreate()
        self.spark.sparkContext.setLogLevel("ERROR")
        self.cached: list[str] = []

    def load(self, name: str, table) -> None:
        frame = self.spark.createDataFrame(table)
        frame.createOrReplaceTempView(name)
        self.spark.sql(f"CACHE TABLE {name}")
        self.cached.append(name)

    def execute(self, statement: str, materialise: bool = False) -> None:
        self.spark.sql(statement)
        if materialise:
            name = statement.split(" AS ", 1)[0].split()[-1]
            self.spark.sql(f"CACHE TABLE {name}")
            self.cached.append(name)

    def rows(self, query: str) -> list[tuple]:
        return [tuple(row) for row in self.spark.sql(query).collect()]

    def close(self) -> None:
        for name in self.cached:
            self.spark.sql(f"UNCACHE TABLE IF EXISTS {name}")
        self.cached.clear()
