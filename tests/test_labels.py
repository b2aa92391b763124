"""Map labels: the box model, the collision layout over the bundled names, and the rendered map."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Any

import folium
import geopandas as gpd
import pytest
from shapely.geometry import Point

from straitmap import load_layer
from straitmap.catalog import load_catalog
from straitmap.labels import (
    CONTEXT_KINDS,
    LABEL_STYLES,
    PLACE_ANCHORS,
    Anchor,
    Box,
    LabelSpec,
    Placement,
    char_em,
    context_label_specs,
    dot_box,
    label_size,
    layout_labels,
    place_label_specs,
)
from straitmap.render import build_map, legend_entries

ZOOMS = list(range(3, 13))

#: Place pairs whose names collided before the layout (issue 9): both must show by zoom 10.
NAMED_PAIRS = [
    ("place-xiamen", "place-kinmen"),
    ("place-keelung", "place-taipei"),
    ("place-kaohsiung", "place-kaohsiung-port"),
    ("place-eluanbi", "place-lanyu"),
]

#: Widths in px that Debian's Chromium gives these labels in DejaVu Sans (the `system-ui` font
#: there), measured with getBoundingClientRect on the dashboard's map.
MEASURED_WIDTHS = [
    ("Ningbo", "place", 48.1),
    ("Port of Kaohsiung", "place", 121.6),
    ("Tainan", "place", 44.0),
    ("Kinmen", "major", 55.4),
    ("Hong Kong", "major", 80.2),
    ("Tokyo", "major", 42.1),
    ("Taiwan", "country", 63.8),
    ("South Korea", "country", 116.5),
    ("Philippines", "country", 104.2),
    ("East China Sea", "sea", 97.7),
    ("Taiwan Strait", "sea", 84.5),
]


@pytest.fixture(scope="module")
def places() -> gpd.GeoDataFrame:
    return load_layer("places")


@pytest.fixture(scope="module")
def map_labels() -> gpd.GeoDataFrame:
    return load_layer("map_labels")


@pytest.fixture(scope="module")
def dots(places: gpd.GeoDataFrame) -> list[tuple[float, float]]:
    return [(point.x, point.y) for point in places.geometry]


@pytest.fixture(scope="module")
def placements(
    places: gpd.GeoDataFrame, map_labels: gpd.GeoDataFrame, dots: list[tuple[float, float]]
) -> tuple[Placement, ...]:
    """The bundled country, sea and place names, laid out as the map lays them out."""
    specs = context_label_specs(map_labels) + place_label_specs(places)
    return layout_labels(specs, dots)


@pytest.fixture(scope="module")
def by_id(placements: tuple[Placement, ...]) -> dict[str, Placement]:
    return {placement.spec.id: placement for placement in placements}


def shown_boxes(placements: tuple[Placement, ...], zoom: float) -> list[tuple[str, Box]]:
    boxes = ((p.spec.id, p.box(zoom)) for p in placements)
    return [(label_id, box) for label_id, box in boxes if box is not None]


def overlapping_pairs(placements: tuple[Placement, ...], zoom: float) -> list[tuple[str, str]]:
    return [
        (a, b)
        for (a, box_a), (b, box_b) in itertools.combinations(shown_boxes(placements, zoom), 2)
        if box_a.overlaps(box_b)
    ]


def labels_on_dots(
    placements: tuple[Placement, ...], dots: list[tuple[float, float]], zoom: float
) -> list[tuple[str, tuple[float, float]]]:
    return [
        (label_id, dot)
        for label_id, box in shown_boxes(placements, zoom)
        for dot in dots
        if box.overlaps(dot_box(*dot, zoom))
    ]


# --- the box model ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "em"),
    [("臺", 1.0), ("灣", 1.0), ("ｱ", 0.72), ("i", 0.38), (" ", 0.38), ("m", 1.1), ("K", 0.85)],
    ids=["cjk", "cjk-2", "halfwidth-kana", "narrow", "space", "wide", "capital"],
)
def test_char_widths_follow_the_calibrated_classes(char: str, em: float) -> None:
    assert char_em(char) == em


def test_cjk_takes_one_em_whatever_the_style() -> None:
    width, height = label_size("金門", LABEL_STYLES["sea"])
    assert width == 2 * LABEL_STYLES["sea"].font_px
    assert height == pytest.approx(1.2 * LABEL_STYLES["sea"].font_px)


def test_country_names_are_set_in_spaced_capitals() -> None:
    style = LABEL_STYLES["country"]
    plain = sum(char_em(c) for c in "TAIWAN") * style.font_px
    spacing = 6 * style.letter_spacing_em * style.font_px
    assert label_size("Taiwan", style)[0] == pytest.approx(plain + spacing, abs=0.01)
    assert "text-transform: uppercase" in style.css()


@pytest.mark.parametrize(
    ("text", "style", "measured"), MEASURED_WIDTHS, ids=[t for t, _, _ in MEASURED_WIDTHS]
)
def test_box_model_is_never_narrower_than_chromium_and_at_most_a_fifth_wider(
    text: str, style: str, measured: float
) -> None:
    estimate, _ = label_size(text, LABEL_STYLES[style])
    assert measured <= estimate <= 1.2 * measured


# --- the layout on small cases ---------------------------------------------------------------


def spec(label_id: str, lon: float, lat: float, order: int, **kwargs: Any) -> LabelSpec:
    return LabelSpec(
        label_id, kwargs.pop("text", "Name"), lon, lat, "place", (1, 1, order), **kwargs
    )


@pytest.mark.parametrize("anchor", PLACE_ANCHORS)
def test_label_clears_its_own_dot_on_every_side(anchor: Anchor) -> None:
    lone = spec("lone", 120.27, 22.63, 0, text="Port of Kaohsiung", anchors=(anchor,))
    (placed,) = layout_labels([lone], [(120.27, 22.63)])
    assert (placed.anchor, placed.min_zoom) == (anchor, 3.0)


def test_label_takes_the_other_side_when_a_dot_blocks_its_right() -> None:
    first = spec("first", 118.08, 24.45, 0)
    (placed,) = layout_labels([first], [(118.08, 24.45), (118.33, 24.43)])
    assert (placed.anchor, placed.min_zoom) == ("left", 3.0)


def test_lower_priority_label_waits_until_it_clears_the_higher_one() -> None:
    high = spec("high", 120.0, 24.0, 0, anchors=("right",))
    low = spec("low", 120.05, 24.0, 1, anchors=("right",))
    placed = {p.spec.id: p for p in layout_labels([low, high])}
    assert placed["high"].min_zoom == 3.0
    low_zoom = placed["low"].min_zoom
    assert low_zoom is not None
    assert low_zoom > 3.0
    assert low_zoom == math.ceil(low_zoom * 4) / 4, "zooms are rounded up to the map's zoomSnap"
    low_box, high_box = placed["low"].box(low_zoom), placed["high"].box(low_zoom)
    assert low_box is not None
    assert high_box is not None
    assert not low_box.overlaps(high_box)
    assert placed["low"].box(low_zoom - 0.25) is None


def test_label_on_the_same_point_as_a_higher_one_never_shows_on_that_side() -> None:
    high = spec("high", 120.0, 24.0, 0, anchors=("right",))
    twin = spec("twin", 120.0, 24.0, 1, anchors=("right",))
    placed = {p.spec.id: p for p in layout_labels([high, twin])}
    assert (placed["twin"].anchor, placed["twin"].min_zoom) == (None, None)


def test_label_shown_only_until_its_max_zoom_frees_the_space_after() -> None:
    sea = LabelSpec("sea", "Wide Sea Name", 120.0, 24.0, "sea", (0, 1, 0), 4.0, 6.0, ("center",))
    place = spec("place", 120.0, 24.0, 0, anchors=("right",))
    placed = {p.spec.id: p for p in layout_labels([place, sea])}
    assert placed["sea"].shown_at(5.0)
    assert not placed["sea"].shown_at(6.0)
    assert placed["place"].min_zoom == 6.0


def test_layout_follows_priority_not_input_order() -> None:
    high = spec("high", 120.0, 24.0, 0, anchors=("right",))
    low = spec("low", 120.0, 24.0, 1, anchors=("right",))
    assert [p.spec.id for p in layout_labels([low, high])] == ["high", "low"]
    assert layout_labels([low, high])[0].min_zoom == 3.0


def test_layout_is_deterministic() -> None:
    specs = [spec(f"p{i}", 120 + i * 0.03, 24 + i * 0.02, i) for i in range(12)]
    assert layout_labels(specs) == layout_labels(list(specs))


def test_place_specs_leave_the_frame_unchanged(places: gpd.GeoDataFrame) -> None:
    before = places.copy()
    place_label_specs(places)
    assert places.equals(before)


def test_place_specs_prefer_the_short_label_and_keep_the_name(places: gpd.GeoDataFrame) -> None:
    texts = {s.id: s.text for s in place_label_specs(places)}
    assert texts["place-kinmen"] == "Kinmen"
    assert texts["place-taipei"] == "Taipei"
    kinmen = places.loc[places["id"] == "place-kinmen"].iloc[0]
    assert kinmen["name"] == "Kinmen (Great Kinmen island)"


def test_place_specs_rank_places_without_a_rank_last() -> None:
    frame = gpd.GeoDataFrame(
        {"id": ["a", "b"], "name": ["A", "B"], "label_rank": [None, 1], "kind": ["city", "cape"]},
        geometry=[Point(120, 24), Point(121, 25)],
        crs="EPSG:4326",
    )
    specs = {s.id: s for s in place_label_specs(frame)}
    assert (specs["a"].rank, specs["b"].rank) == (3, 1)
    assert specs["b"].priority < specs["a"].priority


def test_unknown_context_kind_is_refused_with_the_valid_kinds() -> None:
    frame = gpd.GeoDataFrame(
        {"id": ["x"], "name": ["X"], "kind": ["ocean"], "min_zoom": [4.0], "max_zoom": [6.0]},
        geometry=[Point(130, 20)],
        crs="EPSG:4326",
    )
    with pytest.raises(ValueError, match=r"kind should be one of \['country or area'"):
        context_label_specs(frame)


# --- the bundled names -----------------------------------------------------------------------


@pytest.mark.parametrize("zoom", ZOOMS, ids=[f"z{z}" for z in ZOOMS])
def test_no_two_shown_labels_overlap(placements: tuple[Placement, ...], zoom: int) -> None:
    assert overlapping_pairs(placements, zoom) == []


@pytest.mark.parametrize("zoom", ZOOMS, ids=[f"z{z}" for z in ZOOMS])
def test_no_label_covers_a_place_dot(
    placements: tuple[Placement, ...], dots: list[tuple[float, float]], zoom: int
) -> None:
    assert labels_on_dots(placements, dots, zoom) == []


def test_no_overlap_between_integer_zooms_either(
    placements: tuple[Placement, ...], dots: list[tuple[float, float]]
) -> None:
    """The layout is exact for every zoom, not only the sampled ones: check fractional zooms."""
    for step in range(3 * 20, 14 * 20 + 1):
        zoom = step / 20
        assert overlapping_pairs(placements, zoom) == [], zoom
        assert labels_on_dots(placements, dots, zoom) == [], zoom


@pytest.mark.parametrize("pair", NAMED_PAIRS, ids=["-".join(p) for p in NAMED_PAIRS])
def test_named_pairs_both_show_by_zoom_10(
    by_id: dict[str, Placement], pair: tuple[str, str]
) -> None:
    zooms = [by_id[label_id].min_zoom for label_id in pair]
    assert None not in zooms, f"{pair}: one never shows"
    assert max(z for z in zooms if z is not None) <= 10


def test_every_rank_1_place_shows_by_zoom_7(placements: tuple[Placement, ...]) -> None:
    late = {
        p.spec.id: p.min_zoom
        for p in placements
        if p.spec.rank == 1 and (p.min_zoom is None or p.min_zoom > 7)
    }
    assert late == {}


def test_every_place_shows_by_zoom_10(placements: tuple[Placement, ...]) -> None:
    late = {
        p.spec.id: p.min_zoom
        for p in placements
        if p.spec.is_place and (p.min_zoom is None or p.min_zoom > 10)
    }
    assert late == {}


@pytest.mark.parametrize(
    ("label_id", "zoom"),
    [
        ("country-taiwan-small-scale", 5.0),
        ("country-taiwan", 7.25),
        ("country-china-small-scale", 5.0),
        ("country-china", 7.25),
        ("country-japan", 5.0),
        ("country-philippines", 5.0),
        ("country-south-korea", 5.0),
        ("sea-east-china-sea", 5.0),
        ("sea-south-china-sea", 5.0),
        ("sea-philippine-sea", 5.0),
        ("sea-east-china-sea-strait-view", 7.0),
        ("sea-south-china-sea-strait-view", 7.0),
        ("sea-philippine-sea-strait-view", 7.0),
        ("strait-taiwan-strait", 7.0),
        ("strait-luzon-strait", 6.0),
        ("strait-bashi-channel", 8.0),
    ],
)
def test_country_and_sea_names_show_where_they_help(
    by_id: dict[str, Placement], label_id: str, zoom: float
) -> None:
    assert by_id[label_id].shown_at(zoom)


def test_country_and_sea_names_come_before_every_place(
    placements: tuple[Placement, ...],
) -> None:
    kinds = [p.spec.is_place for p in placements]
    assert kinds == sorted(kinds), "context names are laid out first"


def test_map_labels_are_label_positions_of_known_kinds(map_labels: gpd.GeoDataFrame) -> None:
    assert set(map_labels["kind"]) <= set(CONTEXT_KINDS)
    assert set(map_labels["precision"]) == {"label position only (not a boundary)"}
    assert (map_labels["min_zoom"] < map_labels["max_zoom"]).all()


def test_catalog_documents_the_label_field() -> None:
    spec = load_catalog()["places"]
    assert spec.fields["label"] == "str"
    assert "`label`" in spec.description


# --- the rendered map ------------------------------------------------------------------------


def walk(element: Any) -> Iterator[Any]:
    yield element
    for child in element._children.values():
        yield from walk(child)


@pytest.fixture(scope="module")
def rendered(places: gpd.GeoDataFrame, map_labels: gpd.GeoDataFrame) -> Any:
    return build_map({"places": places, "map_labels": map_labels}, static_url=None)


def rendered_labels(m: Any) -> dict[str, dict[str, Any]]:
    return {
        label["id"]: label
        for element in walk(m)
        if getattr(element, "_name", "") == "PlaceLabels"
        for label in element.labels
    }


def test_map_carries_the_placement(rendered: Any, by_id: dict[str, Placement]) -> None:
    labels = rendered_labels(rendered)
    shown = {label_id for label_id, p in by_id.items() if p.min_zoom is not None}
    assert set(labels) == shown
    kinmen = labels["place-kinmen"]
    placed = by_id["place-kinmen"]
    assert kinmen["text"] == "Kinmen"
    assert (kinmen["min_zoom"], kinmen["max_zoom"]) == (placed.min_zoom, None)
    assert f"sm-at-{placed.anchor}" in kinmen["class"].split()
    assert "rank-1" in kinmen["class"].split()
    sea = labels["sea-south-china-sea"]
    assert "sm-sea" in sea["class"].split()
    assert sea["max_zoom"] == 6.0


def test_map_labels_are_names_not_dots_or_legend_rows(
    rendered: Any, places: gpd.GeoDataFrame, map_labels: gpd.GeoDataFrame
) -> None:
    drawn = [e for e in walk(rendered) if isinstance(e, folium.GeoJson)]
    assert len(drawn) == 1, "only the places are drawn as features"
    groups = [e.layer_name for e in walk(rendered) if isinstance(e, folium.FeatureGroup)]
    assert "Country and sea names" in groups
    entries = legend_entries({"places": places, "map_labels": map_labels}, {"places": "Places"})
    assert [entry.label for entry in entries] == ["Places"]


def test_label_text_is_sanitised(places: gpd.GeoDataFrame) -> None:
    hostile = places.head(1).copy()
    hostile["label"] = "{{7*7}}<img src=x onerror=alert(1)>"
    labels = rendered_labels(build_map({"places": hostile}, static_url=None))
    (label,) = labels.values()
    assert label["text"] == "&#123;&#123;7*7&#125;&#125;&lt;img src=x onerror=alert(1)&gt;"


def test_every_anchor_has_its_css(rendered: Any) -> None:
    html = rendered.get_root().render()
    for anchor in (*PLACE_ANCHORS, "center"):
        assert f".sm-label.sm-at-{anchor} span" in html
