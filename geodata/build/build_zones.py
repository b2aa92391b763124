"""Write geodata/adiz.geojson and geodata/pla_exercise_zones.geojson from published coordinates."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np
from shapely.geometry import LineString, Polygon, box
from shapely.geometry.polygon import orient
from shapely.ops import linemerge, unary_union

from straitmap.geojson_text import write_feature_collection
from straitmap.io import load_file
from straitmap.measure import GEOD
from straitmap.units import METRES_PER_NMI

GEODATA = Path(__file__).resolve().parents[1]
DECIMALS = 6


def dms(deg: int, minutes: int = 0, seconds: float = 0.0) -> float:
    """Degrees-minutes-seconds to decimal degrees, rounded to the output grid."""
    return round(deg + minutes / 60 + seconds / 3600, DECIMALS)


def pt(lat: tuple[int, ...], lon: tuple[int, ...]) -> tuple[float, float]:
    return (dms(*lon), dms(*lat))


def feature(props: dict[str, Any], geometry: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def by_id(features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(features, key=lambda f: str(f["properties"]["id"]))


def rnd(coords: Any) -> list[list[float]]:
    return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in coords]


# ---------------------------------------------------------------- ADIZ
ECS_POINTS = [
    pt((33, 11), (121, 47)),
    pt((33, 11), (125, 0)),
    pt((31, 0), (128, 20)),
    pt((25, 38), (125, 0)),
    pt((24, 45), (123, 0)),
    pt((26, 44), (120, 58)),
]

# Japan: 14 nmi from Yonaguni's territorial-sea baseline, west of the old 123°E line.
YONAGUNI_BOX = box(122.8, 24.3, 123.2, 24.6)
MERIDIAN = 123.0


def yonaguni_coast() -> Polygon:
    result = load_file(GEODATA / "land.geojson", "land")
    if not result.report.ok:
        raise SystemExit(f"expected a clean land layer, found {result.report.summary()}")
    hits = [p for p in result.frame.geometry if p.intersects(YONAGUNI_BOX)]
    if len(hits) != 1:
        raise SystemExit(f"expected one Yonaguni polygon in land.geojson, found {len(hits)}")
    return hits[0]


def offset_line(island: Polygon, distance_m: float) -> LineString:
    """Outer edge of the union of geodesic circles around every (densified) coastline vertex."""
    ring = island.exterior.segmentize(0.001)
    azimuths = np.arange(0.0, 360.0, 0.5)
    circles = []
    for x, y in ring.coords[:-1]:
        lons, lats, _ = GEOD.fwd(
            np.full_like(azimuths, x),
            np.full_like(azimuths, y),
            azimuths,
            np.full_like(azimuths, distance_m),
        )
        circles.append(Polygon(zip(lons, lats, strict=True)))
    outline = unary_union(circles)
    return LineString(outline.exterior.coords)


def yonaguni_arc() -> list[list[float]]:
    outline = offset_line(yonaguni_coast(), 14 * METRES_PER_NMI)
    west = outline.intersection(box(MERIDIAN - 1.0, 23.0, MERIDIAN, 26.0))
    if west.geom_type == "MultiLineString":
        west = linemerge(west)
    if west.geom_type != "LineString":
        raise SystemExit(f"expected one arc west of 123°E, found {west.geom_type}")
    arc = west.simplify(0.0003)
    coords = rnd(arc.coords)
    if coords[0][1] < coords[-1][1]:
        coords.reverse()  # north to south
    for end in (coords[0], coords[-1]):
        end[0] = MERIDIAN
    return coords


WIKISOURCE_JADIZ = (
    "https://ja.wikisource.org/wiki/"
    "%E9%98%B2%E7%A9%BA%E8%AD%98%E5%88%A5%E5%9C%8F%E3%81%AB%E3%81%8A%E3%81%91%E3%82%8B"
    "%E9%A3%9B%E8%A1%8C%E8%A6%81%E9%A0%98%E3%81%AB%E9%96%A2%E3%81%99%E3%82%8B%E8%A8%93%E4%BB%A4"
)


def adiz_features() -> list[dict[str, Any]]:
    arc = yonaguni_arc()
    north_end = arc[0]
    ecs = {
        "id": "adiz-prc-ecs",
        "name": "East China Sea ADIZ declared by the PRC (2013): the six published points",
        "name_zh": "東海防空識別區",
        "authority": "Government of the People's Republic of China (statement announced by the PRC Ministry of National Defense)",
        "declared": "2013-11-23",
        "declared_precision": "day",
        "note": (
            "The statement defines the zone as the airspace between the lines joining six points "
            "(33°11′N 121°47′E; 33°11′N 125°00′E; 31°00′N 128°20′E; 25°38′N 125°00′E; 24°45′N 123°00′E; 26°44′N 120°58′E) "
            "and China's outer limit of the territorial sea. It includes the airspace over the Diaoyu/Senkaku Islands "
            "(administered by Japan, claimed by the PRC and by Taiwan), overlaps parts of the ADIZs of Japan, South Korea and Taiwan, "
            "and meets the 123°E meridian at 24°45′N. Taiwan's defence ministry put the overlap with its ADIZ east of the "
            "strait's median line at about 23,000 km² (CNA, 2013-12-02). An ADIZ is not territorial airspace."
        ),
        "source": "PRC government statement on establishing the East China Sea ADIZ, Xinhua 2013-11-23 (also quoted by CRNTT the same day)",
        "source_url": "http://news.xinhuanet.com/mil/2013-11/23/c_118262792.htm",
        "precision": (
            "partial: the six published vertices (to 1′, ~1.8 km) joined in the published order by straight lines in lon/lat; "
            "the closing western side along China's outer limit of the territorial sea is not drawn, because the "
            "statement gives no coordinates for it"
        ),
    }
    roc = {
        "id": "adiz-roc-east",
        "name": "Taiwan's ADIZ (ROC): southeastern and eastern edges as published",
        "name_zh": "中華民國防空識別區(東南及東側界線)",
        "authority": "Republic of China (Taiwan); the 123°E line was drawn by the US military after the Second World War",
        "declared": "1959-01-01",
        "declared_precision": "year",
        "note": (
            "Taiwan's defence ministry said in December 2013 that since 1959 the ROC has defined its ADIZ as the area west of the line "
            "joining 22°30′N 123°E and 21°N 121°30′E; north of that corner the boundary with Japan's ADIZ runs along the 123°E "
            "meridian, which crosses Yonaguni Island (ROC Ministry of Foreign Affairs, 2010). Only these edges are published with "
            "coordinates: the northern and western limits are not drawn (in the original definition the zone extends over part of "
            "the mainland coast). Japan's 2010 change around Yonaguni overlaps this zone west of 123°E; the ROC said it did not accept "
            "it. Only the year (1959) is published: declared is stored as 1959-01-01 with declared_precision 'year'. "
            "An ADIZ is not territorial airspace."
        ),
        "source": (
            "Taiwan Today (ROC Ministry of Foreign Affairs), Japanese edition, 2013-12, reporting the ROC Ministry of National Defense; "
            "123°E line: ROC MOFA statement of 2010-05-29 as reported by the Taipei Times, 2010-06-26"
        ),
        "source_url": "https://jp.taiwantoday.tw/news_amp.php?post=71418&unit=148",
        "precision": (
            "partial: published corners 21°00′N 121°30′E and 22°30′N 123°00′E (exact to 1′), then north along the 123°E meridian; "
            "that edge is drawn only as far as the stretch across Yonaguni that the sources describe (to where Japan's 2010 arc meets it)"
        ),
    }
    jpn = {
        "id": "adiz-jpn-yonaguni-2010",
        "name": "Japan's ADIZ around Yonaguni after the 2010 change: 14 nmi arc west of 123°E",
        "name_zh": "日本防空識別區(與那國島西側,2010年調整)",
        "authority": "Japan Ministry of Defense (Defense Agency Directive No. 36 of 1969 on flight procedures in the ADIZ, as amended in 2010)",
        "declared": "2010-06-25",
        "declared_precision": "day",
        "note": (
            "Before 2010 Japan's ADIZ ended at the 123°E meridian, a line drawn by the US military that split the airspace over "
            "Yonaguni. From 2010-06-25 Japan's outer line west of the island follows the line 14 nautical miles from Yonaguni's "
            "territorial-sea baseline (12 nmi territorial airspace plus a 2 nmi buffer), west of the old line. This arc lies inside "
            "the area Taiwan treats as its ADIZ; the ROC Ministry of Foreign Affairs said it could not accept the change. "
            "An ADIZ is not territorial airspace."
        ),
        "source": (
            "Directive on flight procedures in the air defense identification zone (Japan Defense Agency Directive No. 36, 1969), "
            "Art. 2(2), text on Wikisource; in force 2010-06-25 per Taipei Times, 2010-06-26"
        ),
        "source_url": WIKISOURCE_JADIZ,
        "precision": (
            "partial and approximate (~1 km): computed as 14 nmi (geodesic) from the Natural Earth 1:10m coastline of Yonaguni, "
            "standing in for the official baseline; the directive's end points (10) and (11) were not available, so the arc is cut "
            "at the 123°E meridian, the line it replaced"
        ),
    }
    return [
        feature(ecs, {"type": "LineString", "coordinates": [list(p) for p in ECS_POINTS]}),
        feature(jpn, {"type": "LineString", "coordinates": arc}),
        feature(
            roc,
            {
                "type": "LineString",
                "coordinates": [
                    list(pt((21, 0), (121, 30))),
                    list(pt((22, 30), (123, 0))),
                    [MERIDIAN, north_end[1]],
                ],
            },
        ),
    ]


# ---------------------------------------------------------------- exercise zones
Corner = tuple[tuple[int, int, int], tuple[int, int, int]]

ZONES_2022: list[list[Corner]] = [
    [
        ((25, 15, 26), (120, 29, 20)),
        ((24, 50, 30), (120, 5, 45)),
        ((25, 4, 32), (119, 51, 22)),
        ((25, 28, 12), (120, 14, 30)),
    ],
    [
        ((26, 7, 0), (121, 57, 0)),
        ((25, 30, 0), (121, 57, 0)),
        ((25, 30, 0), (121, 28, 0)),
        ((26, 7, 0), (121, 28, 0)),
    ],
    [
        ((25, 34, 0), (122, 50, 0)),
        ((25, 3, 0), (122, 50, 0)),
        ((25, 3, 0), (122, 11, 0)),
        ((25, 34, 0), (122, 11, 0)),
    ],
    [
        ((22, 56, 0), (122, 40, 0)),
        ((23, 38, 0), (122, 51, 0)),
        ((23, 38, 0), (123, 23, 0)),
        ((22, 56, 0), (123, 9, 0)),
    ],
    [
        ((21, 14, 0), (121, 33, 0)),
        ((21, 33, 0), (121, 18, 0)),
        ((21, 7, 0), (120, 43, 0)),
        ((20, 48, 0), (120, 59, 0)),
    ],
    [
        ((22, 43, 0), (119, 14, 0)),
        ((22, 10, 0), (119, 6, 0)),
        ((21, 33, 0), (120, 29, 0)),
        ((22, 9, 0), (120, 32, 0)),
    ],
]
ZONE_2022_7: list[Corner] = [
    ((23, 40, 0), (122, 30, 0)),
    ((23, 40, 0), (122, 54, 0)),
    ((23, 13, 0), (122, 54, 0)),
    ((23, 13, 0), (122, 30, 0)),
]
ZONES_2025: list[list[Corner]] = [
    [
        ((26, 32, 0), (121, 40, 0)),
        ((26, 32, 0), (122, 36, 0)),
        ((25, 43, 0), (122, 36, 0)),
        ((25, 43, 0), (121, 40, 0)),
    ],
    [
        ((24, 59, 0), (120, 4, 0)),
        ((25, 39, 0), (121, 13, 0)),
        ((26, 17, 0), (121, 13, 0)),
        ((25, 37, 0), (120, 4, 0)),
    ],
    [
        ((23, 27, 0), (118, 14, 0)),
        ((23, 27, 0), (119, 13, 0)),
        ((22, 13, 0), (119, 44, 0)),
        ((22, 13, 0), (118, 45, 0)),
    ],
    [
        ((21, 49, 0), (119, 16, 0)),
        ((21, 49, 0), (121, 0, 0)),
        ((21, 5, 0), (121, 0, 0)),
        ((21, 5, 0), (119, 16, 0)),
    ],
    [
        ((21, 58, 0), (121, 40, 0)),
        ((21, 58, 0), (122, 28, 0)),
        ((23, 23, 0), (122, 28, 0)),
        ((23, 23, 0), (121, 40, 0)),
    ],
]


def fmt_corner(c: Corner) -> str:
    (la, lm, ls), (oa, om, os_) = c
    return f"{la}°{lm:02d}′{ls:02d}″N {oa}°{om:02d}′{os_:02d}″E"


def zone_polygon(corners: list[Corner]) -> dict[str, Any]:
    ring = [(dms(*lon), dms(*lat)) for lat, lon in corners]
    poly = orient(Polygon(ring), 1.0)
    if not poly.is_valid:
        raise SystemExit(f"invalid zone {corners}")
    return {"type": "Polygon", "coordinates": [rnd(poly.exterior.coords)]}


EX_2022 = "PLA important military exercises and training around Taiwan, August 2022"
EX_2022_ZH = "重要軍事演訓行動(2022年8月)"
EX_2025 = "Justice Mission 2025"
EX_2025_ZH = "正義使命-2025"
PRECISION_EXACT = "exact (published corner coordinates); edges drawn as straight lines in lon/lat between the corners"


def zone_features() -> list[dict[str, Any]]:
    features = []
    for number, corners in enumerate(ZONES_2022, start=1):
        props = {
            "id": f"ex-2022-08-zone-{number}",
            "name": f"August 2022 exercise zone {number} (Xinhua notice, 2022-08-02)",
            "exercise": EX_2022,
            "exercise_zh": EX_2022_ZH,
            "start": "2022-08-04",
            "end": "2022-08-07",
            "announced_by": "Xinhua News Agency, authorised notice of 2022-08-02 (PLA); from 12:00 4 Aug to 12:00 7 Aug 2022, Beijing time",
            "corners": "; ".join(fmt_corner(c) for c in corners),
            "source": f"Xinhua authorised notice, 2022-08-02 (zone listed in position {number} of 6), English text as republished by Malaysia Chronicle",
            "source_url": "https://www.malaysia-chronicle.com/?p=219130",
            "precision": PRECISION_EXACT,
        }
        features.append(feature(props, zone_polygon(corners)))
    props7 = {
        "id": "ex-2022-08-zone-7",
        "name": "August 2022: additional area east of Taiwan in Taiwan's navigation notice (2022-08-04)",
        "exercise": EX_2022,
        "exercise_zh": EX_2022_ZH,
        "start": "2022-08-04",
        "end": "2022-08-08",
        "announced_by": (
            "Taiwan Maritime and Port Bureau (MOTC) navigation notice of 2022-08-04, in force until 10:00 8 Aug 2022; "
            "not in the PRC's notice: the Bureau first called it a seventh exercise area, then an added danger area "
            "without saying whether it was linked to the exercise"
        ),
        "corners": "; ".join(fmt_corner(c) for c in ZONE_2022_7),
        "source": "Taiwan Maritime and Port Bureau notice of 2022-08-04, as reported by FX168 and Guancha (quoting UDN and CNA)",
        "source_url": "https://ca.fx168news.com/news/2208/6085396.shtml",
        "precision": PRECISION_EXACT,
    }
    features.append(feature(props7, zone_polygon(ZONE_2022_7)))
    for number, corners in enumerate(ZONES_2025, start=1):
        props = {
            "id": f"ex-2025-12-justice-mission-zone-{number}",
            "name": f"Justice Mission 2025 live-fire zone {number} (2025-12-30)",
            "exercise": EX_2025,
            "exercise_zh": EX_2025_ZH,
            "start": "2025-12-30",
            "end": "2025-12-30",
            "announced_by": "Xinhua News Agency, 2025-12-29, for the PLA Eastern Theater Command; 08:00–18:00 30 Dec 2025, Beijing time",
            "corners": "; ".join(fmt_corner(c) for c in corners),
            "source": f"Xinhua notice of 2025-12-29 (zone listed in position {number} of 5), as quoted by CRNTT",
            "source_url": "https://hk.crntt.com/doc/1071/5/5/9/107155941.html",
            "precision": PRECISION_EXACT,
        }
        features.append(feature(props, zone_polygon(corners)))
    return features


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out-dir", type=Path, default=GEODATA, help="folder to write into")
    out = parser.parse_args(argv).out_dir
    adiz = by_id(adiz_features())
    zones = by_id(zone_features())
    write_feature_collection(out / "adiz.geojson", adiz, spacing="spaced", decimals=DECIMALS)
    write_feature_collection(
        out / "pla_exercise_zones.geojson", zones, spacing="spaced", decimals=DECIMALS
    )
    print(f"adiz: {len(adiz)} features; pla_exercise_zones: {len(zones)} features")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
