"""The offline basemap: the TopoJSON decoder on a hand-made topology, and the shipped file."""

import json

from dateline.web.basemap import convert, unwrap

from .conftest import ROOT


def test_decodes_quantised_delta_arcs_and_reversed_arcs():
    topo = {"type": "Topology", "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
            "arcs": [[[0, 0], [2, 0], [0, 4]], [[2, 4], [-2, -4]]],
            "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "001", "properties": {"name": "Square-ish"}},
                {"type": "MultiPolygon", "arcs": [[[~1, ~0]]], "id": "002", "properties": {"name": "Reversed"}},
                {"type": None, "id": "003"}]}}}
    out = convert(topo)
    assert [c["name"] for c in out["countries"]] == ["Square-ish", "Reversed"]
    # arc 0: (10,20) (11,20) (11,21); arc 1 starts where arc 0 ends and returns to the start
    assert out["countries"][0]["rings"] == [[10, 20, 11, 20, 11, 21, 10, 20]]
    assert out["countries"][1]["rings"] == [[10, 20, 11, 21, 11, 20, 10, 20]]


def test_antimeridian_rings_are_made_continuous():
    ring = [(178.0, 65.0), (180.0, 66.0), (-179.0, 67.0), (-178.0, 66.0), (179.0, 65.0), (178.0, 65.0)]
    assert all(lon > 0 for lon, _ in unwrap(ring))
    bottom = [(-180.0, -84.7), (0.0, -80.0), (180.0, -84.7), (-180.0, -84.7)]
    assert unwrap(bottom) == bottom  # Antarctica's closing edge along the map's bottom stays


def test_shipped_basemap():
    path = ROOT / "src" / "dateline" / "web" / "static" / "world.json"
    assert path.stat().st_size < 1_000_000
    data = json.loads(path.read_text(encoding="utf-8"))
    names = {c["name"] for c in data["countries"]}
    assert {"Azerbaijan", "Armenia", "Ukraine", "Russia", "United States of America", "Brazil"} <= names
    for c in data["countries"]:
        for ring in c["rings"]:
            assert len(ring) % 2 == 0 and len(ring) >= 6
            assert all(-200 <= x <= 200 for x in ring[0::2]) and all(-90 <= y <= 90 for y in ring[1::2])
    assert (ROOT / "src" / "dateline" / "web" / "static" / "world.LICENSE.txt").exists()
