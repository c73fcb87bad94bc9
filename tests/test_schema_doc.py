"""A field missing from docs/schema.md fails the build (the contract is documented or it is not one)."""

import dataclasses
import re

from dateline import model
from dateline.errors import CATALOGUE

from .conftest import ROOT

DOC = (ROOT / "docs" / "schema.md").read_text()


def documented(name: str) -> bool:
    return re.search(rf"`{re.escape(name)}`", DOC) is not None or re.search(rf"\b{re.escape(name)}\b", DOC) is not None


def test_every_model_field_is_documented():
    missing = []
    for cls in (model.Article, model.Metadata, model.Dateline, model.Entity, model.Actor, model.Place,
                model.TimeExpression, model.Quote, model.Event, model.EventDate, model.EventFlags, model.Mention):
        for f in dataclasses.fields(cls):
            if not documented(f.name):
                missing.append(f"{cls.__name__}.{f.name}")
    assert not missing, f"undocumented fields: {missing}"


def test_every_error_code_is_documented():
    assert all(code in DOC for code in CATALOGUE)
