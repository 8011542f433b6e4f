"""`make bench`: how fast the project builds, against the floor and against the specification's own queries.

    python -m segmentation.benchmark [--persons 50000] [--messages 5000000] [--runs 3] [--timeout 600] [--seed 7]

On a throwaway local PostgreSQL, generates a synthetic warehouse (segmentation.synthetic_warehouse) into schema
bench_raw, then measures on that one data set:

1. one scan and hash aggregate of `message`, reading `content` (the physical floor);
2. the specification's three queries as written (NOW() fixed, Query 1 without its LIMIT 100, as the marts keep
   every user), summed;
3. the project's build, `dbt run --full-refresh`: its wall time and the models' SQL time (the sum of the models'
   `execution_time` in run_results.json), then once `dbt build --full-refresh` (models and every test);
4. an incremental `dbt run` after appending one new day of messages, when the project has incremental models;
5. the 52-week history model, when the project has it.

Timings 1 and 2 are the wall time of each statement seen by the client over the unix socket, every result row
fetched; each is the best of --runs runs, after one untimed scan that brings `message` into the cache. The
`dbt run` of 3 is the best of --runs too; 4, 5 and `dbt build` run once. Every statement, the models' included,
is cancelled after --timeout seconds: a step that hits it is reported as taking more than that, and the steps
that need it are skipped. A step the project cannot run yet is reported as not available. Times missing for
either reason are null, never invented; a ratio with a lower bound still says whether its target is missed.

It prints a table of times and the ratios 3/1, 3/2, 4/3, 5/3 against their targets, and writes
bench/results.json and bench/results.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg2
from psycopg2 import errors, sql

from segmentation import PROJECT_ROOT, synthetic_warehouse
from segmentation.dbt_project import DbtError, run_dbt
from segmentation.localdb import LocalDbError, LocalServer, temporary_server
from segmentation.specification import QUERY_FILES, specification_query

BENCH_DIR = PROJECT_ROOT / "bench"
RAW_SCHEMA = "bench_raw"
SCHEMA = "bench"  # the models land in bench, bench_staging and bench_intermediate
HISTORY_MODEL = "user_persona_history"

# The floor: every row of message read once, content included, aggregated per sender in a hash table.
SCAN_QUERY = """
select
    sender_person_contact_id,
    count(*) as messages,
    count(*) filter (where content like 'Loved %' or content like 'Liked %' or content like 'Disliked %')
        as reactions
from {schema}.message
group by sender_person_contact_id
"""

# Every timing of results.json: key -> (step, description).
TIMINGS: dict[str, tuple[str, str]] = {
    "scan": ("1", "one scan and hash aggregate of message (the floor)"),
    "specification": ("2", "the specification's three queries, summed"),
    **{f"specification_{name}": ("2", f"the specification's {name} query") for name in QUERY_FILES},
    "models_sql": ("3", "full build: the models' SQL time (run_results.json)"),
    "run_wall": ("3", "full build: `dbt run --full-refresh` wall time"),
    "build_wall": ("3", "`dbt build --full-refresh` (models and every test) wall time"),
    "incremental_models_sql": ("4", "incremental update after one new day: the models' SQL time"),
    "incremental_run_wall": ("4", "incremental update after one new day: `dbt run` wall time"),
    "history_models_sql": ("5", f"52-week history ({HISTORY_MODEL} and the models only it needs): models' SQL"),
    "history_run_wall": ("5", "52-week history: `dbt run` wall time"),
}


@dataclass(frozen=True)
class Ratio:
    numerator: str  # keys of TIMINGS
    denominator: str
    target: float  # at most
    description: str


RATIOS: dict[str, Ratio] = {
    "3/1": Ratio("models_sql", "scan", 3.0, "models' SQL / the scan"),
    "3/2": Ratio("models_sql", "specification", 0.5, "models' SQL / the specification's queries"),
    "3/2 wall": Ratio("run_wall", "specification", 0.5, "`dbt run` wall / the specification's queries"),
    "4/3": Ratio("incremental_models_sql", "models_sql", 0.1, "incremental / full build, models' SQL"),
    "4/3 wall": Ratio("incremental_run_wall", "run_wall", 0.1, "incremental / full build, `dbt run` wall"),
    "5/3": Ratio("history_models_sql", "models_sql", 5.0, "history / one build, models' SQL"),
    "5/3 wall": Ratio("history_run_wall", "run_wall", 5.0, "history / one build, `dbt run` wall"),
}
INCREMENTAL_TARGET_MESSAGES = 10_000_000  # the size the issue states the incremental target for


@dataclass(frozen=True)
class Parameters:
    persons: int = 50_000
    messages: int = 5_000_000
    runs: int = 3
    timeout: int = 600  # seconds, per statement
    seed: int = synthetic_warehouse.SEED

    def check(self) -> None:
        synthetic_warehouse.check_size(self.persons, self.messages, self.seed)
        if self.runs < 1:
            raise ValueError(f"runs must be at least 1, got {self.runs}")
        if self.timeout < 1:
            raise ValueError(f"timeout must be at least 1 second, got {self.timeout}")


class BenchmarkError(RuntimeError):
    """The benchmark could not run; the message says which step and why."""


class StepTimedOut(BenchmarkError):
    """A statement of the step ran longer than the timeout and was cancelled."""


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


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
        for key in keys:
            self.missing[key] = f"timed out: over {timeout} s"
            self.at_least[key] = float(timeout)

    def bounds(self, key: str) -> tuple[float, float] | None:
        if key in self.seconds:
            return self.seconds[key], self.seconds[key]
        if key in self.at_least:
            return self.at_least[key], math.inf
        return None


def best_of(runs: int, measure: Callable[[], float]) -> float:
    return min(measure() for _ in range(runs))


def timed_statement(connection, statement: str) -> float:
    """Seconds from sending `statement` to having fetched every row of its result."""
    with connection.cursor() as cursor:
        began = time.perf_counter()
        try:
            cursor.execute(statement)
        except errors.QueryCanceled as error:
            raise StepTimedOut(str(error)) from error
        cursor.fetchall()
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


def timed_dbt(args: list[str], server: LocalServer, variables: Mapping[str, object], timeout: int) -> DbtTiming:
    """Run dbt; its wall time and the models' execution_time from the run_results.json it wrote."""
    run_results = dbt_target_path() / "run_results.json"
    run_results.unlink(missing_ok=True)  # never read a previous command's results
    began = time.perf_counter()
    try:
        with statement_timeout(timeout):
            run_dbt(args, server, schema=SCHEMA, variables=variables, quiet=True)
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
    history: list[str]  # the history's models: empty without HISTORY_MODEL
    incremental: list[str]  # the incremental models of one build (the models outside the history)
    has_seeds: bool

    def exclude_history(self) -> list[str]:
        return ["--exclude", *self.history] if self.history else []


def project_models(server: LocalServer, variables: Mapping[str, object]) -> ProjectModels:
    """What the project's manifest holds. The history is HISTORY_MODEL, every model in a `history` folder (the
    project's convention, models/*/history/) and every model downstream of those; one build is all the others."""
    try:
        manifest = run_dbt(["parse"], server, schema=SCHEMA, variables=variables, quiet=True).result
    except DbtError as error:
        raise BenchmarkError(str(error)) from error
    models = {node.unique_id: node for node in manifest.nodes.values() if str(node.resource_type) == "model"}
    history: set[str] = set()
    if any(node.name == HISTORY_MODEL for node in models.values()):
        history = {key for key, node in models.items() if node.name == HISTORY_MODEL or "history" in node.fqn[1:-1]}
        grown = True
        while grown:  # and what depends on them
            downstream = {key for key, node in models.items() if history & set(node.depends_on.nodes)}
            grown = not downstream <= history
            history |= downstream
    return ProjectModels(
        history=sorted(models[key].name for key in history),
        incremental=sorted(
            node.name for key, node in models.items()
            if key not in history and node.config.materialized == "incremental"
        ),
        has_seeds=any(str(node.resource_type) == "seed" for node in manifest.nodes.values()),
    )


def environment(connection) -> dict[str, object]:
    import dbt.version

    with connection.cursor() as cursor:
        cursor.execute("select version()")
        version = cursor.fetchone()[0]
        settings = {}
        for name in ("shared_buffers", "work_mem", "max_parallel_workers_per_gather", "jit"):
            cursor.execute(sql.SQL("show {}").format(sql.Identifier(name)))
            settings[name] = cursor.fetchone()[0]
    return {
        "postgresql_version": version,
        "postgresql_settings": settings,
        "machine_cores": os.cpu_count(),
        "machine": f"{platform.system()} {platform.machine()}",
        "python_version": platform.python_version(),
        "dbt_version": dbt.version.__version__,
    }


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


def ratio_entries(measured: Measurements, messages: int) -> dict[str, dict[str, object]]:
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
        if name.startswith("4/3") and low is not None and messages != INCREMENTAL_TARGET_MESSAGES:
            notes.append(f"the target is stated for {INCREMENTAL_TARGET_MESSAGES:,} messages")
        entries[name] = {
            "description": ratio.description, "numerator": ratio.numerator, "denominator": ratio.denominator,
            "value": value, "at_least": None if low is None else round(low, 4), "target_at_most": ratio.target,
            "met": met, "note": "; ".join(notes),
        }
    return entries


class Benchmark:
    """One benchmark run on a server: each step records into `measured`."""

    def __init__(self, server: LocalServer, parameters: Parameters) -> None:
        self.server, self.parameters = server, parameters
        self.measured = Measurements()
        self.variables: dict[str, object] = {
            "source_schema": RAW_SCHEMA, "as_of": synthetic_warehouse.AS_OF.isoformat(),
        }
        self.connection = psycopg2.connect(**server.connect_kwargs())

    def close(self) -> None:
        self.connection.close()

    def generate(self) -> dict[str, object]:
        parameters = self.parameters
        progress(f">>> generating the synthetic warehouse in schema {RAW_SCHEMA}: {parameters.persons:,} persons, "
                 f"{parameters.messages:,} messages, seed {parameters.seed}")
        began = time.monotonic()
        synthetic_warehouse.generate(self.connection, RAW_SCHEMA, parameters.persons, parameters.messages,
                                     parameters.seed, progress=progress)
        warehouse = {"schema": RAW_SCHEMA, "generation_s": round(time.monotonic() - began, 3)}
        warehouse |= synthetic_warehouse.checksum(self.connection, RAW_SCHEMA)
        self.connection.autocommit = True  # no transaction stays open while dbt replaces schemas
        with self.connection.cursor() as cursor:
            cursor.execute(f"set statement_timeout = {parameters.timeout * 1000}")
        return warehouse

    def scan(self) -> None:
        progress(f">>> 1. scan of message: one warm-up, then best of {self.parameters.runs}")
        statement = SCAN_QUERY.format(schema=sql.Identifier(RAW_SCHEMA).string)
        try:
            timed_statement(self.connection, statement)
            self.measured.seconds["scan"] = best_of(
                self.parameters.runs, lambda: timed_statement(self.connection, statement)
            )
            progress(f"    {self.measured.seconds['scan']:.2f} s")
        except StepTimedOut:
            self.measured.timed_out(["scan"], self.parameters.timeout)
            progress(f"    timed out after {self.parameters.timeout} s")

    def specification(self) -> None:
        progress(f">>> 2. the specification's three queries, best of {self.parameters.runs} each")
        with specification_session(self.connection):
            for name in QUERY_FILES:
                key, query = f"specification_{name}", specification_query(name, synthetic_warehouse.AS_OF)
                try:
                    self.measured.seconds[key] = best_of(
                        self.parameters.runs, lambda q=query: timed_statement(self.connection, q)
                    )
                    progress(f"    {name}: {self.measured.seconds[key]:.2f} s")
                except StepTimedOut:
                    self.measured.timed_out([key], self.parameters.timeout)
                    progress(f"    {name}: timed out after {self.parameters.timeout} s")
        parts = [f"specification_{name}" for name in QUERY_FILES]
        if all(part in self.measured.seconds for part in parts):
            self.measured.seconds["specification"] = sum(self.measured.seconds[part] for part in parts)
        else:  # the sum of what finished and of the timeouts is a lower bound
            self.measured.missing["specification"] = "a query timed out"
            self.measured.at_least["specification"] = sum(self.measured.bounds(part)[0] for part in parts)

    def full_build(self, exclude: list[str]) -> dict[str, float] | None:
        """Step 3; the models' times of the fastest run, or None when the build timed out."""
        runs, timeout = self.parameters.runs, self.parameters.timeout
        progress(f">>> 3. full build: dbt run --full-refresh, best of {runs}")
        timings = []
        try:
            for run in range(runs):
                timings.append(timed_dbt(["run", "--full-refresh", *exclude], self.server, self.variables, timeout))
                timing = timings[-1]
                progress(f"    run {run + 1}: wall {timing.wall:.2f} s, models' SQL {timing.models_sql:.2f} s")
        except StepTimedOut as error:
            progress(f"    timed out: a model ran longer than {timeout} s\n{error}")
            self.measured.timed_out(["models_sql", "run_wall"], timeout)
            self.measured.skip(["build_wall"], "skipped: the full build timed out")
            return None
        fastest = min(timings, key=lambda timing: timing.models_sql)
        self.measured.seconds["models_sql"] = fastest.models_sql
        self.measured.seconds["run_wall"] = min(timing.wall for timing in timings)
        progress(">>> 3. dbt build --full-refresh (models and every test), once")
        try:
            build = timed_dbt(["build", "--full-refresh", *exclude], self.server, self.variables, timeout)
            self.measured.seconds["build_wall"] = build.wall
            progress(f"    wall {build.wall:.2f} s")
        except StepTimedOut:
            self.measured.timed_out(["build_wall"], timeout)
            progress(f"    timed out: a statement ran longer than {timeout} s")
        return fastest.models

    def once(
        self, step: str, keys: tuple[str, str], args: list[str], variables: Mapping[str, object]
    ) -> dict[str, float] | None:
        """A dbt run measured once into keys (models' SQL, wall); the models' times, None when it timed out."""
        try:
            timing = timed_dbt(args, self.server, variables, self.parameters.timeout)
        except StepTimedOut:
            self.measured.timed_out(list(keys), self.parameters.timeout)
            progress(f"    {step}: timed out after {self.parameters.timeout} s")
            return None
        self.measured.seconds[keys[0]], self.measured.seconds[keys[1]] = timing.models_sql, timing.wall
        progress(f"    wall {timing.wall:.2f} s, models' SQL {timing.models_sql:.2f} s")
        return timing.models

    def append_day(self) -> datetime:
        self.connection.autocommit = False
        parameters = self.parameters
        synthetic_warehouse.append_day(self.connection, RAW_SCHEMA, parameters.persons, parameters.messages,
                                       parameters.seed, progress=progress)
        self.connection.autocommit = True
        return synthetic_warehouse.AS_OF + timedelta(days=1)


def run_benchmark(server: LocalServer, parameters: Parameters, output_dir: Path = BENCH_DIR) -> dict[str, object]:
    """Generate the warehouse on `server`, measure every step, write results.json and results.md; return them."""
    parameters.check()
    began = time.monotonic()
    as_of = synthetic_warehouse.AS_OF
    bench = Benchmark(server, parameters)
    measured = bench.measured
    try:
        warehouse = bench.generate()
        available = project_models(server, bench.variables)
        progress(f">>> incremental models: {', '.join(available.incremental) or 'none yet'}; "
                 f"the history: {', '.join(available.history) or 'not yet'}")
        exclude_history = available.exclude_history()
        if available.has_seeds:  # configuration data the models read, loaded once, not timed
            progress(">>> dbt seed")
            timed_dbt(["seed", "--full-refresh"], server, bench.variables, parameters.timeout)
        bench.scan()
        bench.specification()
        models = bench.full_build(exclude_history)
        parity = None if models is None else persona_summary_matches(bench.connection, as_of)
        if parity is not None:
            progress(f"    persona_summary equals the specification's Query 3: {'yes' if parity else 'NO'}")
        marts_as_of = as_of if models is not None else None

        history_keys = ("history_models_sql", "history_run_wall")
        if not available.history:
            measured.skip(list(history_keys), f"not available yet: the project has no model {HISTORY_MODEL}")
        elif models is None:
            measured.skip(list(history_keys), "skipped: the full build timed out")
        else:
            progress(f">>> 5. the 52-week history: dbt run --full-refresh of its {len(available.history)} models, once")
            bench.once("history", history_keys, ["run", "--full-refresh", "--select", *available.history],
                       bench.variables)

        incremental_keys = ("incremental_models_sql", "incremental_run_wall")
        incremental_models = None
        if not available.incremental:
            measured.skip(list(incremental_keys), "not available yet: the project has no incremental model")
        elif models is None:
            measured.skip(list(incremental_keys), "skipped: the full build timed out")
        else:
            progress(">>> 4. incremental update: one new day of messages appended, then dbt run, once")
            marts_as_of = bench.append_day()
            incremental_models = bench.once("incremental update", incremental_keys, ["run", *exclude_history],
                                            {**bench.variables, "as_of": marts_as_of.isoformat()})

        for key in TIMINGS:
            if key not in measured.seconds and key not in measured.missing:
                measured.missing[key] = "not measured"
        results: dict[str, object] = {
            "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "parameters": {**asdict(parameters), "as_of": as_of.isoformat()},
            "environment": environment(bench.connection),
            "method": (
                "Seconds. Scan and specification: wall time of each statement as the client sees it over the unix "
                "socket, all rows fetched, best of `runs` after one untimed warm-up scan. models_sql: sum of the "
                "models' execution_time in dbt's run_results.json; run_wall: wall time of the dbt invocation "
                "(best of `runs` for the full build; once for build_wall, incremental and history). Every "
                "statement is cancelled after `timeout` seconds; timed_out gives those lower bounds."
            ),
            "warehouse": warehouse,
            "marts": {"schema": SCHEMA, "as_of": None if marts_as_of is None else marts_as_of.isoformat(),
                      "persona_summary_equals_query_3": parity},
            "available": {"incremental": bool(available.incremental), "incremental_models": available.incremental,
                          "history": bool(available.history), "history_models": available.history},
            "timings": {key: round(measured.seconds[key], 3) if key in measured.seconds else None for key in TIMINGS},
            "missing": {key: measured.missing[key] for key in TIMINGS if key in measured.missing},
            "timed_out": {key: measured.at_least[key] for key in TIMINGS if key in measured.at_least},
            "models": {name: round(seconds, 3) for name, seconds in sorted((models or {}).items())},
            "incremental_models": {
                name: round(seconds, 3) for name, seconds in sorted((incremental_models or {}).items())
            },
        }
    finally:
        bench.close()
    # ratios from the rounded timings, so that anyone can recompute them from results.json
    rounded = Measurements(
        {key: value for key, value in results["timings"].items() if value is not None},
        dict(results["missing"]), dict(results["timed_out"]),
    )
    results["ratios"] = ratio_entries(rounded, parameters.messages)
    results["total_s"] = round(time.monotonic() - began, 1)
    write_results(results, output_dir)
    return results


def markdown(results: Mapping[str, object]) -> str:
    """The timings and ratios as two Markdown tables, with the parameters above them."""
    parameters, environment_ = results["parameters"], results["environment"]
    timings, missing, ratios = results["timings"], results["missing"], results["ratios"]
    version = str(environment_["postgresql_version"]).split(" on ")[0]
    lines = [
        f"{parameters['persons']:,} persons, {parameters['messages']:,} messages (seed {parameters['seed']}); "
        f"best of {parameters['runs']}, statements cancelled after {parameters['timeout']} s; {version}, "
        f"{environment_['machine_cores']} cores, dbt {environment_['dbt_version']}.",
        "",
        "| step | what | seconds |",
        "|---|---|---:|",
    ]
    for key, (step, description) in TIMINGS.items():
        value = timings[key]
        lines.append(f"| {step} | {description} | {missing[key] if value is None else f'{value:.2f}'} |")
    lines += ["", "| ratio | what | value | target | met |", "|---|---|---:|---:|---|"]
    for name, entry in ratios.items():
        if entry["value"] is not None:
            value = f"{entry['value']:.3f}"
        else:
            value = "n/a" if entry["at_least"] is None else f"> {entry['at_least']:.3g}"
        met = {True: "yes", False: "no", None: "n/a"}[entry["met"]]
        note = f" ({entry['note']})" if entry["note"] else ""
        lines.append(f"| {name} | {entry['description']} | {value} | ≤ {entry['target_at_most']:g} | {met}{note} |")
    parity = results["marts"]["persona_summary_equals_query_3"]
    lines += ["", "persona_summary equals the specification's Query 3: "
              + {True: "yes", False: "NO", None: "not checked (no build)"}[parity] + "."]
    return "\n".join(lines) + "\n"


def write_results(results: Mapping[str, object], output_dir: Path) -> None:
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    (output_dir / "results.md").write_text(markdown(results))


def main(argv: list[str] | None = None) -> int:
    defaults = Parameters()
    parser = argparse.ArgumentParser(prog="python -m segmentation.benchmark", description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=defaults.persons, help="default: %(default)s")
    parser.add_argument("--messages", type=int, default=defaults.messages, help="default: %(default)s")
    parser.add_argument("--runs", type=int, default=defaults.runs, help="best of this many; default: %(default)s")
    parser.add_argument("--timeout", type=int, default=defaults.timeout,
                        help="seconds after which any statement is cancelled; default: %(default)s")
    parser.add_argument("--seed", type=int, default=defaults.seed, help="default: %(default)s")
    parser.add_argument("--output-dir", type=Path, default=BENCH_DIR, help="default: bench/")
    args = parser.parse_args(argv)
    parameters = Parameters(args.persons, args.messages, args.runs, args.timeout, args.seed)
    try:
        parameters.check()
    except ValueError as error:
        parser.error(str(error))
    try:
        progress(">>> starting a throwaway PostgreSQL")
        with temporary_server() as server:
            # dbt's target/ and logs/ beside the server's data, removed with it; the project's target/ is untouched
            os.environ["DBT_TARGET_PATH"] = str(server.data_dir.with_name(server.data_dir.name + "-target"))
            os.environ["DBT_LOG_PATH"] = str(server.data_dir.with_name(server.data_dir.name + "-logs"))
            results = run_benchmark(server, parameters, args.output_dir)
    except (LocalDbError, BenchmarkError, psycopg2.Error) as error:
        print(f"\nbenchmark failed: {error}", file=sys.stderr)
        return 1
    print("\n" + markdown(results))
    print(f"Written to {args.output_dir / 'results.json'} and {args.output_dir / 'results.md'} "
          f"in {results['total_s']:.0f} s.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
