"""The Document: the one object that flows through the stages.

It holds the raw input, the Article being built (whose ``text`` is the body every offset points
into), the spaCy Doc, and the shared resources (models, gazetteers) passed in explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .model import Article

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from .resources import Resources


@dataclass
class Document:
    raw: str
    resources: "Resources"
    hints: dict[str, Any] = field(default_factory=dict)  # metadata given by the caller or a reader
    article: Article = field(default_factory=lambda: Article(id="", text=""))
    spacy: "Doc | None" = None
    done: list[str] = field(default_factory=list)  # names of the stages that have run
    scratch: dict[str, Any] = field(default_factory=dict)  # stage extras later stages may read

    @property
    def text(self) -> str:
        return self.article.text

    def provenance(self, field_name: str, source: str) -> None:
        """Record which source supplied a metadata field."""
        self.article.article.provenance[field_name] = source
