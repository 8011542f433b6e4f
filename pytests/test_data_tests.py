"""The project's own data tests pass on good marts and fail on broken ones."""

from __future__ import annotations

import pytest

from pytests import edge_cases
from pytests.conftest import dbt_warnings
from segmentation import project_vars
from segmentation.dbt_project import run_dbt

BREAKAGES = {
    # test name: SQL that breaks the marts in the way the test exists to catch
    "unique_combination_of_columns_segment_distribution_metric__segment": (
        "insert into {schema}.segment_distribution select * from {schema}.segment_distribution limit 1"
    ),
    "assert_segment_distribution_adds_up": (
        "update {schema}.segment_distribution set percentage = percentage + 1 where segment = 'Balanced'"
    ),
    "assert_persona_summary_counts_every_user": "update {schema}.persona_summary set user_count = user_count + 1",
}


@pytest.fixture(scope="module")
def edges(build_project):
    return build_project("edges", edge_cases.build(), edge_cases.AS_OF)


@pytest.mark.parametrize("test_name", list(BREAKAGES))
def test_data_test_fails_on_broken_marts(test_name, edges, server, connection):
    select = ["--select", test_name]
    assert run_dbt(["test", *select], server, schema=edges.schema, variables=edges.variables, quiet=True).success
    with connection.cursor() as cursor:
        cursor.execute("begin")
        cursor.execute(BREAKAGES[test_name].format(schema=edges.schema))
        connection.commit()
    try:
        result = run_dbt(["test", *select], server, schema=edges.schema, variables=edges.variables, check=False,
                         quiet=True)
        assert [str(node.status) for node in result.result if node.node.resource_type == "test"] == ["fail"]
    finally:
        run_dbt(["run", "--select", "segment_distribution", "persona_summary"], server, schema=edges.schema,
                variables=edges.variables, quiet=True)


def test_tests_under_other_definitions_than_the_build_say_so(edges, server):
    """`dbt test` with a persona renamed in its vars, after a build with the shipped ones: the persona's
    accepted_values test failed with nothing but "Got 1 result" (found by a review). A warning comes first, naming
    both definitions versions and what to run; none with the build's vars."""
    renamed = [{**rule, "label": "Misc"} if rule["label"] == "Other" else rule
               for rule in project_vars()["segmentation__personas"]]

    def warned(variables: dict) -> list[str]:
        warnings, collect = dbt_warnings()
        assert run_dbt(["test", "--select", "user_segments"], server, schema=edges.schema, variables=variables,
                       check=False, quiet=True, callbacks=[collect]).result, "no test ran"
        return [warning for warning in warnings if "the labels under test were computed with" in warning]

    said = warned({**edges.variables, "segmentation__personas": renamed})
    assert len(said) == 1 and "Run dbt test with the --vars of that build, or dbt build with these." in said[0], said
    assert not warned(edges.variables)
