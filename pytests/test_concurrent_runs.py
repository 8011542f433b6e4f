"""Two `dbt run` on the same schema at once (a slow scheduled run and the next one, or a manual run during it): the
incremental marts over the history must not take the same periods twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest

from pytests.conftest import fetch, logged_in_as
from pytests.incremental_runs import AS_OF, HISTORY_MARTS, INCREMENTAL_SELECTION, TIMELINE_HALVES, Postgres
from segmentation import PROJECT_ROOT
from segmentation.dbt_project import describe_failure, profiles_dir, run_dbt

# three builds and two side by side, for about a minute: `make test-slow`
pytestmark = pytest.mark.slow

MART = "segment_distribution_history"


def start_dbt_run(server, schema: str, variables: dict, output: Path, *args: str) -> subprocess.Popen:
    """`dbt run` (with `args`) in a process of its own, with its own target/ and logs/."""
    command = [str(Path(sys.executable).with_name("dbt")), "run", *args, "--project-dir", str(PROJECT_ROOT),
               "--profiles-dir", profiles_dir(), "--target", "local", "--vars", json.dumps(variables)]
    environment = {**os.environ, **server.env(), "DBT_SCHEMA": schema, "DBT_TARGET_PATH": str(output / "target"),
                   "DBT_LOG_PATH": str(output / "logs")}
    return subprocess.Popen(command, cwd=PROJECT_ROOT, env=environment, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def wait_until_building(connection, runs: int, *processes: subprocess.Popen, model: str = MART) -> None:
    """Until `runs` dbt connections building `model` wait for a lock (or a run has ended)."""
    for _ in range(600):
        with connection.cursor() as cursor:
            cursor.execute("select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like %s",
                           (f'%"node_id": "model.user_segmentation.{model}"%',))
            waiting = cursor.fetchone()[0]
        connection.rollback()  # pg_stat_activity holds still within a transaction
        if waiting >= runs or any(process.poll() is not None for process in processes):
            return
        time.sleep(0.2)
    pytest.fail(f"{runs} runs never reached {model}")


def test_two_runs_side_by_side_equal_a_full_refresh(server, connection, tmp_path):
    """Both runs reach the distribution history with the same new periods to write (held there by another session,
    then released together); each replaced them as if alone, and the history held every period twice, whatever
    later runs did. The first run writes them, the second waits for it and then finds nothing left to write; every
    incremental table equals a full refresh."""
    project = Postgres(server, connection, "concurrent_runs")
    project.first_build_then_new_days()
    variables = {"segmentation__source_schema": f"raw_{project.schema}", "segmentation__as_of": AS_OF.isoformat()}
    holder = psycopg2.connect(**server.connect_kwargs())
    try:
        with holder.cursor() as cursor:
            cursor.execute(f"lock table {project.schema}.{MART} in access exclusive mode")
        first = start_dbt_run(server, project.schema, variables, tmp_path / "first")
        wait_until_building(connection, 1, first)
        second = start_dbt_run(server, project.schema, variables, tmp_path / "second")
        wait_until_building(connection, 2, first, second)
    finally:
        holder.rollback()
        holder.close()
    outputs = [process.communicate(timeout=600)[0] for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], "\n".join(output[-3000:] for output in outputs)
    different = project.differences_from_a_full_refresh(AS_OF)
    assert not different, f"differ from a full refresh after two runs side by side: {different}"


def test_the_history_built_during_a_run_keeps_every_period(server, connection, tmp_path):
    """The scheduled `dbt run` starts and is held at the timeline (another session holds its tables), while an
    operator's run of the history marts starts later. Without a wait, the operator's run ended first: it added the
    new period end, which the timeline did not hold yet, without users; the scheduled run's timeline then logged the
    change of that period stamped with its start, before the operator's, and the marts, which read the changes
    stamped after their last build, never computed it: it kept its zeros through every later run. The marts now
    read the logs by change number, and only when no run is writing them: the operator's run waits for the
    timeline, and may then stop where the scheduled run replaced a view it reads (docs/warehouse.md). The
    scheduled run succeeds, and every incremental table, after one more run, equals a full refresh."""
    project = Postgres(server, connection, "history_during_a_run")
    project.first_build_then_new_days()
    variables = {"segmentation__source_schema": f"raw_{project.schema}", "segmentation__as_of": AS_OF.isoformat()}
    holder = psycopg2.connect(**server.connect_kwargs())
    try:
        with holder.cursor() as cursor:  # readers go on
            for half in TIMELINE_HALVES:
                cursor.execute(f"lock table {project.schema}_intermediate.{half} in exclusive mode")
        scheduled = start_dbt_run(server, project.schema, variables, tmp_path / "scheduled")
        wait_until_building(connection, 1, scheduled, model=TIMELINE_HALVES[0])
        operator = start_dbt_run(server, project.schema, variables, tmp_path / "operator",
                                 "--select", " ".join(HISTORY_MARTS))
        wait_until_building(connection, 1, scheduled, operator, model=HISTORY_MARTS[0])
    finally:
        holder.rollback()
        holder.close()
    output = scheduled.communicate(timeout=600)[0]
    operator.communicate(timeout=600)
    assert scheduled.returncode == 0, output[-3000:]
    project.run(["run", *INCREMENTAL_SELECTION], {"segmentation__as_of": AS_OF.isoformat()})
    different = project.differences_from_a_full_refresh(AS_OF)
    assert not different, f"differ from a full refresh: {different}"


def test_a_command_that_only_compiles_takes_no_lock(server, connection, monkeypatch):
    """`dbt compile` (as `dbt show` and `dbt docs generate`) of a mart over the history looks up what a run would
    replace, and writes nothing: a role that may only select from the built tables compiles it, where the lock
    would need a writer's privilege (and would wait for a run writing the mart)."""
    project = Postgres(server, connection, "compile_only")
    project.first_build_then_new_days()
    _, schemas = fetch(connection, "select nspname from pg_namespace where nspname like 'compile_only%'")
    grants = "".join(f"grant usage on schema {schema} to {{role}}; grant select on all tables in schema {schema} "
                     f"to {{role}}; " for (schema,) in schemas)
    with logged_in_as("segmentation_compiles_only", grants, server, connection, monkeypatch) as target:
        result = run_dbt(["compile", "--select", MART], target, schema=project.schema, check=False, quiet=True,
                         variables={"segmentation__source_schema": f"raw_{project.schema}",
                                    "segmentation__as_of": AS_OF.isoformat()})
    assert result.success, describe_failure(result)
