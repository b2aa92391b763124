"""The ellipsoid, a distance in every unit, and the geodesic between two points: pyproj only.

`straitmap.measure` builds everything else on these (and re-exports them); this module stays
light so a command that only measures between two points starts quickly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import pyproj

from straitmap.units import METRES_PER_KM, METRES_PER_MILE, METRES_PER_NMI

__all__ = ["GEOD", "Distance", "Leg", "LonLat", "bearing", "inverse"]

LonLat = tuple[float, float]

#: The one ellipsoid every figure is computed on (DESIGN §3); the units are `straitmap.units`.
GEOD: Final = pyproj.Geod(ellps="WGS84")


@dataclass(frozen=True, order=True)
class Distance:
    """A distance on the ellipsoid, in metres, with km, nautical and statute miles.

    >>> Distance(1852.0).nmi
    1.0
    >>> round(Distance(10_000.0).mi, 4)
    6.2137
    """

    metres: float

    @property
    def km(self) -> float:
        """Kilometres."""
        return self.metres / METRES_PER_KM

    @property
    def nmi(self) -> float:
        """International nautical miles (1,852 m)."""
        return self.metres / METRES_PER_NMI

    @property
    def mi(self) -> float:
        """Statute miles (1,609.344 m)."""
        return self.metres / METRES_PER_MILE

    def __str__(self) -> str:
        return f"{self.km:,.3f} km ({self.nmi:,.3f} nmi, {self.mi:,.3f} mi)"


@dataclass(frozen=True)
class Leg:
    """One geodesic from `start` to `end` ((lon, lat) each) with its bearings in degrees true.

    `bearing_deg` is the initial bearing at `start`; `final_bearing_deg` the direction of travel
    on arrival at `end` (not the bearing back). Both in [0, 360); 0 for coincident points.
    """

    start: LonLat
    end: LonLat
    distance: Distance
    bearing_deg: float
    final_bearing_deg: float


def bearing(azimuth: float) -> float:
    """An azimuth from pyproj ((-180, 180]) as a bearing in [0, 360)."""
    wrapped = azimuth % 360.0
    return 0.0 if wrapped >= 360.0 else wrapped


def inverse(lon1: float, lat1: float, lon2: float, lat2: float) -> Leg:
    """The geodesic between two points (lon, lat in degrees): distance and bearings.

    The final bearing is the direction of travel at the second point (pyproj's back azimuth
    turned around).

    >>> leg = inverse(121.56, 25.03, 127.77, 26.35)  # Taipei to Kadena
    >>> round(leg.distance.km, 1), round(leg.bearing_deg, 1)
    (640.2, 75.5)
    """
    az12, az21, metres = GEOD.inv(float(lon1), float(lat1), float(lon2), float(lat2))
    return Leg(
        start=(float(lon1), float(lat1)),
        end=(float(lon2), float(lat2)),
        distance=Distance(float(metres)),
        bearing_deg=bearing(float(az12)),
        final_bearing_deg=bearing(float(az21) + 180.0),
    )
