"""Resources: each thing loads once per process, and a loader may load what it builds on."""

from __future__ import annotations

import threading

from dateline.resources import Resources


def test_a_loader_may_load_another_resource():
    # A non-reentrant lock made this hang forever (the quotes lexicon's loader reads the spaCy model).
    res = Resources()
    calls: list[str] = []

    def inner(r: Resources) -> str:
        calls.append("inner")
        return "base"

    def outer(r: Resources) -> str:
        calls.append("outer")
        return r.cached("inner", inner) + "+top"

    result: list[str] = []
    worker = threading.Thread(target=lambda: result.append(res.cached("outer", outer)), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert result == ["base+top"]
    assert res.cached("outer", outer) == "base+top"
    assert calls == ["outer", "inner"]


def test_concurrent_first_use_loads_once():
    res = Resources()
    calls: list[int] = []
    gate = threading.Barrier(4)

    def loader(r: Resources) -> object:
        calls.append(1)
        return object()

    seen: list[object] = []

    def use() -> None:
        gate.wait()
        seen.append(res.cached("thing", loader))

    threads = [threading.Thread(target=use) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert len(calls) == 1
    assert len(seen) == 4 and all(s is seen[0] for s in seen)
