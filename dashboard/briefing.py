"""Widgets and glue of the Briefing page (the briefings themselves are straitmap.briefings).

The page works on the briefing `localized` to the session's language; a quoted claim keeps
its original words, with the file's translation beside it marked as one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import streamlit as st

from dashboard import components, data, state
from dashboard.components import literal_md as _md
from dashboard.i18n import _, current_lang, pgettext
from straitmap.briefing_deck import text_html, unwrap
from straitmap.briefing_figures import Figure
from straitmap.briefings import Briefing, Claim, SourceRef, language_note
from straitmap.i18n import Lang, format_date, format_number

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
            _("Link: briefing {wanted} ignored: expected one of {known}").format(
                wanted=repr(wanted), known=", ".join(found) or _("none")
            )
        )
    stop = st.query_params.get(state.STOP_PARAM)
    if stop is not None:
        if stop.isdigit() and int(stop) >= 1:
            session[state.BRIEFING_STOP_KEY] = int(stop) - 1
        else:
            st.warning(
                _("Link: stop={stop} ignored: expected a stop number from 1").format(
                    stop=repr(stop)
                )
            )


def uploaded() -> tuple[str, Briefing] | None:
    """The briefing file the user uploaded, checked, with a digest of its bytes (None if none,
    or if it is refused: the page says why and goes on with the bundled ones)."""
    file = st.sidebar.file_uploader(
        _("Present your own briefing (TOML, up to {size} KB)").format(
            size=f"{UPLOAD_MB * 1024:.0f}"
        ),
        type=["toml"],
        key=state.BRIEFING_UPLOAD_KEY,
        help=_("The format is in docs/briefings.md; `straitmap briefing check FILE` checks one."),
    )
    if file is None:
        return None
    raw = file.getvalue()
    with st.sidebar, components.errors_shown(_("read the briefing file")):  # by the uploader
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
        pgettext("briefing stop", "Previous"),
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
        pgettext("briefing stop", "Next"),
        key=state.BRIEFING_NEXT_KEY,
        disabled=index == len(briefing.stops) - 1,
        shortcut="Right",
        width="stretch",
        on_click=_go_to,
        args=(index + 1,),
    )


def _date(value: object, lang: Lang) -> str:
    import datetime as dt

    assert isinstance(value, dt.date)
    return value.isoformat() if lang == "en" else format_date(value, lang)


def source_line(source: SourceRef) -> str:
    """A source as one Markdown line: linked title, publisher, dates."""
    lang = current_lang()
    parts = [f"[{_md(source.title)}]({source.url})"]
    if source.publisher:
        parts.append(_md(source.publisher))
    if source.date:
        parts.append(_date(source.date, lang))
    if source.accessed:
        parts.append(_("accessed {date}").format(date=_date(source.accessed, lang)))
    return (", " if lang == "en" else "，").join(parts)


def sources_caption(sources: Sequence[SourceRef]) -> str:
    """ "Sources: a; b" in the session's language."""
    separator = "; " if current_lang() == "en" else "；"
    return _("Sources: {sources}").format(sources=separator.join(source_line(s) for s in sources))


def figures(key: str, briefing: Briefing, lang: Lang) -> dict[str, Figure]:
    """Every measurement of a briefing on the bundled layers, labels and texts in `lang`
    (cached per key and language in `data.briefing_figures`)."""
    return data.briefing_figures(key, briefing, lang)


def show_language_note(briefing: Briefing) -> None:
    """Once, at the top: the briefing (or some of it) has no text in the session's language."""
    note = language_note(briefing, current_lang())
    if note is not None:
        st.info(_(note))


def show_stop_text(briefing: Briefing, index: int, figures: Mapping[str, Figure]) -> None:
    """The stop's title, text, measured figures (with their commands) and sources."""
    stop = briefing.stops[index]
    st.subheader(stop.title)
    st.markdown(text_html(stop.text), unsafe_allow_html=True)  # escaped by text_html
    for measurement in stop.measurements:
        figure = figures[measurement.id]
        if figure.error:
            st.warning(
                _("{label}: not measured ({reason})").format(
                    label=figure.label, reason=figure.error
                )
            )
            continue
        st.markdown(_("**{label}**: {text}").format(label=_md(figure.label), text=_md(figure.text)))
        st.code(figure.command, language="bash")
    if stop.sources:
        st.caption(sources_caption(stop.sources))


def claims_rows(claims: Sequence[Claim], figures: Mapping[str, Figure]) -> list[dict[str, str]]:
    """The claims table as the page shows it (the same figures as `briefing claims --json`)."""
    rows = []
    for claim in claims:
        figure = figures.get(claim.measurement) if claim.measurement else None
        measured = ""
        if figure is not None:
            text = (
                figure.text
                if figure.error is None
                else _("not measured: {reason}").format(reason=figure.error)
            )
            measured = f"{_md(text)} — `{figure.command.replace('`', chr(39))}`"
        separator = "; " if current_lang() == "en" else "；"
        rows.append(
            {
                "claim": claim.claim,
                "translation": (claim.claim_zh or "") if current_lang() == "zh-TW" else "",
                "figure": claim.figure,
                "finding": claim.finding if current_lang() == "en" else unwrap(claim.finding),
                "measured": measured,
                "verdict": _(claim.verdict),
                "sources": separator.join(source_line(s) for s in claim.sources),
            }
        )
    return rows


def show_claims(briefing: Briefing, figures: Mapping[str, Figure]) -> None:
    """The claims, each the source's words and figure beside what the project finds."""
    if not briefing.claims:
        return
    st.subheader(_("Claims, measured"))
    source = briefing.source
    st.caption(
        _(
            "Each claim as {source} states it, beside what straitmap measures or the best "
            "public sources say. Reproduce: {command}"
        ).format(
            source=_md(source.title), command=f"`straitmap briefing claims {briefing.id} --json`"
        )
    )
    for row in claims_rows(briefing.claims, figures):
        with st.container(border=True):
            left, right = st.columns([2, 3])
            quote = f"“{_md(row['claim'])}”"
            if row["translation"]:
                quote += "  \n" + _("(translation) {text}").format(text=_md(row["translation"]))
            left.markdown(
                quote + "  \n" + _("**Figure:** {figure}").format(figure=_md(row["figure"]))
            )
            left.markdown(_("**Verdict:** {verdict}").format(verdict=_md(row["verdict"])))
            right.markdown(_md(row["finding"]))
            if row["measured"]:
                right.markdown(_("**Measured:** {measured}").format(measured=row["measured"]))
            if row["sources"]:
                right.caption(_("Sources: {sources}").format(sources=row["sources"]))


def leave_presentation_button() -> None:
    """In presentation mode, the way back to the full page (the sidebar is hidden)."""

    def leave() -> None:
        st.query_params.pop(state.PRESENT_KEY, None)

    st.button(_("Leave presentation"), key=state.BRIEFING_LEAVE_KEY, on_click=leave)


def set_url(briefing: Briefing, index: int, present: bool, uploaded: bool) -> None:
    """?briefing=ID&stop=N (not for an uploaded file, which cannot travel in a link)."""
    params = {} if uploaded else {state.BRIEFING_PARAM: briefing.id}
    params[state.STOP_PARAM] = str(index + 1)
    if present:
        params[state.PRESENT_KEY] = "1"
    st.query_params.from_dict(params)


#: The (briefing key, language) whose offline deck the user asked for, and the button's key.
DECK_WANTED_KEY = "_briefing_deck_wanted"
DECK_BUTTON_KEY = "briefing_deck_prepare"
DECK_DOWNLOAD_KEY = "briefing_deck_download"


def deck_download(
    briefing: Briefing, key: str, titles: Mapping[str, str], static_root: object
) -> None:
    """The whole briefing as one offline HTML file in the session's language: built when
    asked (every stop's map: tens of MB), then offered for download."""
    lang = current_lang()
    if st.session_state.get(DECK_WANTED_KEY) != (key, lang):

        def want() -> None:
            st.session_state[DECK_WANTED_KEY] = (key, lang)

        st.button(
            _("Prepare the offline deck (HTML)"),
            key=DECK_BUTTON_KEY,
            help=_(
                "Every stop with its map, figures and sources, and the claims, in one file "
                "that opens with no internet (as `straitmap briefing export`)."
            ),
            on_click=want,
        )
        return
    with st.spinner(_("Building the offline deck: a map for every stop…")):
        deck = data.briefing_deck(
            key, briefing, lang, tuple(sorted(titles.items())), str(static_root)
        )
    suffix = "" if lang == "en" else f".{lang}"
    st.download_button(
        _("Download the offline deck (HTML, {size} MB)").format(
            size=format_number(len(deck) / 1e6, lang, 1)
        ),
        data=deck,
        file_name=f"{briefing.id}{suffix}.html",
        mime="text/html",
        key=DECK_DOWNLOAD_KEY,
    )
