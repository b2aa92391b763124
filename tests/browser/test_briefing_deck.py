"""The exported briefing deck opens offline in Chromium and shows every stop with its map."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Route, expect

from straitmap.briefings import load_briefings
from straitmap.cli import main

BRIEFING = "hegseth-tokyo-2025"


def test_the_deck_opens_offline_and_shows_every_stop(
    browser: Browser, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck = tmp_path / "deck.html"
    assert main(["briefing", "export", BRIEFING, "--out", str(deck)]) == 0
    capsys.readouterr()
    briefing = load_briefings()[0][BRIEFING]
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    left: list[str] = []

    def guard(route: Route) -> None:
        if route.request.url.startswith(("file:", "about:", "data:")):
            route.continue_()
        else:
            left.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.goto(deck.as_uri())
    sections = page.locator("section")
    expect(sections).to_have_count(len(briefing.stops))
    for number, stop in enumerate(briefing.stops, start=1):
        section = page.locator(f"#stop-{number}")
        section.scroll_into_view_if_needed()
        expect(section.get_by_role("heading", name=stop.title)).to_be_visible()
        expect(section).to_contain_text(f"{number} / {len(briefing.stops)}")
        frame = section.frame_locator("iframe")
        expect(frame.locator(".leaflet-container")).to_be_attached(timeout=60_000)
        expect(frame.locator('.leaflet-map-pane path[stroke="#8c8673"]').first).to_be_attached(
            timeout=60_000
        )
    expect(page.get_by_role("heading", name="Claims, measured")).to_be_attached()
    assert left == [], f"the deck asked the network for {left}"
    context.close()
