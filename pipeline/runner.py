"""The ordered list of stages a document passes through, and the runner.

Each stage is a function ``stage(doc) -> None`` that reads what earlier stages
put on the Document and adds its own part. The runner names the stage that
broke, so a batch can report which part of the pipeline failed on which file.
"""
from __future__ import annotations

import time
from typing import Callable

from .document import Document
from .extract import budget, citations, metadata, sections, targets
from .ingest.confidence import flag_low_confidence
from .normalize import normalize
from .quality import assess
from .segment import segment

Stage = Callable[[Document], None]

# Order matters: sections before citations/budget/targets (they read section
# labels and kinds); metadata before targets (the plan's period is the
# fallback deadline).
STAGES: list[tuple[str, Stage]] = [
    ("normalize", normalize),
    ("segment", segment),
    ("metadata", metadata.extract),
    ("sections", sections.extract),
    ("citations", citations.extract),
    ("budget", budget.extract),
    ("targets", targets.extract),
    ("ocr_confidence", flag_low_confidence),   # OCR'd input: items on low-confidence words
    ("quality", assess),
]


class StageError(RuntimeError):
    """A stage raised: carries the stage name for the batch report."""

    def __init__(self, stage: str, cause: BaseException):
        super().__init__(f"stage '{stage}' failed: {type(cause).__name__}: {cause}")
        self.stage = stage
        self.cause = cause


def run_stages(doc: Document, stages: list[tuple[str, Stage]] | None = None,
               timings: dict[str, float] | None = None) -> Document:
    """Run the stages in order; add each stage's seconds to ``timings`` when given."""
    for name, stage in stages or STAGES:
        started = time.perf_counter()
        try:
            stage(doc)
        except Exception as exc:  # noqa: BLE001 - re-raised with the stage named
            raise StageError(name, exc) from exc
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
    return doc
