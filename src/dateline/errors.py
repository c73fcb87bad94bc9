"""One catalogue of coded errors. Codes are stable: users grep logs and the errors table for them."""

from __future__ import annotations

CATALOGUE: dict[str, str] = {
    "E001": "empty input: the document holds no text",
    "E002": "binary input: the document is not text",
    "E003": "undecodable input: no text encoding fits",
    "E004": "input too large",
    "E005": "unsupported or unrecognised format",
    "E006": "malformed record",
    "E007": "container error (gzip/zip truncated, corrupt or over the size limit)",
    "E008": "document took longer than the per-document time limit",
    "E009": "spaCy model not installed",
    "E010": "invalid option",
    "E011": "store error",
    "E012": "no text after extraction",
    "E013": "dictionary file could not be parsed",
    "E014": "evaluation data not found or not in the expected form",
    "E015": "a stage's requirements are not met by the stages before it",
    "E016": "internal error: analysing this document failed unexpectedly (worker crash or bug)",
    "E017": "pathological text: nearly all punctuation, or punctuation runs too costly to tokenise",
}


class DatelineError(Exception):
    """The only exception type dateline raises for bad input or configuration.

    ``source`` names the file (and record) the error concerns, so a batch can report it and go on.
    """

    def __init__(self, code: str, detail: str = "", source: str | None = None):
        if code not in CATALOGUE:
            raise ValueError(f"unknown error code {code}")
        self.code = code
        self.detail = detail
        self.source = source
        super().__init__(self.message)

    def __reduce__(self):  # picklable with its fields, so worker processes can report it
        return (self.__class__, (self.code, self.detail, self.source))

    @property
    def message(self) -> str:
        text = f"[{self.code}] {CATALOGUE[self.code]}"
        if self.detail:
            text += f": {self.detail}"
        if self.source:
            text = f"{self.source}: {text}"
        return text

    def to_dict(self) -> dict:
        return {"code": self.code, "message": CATALOGUE[self.code], "detail": self.detail, "source": self.source}
