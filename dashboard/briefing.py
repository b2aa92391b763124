"""Widgets and glue of the Briefing page (the briefings themselves are straitmap.briefings)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import streamlit as st

from dashboard import components, data, state
from dashboard.components import literal_md as _md
from straitmap.briefing_deck import text_html
from straitmap.briefing_figures import Figure
from straitmap.briefings import Briefing, Claim, SourceRef

#: The largest briefing file the uploader takes (the library refuses larger ones too).
UPLOAD_MB = 0.25


def read_url_once(found: Mapping[str, Briefing]) -> None:
    """On the page's first run, take ?briefing=ID&stop=N into the widgets (a note if not
    found: the first briefing opens instead)."""
    session = st.session_state
    if session.get(state.BRIEFING_URL_READ_KEY):
        return
    session[state.BRIEFING_URL_READ_KEY] = True
    wanted = st.query_params.get(state.BRIEFING_PARAM)
    if wanted is not None and wanted in found:
        session[state.BRIEFING_CHOICE_KEY] = wanted
    elif wanted is not None:
        st.warning(
            f"Link: briefing {wanted!r} ignored: expected one of {', '.join(found) or 'none'}"
        )
    stop = st.query_params.get(state.STOP_PARAM)
    if stop is not None:
        if stop.isdigit() and int(stop) >= 1:
            session[state.BRIEFING_STOP_KEY] = int(stop) - 1
        else:
            st.warning(f"Link: stop={stop!r} ignored: expected a stop number from 1")


def uploaded() -> tuple[str, Briefing] | None:
    """The briefing file the user uploaded, checked, with a digest of its bytes (None if none,
    or if it is refused: the page says why and goes on with the bundled ones)."""
    file = st.sidebar.file_uploader(
        f"Present your own briefing (TOML, up to {UPLOAD_MB * 1024:.0f} KB)",
        type=["toml"],
        key=state.BRIEFING_UPLOAD_KEY,
        help="The format is in docs/briefings.md; `straitmap briefing check FILE` checks one.",
    )
    if file is None:
        return None
    raw = file.getvalue()
    with st.sidebar, components.errors_shown("read the briefing file"):  # beside the uploader
        return hashlib.sha256(raw).hexdigest(), data.uploaded_briefing(raw, file.name)
    return None


def open_new_upload(own: tuple[str, Briefing] | None) -> None:
    """A file just uploaded opens at its first stop (once: the user may then switch away)."""
    session = st.session_state
    digest = own[0] if own is not None else None
    if digest is not None and session.get(state.BRIEFING_SEEN_UPLOAD_KEY) != digest:
        session[state.BRIEFING_CHOICE_KEY] = state.UPLOADED_BRIEFING
        session[state.BRIEFING_STOP_KEY] = 0
    session[state.BRIEFING_SEEN_UPLOAD_KEY] = digest


def current_stop(briefing: Briefing) -> int:
    """The stop shown (0-based), kept within the briefing."""
    index = int(st.session_state.get(state.BRIEFING_STOP_KEY, 0))
    index = min(max(index, 0), len(briefing.stops) - 1)
    st.session_state[state.BRIEFING_STOP_KEY] = index
    return index


def _go_to(index: int) -> None:
    st.session_state[state.BRIEFING_STOP_KEY] = index


def step_buttons(
    container: st.delta_generator.DeltaGenerator, briefing: Briefing, index: int
) -> None:
    """Previous and Next, also on the ← and → keys (Streamlit shows the key on the button).

    Callbacks: they run before the stop list is drawn, which then shows the stop they chose.
    """
    left, middle, right = container.columns([1, 1, 1])
    left.button(
        "Previous",
        key=state.BRIEFING_PREVIOUS_KEY,
        disabled=index == 0,
        shortcut="Left",
        width="stretch",
        on_click=_go_to,
        args=(index - 1,),
    )
    middle.markdown(
        f"<p style='text-align:center;margin:0.4rem 0'><strong>{index + 1} / "
        f"{len(briefing.stops)}</strong></p>",
        unsafe_allow_html=True,
    )
    right.button(
        "Next",
        key=state.BRIEFING_NEXT_KEY,
        disabled=index == len(briefing.stops) - 1,
        shortcut="Right",
        width="stretch",
        on_click=_go_to,
        args=(index + 1,),
    )


def source_line(source: SourceRef) -> str:
    """A source as one Markdown line: linked title, publisher, dates."""
    parts = [f"[{_md(source.title)}]({source.url})"]
    if source.publisher:
        parts.append(_md(source.publisher))
    if source.date:
        parts.append(source.date.isoformat())
    if source.accessed:
        parts.append(f"accessed {source.accessed.isoformat()}")
    return ", ".join(parts)


def show_stop_text(briefing: Briefing, index: int, figures: Mapping[str, Figure]) -> None:
    """The stop's title, text, measured figures (with their commands) and sources."""
    stop = briefing.stops[index]
    st.subheader(stop.title)
    st.markdown(text_html(stop.text), unsafe_allow_html=True)  # escaped by text_html
    for measurement in stop.measurements:
        figure = figures[measurement.id]
        if figure.error:
            st.warning(f"{measurement.label}: not measured ({figure.error})")
            continue
        st.markdown(f"**{_md(figure.label)}**: {_md(figure.text)}")
        st.code(figure.command, language="bash")
    if stop.sources:
        st.caption("Sources: " + "; ".join(source_line(s) for s in stop.sources))


def claims_rows(claims: Sequence[Claim], figures: Mapping[str, Figure]) -> list[dict[str, str]]:
    """The claims table as the page shows it (the same figures as `briefing claims --json`)."""
    rows = []
    for claim in claims:
        figure = figures.get(claim.measurement) if claim.measurement else None
        measured = ""
        if figure is not None:
            text = figure.text if figure.error is None else f"not measured: {figure.error}"
            measured = f"{_md(text)} — `{figure.command.replace('`', chr(39))}`"
        rows.append(
            {
                "claim": claim.claim,
                "figure": claim.figure,
                "finding": claim.finding,
                "measured": measured,
                "verdict": claim.verdict,
                "sources": "; ".join(source_line(s) for s in claim.sources),
            }
        )
    return rows


def show_claims(briefing: Briefing, figures: Mapping[str, Figure]) -> None:
    """The claims, each the source's words and figure beside what the project finds."""
    if not briefing.claims:
        return
    st.subheader("Claims, measured")
    source = briefing.source
    st.caption(
        f"Each claim as {_md(source.title)} states it, beside what straitmap measures or the "
        "best public sources say. Reproduce: `straitmap briefing claims "
        f"{briefing.id} --json`"
    )
    for row in claims_rows(briefing.claims, figures):
        with st.container(border=True):
            left, right = st.columns([2, 3])
            left.markdown(f"“{_md(row['claim'])}”  \n**Figure:** {_md(row['figure'])}")
            left.markdown(f"**Verdict:** {_md(row['verdict'])}")
            right.markdown(_md(row["finding"]))
            if row["measured"]:
                right.markdown(f"**Measured:** {row['measured']}")
            if row["sources"]:
                right.caption("Sources: " + row["sources"])


def leave_presentation_button() -> None:
    """In presentation mode, the way back to the full page (the sidebar is hidden)."""

    def leave() -> None:
        st.query_params.pop(state.PRESENT_KEY, None)

    st.button("Leave presentation", key=state.BRIEFING_LEAVE_KEY, on_click=leave)


def set_url(briefing: Briefing, index: int, present: bool, uploaded: bool) -> None:
    """?briefing=ID&stop=N (not for an uploaded file, which cannot travel in a link)."""
    params = {} if uploaded else {state.BRIEFING_PARAM: briefing.id}
    params[state.STOP_PARAM] = str(index + 1)
    if present:
        params[state.PRESENT_KEY] = "1"
    st.query_params.from_dict(params)
