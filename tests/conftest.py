from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
FOUNDING = EXAMPLES / "trend-2021-04-08-oic-azerbaijan.txt"


def shared_path(*parts: str) -> Path:
    """A path in ../shared, skipping the test when it is absent (fresh machines have no ../shared)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} not present")
    return path


@pytest.fixture(scope="session")
def founding():
    import dateline

    return dateline.analyze(FOUNDING.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def pipeline():
    import dateline

    return dateline.get_pipeline()
