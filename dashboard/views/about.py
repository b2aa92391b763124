"""The about page: what the dashboard is, and a glossary for students that gives each side's
own wording of the contested terms, attributed and linked to where it was said."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import N_, _

#: Where each quoted wording was said (the glossary's links; kept out of the translations).
SOURCE_URLS: dict[str, str] = {
    "oriental_daily_2022": "https://boron.orientaldaily.com.my/news/international/2022/06/13/492591",
    "taipei_times_2022": "https://www.taipeitimes.com/News/front/archives/2022/06/16/2003779969",
    "cna_2026": "https://udn.com/news/story/10930/9266423",
    "rti_2020": "https://en.rti.org.tw/news/view/id/2004023",
    "taiwan_news_2020": "https://www.taiwannews.com.tw/en/news/4014231",
    "xinhua_2013": "http://news.xinhuanet.com/english/china/2013-11/23/c_132912272.htm",
    "mna_2023": "https://n.yam.com/Article/20230611927824",
    "rti_harassed": "https://cn4.rti.tw/news/view/id/2144838",
    "hkcd_2023": "http://hkcd.com/hkcdweb/content/2023/01/08/content_1381249.html",
}

#: (term, meaning) in reading order; contested terms quote each side's wording with a source.
GLOSSARY: tuple[tuple[str, str], ...] = (
    (
        N_("Taiwan Strait"),
        N_(
            "The sea between Taiwan and mainland China (Fujian), about 130 km wide at its "
            "narrowest. Its northern and southern limits here follow the International "
            "Hydrographic Organization's draft S-23 (2002)."
        ),
    ),
    (
        N_("Status of the Taiwan Strait"),
        N_(
            "Whose water the strait is, in each side's words. The People's Republic of China's "
            "Ministry of Foreign Affairs (spokesperson Wang Wenbin, 13 June 2022) said that "
            'China "has sovereignty, sovereign rights and jurisdiction over the Taiwan Strait" '
            "(中国对台湾海峡享有主权、主权权利和管辖权), that the strait's waters are, from each "
            "coast towards its centre line, China's internal waters, territorial sea, "
            "contiguous zone and exclusive economic zone, and that international maritime law "
            'has no such thing as "international waters" '
            "([Oriental Daily, 2022-06-13]({oriental_daily_2022})). "
            'The US State Department replied that "the Taiwan Strait is an international '
            'waterway" where high-seas freedoms of navigation and overflight apply, and '
            "Taiwan's Premier Su Tseng-chang said it is by no means China's inland sea "
            "([Taipei Times, 2022-06-16]({taipei_times_2022})). "
            "straitmap draws the strait's limits and measures it; it takes no side."
        ),
    ),
    (
        N_("Median line (海峽中線)"),
        N_(
            "An informal line down the middle of the strait, drawn in the mid-1950s (sources "
            "give 1954 or 1955) by US Air Force Brig. Gen. Benjamin O. Davis Jr. (hence 'the "
            "Davis line') and observed by both sides' militaries for decades. It is not a legal "
            "boundary. Taiwan's Ministry of National Defense (MND) calls it 海峽中線 and "
            "reports PLA aircraft that 逾越海峽中線 (cross the median line) "
            "([CNA via udn, 2026-01-15]({cna_2026})); Taiwan's "
            "foreign minister called it a symbol of the status quo that has helped avoid "
            "military conflict ([RTI, 2020-09-22]({rti_2020})). "
            "The People's Republic of China's Ministry of Foreign Affairs (spokesperson Wang "
            'Wenbin, 21 September 2020) said that "there is no so-called median line" '
            "(不存在所谓的“海峡中线”), since in its view Taiwan is part of China's territory "
            "([Taiwan News, 2020-09-21]({taiwan_news_2020})). "
            "straitmap draws the line where MND states its end points."
        ),
    ),
    (
        N_("ADIZ (防空識別區)"),
        N_(
            "Airspace a state declares in which it asks aircraft to identify themselves. It is "
            "not territorial airspace and gives no sovereignty. Taiwan's MND reports PLA "
            "aircraft in Taiwan's ADIZ (臺灣防空識別區) by sector, e.g. 西南空域 (the southwest "
            "airspace) ([CNA via udn, 2026-01-15]({cna_2026})). "
            "The People's Republic of China declared its own East China Sea ADIZ "
            "(东海防空识别区) on 23 November 2013, saying it is a defensive measure that does "
            "not affect freedom of overflight "
            "([Xinhua, 2013-11-23]({xinhua_2013})). "
            "The zones of neighbours overlap."
        ),
    ),
    (
        N_("Incursion"),
        N_(
            "straitmap's neutral word for PLA aircraft that Taiwan's Ministry of National "
            "Defense (MND) reports in Taiwan's ADIZ. MND writes 共機 (Communist aircraft) and "
            "says they 進入 (entered) or 侵擾 (harassed) the southwest airspace, e.g. "
            "進入西南空域 ([Military News Agency via yam, 2023-06-11]({mna_2023}); "
            "[RTI, 侵擾西南防空識別區]({rti_harassed})); Taiwanese media "
            "write 共機擾臺. The PLA's Eastern Theater Command describes such flights as "
            "联合战备警巡 (joint combat-readiness patrols) around 台岛 (Taiwan island) "
            "([HKCD, 2023-01-08]({hkcd_2023})). "
            "MND counts sorties in its daily bulletin and publishes track maps only for aircraft "
            "that cross the median line or enter the southwest part of the ADIZ, so the mapped "
            "points are a subset of its daily totals."
        ),
    ),
    (
        N_("MND reporting day"),
        N_(
            "MND's daily bulletin covers the 24 hours from 06:00 to 06:00 Taiwan time (UTC+8); "
            "a point's `date` is the bulletin's day."
        ),
    ),
    (
        N_("Activity area"),
        N_(
            "From 16 January 2024 MND drew areas of activity instead of tracks, naming aircraft "
            "classes (main combat, support, drones, helicopters) rather than types."
        ),
    ),
    (
        N_("Nautical mile"),
        N_("1,852 metres exactly, the unit of distance at sea and in the air."),
    ),
    (
        N_("Geodesic"),
        N_(
            "The shortest path between two points on the Earth's ellipsoid (WGS84). straitmap "
            "measures every distance this way, never in map degrees."
        ),
    ),
)


def show_about() -> None:
    """The page: what straitmap is, the glossary, how to cite a figure."""
    st.title(_("About straitmap"))
    st.write(
        _(
            "An open-source, offline-first map of the Taiwan Strait for students, analysts and "
            "briefers. Every line and point on the map carries its source and precision; "
            "contested lines are labelled with who defines them."
        )
    )
    st.subheader(_("Glossary"))
    st.caption(
        _(
            "Where the two sides name a thing differently, each wording is given in its own "
            "words, attributed to who uses it, with a link to where it was said."
        )
    )
    for term, meaning in GLOSSARY:
        st.markdown(
            _("**{term}** — {meaning}").format(
                term=_(term), meaning=_(meaning).format_map(SOURCE_URLS)
            )
        )

    st.subheader(_("How to cite a figure"))
    st.write(
        _(
            "Every distance on the Measure page shows the `straitmap` command that reproduces "
            "it; every feature's popup gives its source, link and precision. The Data page "
            "lists each layer's licence and 'data as of'."
        )
    )


show_about()
