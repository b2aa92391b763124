"""The exported map file in headless Chromium with every outside request blocked: it still draws."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from straitmap.cli import main
from straitmap.render import LAYER_STYLES
from tests.browser.conftest import ARTIFACTS, NetworkLog

MAP_TIMEOUT_MS = 30_000


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        pass


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default layers exported by the CLI, as a user would."""
    out = tmp_path_factory.mktemp("export") / "strait.html"
    assert main(["export-map", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def served(exported: Path) -> Iterator[str]:
    """The export's folder served on a free localhost port (the page guard lets only that in)."""
    handler = functools.partial(_QuietHandler, directory=str(exported.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{exported.name}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_exported_map_draws_with_no_outside_request(
    served: str, page: Page, network: NetworkLog
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(served)
    land = page.locator(f'.leaflet-map-pane path[stroke="{LAYER_STYLES["land"].color}"]')
    expect(land.first).to_be_attached(timeout=MAP_TIMEOUT_MS)
    rings = (land.first.get_attribute("d") or "").count("M")
    assert rings > 20, f"expected the land layer's many polygons, found {rings} rings"
    expect(page.locator(".sm-legend")).to_be_visible()
    expect(page.locator(".leaflet-control-measure")).to_be_visible()
    expect(page.locator(".leaflet-control-layers")).to_be_visible()
    page.locator(".leaflet-control-measure").hover()
    expect(page.locator(".leaflet-control-measure-interaction").first).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "export-map.png"))
    assert network.blocked == [], f"requests left the machine: {network.blocked}"
    assert network.failed == [], f"requests failed: {network.failed}"
    fetched = [url for url in requested if not url.startswith("data:")]
    assert fetched == [served], f"expected only the page itself to be fetched, found {fetched}"


def test_font_awesome_loads_from_the_inlined_font(
    served: str, page: Page, network: NetworkLog
) -> None:
    page.goto(served)
    expect(page.locator(".leaflet-control-measure")).to_be_attached(timeout=MAP_TIMEOUT_MS)
    loaded = page.evaluate(
        "document.fonts.load('900 16px \"Font Awesome 6 Free\"').then(fonts => fonts.length)"
    )
    assert loaded >= 1, "the inlined Font Awesome webfont did not load"
    assert network.blocked == []
    assert network.failed == []
