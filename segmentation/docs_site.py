"""`make docs`: generate dbt's documentation site for the local marts and serve it on localhost.

    segmentation docs [--target local] [--data-dir DIR] [--port 8080] [--no-build] [--vars YAML]

The site is dbt's own (`dbt docs generate`): index.html, manifest.json and catalog.json, copied into a
directory of their own and served by a small HTTP server bound to the loopback interface only, until Ctrl-C.
On the target `local` the sample is loaded and built first (as `make demo`, with --vars) unless --no-build; on any
other target of the profile the site documents the marts as they are, in the schema that target builds into, with
the vars they were built with (--vars, as dbt's: where the raw tables are, docs/warehouse.md).
"""

from __future__ import annotations

import argparse
import functools
import ipaddress
import os
import shutil
import signal
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from segmentation import PROJECT_ROOT, step
from segmentation.dbt_project import release_duckdb_file, run_dbt
from segmentation.localdb import LocalServer
from segmentation.raw_tables import RawSchemaInUse
from segmentation.targets import Target

SITE_FILES = ("index.html", "manifest.json", "catalog.json")
DEFAULT_PORT = 8080


def generate(
    server: LocalServer | Target, schema: str, target_path: Path, variables: Mapping[str, object] | None = None
) -> Path:
    """`dbt docs generate` for the marts in `schema` into target_path; the site directory with only its 3 files."""
    try:
        run_dbt(["docs", "generate", "--target-path", str(target_path)], server, schema=schema, variables=variables,
                quiet=True)
    finally:
        release_duckdb_file()  # the site is served for as long as the user likes: the file is theirs meanwhile
    site = target_path / "docs-site"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    for name in SITE_FILES:
        shutil.copyfile(target_path / name, site / name)
    return site


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path, host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> Iterator[str]:
    """Serve `site` on host:port (port 0: any free one) in a thread; yields the URL, stops the server on exit."""
    if not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"the docs server listens on the loopback interface only, not {host}")
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer((host, port), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def port(text: str) -> int:
    """--port: a TCP port, or 0 for any free one (serve); argparse names the value otherwise, before anything runs."""
    number = int(text)  # argparse: invalid port value: 'x'
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{number} is not a TCP port: 1 to 65535, or 0 for any free one")
    return number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from segmentation.targets import add_target_arguments, add_vars_argument

    add_target_arguments(parser)
    add_vars_argument(parser, "those the marts were built with, e.g. where the raw tables are "
                              "(segmentation__source_schema ..., docs/warehouse.md)")
    parser.add_argument("--port", type=port, default=DEFAULT_PORT,
                        help="0 for any free one; default: %(default)s")
    target_path = Path(os.environ.get("DBT_TARGET_PATH", PROJECT_ROOT / "target"))
    parser.add_argument("--target-path", type=Path, default=target_path,
                        help="dbt's target path; default: %(default)s")
    parser.add_argument("--no-build", action="store_true", help="document the local marts as they are")


def run(args: argparse.Namespace) -> int:
    from segmentation import sample_data
    from segmentation.dbt_project import DbtError
    from segmentation.demo import prepare
    from segmentation.localdb import LocalDbError
    from segmentation.targets import TargetError, resolve

    try:
        target = resolve(args.target, args.data_dir.resolve())
        # the sample's marts are built for its as_of; a warehouse's with the vars its builds are given
        variables = {"segmentation__as_of": sample_data.SAMPLE_AS_OF.isoformat()} if target.local else {}
        variables = {**variables, **(args.vars or {})} or None
        if target.local and not args.no_build:
            target = prepare(target.target, args.data_dir.resolve(), args.vars)
        step(f"dbt docs generate --target {target.target} (schema {target.schema})")
        site = generate(target, target.schema, args.target_path.resolve(), variables)
    except (LocalDbError, TargetError, RawSchemaInUse, DbtError) as error:
        print(f"\ndocs failed: {error}", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # `kill` stops it as Ctrl-C does
    try:
        with serve(site, port=args.port) as url:
            print(f"\nThe docs are at {url} (lineage: the blue button at the bottom right). Ctrl-C stops the server.",
                  file=sys.stderr, flush=True)
            threading.Event().wait()
    except KeyboardInterrupt:
        print("\nstopped", file=sys.stderr)
    except OSError as error:
        print(f"\ndocs failed: cannot listen on 127.0.0.1:{args.port}: {error} (try --port)", file=sys.stderr)
        return 1
    return 0
