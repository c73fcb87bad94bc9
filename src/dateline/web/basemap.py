"""Build the offline world basemap (``static/world.json``) from a world-atlas TopoJSON file.

The shipped file was made from the npm package ``world-atlas`` 2.0.2 (ISC licence), whose
``countries-110m.json`` is Natural Earth's 1:110m Admin 0 countries (public domain):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m dateline.web.basemap package/countries-110m.json src/dateline/web/static/world.json

Output: ``{"countries": [{"id", "name", "rings": [[lon, lat, lon, lat, ...], ...]}]}`` with flat
coordinate lists rounded to 0.01° (about 1 km, far below the 110m data's own precision), which
the map script projects itself. No tiles, no network.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

PRECISION = 2  # decimals kept: 0.01° is finer than the 1:110m source


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute (lon, lat) points of every arc, undoing TopoJSON's quantisation and delta coding."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    """Join arcs into one ring; a negative index ``~i`` is arc ``i`` reversed."""
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)  # consecutive arcs share their end point
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Make a ring that jumps across the antimeridian continuous (Chukotka, Fiji), so a flat
    projection does not draw a stripe across the world: the minority side is shifted by 360°.
    A closing edge running along the ±180° meridian pair at one latitude (Antarctica) is kept."""
    jumps = [(a, b) for a, b in zip(points, points[1:]) if abs(b[0] - a[0]) > 180]
    if not jumps or all(abs(a[0]) == 180 and abs(b[0]) == 180 and a[1] == b[1] for a, b in jumps):
        return points
    east = sum(1 for lon, _ in points if lon > 0) >= len(points) / 2
    return [(lon + 360 if east and lon < 0 else lon - 360 if not east and lon > 0 else lon, lat)
            for lon, lat in points]


def convert(topology: dict[str, Any], layer: str = "countries") -> dict[str, Any]:
    """The compact basemap of one TopoJSON layer."""
    arcs = decode_arcs(topology)
    countries = []
    for geom in topology["objects"][layer]["geometries"]:
        kind = geom.get("type")
        polygons = [geom["arcs"]] if kind == "Polygon" else geom["arcs"] if kind == "MultiPolygon" else []
        rings = []
        for polygon in polygons:
            for indexes in polygon:
                flat = []
                for lon, lat in unwrap(ring(arcs, indexes)):
                    flat.extend((round(lon, PRECISION), round(lat, PRECISION)))
                if len(flat) >= 6:
                    rings.append(flat)
        if rings:
            countries.append({"id": geom.get("id"), "name": (geom.get("properties") or {}).get("name"),
                              "rings": rings})
    return {"source": "Natural Earth 1:110m Admin 0 (public domain) via world-atlas 2.0.2 (ISC)",
            "countries": countries}


def main(argv: list[str]) -> None:
    src, dst = Path(argv[0]), Path(argv[1])
    data = convert(json.loads(src.read_text(encoding="utf-8")))
    dst.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    print(f"{len(data['countries'])} countries, {dst.stat().st_size:,} bytes")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
