"""The same project on other engines: DuckDB (an embedded file) and Spark (session mode, in this process).

Each engine is a target of profiles.example.yml (`duckdb`, `spark`); its files live in one directory, inside
.localdb/ by default. `load_raw_tables` writes the four raw tables with the types the sources declare,
`fetch` reads a table back, and segmentation.dbt_project.run_dbt runs dbt on the engine's target.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from segmentation import PROJECT_ROOT
from segmentation.raw_tables import RAW_TABLES, raw_columns, to_csv

Rows = Sequence[Sequence[object]]


def insert_raw_csv(connection, schema: str, table: str, csv_file: Path) -> None:
    """The raw table `table` created in `schema` of a DuckDB connection, with the types the sources declare, and
    filled from a CSV file without a header: quoted empty fields are empty strings, unquoted ones NULL, as
    PostgreSQL's COPY reads them. An empty file leaves the table empty (DuckDB's CSV reader refuses it)."""
    connection.execute(f"create table {schema}.{table} ({RAW_TABLES[table]})")
    if not csv_file.stat().st_size:
        return
    path = str(csv_file).replace("'", "''")
    connection.execute(f"copy {schema}.{table} from '{path}' "
                       "(format csv, header false, quote '\"', nullstr '', allow_quoted_nulls false)")


@dataclass(frozen=True)
class DuckDb:
    """A DuckDB database file; dbt opens it in-process, so nothing else may hold it open meanwhile."""

    directory: Path
    target: str = "duckdb"

    @property
    def path(self) -> Path:
        return self.directory / "segmentation.duckdb"

    def env(self) -> dict[str, str]:
        return {"DUCKDB_PATH": str(self.path)}

    @contextlib.contextmanager
    def _connection(self) -> Iterator[object]:
        import duckdb

        self.directory.mkdir(parents=True, exist_ok=True)
        connection = duckdb.connect(str(self.path))
        try:
            yield connection
        finally:
            connection.close()

    def load_raw_tables(self, schema: str, tables: Mapping[str, Rows]) -> None:
        with self._connection() as connection:
            connection.execute(f"drop schema if exists {schema} cascade")
            connection.execute(f"create schema {schema}")
            for table in RAW_TABLES:
                csv_file = self.directory / f"{table}.csv"
                csv_file.write_text(to_csv(tables.get(table, ())))
                insert_raw_csv(connection, schema, table, csv_file)
                csv_file.unlink()

    def execute(self, statement: str) -> None:
        with self._connection() as connection:
            connection.execute(statement)

    def fetch(self, relation: str) -> tuple[list[str], list[tuple]]:
        with self._connection() as connection:
            cursor = connection.execute(f"select * from {relation}")
            return [column[0] for column in cursor.description], cursor.fetchall()


# Spark's names for the PostgreSQL types of RAW_TABLES
SPARK_TYPES = {"bigint": "bigint", "text": "string", "timestamptz": "timestamp"}


@dataclass(frozen=True)
class Spark:
    """Spark in session mode: a local SparkSession in this process, with its metastore and warehouse in one
    directory. dbt-spark's session mode reuses the session this class starts (SparkSession.getOrCreate)."""

    directory: Path
    target: str = "spark"

    def env(self) -> dict[str, str]:
        return {"SPARK_DIR": str(self.directory)}

    def session(self):
        """The session with the settings of the `spark` target of profiles.example.yml."""
        from pyspark.sql import SparkSession

        self.directory.mkdir(parents=True, exist_ok=True)
        builder = SparkSession.builder.enableHiveSupport()
        for key, value in spark_settings(self.directory).items():
            builder = builder.config(key, value)
        return builder.getOrCreate()

    def load_raw_tables(self, schema: str, tables: Mapping[str, Rows]) -> None:
        spark = self.session()
        spark.sql(f"drop database if exists {schema} cascade")
        spark.sql(f"create database {schema}")
        for table in RAW_TABLES:
            ddl = ", ".join(f"{name} {SPARK_TYPES[kind]}" for name, kind in raw_columns(table))
            rows = [tuple(_to_utc(value) for value in row) for row in tables.get(table, ())]
            spark.createDataFrame(rows, ddl).write.saveAsTable(f"{schema}.{table}")

    def fetch(self, relation: str) -> tuple[list[str], list[tuple]]:
        frame = self.session().sql(f"select * from {relation}")
        return frame.columns, [tuple(row) for row in frame.collect()]


Engine = DuckDb | Spark


def _to_utc(value: object) -> object:
    # Spark's session time zone is UTC (spark_settings): it reads naive datetimes as UTC wall time
    return value.astimezone(UTC).replace(tzinfo=None) if isinstance(value, datetime) else value


def spark_settings(directory: Path) -> dict[str, str]:
    """The `spark` target's server_side_parameters (profiles.example.yml) with SPARK_DIR = `directory`."""
    import jinja2
    import yaml

    profile = yaml.safe_load((PROJECT_ROOT / "profiles.example.yml").read_text())
    parameters = profile["user_segmentation"]["outputs"]["spark"]["server_side_parameters"]
    environment = {"SPARK_DIR": str(directory)}

    def env_var(name: str, default: str | None = None) -> str:
        return environment.get(name, default)

    return {key: jinja2.Template(str(value)).render(env_var=env_var) for key, value in parameters.items()}
