"""The data page: every layer with its source, licence, method and limits, from the catalog."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.i18n import N_, _, current_lang, ngettext
from straitmap.catalog import LayerSpec
from straitmap.i18n import format_date, format_number
from straitmap.route_query import VESSELS

#: How the fields table names each catalog field type.
FIELD_TYPE_LABELS = {
    "str": N_("text"),
    "int": N_("whole number"),
    "float": N_("number"),
    "bool": N_("yes/no"),
    "date": N_("date (YYYY-MM-DD)"),
}


def day(iso: str) -> str:
    """An ISO date as the language writes it (English keeps the ISO form the catalog uses)."""
    lang = current_lang()
    if lang == "en":
        return iso
    return format_date(dt.date.fromisoformat(iso), lang)


def layer_size(layer_id: str, spec: LayerSpec) -> str | None:
    """'1,234 features', or for a table its rows and the dates they cover; None: not loaded."""
    lang = current_lang()
    if not spec.is_table:
        frame = data.bundled_layers().frames.get(layer_id)
        if frame is None:
            return None
        count = format_number(len(frame), lang, 0)
        return ngettext("{count} feature", "{count} features", len(frame)).format(count=count)
    # The only bundled table; there is no generic table loader to ask for another one.
    table = data.daily_counts() if layer_id == "pla_daily_counts" else None
    if table is None:
        return None
    rows = ngettext("{count} row", "{count} rows", len(table)).format(
        count=format_number(len(table), lang, 0)
    )
    if table.empty or "date" not in table.columns:
        return rows
    # ISO dates as text sort as dates.
    return _("{rows}, {first} – {last}").format(
        rows=rows, first=day(str(table["date"].min())), last=day(str(table["date"].max()))
    )


def fields_table(spec: LayerSpec) -> pd.DataFrame:
    """The layer's fields (names as in the files), their types and whether each is required."""
    return pd.DataFrame(
        {
            _("Field"): list(spec.fields),
            _("Type"): [_(FIELD_TYPE_LABELS[kind]) for kind in spec.fields.values()],
            _("Required"): [_("yes") if name in spec.required else _("no") for name in spec.fields],
        }
    )


def show_layer(layer_id: str, spec: LayerSpec, errors: dict[str, str]) -> None:
    """One layer's expander: description, licence, sources, dates, fields, load errors."""
    size = layer_size(layer_id, spec)
    label = _("{title} (`{layer_id}`, {size})").format(
        title=_(spec.title), layer_id=layer_id, size=size or _("not loaded")
    )
    with st.expander(label, expanded=False):
        st.write(_(spec.description))
        st.markdown(
            _("**Licence:** {licence}  \n**Attribution:** {attribution}").format(
                licence=_(spec.license), attribution=_(spec.attribution)
            )
        )
        st.markdown(
            _("**Sources:**") + "\n" + "\n".join(f"- {_(source)}" for source in spec.sources)
        )
        st.markdown(
            _("**Data as of:** {data_as_of} · **retrieved:** {retrieved}").format(
                data_as_of=_(spec.data_as_of), retrieved=day(spec.retrieved)
            )
        )
        if spec.built_by:
            st.markdown(_("**Built by:** `{script}`").format(script=spec.built_by))
        if spec.fields:
            st.table(fields_table(spec), hide_index=True)
        if layer_id in errors:
            st.error(errors[layer_id])
        elif size is None:
            st.error(
                _(
                    "`geodata/{file}` could not be loaded; `straitmap.load_table({layer!r})` "
                    "says why."
                ).format(file=spec.file, layer=layer_id)
            )


def sea_routes_notes() -> str:
    """The Routes page's method and limits, as a markdown list."""
    speeds = "; ".join(
        _("{vessel} {speed} kn: {basis}").format(
            vessel=_(vessel.label), speed=f"{vessel.speed_kn:g}", basis=_(vessel.basis)
        )
        for vessel in VESSELS.values()
    )
    items = [
        _(
            "**Network**: the maritime network that the `searoute` package ships (Apache-2.0), "
            "derived from Eurostat's SeaRoute/MARNET, itself after the Oak Ridge National "
            "Laboratory global shipping lane network. Routes are shortest paths on it: **for "
            "visualisation, not navigation**. It has no traffic separation schemes, no draught "
            "or width limits, no weather or currents, and no port or canal time."
        ),
        _(
            "**Route ends**: the project's `places` of kind port, then searoute's port list "
            "inside the region (UN/LOCODE names, e.g. Kaohsiung TWKHH, Busan as Pusan KRPUS), "
            "then any other named place; each end joins the network at its nearest node on the "
            "WGS84 ellipsoid, and the page gives that distance."
        ),
        _(
            "**Closures**: the `strait` layer's polygon, the declared zones of "
            "`pla_exercise_zones` (by exercise or one by one) or polygons drawn on the map; "
            "every network edge whose geodesic enters a closed area is removed in both "
            "directions."
        ),
        _("**Speeds**: {speeds}. Times are length ÷ speed.").format(speeds=speeds),
    ]
    return "\n".join(f"- {item}" for item in items)


def show_data() -> None:
    """The page: every catalog layer, then the sea routes' method."""
    catalog = data.catalog()
    bundled = data.bundled_layers()
    st.title(_("Data"))
    st.write(
        _(
            "Every layer the map draws, where it comes from and how far to trust it. "
            "Each feature also carries its own `source`, `source_url` and `precision`."
        )
    )
    for layer_id, spec in catalog.layers.items():
        show_layer(layer_id, spec, bundled.errors)
    st.subheader(_("Sea routes (the Routes page)"))
    st.markdown(sea_routes_notes())


show_data()
