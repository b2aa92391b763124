"""Browser-test fixtures: the dashboard on a free port, Debian's Chromium reaching only it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, Playwright, Request, Route, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SERVER_START_DEADLINE_S = 60.0
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Debian's chromium (or STRAITMAP_CHROMIUM); a missing browser fails, never skips."""
    path = os.environ.get("STRAITMAP_CHROMIUM", "/usr/bin/chromium")
    if not Path(path).is_file():
        pytest.fail(
            f"browser tests need Chromium at {path}: install Debian's package "
            "(`apt-get install chromium`, which `make test` does) or set STRAITMAP_CHROMIUM"
        )
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running dashboard and where its log goes."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def start_dashboard(log_path: Path, app: Path = ROOT / "dashboard" / "app.py") -> Server:
    """Start `streamlit run` on a free port and wait (with a deadline) until it answers."""
    port = free_port()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_file = log_path.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(app),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_DEADLINE_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dashboard exited early:\n{log_path.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return Server(url=url, process=process, log_path=log_path)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)  # polling interval while waiting for readiness, not synchronisation
    process.kill()
    raise RuntimeError(
        f"dashboard did not answer within {SERVER_START_DEADLINE_S}s:\n"
        f"{log_path.read_text(errors='replace')}"
    )


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def dashboard() -> Iterator[Server]:
    server = start_dashboard(ARTIFACTS / "dashboard-server.log")
    yield server
    stop(server)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@dataclass
class NetworkLog:
    """Requests the page tried that were blocked (not localhost) or failed."""

    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in {"data", "blob", "about"}:
        return True
    return parsed.hostname in LOCAL_HOSTS


@pytest.fixture
def network() -> NetworkLog:
    return NetworkLog()


@pytest.fixture
def page(browser: Browser, network: NetworkLog, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A 1280×720 page that can reach only localhost; screenshot + server log kept on failure."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})

    def guard(route: Route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            network.blocked.append(route.request.url)
            route.abort()

    def record_failure(failed: Request) -> None:
        if is_local(failed.url):
            network.failed.append(f"{failed.url}: {failed.failure}")

    context.route("**/*", guard)
    context.on("requestfailed", record_failure)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
