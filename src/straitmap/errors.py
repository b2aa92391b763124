"""The straitmap exception hierarchy: every error the library raises on purpose."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from straitmap.io import LoadReport

__all__ = [
    "AmbiguousPlaceError",
    "AssetsNotInstalledError",
    "CatalogError",
    "ColumnDetectionError",
    "CoordinateParseError",
    "DataFileError",
    "DateParseError",
    "FileUnreadableError",
    "FilterError",
    "InvalidContentError",
    "LayerValidationError",
    "MeasureInputError",
    "PointQueryError",
    "RouteError",
    "StraitmapError",
    "UnknownAssetError",
    "UnknownDatasetError",
    "UnknownLayerError",
    "UnknownPlaceError",
]


class StraitmapError(Exception):
    """Base class of every error straitmap raises on purpose; its message is for people."""


class CatalogError(StraitmapError):
    """`geodata/catalog.toml` is missing, malformed, or a layer entry breaks its schema."""


class UnknownLayerError(StraitmapError, KeyError):
    """A layer id that the catalog does not define; the message lists the valid ids.

    Also a `KeyError`, so `catalog.get(layer_id)` and `layer_id in catalog` behave as for a dict.
    """

    def __init__(self, layer_id: str, valid_ids: Iterable[str]) -> None:
        self.layer_id = layer_id
        self.valid_ids = tuple(valid_ids)
        choices = ", ".join(self.valid_ids) or "(none: the catalog is empty)"
        super().__init__(f"unknown layer {layer_id!r}: expected one of {choices}")

    def __str__(self) -> str:
        # KeyError would show the repr of the message; people should read the message itself.
        return str(self.args[0])


class DataFileError(StraitmapError):
    """A data file is unusable as a whole: nothing usable remains."""

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        super().__init__(message)
        self.path = None if path is None else Path(path)


class FileUnreadableError(DataFileError):
    """The file cannot be read at all: missing, not a regular file, or permission denied."""


class InvalidContentError(DataFileError):
    """The bytes are not usable GeoJSON or CSV: size, encoding, syntax, duplicate keys, NaN or
    Infinity outside the features, structure. The message starts with the file's name, once."""


class LayerValidationError(DataFileError):
    """A bundled layer has refused features: bundled layers must load clean.

    `report` holds the full `LoadReport` with every refused feature.
    """

    def __init__(self, message: str, *, path: Path | str | None = None, report: LoadReport) -> None:
        super().__init__(message, path=path)
        self.report = report


class UnknownAssetError(StraitmapError):
    """A map asset (CDN link) that has no local copy and is not known to be cosmetic."""


class AssetsNotInstalledError(StraitmapError):
    """Local copies of the map assets are missing (`make setup` installs them)."""


class FilterError(StraitmapError, ValueError):
    """A filter value outside its closed list or range (the message lists the valid choices)."""


class CoordinateParseError(StraitmapError, ValueError):
    """Typed coordinates that cannot be read unambiguously as `lat, lon`; says what was expected."""


class MeasureInputError(StraitmapError, ValueError):
    """A measurement asked for something undefined: a ring around a pole, a radius of zero, ..."""


class UnknownPlaceError(StraitmapError, LookupError):
    """A place name that matches no feature of any layer; `suggestions` holds close names."""

    def __init__(self, text: str, suggestions: Iterable[str] = ()) -> None:
        self.text = text
        self.suggestions = tuple(suggestions)
        close = ", ".join(map(repr, self.suggestions))
        hint = f"; did you mean {close}?" if close else ""
        super().__init__(
            f"unknown place {text!r}: expected a feature name, name_zh or id from a layer, "
            f"or coordinates as 'lat, lon'{hint}"
        )


class AmbiguousPlaceError(StraitmapError, LookupError):
    """A place name that matches several features; `candidates` lists them (layer: name [id])."""

    def __init__(self, text: str, candidates: Iterable[str], *, shown: int = 12) -> None:
        self.text = text
        self.candidates = tuple(candidates)
        listed = "\n  ".join(self.candidates[:shown])
        more = len(self.candidates) - shown
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(
            f"ambiguous place {text!r}: {len(self.candidates)} features match; "
            f"expected one, use a longer name or the id:\n  {listed}{tail}"
        )


class UnknownDatasetError(StraitmapError, LookupError):
    """A point dataset name or folder that holds no dataset; `known` lists the datasets found."""

    def __init__(self, dataset: str, folder: Path, known: Iterable[str]) -> None:
        self.dataset = dataset
        self.folder = folder
        self.known = tuple(known)
        choices = ", ".join(self.known) or "(none yet: create one with straitmap ingest)"
        super().__init__(
            f"unknown dataset {dataset!r}: expected a dataset folder holding points.parquet "
            f"or the name of one in {folder}: {choices}"
        )


class PointQueryError(StraitmapError, ValueError):
    """A query of a point dataset that cannot run as asked: bounds out of order or range, an
    unknown or non-categorical column, a value the column never holds (the message lists the
    valid choices)."""


class RouteError(StraitmapError, ValueError):
    """A sea route cannot be computed: bad coordinates, or no path on the network."""


class DateParseError(StraitmapError, ValueError):
    """Text that is not a date in an accepted format, an impossible date, or an ambiguous one.

    `text` is the input, `problem` one of ``"unrecognised"``, ``"impossible"``, ``"ambiguous"``,
    and `reason` says why in words (both readings, for an ambiguous day/month).
    """

    def __init__(self, text: str, problem: str, reason: str) -> None:
        self.text = text
        self.problem = problem
        self.reason = reason
        super().__init__(f"cannot read {text!r} as a date: {reason}")


class ColumnDetectionError(InvalidContentError):
    """A CSV whose coordinate columns are missing or could be several columns.

    `columns` lists the header; `lat_candidates`/`lon_candidates` the columns that could hold
    latitude/longitude (choose with `lat_column=`/`lon_column=`).
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        columns: Iterable[str] = (),
        lat_candidates: Iterable[str] = (),
        lon_candidates: Iterable[str] = (),
    ) -> None:
        super().__init__(message, path=path)
        self.columns = tuple(columns)
        self.lat_candidates = tuple(lat_candidates)
        self.lon_candidates = tuple(lon_candidates)
