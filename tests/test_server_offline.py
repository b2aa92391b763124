"""`make run`'s server, configured by .streamlit/config.toml alone, reaches no other machine."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import SERVER_START_DEADLINE_S, free_port

ROOT = Path(__file__).resolve().parents[1]
LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1", "0.0.0.0", "::"}
# The last line Streamlit prints at start-up, after any address look-up.
BANNER = "You can now view your Streamlit app in your browser."

# Runs the `streamlit` console script in this interpreter with an audit hook that records every
# socket bind, connect, sendto and host-name look-up, so the test sees an attempt even when there is
# no network to fail on (Streamlit tries checkip.amazonaws.com with a 1 s timeout, and connects
# a UDP socket to 8.8.8.8 to learn its own address).
AUDITED_STREAMLIT = """
import json, sys
record = open(sys.argv.pop(1), "a", buffering=1, encoding="utf-8")
def audit(event, args):
    if event in ("socket.bind", "socket.connect", "socket.sendto"):
        record.write(json.dumps([event, repr(args[-1])]) + "\\n")
    elif event == "socket.getaddrinfo":
        host = args[0].decode() if isinstance(args[0], bytes) else args[0]
        record.write(json.dumps([event, host]) + "\\n")
sys.addaudithook(audit)
from streamlit.web.cli import main
sys.argv[0] = "streamlit"
sys.exit(main())
"""


def make_run_arguments() -> list[str]:
    """The arguments `make run` gives `streamlit` (read from the Makefile, not copied)."""
    recipe = re.search(r"^run:.*\n\t(.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert recipe, "the Makefile should have a `run` target whose first command runs streamlit"
    words = shlex.split(recipe.group(1))
    assert words[0] == "$(BIN)/streamlit", f"`make run` should start $(BIN)/streamlit, got {words}"
    arguments = words[1:]
    unknown = [word for word in arguments if "$(" in word and word != "$(PORT)"]
    assert not unknown, f"this test knows only $(PORT) in `make run`; teach it {unknown}"
    return arguments


def is_outside(event: str, target: str) -> bool:
    if event == "socket.bind":
        return False
    if event == "socket.getaddrinfo":
        return target not in LOCAL_HOSTS
    host = re.match(r"\('([^']*)'", target)  # AF_INET/AF_INET6 tuples; AF_UNIX paths are local
    return host is not None and host.group(1) not in LOCAL_HOSTS


def wait_for(predicate_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_DEADLINE_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited early:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(predicate_url, timeout=2) as response:
                if response.status == 200 and BANNER in log.read_text(errors="replace"):
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)  # polling interval while waiting for readiness, not synchronisation
    pytest.fail(f"streamlit did not start within {SERVER_START_DEADLINE_S}s:\n{log.read_text()}")


def test_make_run_server_makes_no_outside_request(tmp_path: Path) -> None:
    port = free_port()
    log, audit = tmp_path / "streamlit.log", tmp_path / "audit.jsonl"
    arguments = [word.replace("$(PORT)", str(port)) for word in make_run_arguments()]
    # Only the project's config.toml may configure the server: no user config, no env overrides.
    env = {key: value for key, value in os.environ.items() if not key.startswith("STREAMLIT_")}
    env["HOME"] = str(tmp_path)
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-c", AUDITED_STREAMLIT, str(audit), *arguments],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_for(f"{url}/_stcore/health", process, log)
            for path in ("/", "/about"):
                with urllib.request.urlopen(url + path, timeout=10) as response:
                    assert response.status == 200
        finally:
            process.terminate()
            process.wait(timeout=20)
    output_text = log.read_text(errors="replace")
    assert "external IP" not in output_text, output_text
    attempts = [json.loads(line) for line in audit.read_text().splitlines()]
    outside = [attempt for attempt in attempts if is_outside(*attempt)]
    assert outside == [], f"the server tried to reach other machines: {outside}\n{output_text}"
    binds = [target for event, target in attempts if event == "socket.bind"]
    assert any(f", {port}" in target for target in binds), f"the hook saw no bind: {attempts}"
