"""The app under streamlit.testing.v1.AppTest: runs clean, draws offline, obeys widgets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import state
from dashboard.state import HIDDEN_BY_DEFAULT
from straitmap import load_catalog
from straitmap.assets import STATIC_URL
from straitmap.render import sanitize

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
pytestmark = pytest.mark.app


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def map_args(at: AppTest) -> dict[str, Any]:
    """The JSON arguments of the st_folium component (what the browser receives)."""
    components = [
        element.proto
        for element in at.get("component_instance")
        if "st_folium" in element.proto.component_name
    ]
    assert components, "expected the main map"
    return dict(json.loads(components[0].json_args))  # the main map comes first


def test_app_runs_without_exceptions_or_errors(app: AppTest) -> None:
    assert not app.exception
    assert [e.value for e in app.error] == []
    assert app.header[0].value == "The Taiwan Strait"


def test_map_references_only_local_assets(app: AppTest) -> None:
    args = map_args(app)
    links = args["css_links"] + args["js_links"]
    assert links, "the map should load Leaflet"
    assert all(link.startswith(f"{STATIC_URL}/vendor/") for link in links), links
    everything = json.dumps(args)
    for cdn in ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "code.jquery.com", "unpkg.com"):
        assert cdn not in everything


def map_text(at: AppTest) -> str:
    """Everything the map element sends, with JSON's \\u escapes of & < > ' undone."""
    text = json.dumps(map_args(at), ensure_ascii=False)
    for escaped, char in (
        ("\\\\u0026", "&"),
        ("\\\\u003c", "<"),
        ("\\\\u003e", ">"),
        ("\\\\u0027", "'"),
    ):
        text = text.replace(escaped, char)
    return text


def test_map_draws_every_layer_by_default(app: AppTest) -> None:
    script = map_text(app)
    for layer_id, spec in load_catalog().layers.items():
        title = sanitize(spec.title)
        if spec.is_table or layer_id in HIDDEN_BY_DEFAULT:
            assert title not in script, f"{layer_id} should not be drawn by default"
        else:
            assert title in script, f"layer {layer_id} missing from the map"


def test_unticking_a_layer_removes_it_from_the_map(app: AppTest) -> None:
    title = load_catalog().layers["median_line"].title
    app.checkbox(key="layers_median_line").uncheck().run()
    assert title not in map_args(app)["script"]
    ticked = {
        box.key.removeprefix("layers_")
        for box in app.checkbox
        if box.key and box.key.startswith("layers_") and box.value
    }
    assert set(app.query_params["layers"].split(",")) == ticked
    assert "median_line" not in ticked
    assert "land" in ticked


def test_shared_link_with_layers_reproduces_them(app: AppTest) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["layers"] = "land,median_line,nonsense"
    at.run()
    assert at.checkbox(key="layers_median_line").value is True
    assert at.checkbox(key="layers_strait").value is False
    assert any("nonsense" in info.value for info in at.info)


def test_presentation_mode_from_the_link_runs_clean() -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["present"] = "1"
    at.run()
    assert not at.exception, at.exception
    assert any("The Taiwan Strait" in md.value for md in at.markdown)
    assert any(button.label == "Leave" for button in at.button)
    presets = at.segmented_control(key=state.PRESET_BAR_KEY)
    assert {"Strait overview", "August 2022 exercises"} <= set(presets.options)


def test_a_preset_view_sets_layers_filters_and_view(app: AppTest) -> None:
    app.pills(key=state.PRESET_PICK_KEY).set_value("August 2022 exercises").run()
    assert not app.exception, app.exception
    assert app.query_params["from"] == "2022-08-04"
    assert app.query_params["zoom"] == "7"
    assert app.checkbox(key="layers_pla_exercise_zones").value is True
    assert app.checkbox(key="layers_strait_limits").value is False


def test_playback_steps_through_the_filtered_days(app: AppTest) -> None:
    app.toggle(key="playback_on").set_value(True).run()
    slider = app.select_slider(key="playback_day")
    days = list(slider.options)
    assert days == sorted(days)
    assert len(days) > 100
    slider.set_value(days[3]).run()
    assert any(caption.value.startswith(f"{days[3]}:") for caption in app.caption)
    next(b for b in app.button if b.label == "Play").click().run()
    assert any(b.label == "Pause" for b in app.button)


def test_the_map_downloads_as_one_offline_html_file(app: AppTest) -> None:
    button = next(b for b in app.get("download_button") if "works offline" in b.proto.label)
    assert button.proto.label == "Download this map (one HTML file, works offline)"


def test_a_broken_bundled_layer_disables_only_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    geodata = tmp_path / "geodata"
    shutil.copytree(Path(__file__).resolve().parents[1] / "geodata", geodata)
    (geodata / "places.geojson").write_text('{"type": "FeatureCollection", "features": [', "utf-8")
    monkeypatch.setenv("STRAITMAP_GEODATA", str(geodata))
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
        assert not at.exception, at.exception
        errors = [e.value for e in at.error]
        assert len(errors) == 1
        assert errors[0].startswith("Layer `places` is disabled:")
        assert "places.geojson" in errors[0]
        assert at.checkbox(key="layers_median_line").value is True
        assert not any(c.key == "layers_places" for c in at.checkbox)
    finally:
        st.cache_resource.clear()
