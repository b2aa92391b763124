"""Vessel kinds and the speeds a transit time assumes for them (no heavy imports: the CLI's
parser reads them to build its `--vessel` choices)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from straitmap.i18n import N_

__all__ = ["DEFAULT_VESSEL", "VESSELS", "Vessel"]


@dataclass(frozen=True)
class Vessel:
    """A kind of ship and the speed assumed for its transit time, with where it comes from."""

    key: str
    label: str
    speed_kn: float
    basis: str


#: Default speeds by vessel kind: what a transit time assumes unless a speed is given.
VESSELS: Final[dict[str, Vessel]] = {
    vessel.key: vessel
    for vessel in (
        Vessel(
            "container",
            N_("container ship"),
            16.0,
            N_(
                "Third IMO GHG Study 2014: container ships of 3,000-14,500 TEU averaged "
                "16.0-16.3 kn at sea in 2012 (slow steaming)"
            ),
        ),
        Vessel(
            "bulk",
            N_("bulk carrier"),
            13.0,
            N_(
                "an assumption: a round figure for a slow-steaming bulk carrier (the Third IMO "
                "GHG Study 2014 found ships of all kinds at 0.75 of design speed in 2012); give "
                "the ship's own speed when you know it"
            ),
        ),
        Vessel(
            "tanker",
            N_("tanker"),
            13.0,
            N_(
                "an assumption: a round figure for a slow-steaming tanker, as for bulk "
                "carriers; give the ship's own speed when you know it"
            ),
        ),
    )
}
DEFAULT_VESSEL: Final = "container"
