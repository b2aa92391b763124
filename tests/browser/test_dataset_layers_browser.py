"""An ingested dataset of 10^5 points on the map: cells zoomed out, points zoomed in, offline."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from straitmap.dataset_layers import DATASET_CELL_COLORS
from tests.browser.conftest import ARTIFACTS, NetworkLog, Server, start_dashboard, stop
from tests.browser.test_map_offline import MAP_TIMEOUT_MS, map_frame, paths_with_stroke
from tests.browser.test_shared_views import leaflet_frame
from tests.point_datasets import synthetic_points, write_dataset

#: The dataset's cells (rectangles in its colours) and points (its circle markers) on the map.
COUNT_LAYERS_JS = """colors => {
  var cells = 0, points = 0;
  map_div.eachLayer(function (l) {
    if (l instanceof L.Rectangle && colors.indexOf(l.options.fillColor) >= 0) { cells++; }
    else if (l instanceof L.CircleMarker && l.options.fillColor === '#238b45') { points++; }
  });
  return [cells, points];
}"""


@pytest.fixture(scope="module")
def dataset_dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The dashboard with a data folder holding `ais`: 10^5 synthetic AIS-like points."""
    folder = tmp_path_factory.mktemp("data")
    write_dataset(folder / "datasets" / "ais", synthetic_points(100_000), row_group_rows=8_192)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STRAITMAP_DATA", str(folder))
        server = start_dashboard(ARTIFACTS / "dashboard-datasets-server.log")
    yield server
    stop(server)


def _layers(page: Page) -> list[int]:
    counted: list[int] = leaflet_frame(page).evaluate(COUNT_LAYERS_JS, list(DATASET_CELL_COLORS))
    return counted


def test_a_dataset_turns_from_cells_into_points_when_zoomed_in(
    dataset_dashboard: Server, page: Page, network: NetworkLog
) -> None:
    page.goto(dataset_dashboard.url)
    expect(paths_with_stroke(map_frame(page), "#8c8673").first).to_be_attached(
        timeout=MAP_TIMEOUT_MS
    )
    frame = leaflet_frame(page)
    frame.evaluate("() => { window.smSameMap = true; }")
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("ais", exact=True).click()
    expect(sidebar.get_by_text("points in view (counted per cell)")).to_be_visible(
        timeout=MAP_TIMEOUT_MS
    )
    frame.wait_for_function(
        f"colors => ({COUNT_LAYERS_JS})(colors)[0] > 10",
        arg=list(DATASET_CELL_COLORS),
        timeout=MAP_TIMEOUT_MS,
    )
    assert _layers(page)[1] == 0

    # Zoom in on Kaohsiung: the page re-queries the new bounds and draws the points instead.
    frame.evaluate("() => map_div.setView([22.61, 120.27], 13)")
    expect(sidebar.get_by_text("points in view (drawn)")).to_be_visible(timeout=MAP_TIMEOUT_MS)
    frame.wait_for_function(
        f"colors => ({COUNT_LAYERS_JS})(colors)[1] > 100",
        arg=list(DATASET_CELL_COLORS),
        timeout=MAP_TIMEOUT_MS,
    )
    assert _layers(page)[0] == 0
    # The same Leaflet map throughout: only the feature groups were swapped.
    assert frame.evaluate("() => window.smSameMap") is True
    assert network.blocked == []
    assert network.failed == []


#: A drawn dataset point well inside the view, as page coordinates of the map's iframe.
POINT_IN_VIEW_JS = """() => {
  var inner = map_div.getBounds().pad(-0.3), found = null;
  map_div.eachLayer(function (l) {
    if (!found && l instanceof L.CircleMarker && l.options.fillColor === '#238b45'
        && inner.contains(l.getLatLng())) { found = l; }
  });
  var p = map_div.latLngToContainerPoint(found.getLatLng());
  var box = map_div.getContainer().getBoundingClientRect();
  return [box.left + p.x, box.top + p.y, found.getLatLng().lat, found.getLatLng().lng];
}"""


def test_clicking_a_point_shows_every_property_of_its_row(
    dataset_dashboard: Server, page: Page, network: NetworkLog
) -> None:
    page.goto(dataset_dashboard.url + "/?ds=ais&lat=22.61&lon=120.27&zoom=13")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("points in view (drawn)")).to_be_visible(timeout=MAP_TIMEOUT_MS)
    expect(paths_with_stroke(map_frame(page), "#8c8673").first).to_be_attached(
        timeout=MAP_TIMEOUT_MS
    )
    frame = leaflet_frame(page)
    frame.wait_for_function(
        f"colors => ({COUNT_LAYERS_JS})(colors)[1] > 100",
        arg=list(DATASET_CELL_COLORS),
        timeout=MAP_TIMEOUT_MS,
    )
    page.wait_for_timeout(500)  # the map settles after its opening fit
    x, y, lat, _lon = frame.evaluate(POINT_IN_VIEW_JS)
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').first.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + x, box["y"] + y)
    heading = page.get_by_text("Clicked point of ais")
    expect(heading).to_be_visible(timeout=MAP_TIMEOUT_MS)
    table = page.get_by_test_id("stTable")
    # Every column of the row, not only the tooltip's three.
    for column in ("lon", "lat", "date", "kind", "flag", "vessel_id", "speed_kn"):
        expect(table.get_by_role("rowheader", name=column, exact=True)).to_be_visible()
    row_lat = float(table.get_by_role("row").filter(has_text="lat").last.inner_text().split()[-1])
    assert abs(row_lat - lat) < 1e-5
    heading.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "dataset-clicked-point-1280x720.png"))
    assert network.blocked == []
    assert network.failed == []
