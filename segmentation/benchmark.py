"""`make bench`: how fast the project builds, against the specification's own queries, on PostgreSQL and DuckDB.

    segmentation bench [--persons 50000] [--messages 5000000] [--shapes year three_years]
                       [--runs 3] [--timeout 600] [--seed 7]

On a throwaway local PostgreSQL, for each shape of segmentation.synthetic_warehouse (`year`: one year of
messages; `three_years`: three years, a skewed activity and a long tail of idle users), it generates the warehouse
into schema bench_raw (step 0), then measures on that one data set the eleven steps that docs/benchmark.md
describes, with how each is timed: there, not here, so that the two cannot disagree. In the code: the rounds that
alternate the steps of a ratio (Benchmark.in_rounds), the quiet server before each timed step (Benchmark.settle),
the untimed `dbt parse` when the vars or the target change (Benchmark.dbt), the statement timeout.

It prints progress on stderr, every line stamped with the seconds since the start, at least every HEARTBEAT_S
seconds while a step runs (naming the models PostgreSQL is running), then the ratios of RATIOS against their
targets (the issue's, stated for TARGET_SIZE) for every shape, and writes bench/results.json and bench/results.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg2
from psycopg2 import errors, sql

from segmentation import PROJECT_ROOT, synthetic_warehouse
from segmentation.dbt_project import DbtError, dbt_output_in, run_dbt
from segmentation.engines import DuckDb, insert_raw_csv
from segmentation.localdb import LocalDbError, LocalServer, temporary_server
from segmentation.raw_tables import RAW_TABLES
from segmentation.specification import QUERY_FILES, specification_query

BENCH_DIR = PROJECT_ROOT / "bench"
RAW_SCHEMA = "bench_raw"  # on PostgreSQL and in the DuckDB file
SCHEMA = "bench"  # the models land in bench, bench_staging and bench_intermediate
HISTORY_SELECTOR = "tag:history"
HEARTBEAT_S = 5.0  # a progress line at least this often while a step runs
# Before each timed step the server settles: no autovacuum worker for QUIET_S seconds (waiting QUIET_WAIT_S at
# most), with autovacuum looking for work every AUTOVACUUM_NAPTIME meanwhile (PostgreSQL's default is a minute).
AUTOVACUUM_NAPTIME = "1s"
QUIET_S = 3.0
QUIET_WAIT_S = 300.0
WEEK_DAYS = 7

# The floor: every row of message read once, content included, aggregated per sender in a hash table (on
# PostgreSQL and DuckDB alike: it warms both up before their queries too).
SCAN_QUERY = f"""
select
    sender_person_contact_id,
    count(*) as messages,
    count(*) filter (where content like 'Loved %' or content like 'Liked %' or content like 'Disliked %')
        as reactions
from {RAW_SCHEMA}.message
group by sender_person_contact_id
"""

# Every timing of a shape in results.json: key -> (step, description).
TIMINGS: dict[str, tuple[str, str]] = {
    "scan": ("1", "one scan and hash aggregate of message (the floor)"),
    "specification": ("2", "the specification's three queries on PostgreSQL, summed"),
    **{f"specification_{name}": ("2", f"the specification's {name} query") for name in QUERY_FILES},
    "full_models_sql": ("3", "full run, `dbt run --full-refresh`: the models' SQL time"),
    "full_run_wall": ("3", "full run: wall time"),
    "asof_models_sql": ("4", f"as-of path, `dbt run --full-refresh --exclude {HISTORY_SELECTOR}`: models' SQL"),
    "asof_run_wall": ("4", "as-of path: wall time"),
    "build_wall": ("5", "`dbt build --full-refresh` (every model and test): wall time"),
    "duckdb_specification": ("7", "the specification's three queries on DuckDB, summed"),
    **{f"duckdb_specification_{name}": ("7", f"the {name} query on DuckDB") for name in QUERY_FILES},
    "duckdb_models_sql": ("8", "DuckDB full run, `dbt run --full-refresh --target duckdb`: models' SQL"),
    "duckdb_run_wall": ("8", "DuckDB full run: wall time"),
    "daily_models_sql": ("9", "daily run after one more day of messages, `dbt run`: models' SQL"),
    "daily_run_wall": ("9", "daily run: wall time"),
    "week_models_sql": ("10", f"run after {WEEK_DAYS} more days of messages, `dbt run`: models' SQL"),
    "week_run_wall": ("10", "run after a week: wall time"),
    "noop_models_sql": ("11", "a run with nothing new, `dbt run` again: models' SQL (what every run costs)"),
    "noop_run_wall": ("11", "a run with nothing new: wall time"),
}
SLOWEST_MODELS = 5  # per run, in results.md


@dataclass(frozen=True)
class Ratio:
    numerator: str  # keys of TIMINGS
    denominator: str
    target: float  # at most
    description: str


# The targets, for every shape.
RATIOS: dict[str, Ratio] = {
    "as-of path": Ratio("asof_run_wall", "specification", 0.5, "as-of path wall / the three queries"),
    "as-of path SQL": Ratio("asof_models_sql", "specification", 0.5, "as-of path models' SQL / the three queries"),
    "full run": Ratio("full_run_wall", "specification", 1.5, "full run wall / the three queries"),
    "full run SQL": Ratio("full_models_sql", "specification", 1.5, "full run models' SQL / the three queries"),
    "DuckDB full run": Ratio("duckdb_run_wall", "duckdb_specification", 1.5,
                             "DuckDB full run wall / the three queries on DuckDB"),
    "DuckDB full run SQL": Ratio("duckdb_models_sql", "duckdb_specification", 1.5,
                                 "DuckDB full run models' SQL / the three queries on DuckDB"),
    "daily run": Ratio("daily_models_sql", "full_models_sql", 0.1, "daily run / full run, models' SQL"),
    "week / day": Ratio("week_models_sql", "daily_models_sql", 2.0, "a week's run / a day's run, models' SQL"),
}
TARGET_SIZE = "50,000 persons and 5,000,000 messages over three years (shape three_years), weekly history"


@dataclass(frozen=True)
class Parameters:
    persons: int = 50_000
    messages: int = 5_000_000
    shapes: tuple[str, ...] = tuple(synthetic_warehouse.SHAPES)
    runs: int = 3
    timeout: int = 600  # seconds, per statement
    seed: int = synthetic_warehouse.SEED

    def check(self) -> None:
        synthetic_warehouse.check_size(self.persons, self.messages, self.seed)
        unknown = [shape for shape in self.shapes if shape not in synthetic_warehouse.SHAPES]
        if not self.shapes or unknown or len(set(self.shapes)) < len(self.shapes):
            raise ValueError(f"shapes must be distinct names among {', '.join(synthetic_warehouse.SHAPES)}, "
                             f"got {' '.join(self.shapes) or 'none'}")
        if self.runs < 1:
            raise ValueError(f"runs must be at least 1, got {self.runs}")
        if self.timeout < 1:
            raise ValueError(f"timeout must be at least 1 second, got {self.timeout}")


class BenchmarkError(RuntimeError):
    """The benchmark could not run; the message says which step and why."""


class StepTimedOut(BenchmarkError):
    """A statement of the step ran longer than the timeout and was cancelled."""


class Progress:
    """Lines on stderr, flushed, each stamped with the seconds since the benchmark started; while a step runs
    (`running`), a line every HEARTBEAT_S seconds from a thread, with what `activity` says is running."""

    def __init__(self) -> None:
        self.began = time.monotonic()
        self.lock = threading.Lock()

    def __call__(self, message: str) -> None:
        with self.lock:
            sys.stdout.flush()  # what dbt logged to stdout comes first, even when stdout is a buffered file or pipe
            stamp = f"[{time.monotonic() - self.began:7.1f} s]"
            print("\n".join(f"{stamp} {line}" for line in message.splitlines()), file=sys.stderr, flush=True)

    @contextlib.contextmanager
    def running(self, step: str, activity: Callable[[], str] = lambda: "") -> Iterator[None]:
        stopped, began = threading.Event(), time.monotonic()

        def beat() -> None:
            while not stopped.wait(HEARTBEAT_S):
                now = activity()
                self(f"    ... {step}: {time.monotonic() - began:.0f} s" + (f", running {now}" if now else ""))

        thread = threading.Thread(target=beat, name="benchmark progress", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stopped.set()
            thread.join()


@dataclass
class Measurements:
    """Seconds per TIMINGS key; a missing key has a reason in `missing` and, when it timed out, a lower bound."""

    seconds: dict[str, float] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    at_least: dict[str, float] = field(default_factory=dict)

    def skip(self, keys: list[str], reason: str) -> None:
        for key in keys:
            self.missing[key] = reason

    def timed_out(self, keys: list[str], timeout: int) -> None:
        """Keys timed out: their times of earlier rounds go, so that each key is either timed or bounded."""
        for key in keys:
            self.seconds.pop(key, None)
            self.missing[key] = f"timed out: over {timeout} s"
            self.at_least[key] = float(timeout)

    def keep_fastest(self, key: str, seconds: float) -> bool:
        """`seconds` into key unless it holds a time as fast or faster; whether it was kept."""
        kept = key not in self.seconds or seconds < self.seconds[key]
        if kept:
            self.seconds[key] = seconds
        return kept

    def bounds(self, key: str) -> tuple[float, float] | None:
        if key in self.seconds:
            return self.seconds[key], self.seconds[key]
        if key in self.at_least:
            return self.at_least[key], math.inf
        return None


def best_of(runs: int, measure: Callable[[], float]) -> float:
    return min(measure() for _ in range(runs))


def timed_statement(connection, statement: str) -> float:
    """Seconds from sending `statement` to having fetched every row of its result (PostgreSQL)."""
    with connection.cursor() as cursor:
        began = time.perf_counter()
        try:
            cursor.execute(statement)
        except errors.QueryCanceled as error:
            raise StepTimedOut(str(error)) from error
        cursor.fetchall()
        return time.perf_counter() - began


def timed_duckdb_statement(connection, statement: str, timeout: int) -> float:
    """The same on DuckDB, interrupted after `timeout` seconds."""
    import duckdb

    timer = threading.Timer(timeout, connection.interrupt)
    began = time.perf_counter()
    timer.start()
    try:
        connection.execute(statement).fetchall()
    except duckdb.InterruptException as error:
        raise StepTimedOut(f"interrupted after {timeout} s") from error
    finally:
        timer.cancel()
    return time.perf_counter() - began


def dbt_target_path() -> Path:
    """Where dbt writes run_results.json: DBT_TARGET_PATH (relative to the project) or the project's target/."""
    return PROJECT_ROOT / os.environ.get("DBT_TARGET_PATH", "target")


@contextlib.contextmanager
def statement_timeout(seconds: int) -> Iterator[None]:
    """Every connection dbt opens meanwhile cancels statements after `seconds` (libpq reads PGOPTIONS)."""
    saved = os.environ.get("PGOPTIONS")
    os.environ["PGOPTIONS"] = f"{saved or ''} -c statement_timeout={seconds * 1000}".strip()
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("PGOPTIONS", None)
        else:
            os.environ["PGOPTIONS"] = saved


@dataclass(frozen=True)
class DbtTiming:
    wall: float
    models_sql: float
    models: dict[str, float]  # model name -> execution_time


def timed_dbt(
    args: list[str], target: LocalServer | DuckDb, variables: Mapping[str, object], timeout: int
) -> DbtTiming:
    """Run dbt; its wall time and the models' execution_time from the run_results.json it wrote."""
    run_results = dbt_target_path() / "run_results.json"
    run_results.unlink(missing_ok=True)  # never read a previous command's results
    began = time.perf_counter()
    try:
        with statement_timeout(timeout):
            run_dbt(args, target, schema=SCHEMA, variables=variables, quiet=True)
    except DbtError as error:
        if "statement timeout" in str(error):
            raise StepTimedOut(str(error)) from error
        raise BenchmarkError(str(error)) from error
    wall = time.perf_counter() - began
    if not run_results.exists():
        raise BenchmarkError(f"dbt {' '.join(args)} wrote no {run_results}")
    results = json.loads(run_results.read_text())["results"]
    models = {
        result["unique_id"].split(".")[-1]: result["execution_time"]
        for result in results
        if result["unique_id"].startswith("model.")
    }
    return DbtTiming(wall=wall, models_sql=sum(models.values()), models=models)


@dataclass(frozen=True)
class ProjectModels:
    history: list[str]  # the models HISTORY_SELECTOR selects
    incremental: list[str]
    has_seeds: bool


def parse(target: LocalServer | DuckDb, variables: Mapping[str, object]):
    """`dbt parse`: the project's manifest."""
    try:
        return run_dbt(["parse"], target, schema=SCHEMA, variables=variables, quiet=True).result
    except DbtError as error:
        raise BenchmarkError(str(error)) from error


def parse_key(target: LocalServer | DuckDb, variables: Mapping[str, object]) -> tuple[str, str]:
    """What makes dbt parse the whole project again when it changes: the target and the vars."""
    return getattr(target, "target", "local"), json.dumps(dict(variables), sort_keys=True)


def project_models(server: LocalServer, variables: Mapping[str, object]) -> ProjectModels:
    """What the project's manifest holds."""
    manifest = parse(server, variables)
    models = [node for node in manifest.nodes.values() if str(node.resource_type) == "model"]
    tag = HISTORY_SELECTOR.removeprefix("tag:")
    return ProjectModels(
        history=sorted(node.name for node in models if tag in node.tags),
        incremental=sorted(node.name for node in models if node.config.materialized == "incremental"),
        has_seeds=any(str(node.resource_type) == "seed" for node in manifest.nodes.values()),
    )


def environment(connection) -> dict[str, object]:
    import dbt.version
    import duckdb

    with connection.cursor() as cursor:
        cursor.execute("select version()")
        version = cursor.fetchone()[0]
        settings = {}
        for name in ("shared_buffers", "work_mem", "max_parallel_workers_per_gather", "jit", "autovacuum_naptime"):
            cursor.execute(sql.SQL("show {}").format(sql.Identifier(name)))
            settings[name] = cursor.fetchone()[0]
    return {
        "postgresql_version": version,
        "postgresql_settings": settings,
        "duckdb_version": duckdb.__version__,
        "machine_cores": os.cpu_count(),
        "machine": f"{platform.system()} {platform.machine()}",
        "python_version": platform.python_version(),
        "dbt_version": dbt.version.__version__,
    }


@contextlib.contextmanager
def prompt_autovacuum(server: LocalServer) -> Iterator[None]:
    """autovacuum_naptime at AUTOVACUUM_NAPTIME while the benchmark runs, the server's own setting after."""
    with contextlib.closing(psycopg2.connect(**server.connect_kwargs())) as connection:
        connection.autocommit = True  # ALTER SYSTEM runs outside a transaction
        with connection.cursor() as cursor:
            cursor.execute("alter system set autovacuum_naptime = %s", (AUTOVACUUM_NAPTIME,))
            cursor.execute("select pg_reload_conf()")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("alter system reset autovacuum_naptime")
                cursor.execute("select pg_reload_conf()")


@contextlib.contextmanager
def specification_session(connection) -> Iterator[None]:
    """The session the specification's queries expect: the raw tables on the search path, days in UTC."""
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("set search_path to {}").format(sql.Identifier(RAW_SCHEMA)))
        cursor.execute("set timezone = 'UTC'")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("reset search_path; reset timezone")


def persona_summary_matches(connection, as_of: datetime) -> bool:
    """Sanity check of the build measured: persona_summary equals Query 3 (top users compared as sets of names,
    since the specification orders users tied on messages arbitrarily; pytests compare them exactly)."""
    def rows(statement: str) -> dict[str, tuple]:
        with connection.cursor() as cursor:
            cursor.execute(statement)
            return {row[0]: (*row[1:-1], sorted((row[-1] or "").split(", "))) for row in cursor.fetchall()}

    columns = "persona, user_count, avg_total_messages, avg_reactions, avg_weekly_messages, pct_1on1, " \
              "avg_active_hour, top_users"
    with specification_session(connection):
        return rows(specification_query("personas", as_of)) == rows(f"select {columns} from {SCHEMA}.persona_summary")


def copy_to_duckdb(connection, duckdb_file: DuckDb) -> None:
    """The raw tables of RAW_SCHEMA into the same schema of the DuckDB file, with the types the sources declare,
    through CSV files (every value quoted, so that only an unquoted empty field is NULL)."""
    import duckdb

    duckdb_file.directory.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(duckdb_file.path)) as duck:
        duck.execute(f"drop schema if exists {RAW_SCHEMA} cascade")
        duck.execute(f"create schema {RAW_SCHEMA}")
        for table in RAW_TABLES:
            csv_file = duckdb_file.directory / f"{table}.csv"
            with csv_file.open("w") as out, connection.cursor() as cursor:
                statement = sql.SQL("copy {}.{} to stdout with (format csv, force_quote *)")
                cursor.copy_expert(statement.format(sql.Identifier(RAW_SCHEMA), sql.Identifier(table)), out)
            insert_raw_csv(duck, RAW_SCHEMA, table, csv_file)
            csv_file.unlink()


def ratio_entries(measured: Measurements) -> dict[str, dict[str, object]]:
    """Each ratio with its target; from lower bounds (timeouts) it is a bound, and `met` is known when the bound
    decides it."""
    entries = {}
    for name, ratio in RATIOS.items():
        numerator, denominator = measured.bounds(ratio.numerator), measured.bounds(ratio.denominator)
        value = low = high = None
        notes = []
        if numerator is None or denominator is None:
            missing = ratio.numerator if numerator is None else ratio.denominator
            notes.append(measured.missing.get(missing, "not measured"))
        elif denominator[0] > 0:
            low, high = numerator[0] / denominator[1], numerator[1] / denominator[0]
            value = round(low, 4) if low == high else None
        else:
            notes.append(f"{ratio.denominator} took no measurable time")
        met = None if low is None else True if high <= ratio.target else False if low > ratio.target else None
        if value is None and low is not None and high != math.inf:
            notes.append(f"between {low:.3g} and {high:.3g}")
        entries[name] = {
            "description": ratio.description, "numerator": ratio.numerator, "denominator": ratio.denominator,
            "value": value, "at_least": None if low is None else round(low, 4), "target_at_most": ratio.target,
            "met": met, "note": "; ".join(notes),
        }
    return entries


class Benchmark:
    """One shape's benchmark on a server: each step records into `measured`."""

    def __init__(
        self, server: LocalServer, parameters: Parameters, shape: synthetic_warehouse.Shape, progress: Progress
    ) -> None:
        self.server, self.parameters, self.shape, self.progress = server, parameters, shape, progress
        self.measured = Measurements()
        self.models: dict[str, dict[str, float]] = {}  # run -> model -> seconds
        self.variables: dict[str, object] = {
            "segmentation__source_schema": RAW_SCHEMA, "segmentation__as_of": synthetic_warehouse.AS_OF.isoformat(),
        }
        self.duckdb = DuckDb(server.data_dir.with_name(f"{server.data_dir.name}-duckdb"))
        self.connection = psycopg2.connect(**server.connect_kwargs())
        self.monitor = psycopg2.connect(**server.connect_kwargs())  # read by the progress thread only
        self.monitor.autocommit = True
        self.parsed: tuple[str, str] | None = None  # the target and vars of the last dbt invocation

    def close(self) -> None:
        self.connection.close()
        self.monitor.close()
        shutil.rmtree(self.duckdb.directory, ignore_errors=True)

    def step(self, number: int, title: str) -> None:
        self.progress(f">>> {self.shape.name} {number}. {title}")

    def running_models(self) -> str:
        """The models PostgreSQL is running now, from the node ids in the comment dbt puts on its statements."""
        try:
            with self.monitor.cursor() as cursor:
                cursor.execute("""
                    select string_agg(distinct substring(query from '"node_id": "model\\.[^.]+\\.([^"]+)"'), ', ')
                    from pg_stat_activity
                    where datname = current_database() and state = 'active' and pid <> pg_backend_pid()
                """)
                return cursor.fetchone()[0] or ""
        except psycopg2.Error:
            return ""  # progress never stops the benchmark

    def running(self, what: str):
        return self.progress.running(what, self.running_models)

    def settle(self) -> None:
        """Wait until no autovacuum worker has run for QUIET_S seconds (QUIET_WAIT_S at most): the vacuum and
        analyze of the tables the step before wrote are not timed with the next step, as a daily run, a day after
        the last, does not meet them. What autovacuum does while a step runs is timed with it."""
        began = quiet_since = time.monotonic()
        with self.running("waiting for autovacuum"), self.connection.cursor() as cursor:
            while True:
                cursor.execute("select count(*) from pg_stat_activity where backend_type = 'autovacuum worker'")
                now = time.monotonic()
                if cursor.fetchone()[0]:
                    quiet_since = now
                if now - quiet_since >= QUIET_S or now - began >= QUIET_WAIT_S:
                    break
                time.sleep(0.5)
        if quiet_since > began:
            quiet = "quiet" if now - quiet_since >= QUIET_S else f"still running after {QUIET_WAIT_S:.0f} s"
            self.progress(f"    autovacuum: {quiet} ({now - began:.0f} s)")

    def dbt(self, args: list[str], target: LocalServer | DuckDb, variables: Mapping[str, object]) -> DbtTiming:
        """timed_dbt, after an untimed `dbt parse` when the target or the vars changed since the last invocation:
        dbt then parses the whole project again, which a daily run with the same vars does not pay."""
        invocation = parse_key(target, variables)
        if args[0] != "seed":  # dbt seed is never timed
            if invocation != self.parsed:
                parse(target, variables)
            self.settle()
        self.parsed = invocation
        return timed_dbt(args, target, variables, self.parameters.timeout)

    def generate(self) -> dict[str, object]:
        parameters, shape = self.parameters, self.shape
        self.step(0, f"the warehouse in schema {RAW_SCHEMA}: {parameters.persons:,} persons, {parameters.messages:,} "
                  f"messages, seed {parameters.seed}; {shape.describe()}")
        began = time.monotonic()
        with self.running("generating"), self.connection.cursor() as cursor:
            # what dbt built on another shape goes: incremental models, and the snapshot that `dbt build` adds to
            cursor.execute("select nspname from pg_namespace where nspname = %s or nspname like %s",
                           (SCHEMA, SCHEMA + "\\_%"))
            for (schema,) in cursor.fetchall():
                cursor.execute(sql.SQL("drop schema {} cascade").format(sql.Identifier(schema)))
            synthetic_warehouse.generate(self.connection, RAW_SCHEMA, parameters.persons, parameters.messages,
                                         parameters.seed, shape, progress=self.progress)
            warehouse = {"schema": RAW_SCHEMA, "generation_s": round(time.monotonic() - began, 3)}
            warehouse |= synthetic_warehouse.checksum(self.connection, RAW_SCHEMA)
        self.connection.autocommit = True  # no transaction stays open while dbt replaces schemas
        with self.connection.cursor() as cursor:
            cursor.execute(f"set statement_timeout = {parameters.timeout * 1000}")
        return warehouse

    def project(self) -> ProjectModels:
        with self.running("dbt parse"):
            found = project_models(self.server, self.variables)
        self.parsed = parse_key(self.server, self.variables)
        self.progress(f"    incremental models: {', '.join(found.incremental) or 'none'}; "
                      f"{HISTORY_SELECTOR}: {', '.join(found.history) or 'none'}")
        if found.has_seeds:  # configuration data the models read, loaded once, not timed
            with self.running("dbt seed"):
                self.dbt(["seed", "--full-refresh"], self.server, self.variables)
        return found

    def scan(self) -> None:
        self.step(1, f"scan of message: one warm-up, then best of {self.parameters.runs}")
        self.settle()
        try:
            with self.running("scan"):
                timed_statement(self.connection, SCAN_QUERY)
                self.measured.seconds["scan"] = best_of(
                    self.parameters.runs, lambda: timed_statement(self.connection, SCAN_QUERY)
                )
            self.progress(f"    {self.measured.seconds['scan']:.2f} s")
        except StepTimedOut:
            self.measured.timed_out(["scan"], self.parameters.timeout)
            self.progress(f"    timed out after {self.parameters.timeout} s")

    def queries(self, prefix: str, measure: Callable[[str], float]) -> bool:
        """One round of the specification's three queries, after an untimed scan that brings `message` back into
        the cache (the dbt runs of the round before may have pushed it out): the fastest time of each so far under
        `prefix`_<query>. A query that timed out is not run again; the step goes on (True)."""
        self.settle()
        with self.running("warm-up scan"), contextlib.suppress(StepTimedOut):  # not a measurement
            measure(SCAN_QUERY)
        for name in QUERY_FILES:
            key, query = f"{prefix}_{name}", specification_query(name, synthetic_warehouse.AS_OF)
            if key in self.measured.at_least:
                continue
            try:
                with self.running(name):
                    seconds = measure(query)
                self.measured.keep_fastest(key, seconds)
                self.progress(f"    {name}: {seconds:.2f} s (fastest {self.measured.seconds[key]:.2f} s)")
            except StepTimedOut:
                self.measured.timed_out([key], self.parameters.timeout)
                self.progress(f"    {name}: timed out after {self.parameters.timeout} s")
        return True

    def queries_summed(self, prefix: str) -> None:
        """The sum of the three queries' fastest times into `prefix`, or its lower bound when one timed out."""
        parts = [f"{prefix}_{name}" for name in QUERY_FILES]
        if all(part in self.measured.seconds for part in parts):
            self.measured.seconds[prefix] = sum(self.measured.seconds[part] for part in parts)
        else:  # the sum of what finished and of the timeouts is a lower bound
            self.measured.missing[prefix] = "a query timed out"
            self.measured.at_least[prefix] = sum(self.measured.bounds(part)[0] for part in parts)

    def in_rounds(self, steps: Mapping[int, tuple[str, Callable[[], bool]]]) -> dict[int, bool]:
        """Steps measured best of --runs, in rounds: each round repeats every step once, in turn, so that a slow
        phase of the machine falls on all of them rather than on one step's repetitions. A step whose callable
        returns False (it timed out) is not repeated. Whether each step completed."""
        runs, completed = self.parameters.runs, {number: True for number in steps}
        for round_number in range(1, runs + 1):
            for number, (title, measure) in steps.items():
                if not completed[number]:
                    continue
                if round_number == 1:
                    others = [str(other) for other in steps if other != number]
                    alternating = f", in rounds with step{'s' if len(others) > 1 else ''} {' and '.join(others)}"
                    self.step(number, f"{title}, best of {runs}" + (alternating if runs > 1 and others else ""))
                else:
                    self.progress(f"    round {round_number} of {runs}: step {number}, {title}")
                completed[number] = measure()
        return completed

    def specification(self) -> bool:
        with specification_session(self.connection):
            return self.queries("specification", lambda query: timed_statement(self.connection, query))

    def dbt_run(
        self, name: str, keys: tuple[str, str], args: list[str],
        target: LocalServer | DuckDb | None = None, as_of: datetime = synthetic_warehouse.AS_OF,
    ) -> bool:
        """`dbt args` once, kept into keys (models' SQL, wall) when faster than an earlier run of the same step,
        with its models' times under `name`; False when it timed out."""
        target = target or self.server
        variables = {**self.variables, "segmentation__as_of": as_of.isoformat()}
        try:
            with self.running(f"dbt {args[0]}"):
                timing = self.dbt(args, target, variables)
        except StepTimedOut as error:
            self.progress(f"    timed out: a statement ran longer than {self.parameters.timeout} s\n{error}")
            self.measured.timed_out(list(keys), self.parameters.timeout)
            self.models.pop(name, None)  # a step that timed out once is reported as timed out
            return False
        self.progress(f"    wall {timing.wall:.2f} s, models' SQL {timing.models_sql:.2f} s")
        if self.measured.keep_fastest(keys[0], timing.models_sql):
            self.models[name] = timing.models
        self.measured.keep_fastest(keys[1], timing.wall)
        return True

    def build(self) -> bool:
        self.step(5, "dbt build --full-refresh (every model and test), once")
        try:
            with self.running("dbt build"):
                self.measured.seconds["build_wall"] = self.dbt(
                    ["build", "--full-refresh"], self.server, self.variables
                ).wall
        except StepTimedOut:
            self.measured.timed_out(["build_wall"], self.parameters.timeout)
            self.progress(f"    timed out: a statement ran longer than {self.parameters.timeout} s")
            return False
        self.progress(f"    wall {self.measured.seconds['build_wall']:.2f} s")
        return True

    def parity(self, as_of: datetime) -> bool:
        with self.running("persona_summary against Query 3"):
            equal = persona_summary_matches(self.connection, as_of)
        self.progress(f"    persona_summary equals the specification's Query 3 at {as_of}: {'yes' if equal else 'NO'}")
        return equal

    def on_duckdb(self) -> None:
        import duckdb

        self.step(6, f"copy of the raw tables into the DuckDB file {self.duckdb.path}")
        with self.running("copying"):
            shutil.rmtree(self.duckdb.directory, ignore_errors=True)
            copy_to_duckdb(self.connection, self.duckdb)
        with self.running("dbt seed on DuckDB"):
            self.dbt(["seed", "--full-refresh"], self.duckdb, self.variables)

        def duckdb_queries() -> bool:
            # a connection of its own each round: dbt's runs in between open the file themselves
            with duckdb.connect(str(self.duckdb.path)) as connection:
                connection.execute(f"set search_path = '{RAW_SCHEMA}'")
                connection.execute("set TimeZone = 'UTC'")  # as the specification's session on PostgreSQL
                return self.queries("duckdb_specification",
                                    lambda query: timed_duckdb_statement(connection, query, self.parameters.timeout))

        self.in_rounds({
            7: ("the specification's three queries on DuckDB", duckdb_queries),
            8: ("DuckDB full run: dbt run --full-refresh --target duckdb",
                lambda: self.dbt_run("duckdb_full_run", ("duckdb_models_sql", "duckdb_run_wall"),
                                     ["run", "--full-refresh"], target=self.duckdb)),
        })
        self.queries_summed("duckdb_specification")
        shutil.rmtree(self.duckdb.directory, ignore_errors=True)

    def append_days(self, days: range) -> None:
        parameters = self.parameters
        self.connection.autocommit = False
        with self.running("appending"):
            for day in days:
                synthetic_warehouse.append_day(self.connection, RAW_SCHEMA, parameters.persons, parameters.messages,
                                               parameters.seed, self.shape, day, progress=self.progress)
        self.connection.autocommit = True

    def run(self) -> dict[str, object]:
        """Every step on this shape; its part of results.json."""
        began = time.monotonic()
        as_of = synthetic_warehouse.AS_OF
        warehouse = self.generate()
        found = self.project()
        self.scan()
        completed = self.in_rounds({
            2: ("the specification's three queries on PostgreSQL", self.specification),
            3: ("full run: dbt run --full-refresh",
                lambda: self.dbt_run("full_run", ("full_models_sql", "full_run_wall"), ["run", "--full-refresh"])),
            4: (f"as-of path: dbt run --full-refresh --exclude {HISTORY_SELECTOR}",
                lambda: self.dbt_run("asof_path", ("asof_models_sql", "asof_run_wall"),
                                     ["run", "--full-refresh", "--exclude", HISTORY_SELECTOR])),
        })
        self.queries_summed("specification")
        built = completed[3]
        parity: dict[str, bool] = {}
        if not built:
            self.measured.skip(["build_wall"], "skipped: the full run timed out")
        elif self.build():
            parity["full_build"] = self.parity(as_of)
        else:
            built = False
        self.on_duckdb()
        later = ["daily_models_sql", "daily_run_wall", "week_models_sql", "week_run_wall", "noop_models_sql",
                 "noop_run_wall"]
        if not built:
            self.measured.skip(later, "skipped: the full run or the build timed out")
        else:
            self.step(9, "daily run: one more day of messages appended, then dbt run, once")
            self.append_days(range(1, 2))
            if self.dbt_run("daily_run", tuple(later[:2]), ["run"], as_of=as_of + timedelta(days=1)):
                self.step(10, f"run after a week: {WEEK_DAYS} more days of messages appended, then dbt run, once")
                self.append_days(range(2, 2 + WEEK_DAYS))
                as_of += timedelta(days=1 + WEEK_DAYS)
                if self.dbt_run("week_run", tuple(later[2:4]), ["run"], as_of=as_of):
                    parity["after_the_week"] = self.parity(as_of)
                    self.step(11, "a run with nothing new: dbt run again, same data and as_of, once")
                    self.dbt_run("noop_run", tuple(later[4:]), ["run"], as_of=as_of)
                else:
                    self.measured.skip(later[4:], "skipped: the run after a week timed out")
            else:
                self.measured.skip(later[2:], "skipped: the daily run timed out")
        measured = self.measured
        for key in TIMINGS:
            if key not in measured.seconds and key not in measured.missing:
                measured.missing[key] = "not measured"
        timings = {key: round(measured.seconds[key], 3) if key in measured.seconds else None for key in TIMINGS}
        missing = {key: measured.missing[key] for key in TIMINGS if key in measured.missing}
        timed_out = {key: measured.at_least[key] for key in TIMINGS if key in measured.at_least}
        return {
            "shape": asdict(self.shape) | {"description": self.shape.describe()},
            "warehouse": warehouse,
            "marts": {"schema": SCHEMA, "as_of": as_of.isoformat(), "persona_summary_equals_query_3": parity},
            "models_found": {"incremental": found.incremental, "history": found.history},
            "timings": timings,
            "missing": missing,
            "timed_out": timed_out,
            "models": {run: dict(sorted(times.items())) for run, times in self.models.items()},
            # from the rounded timings, so that anyone can recompute them from results.json
            "ratios": ratio_entries(Measurements(
                {key: value for key, value in timings.items() if value is not None}, missing, timed_out
            )),
            "total_s": round(time.monotonic() - began, 1),
        }


def run_benchmark(
    server: LocalServer, parameters: Parameters, output_dir: Path = BENCH_DIR, progress: Progress | None = None
) -> dict[str, object]:
    """Measure every shape on `server`, write results.json and results.md; return them."""
    parameters.check()
    progress = progress or Progress()
    began = time.monotonic()
    shapes = {}
    with prompt_autovacuum(server):
        with contextlib.closing(psycopg2.connect(**server.connect_kwargs())) as connection:
            env = environment(connection)
        for name in parameters.shapes:
            bench = Benchmark(server, parameters, synthetic_warehouse.SHAPES[name], progress)
            try:
                shapes[name] = bench.run()
            finally:
                bench.close()
    results: dict[str, object] = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "parameters": {**asdict(parameters), "as_of": synthetic_warehouse.AS_OF.isoformat()},
        "environment": env,
        "method": (
            "Seconds. Scan and the specification's queries: wall time of each statement as the client sees it, "
            "all rows fetched, best of `runs`, each round after an untimed warm-up scan. *_models_sql: sum of the "
            "models' execution_time in dbt's run_results.json; *_wall: wall time of the dbt invocation (best of "
            "`runs` for the full run, the as-of path and DuckDB's full run; once for the build, the daily, the "
            "week's and the nothing-new run). The queries, the full run and the as-of path run in `runs` rounds, "
            "one of each in turn, and so do the DuckDB queries and DuckDB's full run. Each timed step starts once "
            f"no autovacuum worker has run for {QUIET_S:g} s (autovacuum_naptime {AUTOVACUUM_NAPTIME} meanwhile). "
            "Every PostgreSQL statement and every query on DuckDB is cancelled after `timeout` seconds; timed_out "
            "gives those lower bounds."
        ),
        "targets_stated_for": TARGET_SIZE,
        "shapes": shapes,
        "total_s": round(time.monotonic() - began, 1),
    }
    write_results(results, output_dir)
    return results


def ratio_value(entry: Mapping[str, object]) -> str:
    if entry["value"] is not None:
        return f"{entry['value']:.3f}"
    return "n/a" if entry["at_least"] is None else f"> {entry['at_least']:.3g}"


MET = {True: "met", False: "not met", None: "n/a"}


def markdown(results: Mapping[str, object]) -> str:
    """A summary of the ratios by shape, then each shape's times and ratios, with the parameters above them."""
    parameters, environment_, shapes = results["parameters"], results["environment"], results["shapes"]
    version = str(environment_["postgresql_version"]).split(" on ")[0]
    lines = [
        f"{parameters['persons']:,} persons, {parameters['messages']:,} messages (seed {parameters['seed']}); "
        f"best of {parameters['runs']}, statements cancelled after {parameters['timeout']} s; {version}, "
        f"DuckDB {environment_['duckdb_version']}, {environment_['machine_cores']} cores, "
        f"dbt {environment_['dbt_version']}. The targets are stated for {results['targets_stated_for']}.",
        "",
        "| ratio | target | " + " | ".join(shapes) + " |",
        "|---|---:|" + "---|" * len(shapes),
    ]
    for name, ratio in RATIOS.items():
        cells = [f"{ratio_value(entry)} {MET[entry['met']]}" for entry in (s["ratios"][name] for s in shapes.values())]
        lines.append(f"| {ratio.description} | ≤ {ratio.target:g} | " + " | ".join(cells) + " |")
    for name, shape in shapes.items():
        timings, missing = shape["timings"], shape["missing"]
        lines += [
            "", f"## {name}: {shape['shape']['description']}", "",
            f"{shape['warehouse']['row_counts']['message']:,} messages generated in "
            f"{shape['warehouse']['generation_s']:.0f} s; marts at {shape['marts']['as_of']}.",
            "", "| step | what | seconds |", "|---|---|---:|",
        ]
        for key, (step, description) in TIMINGS.items():
            value = timings[key]
            lines.append(f"| {step} | {description} | {missing[key] if value is None else f'{value:.2f}'} |")
        lines += ["", "| ratio | value | target | met |", "|---|---:|---:|---|"]
        for entry in shape["ratios"].values():
            note = f" ({entry['note']})" if entry["note"] else ""
            lines.append(f"| {entry['description']} | {ratio_value(entry)} | ≤ {entry['target_at_most']:g} | "
                         f"{MET[entry['met']]}{note} |")
        if timings["noop_models_sql"] is not None and timings["full_models_sql"]:
            lines += ["", f"A run with nothing new costs {timings['noop_models_sql'] / timings['full_models_sql']:.3f} "
                      "of the full run's models' SQL: the floor of the daily run's ratio."]
        lines += ["", f"The {SLOWEST_MODELS} slowest models of each run (seconds of SQL):", "",
                  "| run | models |", "|---|---|"]
        for run, models in shape["models"].items():
            slowest = sorted(models.items(), key=lambda item: -item[1])[:SLOWEST_MODELS]
            lines.append(f"| {run} | " + ", ".join(f"{model} {seconds:.2f}" for model, seconds in slowest) + " |")
        parity = shape["marts"]["persona_summary_equals_query_3"]
        checks = ", ".join(f"{when.replace('_', ' ')}: {'yes' if equal else 'NO'}" for when, equal in parity.items())
        lines += ["", f"persona_summary equals the specification's Query 3: {checks or 'not checked (no build)'}."]
    return "\n".join(lines) + "\n"


def write_results(results: Mapping[str, object], output_dir: Path) -> None:
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    (output_dir / "results.md").write_text(markdown(results))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = Parameters()
    parser.add_argument("--persons", type=int, default=defaults.persons, help="default: %(default)s")
    parser.add_argument("--messages", type=int, default=defaults.messages, help="default: %(default)s")
    parser.add_argument("--shapes", nargs="+", default=list(defaults.shapes), metavar="SHAPE",
                        help=f"among {', '.join(synthetic_warehouse.SHAPES)}; default: all")
    parser.add_argument("--runs", type=int, default=defaults.runs, help="best of this many; default: %(default)s")
    parser.add_argument("--timeout", type=int, default=defaults.timeout,
                        help="seconds after which any statement is cancelled; default: %(default)s")
    parser.add_argument("--seed", type=int, default=defaults.seed, help="default: %(default)s")
    parser.add_argument("--output-dir", type=Path, default=BENCH_DIR, help="default: bench/")


def run(args: argparse.Namespace) -> int:
    parameters = Parameters(args.persons, args.messages, tuple(args.shapes), args.runs, args.timeout, args.seed)
    try:
        parameters.check()
    except ValueError as error:  # refused before anything starts, with argparse's exit status for bad arguments
        print(f"segmentation bench: error: {error}", file=sys.stderr)
        return 2
    progress = Progress()
    try:
        progress(">>> starting a throwaway PostgreSQL")
        # dbt's target/ and logs/ beside the server's data, removed with it; the project's target/ is untouched
        with temporary_server() as server, dbt_output_in(server.data_dir.with_name(server.data_dir.name + "-dbt")):
            results = run_benchmark(server, parameters, args.output_dir, progress)
    except (LocalDbError, BenchmarkError, psycopg2.Error) as error:
        progress(f"benchmark failed: {error}")
        return 1
    # the table on stdout, flushed before the last line on stderr: in order even when both go to one file
    print("\n" + markdown(results), flush=True)
    progress(f"written to {args.output_dir / 'results.json'} and {args.output_dir / 'results.md'} "
             f"in {results['total_s']:.0f} s")
    return 0
