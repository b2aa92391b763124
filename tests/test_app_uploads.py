"""Every page of the app with an uploaded file in the session: no exception, bundled names stay."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state, upload
from straitmap import load_catalog, load_layer
from straitmap.errors import StraitmapError
from straitmap.gazetteer import resolve
from straitmap.io import load_bytes
from straitmap.measure import inverse

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
DATA_DIR = Path(__file__).resolve().parent / "data"
SHARED_DATA = ROOT.parent / "shared" / "data"
#: Real files from ../shared/data that broke the Measure page (issue 9).
SHARED_FILES = (
    "natural-earth/ne_10m_ports.json",
    "pla-path-database/Japan/jp_data_cleaned.geojson",
)
PAGES = ("views/map.py", "views/measure.py", "views/data.py", "views/about.py")
MEASURE = "views/measure.py"
pytestmark = pytest.mark.app

UPLOAD_FILES = [
    *(pytest.param(path, id=path.name) for path in sorted(DATA_DIR.iterdir()) if path.is_file()),
    *(pytest.param(SHARED_DATA / name, id=Path(name).name) for name in SHARED_FILES),
]


def read_upload(path: Path) -> upload.Upload:
    """The file as the sidebar uploader reads it; raises StraitmapError when refused whole."""
    if not path.is_file():
        reason = f"{path} not found: ../shared/data must sit beside the checkout (DESIGN §2)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    data = path.read_bytes()
    if hasattr(upload, "load_upload"):
        loaded: upload.Upload = upload.load_upload(data, path.name)
        return loaded
    # Until dashboard/upload.py has its pure `load_upload`: what its `_read` does.
    limits = {"max_bytes": upload.UPLOAD_MAX_BYTES, "max_features": upload.UPLOAD_MAX_FEATURES}
    result = load_bytes(data, path.name, **limits)
    try:
        fits = load_bytes(data, path.name, layer="pla_incursions", **limits).report.ok
    except StraitmapError:
        fits = False
    return upload.Upload(path.name, result.frame, result.report, fits)


def upload_key(path: Path) -> str:
    """A key shaped like the uploader's (name, size, file id, chosen columns)."""
    return f"{path.name}:{path.stat().st_size}:test:(None, None)"


@pytest.fixture(scope="module")
def default_distance() -> tuple[str, str]:
    """The Measure page's default figure, Kadena Air Base → Taipei, from the bundled layers
    alone: (kilometres as the page shows them, the caption's start)."""
    catalog = load_catalog()
    layers = {i: load_layer(i, catalog=catalog) for i in ("places", "us_bases_japan")}
    start = resolve("Kadena Air Base", layers)
    end = resolve("Taipei", layers)
    assert (start.feature_id, end.feature_id) == ("us-kadena-air-base", "place-taipei")
    km = inverse(start.lon, start.lat, end.lon, end.lat).distance.km
    caption = (
        f"Kadena Air Base ({start.lat:.4f}, {start.lon:.4f}) → Taipei ({end.lat:.4f}, "
        f"{end.lon:.4f});"
    )
    return f"{km:,.1f}", caption


@pytest.fixture(scope="module")
def shared_app() -> AppTest:
    """One app for the whole table: each case only swaps the upload in the session."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def assert_default_distance(at: AppTest, expected: tuple[str, str]) -> None:
    km, caption = expected
    errors = [e.value for e in at.error]
    assert errors == [], errors
    metrics = {m.label: m.value for m in at.metric}
    assert metrics.get("Kilometres") == km, metrics
    assert any(c.value.startswith(caption) for c in at.caption), [c.value for c in at.caption]


@pytest.mark.parametrize("path", UPLOAD_FILES)
def test_every_page_runs_with_the_upload(
    shared_app: AppTest, default_distance: tuple[str, str], path: Path
) -> None:
    try:
        uploaded = read_upload(path)
    except StraitmapError:
        return  # refused whole, with the message the uploader shows: nothing reaches the pages
    at = shared_app
    at.session_state[state.UPLOADS_KEY] = {upload_key(path): uploaded}
    # A file with the incursion columns can also stand in for the bundled incursions.
    roles = [False, True] if uploaded.fits_incursions else [False]
    try:
        for as_incursions in roles:
            at.session_state[state.AS_INCURSIONS_KEY] = as_incursions
            for page in PAGES:
                at.switch_page(page)
                at.run()
                assert not at.exception, (page, as_incursions, at.exception)
                if page == MEASURE:
                    assert_default_distance(at, default_distance)
    finally:
        at.session_state[state.UPLOADS_KEY] = {}
        at.session_state[state.AS_INCURSIONS_KEY] = False


@pytest.fixture
def ports_app() -> AppTest:
    """The app after Natural Earth's ports went through the sidebar uploader, on Measure."""
    path = SHARED_DATA / SHARED_FILES[0]
    read_upload(path)  # skips (or fails in CI) without ../shared/data
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.file_uploader(key=state.UPLOADER_KEY).set_value(
        (path.name, path.read_bytes(), "application/geo+json")
    ).run()
    assert not at.exception, at.exception
    assert len(at.session_state[state.UPLOADS_KEY]) == 1
    at.switch_page(MEASURE)
    at.run()
    assert not at.exception, at.exception
    return at


def test_uploaded_ports_leave_the_bundled_default_alone(
    ports_app: AppTest, default_distance: tuple[str, str]
) -> None:
    assert_default_distance(ports_app, default_distance)
    options = list(ports_app.selectbox(key="to_choice").options)
    assert options.count("Taipei") == 1
    assert options.count("Taipei (your file)") == 1


def test_an_uploaded_port_is_picked_by_its_label(ports_app: AppTest) -> None:
    ports_app.selectbox(key="to_choice").set_value("Taipei (your file)").run()
    assert not ports_app.exception, ports_app.exception
    assert [e.value for e in ports_app.error] == []
    captions = [c.value for c in ports_app.caption]
    measured = next(c for c in captions if "→ Taipei (your file)" in c)
    # The command line cannot see the upload: the reproduce line gives its coordinates.
    assert "`straitmap distance 'Kadena Air Base' '25.151944, 121.374617' --json`" in measured


def test_a_nameless_upload_is_offered_by_row(tmp_path: Path) -> None:
    path = tmp_path / "nameless.geojson"
    path.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
        '{"count": 3}, "geometry": {"type": "Point", "coordinates": [121.5, 25.0]}}]}',
        encoding="utf-8",
    )
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state[state.UPLOADS_KEY] = {upload_key(path): read_upload(path)}
    at.switch_page(MEASURE)
    at.run()
    assert not at.exception, at.exception
    assert "Feature 0 (your file)" in at.selectbox(key="from_choice").options


def _failing_measure_page(root: str) -> None:
    import sys

    if root not in sys.path:
        sys.path.insert(0, root)

    import streamlit as st

    from dashboard import components
    from straitmap.errors import UnknownPlaceError

    with components.errors_shown("measure the distance"):
        raise KeyError("name")
    with components.errors_shown("draw the range rings"):
        raise UnknownPlaceError("Atlantis")
    st.write("the rest of the page")


def test_an_error_in_measuring_shows_as_a_message_not_a_traceback() -> None:
    at = AppTest.from_function(_failing_measure_page, args=(str(ROOT),), default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert errors[0].startswith("Could not measure the distance: an unexpected KeyError.")
    assert "Traceback" not in errors[0]
    assert str(ROOT) not in errors[0]
    assert errors[1].startswith("unknown place 'Atlantis'")
    assert at.markdown[-1].value == "the rest of the page"
