"""The one region constant (100–150°E, 0–46°N) and the test for a position inside it."""

from __future__ import annotations

__all__ = ["REGION_BOUNDS", "in_region"]

#: (min lon, min lat, max lon, max lat) in degrees, WGS84: Japan, Korea, Taiwan, the Chinese
#: coast, Luzon, Guam and Singapore. Every bundled point lies inside it.
REGION_BOUNDS: tuple[float, float, float, float] = (100.0, 0.0, 150.0, 46.0)


def in_region(lon: float, lat: float) -> bool:
    """Return True when (lon, lat) lies inside `REGION_BOUNDS`, edges included.

    >>> in_region(121.56, 25.03)  # Taipei
    True
    >>> in_region(25.03, 121.56)  # the same place with lat/lon swapped
    False
    """
    min_lon, min_lat, max_lon, max_lat = REGION_BOUNDS
    return min_lon <= lon <= max_lon and min_lat <= lat <= max_lat
