"""The Measure page's path: clicked and drawn points are listed as (lat, lon), legs measured."""

from __future__ import annotations

from pathlib import Path

import pyproj
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import measuring

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
MEASURE = "views/measure.py"
GEOD = pyproj.Geod(ellps="WGS84")
TAIPEI = (121.5654, 25.0330)  # (lon, lat): st_folium's last_clicked gives lng and lat
XIAMEN = (118.0894, 24.4798)
pytestmark = pytest.mark.app


def test_clicked_path_legs_list_points_as_lat_lon() -> None:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["path_points"] = [TAIPEI, XIAMEN]
    at.switch_page(MEASURE)
    at.run()
    assert not at.exception, at.exception
    legs = [d.value for d in at.dataframe if "from (lat, lon)" in d.value.columns]
    assert len(legs) == 1, "expected one table of the clicked path's legs"
    table = legs[0]
    assert table["from (lat, lon)"].tolist() == ["25.0330, 121.5654"]
    assert table["to (lat, lon)"].tolist() == ["24.4798, 118.0894"]
    azimuth, _, metres = GEOD.inv(*TAIPEI, *XIAMEN)
    assert table["km"].tolist() == [round(metres / 1000, 2)]
    assert table["bearing (° true)"].tolist() == [round(azimuth % 360, 1)]
    summary = [m.value for m in at.markdown if m.value.startswith("**Path:**")]
    assert summary == [
        f"**Path:** 2 points, {metres / 1000:,.1f} km "
        f"({metres / 1852:,.1f} nmi, {metres / 1609.344:,.1f} mi)"
    ]


def test_drawn_lines_come_back_as_lon_lat() -> None:
    """The Draw plugin returns GeoJSON ([lon, lat]); the legs table takes (lon, lat) too."""
    drawn = {
        "all_drawings": [
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [list(TAIPEI), list(XIAMEN)]},
            },
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": list(TAIPEI)}},
        ]
    }
    assert measuring.drawn_lines(drawn) == [[TAIPEI, XIAMEN]]
