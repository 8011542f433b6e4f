"""The docs site: dbt docs generated for the sample, served on loopback, rendered by headless Chromium."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from pytests.browser import Browser
from segmentation import cli, sample_data
from segmentation.docs_site import generate, serve

MART = "model.user_segmentation.persona_summary"


@pytest.fixture(scope="module")
def site(build_project, server, tmp_path_factory) -> Path:
    sample = build_project("sample", sample_data.generate(), sample_data.SAMPLE_AS_OF)
    return generate(server, sample.schema, tmp_path_factory.mktemp("docs-target"), sample.variables)


def test_site_holds_only_the_three_files_of_dbt_docs(site):
    assert sorted(path.name for path in site.iterdir()) == ["catalog.json", "index.html", "manifest.json"]


def test_the_front_page_is_the_projects_overview(site):
    """models/overview.md's __overview__ block replaces dbt's generic welcome page."""
    with serve(site, port=0) as url, Browser() as browser:
        page = browser.open(f"{url}#!/overview")
        text = page.wait_for("document.body.innerText.includes('Where to start') && document.body.innerText")
        assert browser.exceptions == []
    assert "user_segmentation" in text and "user_personas" in text
    assert "Welcome!" not in text  # dbt's default overview


def test_lineage_and_a_mart_page_render_in_chromium(site):
    with serve(site, port=0) as url, Browser() as browser:
        assert url.startswith("http://127.0.0.1:")
        page = browser.open(f"{url}#!/model/{MART}")
        text = page.wait_for("document.body.innerText.includes('avg_total_messages') && document.body.innerText")
        # the model's description and contract, and a column type that only the catalog (the warehouse) knows
        assert "One row per persona that at least one user has" in text
        assert "persona_summary" in text and "Enforced" in text and "bigint" in text

        lineage = browser.open(f"{url}#!/model/{MART}?g_v=1&g_i=%2Bpersona_summary%2B")
        nodes = lineage.wait_for("window.graph && window.graph.nodes && window.graph.nodes().length > 0 "
                                 "&& window.graph.nodes().map(n => n.data('label'))")
        canvases = lineage.evaluate("Array.from(document.querySelectorAll('canvas')).filter(c => c.width > 0).length")
        assert browser.exceptions == []
    # upstream to the raw tables, downstream to the exposures that read it
    assert {"persona_summary", "int_users_segmented", "stg_raw__persons", "raw.persons",
            "Persona dashboard", "Customer segments report"} <= set(nodes), nodes
    assert canvases > 0
    with pytest.raises(urllib.error.URLError):  # the test that started the server stopped it
        urllib.request.urlopen(url, timeout=2)


def test_the_server_listens_on_loopback_only(site):
    with pytest.raises(ValueError, match="loopback"), serve(site, host="0.0.0.0", port=0):
        pass


@pytest.mark.parametrize("port", ["99999", "-1", "65536"])
def test_a_port_out_of_range_is_refused_before_anything_runs(port, tmp_path, monkeypatch, capsys):
    """Found by a review: `docs --port 99999` ran dbt docs generate, then ended in an OverflowError traceback."""
    monkeypatch.setattr("segmentation.targets.resolve", lambda *_: pytest.fail("--port is checked before the target"))
    with pytest.raises(SystemExit) as stopped:
        cli.main(["docs", "--no-build", "--port", port, "--data-dir", str(tmp_path / "data")])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --port: {port} is not a TCP port: 1 to 65535, or 0 for any free one" in err
    assert "Traceback" not in err
