"""The map's own words in each language: field and value labels, Leaflet's control texts, fonts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from straitmap.i18n import N_, Lang, translator
from straitmap.i18n_extract import GEODATA_TEXT_FIELDS

__all__ = [
    "CJK_FONT_STACK",
    "CODE_TEXTS",
    "FIELD_LABELS",
    "TEXT_FIELDS",
    "VALUE_LABELS",
    "ZH_NAME_FIELDS",
    "draw_strings",
    "field_label",
    "measure_strings",
    "popup_strings",
    "text_labels",
    "value_label",
]

#: Fonts the Chinese map asks for, in order, before the browser's own fallback: the map never
#: loads a web font (an offline export must draw 臺北 with what the system has). Noto Sans CJK TC
#: (Linux, Android), PingFang TC (macOS, iOS), Microsoft JhengHei (Windows), WenQuanYi Micro Hei
#: (Debian's fonts-wqy-microhei, which `make setup` installs when no font covers zh-TW).
CJK_FONT_STACK: Final = (
    'system-ui, "Noto Sans CJK TC", "Noto Sans TC", "PingFang TC", "Microsoft JhengHei", '
    '"WenQuanYi Micro Hei", sans-serif'
)

#: Properties whose value is the feature's Chinese name, best first: the popup and tooltip
#: title in Chinese (an incursion has no name_zh, but the Ministry's own aircraft type).
ZH_NAME_FIELDS: Final = ("name_zh", "exercise_zh", "aircraft_type_zh")

#: A popup row's label per property (properties not listed show their own key: uploads).
FIELD_LABELS: Final[dict[str, str]] = {
    "id": N_("id"),
    "name": N_("name"),
    "name_zh": N_("Chinese name"),
    "name_ja": N_("Japanese name"),
    "authority": N_("authority"),
    "declared": N_("declared"),
    "declared_precision": N_("date precision"),
    "note": N_("note"),
    "precision": N_("precision"),
    "source": N_("source"),
    "kind": N_("kind"),
    "zone": N_("zone"),
    "rule": N_("rule"),
    "defined_by": N_("defined by"),
    "status": N_("status"),
    "exercise": N_("exercise"),
    "exercise_zh": N_("exercise (Chinese)"),
    "start": N_("start"),
    "end": N_("end"),
    "announced_by": N_("announced by"),
    "corners": N_("corners"),
    "aircraft_type": N_("aircraft type"),
    "aircraft_type_zh": N_("aircraft type (MND)"),
    "aircraft_class": N_("aircraft class"),
    "aircraft_classes": N_("aircraft classes"),
    "count": N_("sorties"),
    "count_scope": N_("count of"),
    "date": N_("date"),
    "crossed_median_line": N_("crossed the median line"),
    "crossed_median_line_basis": N_("median line basis"),
    "track_id": N_("track"),
    "dataset": N_("dataset"),
    "part": N_("part"),
    "mnd_distance_nmi": N_("MND distance (nmi)"),
    "mnd_distance_note": N_("MND distance note"),
    "mnd_median_line_crossings": N_("MND median line crossings"),
    "mnd_text": N_("MND text"),
    "country_or_area": N_("country or area"),
    "from_port": N_("from port"),
    "to_port": N_("to port"),
    "length_km": N_("length (km)"),
    "length_nmi": N_("length (nmi)"),
    "via_strait": N_("through the strait"),
    "definition": N_("definition"),
    "area_km2": N_("area (km²)"),
    "limit": N_("limit"),
    "branch": N_("branch"),
    "prefecture": N_("prefecture"),
    "units": N_("units"),
    "confidence": N_("confidence"),
    "method": N_("method"),
    "min_zoom": N_("from zoom"),
    "max_zoom": N_("to zoom"),
    "centre": N_("centre"),
    "centre_lat": N_("centre latitude"),
    "centre_lon": N_("centre longitude"),
    "radius_km": N_("radius (km)"),
    "radius_nmi": N_("radius (nmi)"),
}

#: The closed vocabularies' values per property (DESIGN §2a and the catalog). The prose
#: properties (`TEXT_FIELDS`: precision, notes, definitions ...) are translated whole instead.
VALUE_LABELS: Final[dict[str, dict[str, str]]] = {
    "branch": {
        "USAF": N_("USAF"),
        "USN": N_("USN"),
        "USMC": N_("USMC"),
        "US Army": N_("US Army"),
        "joint": N_("joint"),
    },
    "kind": {
        "air base": N_("air base"),
        "naval base": N_("naval base"),
        "camp": N_("camp"),
        "training area": N_("training area"),
        "radar site": N_("radar site"),
        "depot": N_("depot"),
        "port facility": N_("port facility"),
        "communications site": N_("communications site"),
        "city": N_("city"),
        "port": N_("port"),
        "island": N_("island"),
        "cape": N_("cape"),
        "base town": N_("base town"),
        "network": N_("network lane"),
        "route": N_("named route"),
        "country or area": N_("country or area"),
        "sea": N_("sea"),
        "strait": N_("strait"),
    },
    "aircraft_class": {
        "fighter": N_("fighter"),
        "bomber": N_("bomber"),
        "airborne early warning": N_("airborne early warning"),
        "reconnaissance/electronic warfare": N_("reconnaissance/electronic warfare"),
        "anti-submarine": N_("anti-submarine"),
        "tanker/transport": N_("tanker/transport"),
        "helicopter": N_("helicopter"),
        "drone": N_("drone"),
        "balloon": N_("balloon"),
        "main combat (unspecified)": N_("main combat (unspecified)"),
        "support (unspecified)": N_("support (unspecified)"),
        "unspecified": N_("unspecified"),
    },
    "zone": {
        "north": N_("north"),
        "northern strait": N_("northern strait"),
        "central strait (median line)": N_("central strait (median line)"),
        "southwest": N_("southwest"),
        "southeast": N_("southeast"),
        "east": N_("east"),
        "outside ADIZ": N_("outside ADIZ"),
    },
    "confidence": {"high": N_("high"), "medium": N_("medium"), "low": N_("low")},
    "count_scope": {"class": N_("aircraft of this class"), "area": N_("aircraft in this area")},
    "crossed_median_line_basis": {"mnd": N_("MND's text"), "computed": N_("computed")},
    "part": {
        "track": N_("track"),
        "activity area": N_("activity area"),
        "balloon path": N_("balloon path"),
        "balloon start area": N_("balloon start area"),
        "balloon end area": N_("balloon end area"),
    },
    "limit": {"north": N_("northern limit"), "south": N_("southern limit")},
    "declared_precision": {"day": N_("day"), "year": N_("year only")},
    "country_or_area": {
        "Taiwan": N_("Taiwan"),
        "China": N_("China"),
        "Japan": N_("Japan"),
        "Philippines": N_("Philippines"),
        "South Korea": N_("South Korea"),
        "Hong Kong": N_("Hong Kong"),
        "Singapore": N_("Singapore"),
        "Guam (US)": N_("Guam (US)"),
    },
    "prefecture": {
        "Tokyo": N_("Tokyo"),
        "Okinawa": N_("Okinawa"),
        "Kanagawa": N_("Kanagawa"),
        "Aomori": N_("Aomori"),
        "Nagasaki": N_("Nagasaki"),
        "Hiroshima": N_("Hiroshima"),
        "Kyoto": N_("Kyoto"),
        "Yamaguchi": N_("Yamaguchi"),
        "Shizuoka": N_("Shizuoka"),
    },
}


#: Properties whose whole value is prose, translated through the dashboard catalog as it is:
#: the layers' texts come from `geodata/*.geojson` (`i18n_extract.extract_geodata`), those
#: straitmap's own code writes are `CODE_TEXTS`; any other text (an upload's) shows as is.
TEXT_FIELDS: Final = GEODATA_TEXT_FIELDS

#: The prose values straitmap's own code writes into `TEXT_FIELDS` (drawn lines and routes,
#: `straitmap.overlays`), marked here so that extraction finds them.
CODE_TEXTS: Final = (
    N_("exact geodesic between the given points"),
    N_("model route on a coarse network: for visualisation, not navigation"),
    N_("as given"),
)


def field_label(field: str, lang: Lang = "en") -> str:
    """A popup row's label for property `field` (the key itself in English, as before).

    >>> field_label("branch"), field_label("anything")
    ('branch', 'anything')
    """
    if lang == "en" or field not in FIELD_LABELS:
        return field
    return translator("dashboard", lang).gettext(FIELD_LABELS[field])


def value_label(field: str, value: str, lang: Lang = "en") -> str:
    """`value` of property `field` in `lang` where it is a known vocabulary word, else as is.

    >>> value_label("branch", "USAF"), value_label("branch", "Coast Guard")
    ('USAF', 'Coast Guard')
    """
    if lang == "en":
        return value
    if field in TEXT_FIELDS:
        return translator("dashboard", lang).gettext(value)
    known = VALUE_LABELS.get(field, {})
    if value not in known:
        return value
    return translator("dashboard", lang).gettext(known[value])


def text_labels(
    values: Mapping[str, Iterable[object]], lang: Lang = "en"
) -> dict[str, dict[str, str]]:
    """Per prose property (`TEXT_FIELDS`) among `values`, its texts that `lang` translates.

    `values` maps a property to the values a layer holds (anything not text is skipped); a
    text the catalog lacks is left out (the popup shows it as is), and English is empty.

    >>> text_labels({"precision": ["as given", None], "branch": ["USAF"]})
    {}
    """
    if lang == "en":
        return {}
    found: dict[str, dict[str, str]] = {}
    for field, texts in values.items():
        if field not in TEXT_FIELDS:
            continue
        labels = {
            text: value_label(field, text, lang) for text in texts if isinstance(text, str) and text
        }
        changed = {text: label for text, label in labels.items() if label != text}
        if changed:
            found[field] = changed
    return found


def popup_strings(lang: Lang) -> dict[str, Any]:
    """What the browser's popup and tooltip builder needs in `lang` (not yet sanitised)."""
    _ = translator("dashboard", lang).gettext
    return {
        "fields": {field: field_label(field, lang) for field in FIELD_LABELS},
        "values": {
            field: {value: value_label(field, value, lang) for value in words}
            for field, words in VALUE_LABELS.items()
        },
        "zhFields": list(ZH_NAME_FIELDS),
        "source": _("Source:"),
        "sourceWord": _("source"),
        "noZh": _("(no Chinese name)"),
        "yes": _("yes"),
        "no": _("no"),
    }


def draw_strings(lang: Lang) -> dict[str, Any]:
    """Leaflet.draw's `L.drawLocal` texts in `lang` (those of the tools straitmap offers).

    Plain text: the plugin inserts some as HTML, so they carry no markup.
    """
    _ = translator("dashboard", lang).gettext
    return {
        "draw": {
            "toolbar": {
                "actions": {"title": _("Cancel drawing"), "text": _("Cancel")},
                "finish": {"title": _("Finish drawing"), "text": _("Finish")},
                "undo": {"title": _("Delete last point drawn"), "text": _("Delete last point")},
                "buttons": {
                    "polyline": _("Draw a line"),
                    "polygon": _("Draw a polygon"),
                    "rectangle": _("Draw a rectangle"),
                    "circle": _("Draw a circle"),
                    "marker": _("Draw a marker"),
                    "circlemarker": _("Draw a circle marker"),
                },
            },
            "handlers": {
                "circle": {
                    "tooltip": {"start": _("Click and drag to draw a circle.")},
                    "radius": _("Radius"),
                },
                "circlemarker": {"tooltip": {"start": _("Click the map to place a marker.")}},
                "marker": {"tooltip": {"start": _("Click the map to place a marker.")}},
                "polygon": {
                    "tooltip": {
                        "start": _("Click to start drawing a shape."),
                        "cont": _("Click to continue drawing the shape."),
                        "end": _("Click the first point to close this shape."),
                    }
                },
                "polyline": {
                    "error": _("Error: the shape's edges cannot cross."),
                    "tooltip": {
                        "start": _("Click to start drawing a line."),
                        "cont": _("Click to continue drawing the line."),
                        "end": _("Click the last point to finish the line."),
                    },
                },
                "rectangle": {"tooltip": {"start": _("Click and drag to draw a rectangle.")}},
                "simpleshape": {"tooltip": {"end": _("Release the mouse to finish drawing.")}},
            },
        },
        "edit": {
            "toolbar": {
                "actions": {
                    "save": {"title": _("Save changes"), "text": _("Save")},
                    "cancel": {
                        "title": _("Cancel editing, discarding all changes"),
                        "text": _("Cancel"),
                    },
                    "clearAll": {"title": _("Clear all shapes"), "text": _("Clear all")},
                },
                "buttons": {
                    "edit": _("Edit shapes"),
                    "editDisabled": _("No shapes to edit"),
                    "remove": _("Delete shapes"),
                    "removeDisabled": _("No shapes to delete"),
                },
            },
            "handlers": {
                "edit": {
                    "tooltip": {
                        "text": _("Drag the handles or markers to edit the shapes."),
                        "subtext": _("Click cancel to undo the changes."),
                    }
                },
                "remove": {"tooltip": {"text": _("Click a shape to delete it.")}},
            },
        },
    }


def measure_strings(lang: Lang) -> dict[str, str]:
    """leaflet-measure's English texts → `lang` (the plugin bundles no Traditional Chinese, so
    the map rewrites its text nodes; see `straitmap.render`)."""
    _ = translator("dashboard", lang).gettext
    english = (
        N_("Measure distances and areas"),
        N_("Create a new measurement"),
        N_("Start creating a measurement by adding points to the map"),
        N_("Finish measurement"),
        N_("Last point"),
        N_("Area"),
        N_("Perimeter"),
        N_("Point location"),
        N_("Area measurement"),
        N_("Linear measurement"),
        N_("Path distance"),
        N_("Center on this area"),
        N_("Center on this line"),
        N_("Center on this location"),
        N_("Cancel"),
        N_("Delete"),
        N_("Measure"),
    )
    return {text: _(text) for text in english}
