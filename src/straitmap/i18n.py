"""English and Traditional Chinese: choosing a language, gettext catalogs, Babel formatting.

Two gettext domains live in ``src/straitmap/locale``: ``dashboard`` (everything the Streamlit
app shows) and ``cli`` (the command line's human output; ``--json`` stays English). English is
the source language: its msgids are the English text, so English needs no catalog. The
``zh_TW`` catalogs are ``locale/zh_TW/LC_MESSAGES/<domain>.po``, compiled to ``.mo`` by
``make setup`` (never committed); ``make messages`` re-extracts the templates
(``locale/<domain>.pot``) and merges them into the ``.po`` files. README "Translations" says
how to add or fix one.

Writing translatable text
    Wrap each whole sentence, with named ``str.format`` placeholders, never pieces glued
    together: ``_("{count} points in view").format(count=...)``, not ``_("points in view")``.
    Babel flags such msgids ``python-brace-format``; a test checks that every translation keeps
    exactly the placeholders of its msgid. Format the values first with `format_number`,
    `format_date` or `straitmap.units.format_length`, so figures follow the language too.
    Text defined before the language is known (module constants, option lists) is marked with
    `N_` (extracted, returned unchanged) and translated where it is shown: ``_(LABELS[key])``.
    Use ``pgettext(context, text)`` where one English word needs two Chinese ones.

How the dashboard uses it: ``dashboard/i18n.py``, the only place that knows the session,
chooses its language (the toggle, ``?lang=``, the browser's Accept-Language, else English) and
binds ``_``, ``ngettext`` and ``pgettext`` to ``translator("dashboard", current_lang())``.

Pages then ``from dashboard.i18n import _`` and call ``_()`` at run time, inside functions,
never at import (a module-level ``_()`` would freeze the language of the first session).
`translator` is cached per (domain, language), so calling it on every string is cheap.
``pybabel extract`` finds ``_``, ``gettext``, ``ngettext``, ``pgettext``, ``npgettext`` and
``N_`` calls with literal strings; ``_(variable)`` is not extracted, so a string that reaches it
must be marked with `N_` where it is written.

Missing catalogs: a ``.mo`` that is missing or older than its ``.po`` (a fresh clone before
``make setup``, or a ``.po`` just edited) is compiled from the ``.po`` in memory with a logged
warning; only a missing ``.po`` is an error (`TranslationError`). Translations are cached for
the life of the process: restart the app (or call ``translations.cache_clear()``) after
editing a ``.po``.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import gettext
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, get_args

from straitmap.errors import StraitmapError

__all__ = [
    "BABEL_LOCALES",
    "DEFAULT_LANG",
    "DOMAINS",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "LOCALE_DIR",
    "N_",
    "DateStyle",
    "Domain",
    "Lang",
    "TranslationError",
    "Translator",
    "catalog_path",
    "format_date",
    "format_number",
    "parse_lang",
    "translations",
    "translator",
]

logger = logging.getLogger(__name__)

#: A language straitmap speaks, as a BCP 47 tag (what ``?lang=`` and ``--lang`` take).
Lang = Literal["en", "zh-TW"]
LANGUAGES: Final[tuple[Lang, ...]] = get_args(Lang)
DEFAULT_LANG: Final[Lang] = "en"
#: Each language in its own words, for a language toggle (not translated, by design).
LANGUAGE_NAMES: Final[dict[Lang, str]] = {"en": "English", "zh-TW": "繁體中文"}
#: The Babel (CLDR) locale each language formats numbers and dates with.
BABEL_LOCALES: Final[dict[Lang, str]] = {"en": "en", "zh-TW": "zh_Hant_TW"}
#: The gettext folder name of each language's catalogs under `LOCALE_DIR`.
_CATALOG_FOLDERS: Final[dict[Lang, str]] = {"en": "en", "zh-TW": "zh_TW"}

#: A gettext domain: the dashboard's text, or the command line's human output.
Domain = Literal["dashboard", "cli"]
DOMAINS: Final[tuple[Domain, ...]] = get_args(Domain)
LOCALE_DIR: Final = Path(__file__).resolve().parent / "locale"

#: Babel's date styles; "long" is 2024年5月23日 / May 23, 2024.
DateStyle = Literal["short", "medium", "long", "full"]


class TranslationError(StraitmapError):
    """An unknown domain or language, or a language whose catalog is not there."""


def N_(message: str) -> str:  # noqa: N802 (the gettext convention pybabel looks for)
    """Mark `message` for extraction and return it unchanged: translate it where it is shown.

    >>> N_("median line")
    'median line'
    """
    return message


# --- choosing a language ------------------------------------------------------------------------

_TRADITIONAL_REGIONS: Final = frozenset({"tw", "hk", "mo"})
_SIMPLIFIED_REGIONS: Final = frozenset({"cn", "sg", "my"})
_QUALITY: Final = re.compile(r"^q=([0-9.]+)$")


def _parse_tag(tag: str) -> Lang | None:
    """One language tag or POSIX locale name (``zh-Hant-TW``, ``zh_TW.UTF-8``) as a `Lang`."""
    text = tag.strip().split(".", 1)[0].split("@", 1)[0].replace("_", "-").casefold()
    subtags = [s for s in text.split("-") if s]
    if not subtags:
        return None
    if subtags[0] == "en":
        return "en"
    if subtags[0] != "zh":
        return None
    rest = set(subtags[1:])
    if "hans" in rest or (rest & _SIMPLIFIED_REGIONS and "hant" not in rest):
        return None  # Simplified Chinese is not offered: let the next preference decide
    return "zh-TW"  # zh, zh-Hant, zh-TW, zh-HK, zh-MO: Traditional script


def parse_lang(text: str | None) -> Lang | None:
    """The language `text` asks for, or None when it names none straitmap speaks.

    `text` is a tag (``zh-TW``, ``zh_TW``, ``zh-Hant``, ``zh-Hant-TW``, ``en-US``, any case),
    a POSIX locale (``zh_TW.UTF-8``), or a browser's Accept-Language header, whose preferences
    are tried by weight (``q``), ties in the order written. Plain ``zh``, ``zh-HK`` and
    ``zh-MO`` read Traditional script and get ``zh-TW``; Simplified (``zh-CN``, ``zh-Hans``)
    is not offered and is skipped, as is ``*``.

    >>> parse_lang("zh_TW"), parse_lang("zh-Hant-TW"), parse_lang("en-US"), parse_lang("fr")
    ('zh-TW', 'zh-TW', 'en', None)
    >>> parse_lang("zh-CN,zh-TW;q=0.8,en;q=0.9")
    'en'
    """
    if text is None or not text.strip():
        return None
    choices: list[tuple[float, int, str]] = []
    for order, part in enumerate(text.split(",")):
        tag, *parameters = (piece.strip() for piece in part.split(";"))
        weight = 1.0
        for parameter in parameters:
            if match := _QUALITY.match(parameter.replace(" ", "")):
                try:
                    weight = float(match.group(1))
                except ValueError:
                    weight = 0.0
        if weight > 0 and tag:
            choices.append((-weight, order, tag))
    for _weight, _order, tag in sorted(choices):
        if (lang := _parse_tag(tag)) is not None:
            return lang
    return None


# --- catalogs -----------------------------------------------------------------------------------


def _checked(domain: str, lang: str) -> tuple[Domain, Lang]:
    if domain not in DOMAINS:
        raise TranslationError(f"domain should be one of {', '.join(DOMAINS)}, got {domain!r}")
    if lang not in LANGUAGES:
        raise TranslationError(
            f"language should be one of {', '.join(LANGUAGES)}, got {lang!r}; "
            "to fix, read it with parse_lang() first"
        )
    return domain, lang


def catalog_path(domain: Domain, lang: Lang, suffix: Literal[".po", ".mo"] = ".po") -> Path:
    """Where the catalog of `domain` in `lang` lives (``locale/zh_TW/LC_MESSAGES/cli.po``)."""
    domain, lang = _checked(domain, lang)
    return LOCALE_DIR / _CATALOG_FOLDERS[lang] / "LC_MESSAGES" / f"{domain}{suffix}"


def _compile_in_memory(po: Path, lang: Lang, domain: Domain) -> gettext.GNUTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalog = read_po(source, locale=BABEL_LOCALES[lang], domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries left out, as pybabel compile does
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@functools.cache
def translations(domain: Domain, lang: Lang) -> gettext.NullTranslations:
    """The gettext translations of `domain` in `lang` (cached for the process).

    English is the identity (`gettext.NullTranslations`). For another language the compiled
    ``.mo`` is read; when it is missing or older than its ``.po``, the ``.po`` is compiled in
    memory with a logged warning (run ``make setup`` to compile it once).

    Raises `TranslationError` for an unknown domain or language, or when the ``.po`` is missing.

    >>> translations("cli", "en").gettext("distance")
    'distance'
    """
    domain, lang = _checked(domain, lang)
    if lang == "en":
        return gettext.NullTranslations()
    po, mo = catalog_path(domain, lang, ".po"), catalog_path(domain, lang, ".mo")
    po_time = po.stat().st_mtime if po.is_file() else None
    if mo.is_file() and (po_time is None or mo.stat().st_mtime >= po_time):
        with mo.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    if po_time is None:
        raise TranslationError(
            f"expected the {lang} catalog of domain {domain!r} at {po}, found none; "
            "to fix, restore it from git (or run `make messages` to start one)"
        )
    logger.warning(
        "%s is missing or older than %s: compiled in memory; run `make setup` to compile it",
        mo,
        po.name,
    )
    return _compile_in_memory(po, lang, domain)


@dataclass(frozen=True)
class Translator:
    """The gettext functions of one domain bound to one language.

    >>> t = Translator("cli", "en")
    >>> t("distance"), t.ngettext("{n} ring", "{n} rings", 2).format(n=2)
    ('distance', '2 rings')
    """

    domain: Domain
    lang: Lang

    def gettext(self, message: str) -> str:
        """`message` in this language (the English msgid itself when untranslated)."""
        return translations(self.domain, self.lang).gettext(message)

    __call__ = gettext

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form for `n` (Chinese has one form; English picks by `n`)."""
        return translations(self.domain, self.lang).ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """`message` as meant in `context` (``msgctxt``)."""
        return translations(self.domain, self.lang).pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        """`ngettext` within `context`."""
        return translations(self.domain, self.lang).npgettext(context, singular, plural, n)


@functools.cache
def translator(domain: Domain, lang: Lang) -> Translator:
    """The `Translator` of `domain` in `lang` (checked; cached, so cheap to call per string)."""
    domain, lang = _checked(domain, lang)
    return Translator(domain, lang)


# --- formatting ---------------------------------------------------------------------------------


def format_number(
    value: float, lang: Lang, decimals: int | None = None, *, group: bool = True
) -> str:
    """`value` with the locale's digits, decimal mark and grouping (Babel, CLDR).

    With `decimals`, exactly that many decimals, rounded as Python's ``f"{value:.3f}"``
    rounds (so the figure matches the English CLI output and the JSON); without, Babel's
    default of up to three. `group=False` leaves out thousands separators (coordinates).
    English and Taiwan both write 1,234.5.

    >>> format_number(1234.5678, "zh-TW", 2), format_number(1234.5, "en")
    ('1,234.57', '1,234.5')
    >>> format_number(2.675, "en", 2), format_number(121.5, "en", 0, group=False)
    ('2.67', '122')
    """
    locale = BABEL_LOCALES[_checked("cli", lang)[1]]
    if decimals is not None and decimals < 0:
        raise TranslationError(f"decimals should be ≥ 0 or None, got {decimals}")
    if decimals is not None and locale == "en":
        # English is Python's own format: the same text as Babel's (a test checks), without
        # importing Babel and its locale data (80 ms) in every CLI run.
        return f"{value:{',' if group else ''}.{decimals}f}"
    from babel.numbers import format_decimal

    if decimals is None:
        return format_decimal(value, locale=locale, group_separator=group)
    exact = decimal.Decimal(f"{value:.{decimals}f}")
    pattern = ("#,##0" if group else "0") + ("." + "0" * decimals if decimals else "")
    return format_decimal(exact, format=pattern, locale=locale, group_separator=group)


def format_date(value: datetime.date, lang: Lang, style: DateStyle = "long") -> str:
    """`value` as readers of `lang` write dates: 2024年5月23日 in Taiwan, May 23, 2024 in English.

    Gregorian years in both (as Taiwanese media and the Ministry's English pages write them;
    the Minguo year 民國113年 of official documents is not used). ``style="short"`` gives
    2024/5/23; ``"full"`` adds the weekday (2024年5月23日 星期四).

    >>> day = datetime.date(2024, 5, 23)
    >>> format_date(day, "zh-TW"), format_date(day, "en"), format_date(day, "zh-TW", "short")
    ('2024年5月23日', 'May 23, 2024', '2024/5/23')
    """
    from babel.dates import format_date as babel_format_date

    locale = BABEL_LOCALES[_checked("cli", lang)[1]]
    return babel_format_date(value, format=style, locale=locale)
