"""Headless Chromium driven over the DevTools protocol on a pipe: open a page, wait until it shows something.

Only the standard library: Chromium reads commands on file descriptor 3 and answers on 4
(`--remote-debugging-pipe`), so no port is opened and nothing else is installed. Debian's `chromium` package
provides the browser (`make browser` installs it when absent; only the tests use it).

    with Browser() as browser:
        page = browser.open("http://127.0.0.1:8080/")
        page.wait_for("document.title !== ''")
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--remote-debugging-pipe",
)


class BrowserError(RuntimeError):
    """Chromium is missing, did not answer in time, or a page did not show what was awaited."""


def chromium_path() -> Path:
    """Debian's Chromium, or a BrowserError that says how to install it."""
    for candidate in (os.environ.get("CHROMIUM"), *CHROMIUM_CANDIDATES, shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return Path(candidate)
    raise BrowserError("Chromium not found: `make browser` installs Debian's chromium (or set CHROMIUM=/path)")


@contextmanager
def _fds_at_3_and_4(read_end: int, write_end: int) -> Iterator[tuple[int, int]]:
    """Copies of the child's two pipe ends above 4, so that dup2 onto 3 and 4 in the child clobbers nothing."""
    high = [os.dup2(fd, 100 + i, inheritable=True) for i, fd in enumerate((read_end, write_end))]
    try:
        yield high[0], high[1]
    finally:
        for fd in high:
            os.close(fd)


class Page:
    """One tab, attached through a flat session."""

    def __init__(self, browser: Browser, session_id: str) -> None:
        self._browser, self.session_id = browser, session_id

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        return self._browser.send(method, session_id=self.session_id, **params)

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression in the page (promises awaited)."""
        reply = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in reply:
            raise BrowserError(f"{expression!r} threw: {reply['exceptionDetails'].get('text')} "
                               f"{reply['exceptionDetails'].get('exception', {}).get('description', '')}")
        return reply["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30) -> Any:
        """Poll the expression until it is truthy; its value, or a BrowserError naming it after `timeout` s."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"after {timeout:.0f} s the page still fails {expression!r} (got {value!r})")
            time.sleep(0.2)


class Browser:
    """A headless Chromium with a fresh profile, stopped (and its profile removed) on exit."""

    def __init__(self, timeout: float = 60) -> None:
        self.timeout = timeout
        self.exceptions: list[str] = []  # uncaught JavaScript exceptions of the pages, as they were reported
        self._next_id = 0
        self._buffer = b""
        self._events: list[dict[str, Any]] = []

    def __enter__(self) -> Browser:
        self._profile = tempfile.mkdtemp(prefix="chromium-profile-")
        to_child_read, self._to_child = os.pipe()
        self._from_child, from_child_write = os.pipe()
        with _fds_at_3_and_4(to_child_read, from_child_write) as (child_read, child_write):

            def wire() -> None:  # in the child, before exec: its protocol pipe on fds 3 and 4
                os.dup2(child_read, 3)
                os.dup2(child_write, 4)

            command = [str(chromium_path()), *FLAGS, f"--user-data-dir={self._profile}", "about:blank"]
            self._process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                pass_fds=(3, 4, child_read, child_write), preexec_fn=wire,
            )
        os.close(to_child_read)
        os.close(from_child_write)
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            if self._process.poll() is None:
                with suppress(BrowserError):
                    self.send("Browser.close", timeout=10)
                try:
                    self._process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self._process.kill()
                    self._process.wait(timeout=10)
        finally:
            for fd in (self._to_child, self._from_child):
                os.close(fd)
            shutil.rmtree(self._profile, ignore_errors=True)

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrowserError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_child], [], [], remaining)
            if ready:
                chunk = os.read(self._from_child, 1 << 16)
                if not chunk:
                    raise BrowserError(f"Chromium closed its pipe (exit code {self._process.poll()})")
                self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def send(self, method: str, session_id: str | None = None, timeout: float | None = None,
             **params: Any) -> dict[str, Any]:
        """Send one command and return its result; events that arrive meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session_id:
            message["sessionId"] = session_id
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method} failed: {reply['error'].get('message')}")
                return reply.get("result", {})
            self._keep(reply)

    def _keep(self, event: dict[str, Any]) -> None:
        if event.get("method") == "Runtime.exceptionThrown":
            details = event["params"]["exceptionDetails"]
            self.exceptions.append(details.get("exception", {}).get("description") or details.get("text", ""))
        self._events.append(event)

    def _wait_event(self, method: str, session_id: str, deadline: float) -> dict[str, Any]:
        while True:
            for index, event in enumerate(self._events):
                if event.get("method") == method and event.get("sessionId") == session_id:
                    return self._events.pop(index)
            self._keep(self._read_message(deadline))

    def open(self, url: str) -> Page:
        """A new tab showing `url`, once its load event fired."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        page = Page(self, self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"])
        page.send("Page.enable")
        page.send("Runtime.enable")
        navigation = page.send("Page.navigate", url=url)
        if navigation.get("errorText"):
            raise BrowserError(f"could not open {url}: {navigation['errorText']}")
        self._wait_event("Page.loadEventFired", page.session_id, time.monotonic() + self.timeout)
        return page
