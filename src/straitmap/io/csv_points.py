"""CSV points: delimiter, header, coordinate columns found by name, one point per data row."""

from __future__ import annotations

import csv
import io
import logging
import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import shapely

from straitmap.catalog import LayerSpec
from straitmap.dates import read_date
from straitmap.errors import ColumnDetectionError, DateParseError, InvalidContentError
from straitmap.io.frame import build_frame, outside_region
from straitmap.io.geometry import PROJECTED_MAGNITUDE
from straitmap.io.report import Issue, LoadReport, LoadResult, Outcome, Refuse, format_number
from straitmap.io.schema import BOOL_TEXT, SeenIds, check_id, check_schema, reading_detail
from straitmap.io.strict_json import UTF8_BOM, decode, describe

logger = logging.getLogger(__name__)

#: File names read as CSV (case-insensitive) when the format is "auto".
CSV_SUFFIXES: Final = frozenset({".csv", ".tsv"})


#: Column names read as latitude/longitude (compared case-insensitively, units stripped).
LATITUDE_NAMES: Final = ("lat", "latitude", "緯度", "纬度", "y")


LONGITUDE_NAMES: Final = ("lon", "lng", "long", "longitude", "經度", "经度", "x")


_CSV_DELIMITERS: Final = (",", "\t", ";")


_DELIMITER_NAMES: Final = {",": "comma", "\t": "tab", ";": "semicolon"}


# Only the head of the file is sniffed: csv.Sniffer's regular expressions are slow on long text.
_SNIFF_CHARS: Final = 8192


_NUMBER: Final = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


_INTEGER: Final = re.compile(r"[+-]?\d{1,30}")


_DECIMAL_COMMA: Final = re.compile(r"[+-]?\d+,\d+")


_NON_FINITE: Final = frozenset({"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity",
                                "+infinity", "-infinity"})  # fmt: skip


_BRACKETED: Final = re.compile(r"[(\[（【{].*?[)\]）】}]")


_NAME_SEPARATORS: Final = re.compile(r"[\s_\-.:/°]+")


# Words after a coordinate column's name that only give its unit or hemisphere.
_UNIT_WORDS: Final = frozenset({"deg", "degs", "degree", "degrees", "dd", "dec", "decimal",
                                "wgs84", "度", "n", "e"})  # fmt: skip


@dataclass(frozen=True)
class _CsvRow:
    number: int  # data rows counted from 1; the header is not a data row
    line: int  # the line of the file where the row ends (quoted cells may span lines)
    cells: list[str]


def load_csv(
    data: bytes,
    source: Path,
    spec: LayerSpec | None,
    max_features: int,
    *,
    lat_column: str | None,
    lon_column: str | None,
) -> LoadResult:
    """Read CSV bytes as one point per data row (see `straitmap.io.load_bytes`)."""
    notices: list[Issue] = []
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
        notices.append(
            Issue("file", None, "UTF-8 text", "a UTF-8 byte-order mark", "noted",
                  "ignored it (spreadsheet programs write one)")
        )  # fmt: skip
    text, _ = decode(data, source)
    delimiter = _csv_delimiter(text, source)
    if delimiter != ",":
        name = _DELIMITER_NAMES[delimiter]
        notices.append(
            Issue("file", None, "comma-separated values", f"{name}-separated values", "noted",
                  f"read with the {name} as the delimiter")
        )  # fmt: skip
    header, rows, unnamed = _csv_records(text, source, delimiter, max_features)
    lat_name, lon_name = _coordinate_columns(header, rows, source, lat_column, lon_column)
    notices.append(
        Issue("file", None, "a latitude and a longitude column",
              f"{lat_name!r} and {lon_name!r}", "noted",
              "each row is a point at (latitude, longitude) from these columns")
    )  # fmt: skip
    lat_index, lon_index = header.index(lat_name), header.index(lon_name)
    kept = [
        (position, name)
        for position, name in enumerate(header)
        if position not in (lat_index, lon_index) and position not in unnamed
    ]

    repaired: list[Issue] = []
    refused: list[Issue] = []
    skipped: list[Issue] = []
    properties_rows: list[Mapping[str, Any]] = []
    geometries: list[shapely.Geometry] = []
    origins: list[tuple[int, str]] = []
    seen_ids: SeenIds = {}
    for row in rows:
        outcome = _check_csv_row(row, header, kept, (lat_index, lon_index), spec, seen_ids)
        repaired.extend(outcome.repaired)
        if outcome.refused:
            refused.extend(outcome.refused)
        elif outcome.skipped is not None:
            skipped.append(outcome.skipped)
        elif outcome.geometry is not None:
            properties_rows.append(outcome.properties)
            geometries.append(outcome.geometry)
            origins.append((row.number - 1, outcome.location))

    wholly, partly = outside_region(geometries)
    report = LoadReport(
        path=source,
        layer=None if spec is None else spec.id,
        accepted=len(properties_rows),
        repaired=tuple(repaired),
        refused=tuple(refused),
        skipped=tuple(skipped),
        notices=tuple(notices),
        total=len(rows),
        source_format="csv",
        outside_region=wholly,
        partly_outside_region=partly,
    )
    logger.debug("%s", report.summary())
    return LoadResult(
        frame=build_frame(properties_rows, geometries),
        report=report,
        origins=tuple(origins),
        coordinate_columns=(lat_name, lon_name),
    )


def _csv_delimiter(text: str, source: Path) -> str:
    """Comma, tab or semicolon: `.tsv` is tab; else csv.Sniffer, checked against the header."""
    if source.suffix.lower() == ".tsv":
        return "\t"
    first_line = text.split("\n", 1)[0]
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters="".join(_CSV_DELIMITERS)).delimiter
    except csv.Error:
        delimiter = ""
    if delimiter not in _CSV_DELIMITERS or delimiter not in first_line:
        counts = {candidate: first_line.count(candidate) for candidate in _CSV_DELIMITERS}
        delimiter = max(_CSV_DELIMITERS, key=counts.__getitem__)
        if not counts[delimiter]:
            delimiter = ","
    return delimiter


def _csv_records(
    text: str, source: Path, delimiter: str, max_features: int
) -> tuple[list[str], list[_CsvRow], frozenset[int]]:
    """The header (names stripped), the data rows, and the positions of unnamed empty columns."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[_CsvRow] = []
    try:
        for record in reader:
            if header is None:
                header = [cell.strip() for cell in record]
                continue
            if len(rows) >= max_features:
                raise InvalidContentError(
                    f"{source}: more than {max_features:,} data rows, the limit "
                    f"(MAX_FEATURES); split the file",
                    path=source,
                )
            rows.append(_CsvRow(len(rows) + 1, reader.line_num, record))
    except csv.Error as error:
        raise InvalidContentError(
            f"{source}: not valid CSV at line {reader.line_num}: {error}", path=source
        ) from None
    if header is None or not any(header):
        raise InvalidContentError(
            f"{source}: expected a header row naming the columns (such as name,lat,lon) on "
            f"line 1, found {'nothing' if header is None else 'an empty line'}",
            path=source,
        )
    duplicates = sorted({name for name in header if name and header.count(name) > 1})
    if duplicates:
        raise InvalidContentError(
            f"{source}: expected unique column names in the header, found "
            f"{duplicates[0]!r} more than once",
            path=source,
        )
    if "geometry" in header:
        raise InvalidContentError(
            f"{source}: expected no column named 'geometry' (the name of the frame's geometry "
            "column), found one; rename it",
            path=source,
        )
    unnamed = frozenset(position for position, name in enumerate(header) if not name)
    for position in sorted(unnamed):
        holder = next(
            (row for row in rows if position < len(row.cells) and row.cells[position].strip()),
            None,
        )
        if holder is not None:
            raise InvalidContentError(
                f"{source}: expected a name in the header for every column that holds data, "
                f"found column {position + 1} unnamed but not empty in row {holder.number} "
                f"(line {holder.line}); name it in the header",
                path=source,
            )
    if not any(cell.strip() for row in rows for cell in row.cells):
        under = "nothing" if not rows else "only empty lines"
        raise InvalidContentError(
            f"{source}: no rows: the file has a header line and {under} under it; expected at "
            "least one data row (one point per row)",
            path=source,
        )
    return header, rows, unnamed


def _column_key(name: str) -> str:
    """A column name without units: 'Lat (°N)', 'lat_deg', '緯度(度)' → 'lat', 'lat', '緯度'."""
    text = _BRACKETED.sub(" ", unicodedata.normalize("NFKC", name).casefold())
    words = [word for word in _NAME_SEPARATORS.split(text) if word]
    while len(words) > 1 and words[-1] in _UNIT_WORDS:
        words.pop()
    return " ".join(words)


def _loosely_named(key: str, names: Sequence[str]) -> bool:
    """A column that may hold the coordinate although its name is not one of `names`."""
    words = key.split()
    stems = {name[:3] for name in names if name.isascii() and len(name) > 1}
    return any(word[:3] in stems for word in words) or any(
        name in key for name in names if not name.isascii()
    )


def _coordinate_columns(
    header: list[str],
    rows: Sequence[_CsvRow],
    source: Path,
    lat_column: str | None,
    lon_column: str | None,
) -> tuple[str, str]:
    """The (latitude, longitude) column names: as given, or found by name; never a guess."""
    named = [name for name in header if name]
    keys = {name: _column_key(name) for name in named}
    problems: list[str] = []
    chosen: dict[str, str] = {}
    candidates: dict[str, list[str]] = {}
    for axis, given, names in (
        ("latitude", lat_column, LATITUDE_NAMES),
        ("longitude", lon_column, LONGITUDE_NAMES),
    ):
        argument = "lat_column" if axis == "latitude" else "lon_column"
        exact = [name for name in named if keys[name] in names]
        loose = [name for name in named if name not in exact and _loosely_named(keys[name], names)]
        candidates[axis] = exact or loose
        if given is not None:
            if given not in named:
                problems.append(
                    f"{argument}={given!r}: expected one of the columns "
                    f"{', '.join(map(repr, named))}, found no column of that name"
                )
            else:
                chosen[axis] = given
        elif len(exact) == 1:
            chosen[axis] = exact[0]
        elif exact:
            problems.append(
                f"cannot tell which column holds the {axis}: {', '.join(map(repr, exact))} "
                f"{'could both' if len(exact) == 2 else 'could each'} be; choose one with "
                f"{argument}= (in the app, pick it from the list) or rename the others"
            )
        else:
            hint = f"; columns that might hold it: {', '.join(map(repr, loose))}" if loose else ""
            problems.append(
                f"expected a {axis} column named {', '.join(names)} (any case; units such as "
                f"'_deg' or '(°)' allowed), found none{hint}; name it with {argument}="
            )
    if not problems and chosen["latitude"] == chosen["longitude"]:
        problems.append(
            f"expected two different columns for latitude and longitude, found "
            f"{chosen['latitude']!r} for both"
        )
    if problems:
        numbers = [cell for cell in header if _NUMBER.fullmatch(cell)]
        if len(numbers) >= 2 and lat_column is None and lon_column is None:
            problems = [
                f"expected a header row naming the columns, found numbers in the first row "
                f"({', '.join(map(repr, numbers[:2]))}); add a header such as lat,lon"
            ]
        raise ColumnDetectionError(
            f"{source}: {'; '.join(problems)} (columns: {', '.join(map(repr, named))})",
            path=source,
            columns=named,
            lat_candidates=candidates["latitude"],
            lon_candidates=candidates["longitude"],
        )
    return chosen["latitude"], chosen["longitude"]


def _check_csv_row(
    row: _CsvRow,
    header: Sequence[str],
    kept: Sequence[tuple[int, str]],
    coordinate_positions: tuple[int, int],
    spec: LayerSpec | None,
    seen_ids: SeenIds,
) -> Outcome:
    """One data row: its point and properties, or why it was refused or skipped."""
    index = row.number - 1
    location = f"row {row.number} (line {row.line})"
    outcome = Outcome(properties={}, location=location, index=index)
    issue, refuse = outcome.issue, outcome.refuse

    if not any(cell.strip() for cell in row.cells):
        outcome.skipped = issue(None, "a row of values", "an empty row", "skipped", "left out")
        return outcome
    if len(row.cells) != len(header):
        return refuse(None, f"{len(header)} cells (as in the header)", f"{len(row.cells)}")
    lat_position, lon_position = coordinate_positions
    lat_name, lon_name = header[lat_position], header[lon_position]
    lat_raw, lon_raw = row.cells[lat_position].strip(), row.cells[lon_position].strip()
    if not lat_raw and not lon_raw:
        outcome.skipped = issue(
            None, "a latitude and a longitude", "both cells empty", "skipped",
            "no position: left out of the map",
        )  # fmt: skip
        return outcome
    lat = _csv_coordinate(lat_raw, lat_name, "latitude", refuse)
    lon = _csv_coordinate(lon_raw, lon_name, "longitude", refuse)
    if lat is not None and lon is not None:
        _check_csv_position(lat, lon, lat_name, lon_name, refuse)

    cells = [(name, row.cells[position]) for position, name in kept]
    properties, dates_refused = typed_cells(cells, spec, issue, refuse, outcome)
    outcome.properties = properties
    if outcome.refused or spec is None:
        if not outcome.refused:
            outcome.geometry = shapely.Point(lon, lat)
        return outcome
    geometry = shapely.Point(lon, lat)
    check_id(properties, index, location, seen_ids, refuse)
    check_schema(geometry, properties, spec, refuse, dates_refused)
    if not outcome.refused:
        outcome.geometry = geometry
    return outcome


def typed_cells(
    cells: Sequence[tuple[str, str]],
    spec: LayerSpec | None,
    issue: Callable[..., Issue],
    refuse: Refuse,
    outcome: Outcome,
) -> tuple[dict[str, Any], frozenset[str]]:
    """CSV cells (name, text) as the layer's field types (text without a layer), and the
    fields already refused here (the schema check must not refuse them again)."""
    properties: dict[str, Any] = {}
    dates_refused: set[str] = set()
    for name, raw in cells:
        type_name = "str" if spec is None else spec.fields.get(name, "str")
        if type_name == "date" and raw.strip():
            properties[name] = _csv_date(raw, name, issue, outcome)
            if properties[name] is None:
                dates_refused.add(name)
            continue
        value, problem = _csv_value(raw, type_name)
        if problem is not None:
            detail = _number_hint(raw.strip()) if type_name in ("int", "float") else ""
            refuse(name, problem, describe(raw), detail)
            dates_refused.add(name)
        properties[name] = value
    return properties, frozenset(dates_refused)


def _csv_value(raw: str, type_name: str) -> tuple[Any, str | None]:
    """A CSV cell as its field type (None when empty), or the expectation it breaks.

    Text is kept exactly; other types are read from the stripped cell: integers of digits,
    numbers without NaN/Infinity or underscores, ``true``/``false`` in any case.
    """
    if type_name == "str":
        return (raw if raw else None), None
    cell = raw.strip()
    if not cell:
        return None, None
    if type_name == "int":
        return (int(cell), None) if _INTEGER.fullmatch(cell) else (None, "an integer")
    if type_name == "float":
        number = float(cell) if _NUMBER.fullmatch(cell) else math.nan
        return (number, None) if math.isfinite(number) else (None, "a finite number")
    if type_name == "bool":
        flag = BOOL_TEXT.get(cell.lower())
        return (flag, None) if flag is not None else (None, "true or false")
    raise AssertionError(f"unexpected field type {type_name!r}")  # dates: _csv_date


def _csv_date(raw: str, name: str, issue: Callable[..., Issue], outcome: Outcome) -> str | None:
    """A date cell as ISO text (a repair when it was written otherwise), or None when refused."""
    try:
        reading = read_date(raw)
    except DateParseError as error:
        outcome.refused.append(issue(name, "a date", describe(raw), "refused", error.reason))
        return None
    if not reading.is_iso:
        outcome.repaired.append(
            issue(name, "an ISO date (YYYY-MM-DD)", describe(raw), "repaired",
                  reading_detail(reading))
        )  # fmt: skip
    return reading.iso


def _csv_coordinate(raw: str, column: str, axis: str, refuse: Refuse) -> float | None:
    example = "25.03" if axis == "latitude" else "121.56"
    expected = f"a {axis} in decimal degrees (a number such as {example})"
    if not raw:
        refuse(column, expected, "an empty cell")
        return None
    if not _NUMBER.fullmatch(raw):
        refuse(column, expected, describe(raw), _number_hint(raw))
        return None
    value = float(raw)
    if not math.isfinite(value):
        refuse(column, expected, describe(raw), "too large to be a number of degrees")
        return None
    return value


def _number_hint(raw: str) -> str:
    if raw.lower() in _NON_FINITE:
        return "not a finite number; leave the cell empty for a missing value"
    if _DECIMAL_COMMA.fullmatch(raw):
        return f"a decimal comma? write {raw.replace(',', '.')}"
    if re.search(r"[NSEWnsew°'\"]", raw) and re.search(r"\d", raw):
        return "write decimal degrees, negative for south and west (25°01'N is 25.0167)"
    return ""


def _check_csv_position(
    lat: float, lon: float, lat_name: str, lon_name: str, refuse: Refuse
) -> None:
    """Refuse a latitude beyond ±90 or a longitude beyond ±180, saying when it looks swapped or
    projected; the values are never swapped or converted."""
    if abs(lat) <= 90 and abs(lon) <= 180:
        return
    shown = f"latitude {format_number(lat)}, longitude {format_number(lon)}"
    field = lat_name if abs(lat) > 90 else lon_name
    if max(abs(lat), abs(lon)) > PROJECTED_MAGNITUDE:
        refuse(
            field,
            "WGS84 degrees: latitude within ±90, longitude within ±180",
            shown,
            "these look like projected coordinates (metres or feet), not degrees; convert "
            "them to WGS84 latitude/longitude",
        )
    elif abs(lat) > 90 and abs(lon) <= 90:
        refuse(
            lat_name,
            "a latitude within ±90",
            shown,
            f"this looks swapped: {format_number(lat)} in column {lat_name!r} is not a "
            f"latitude, but the other way round the position would be valid; check which "
            f"column holds which (or name them with lat_column=/lon_column=); it was not swapped",
        )
    else:
        refuse(field, "latitude within ±90 and longitude within ±180", shown)
