"""Options of one extraction, shared by the CLI, the batch runner and the API.

One frozen value travels from the command line (or a keyword argument of the
Python API) to the stages that read it, so no stage looks at global state.
A wrong value raises ``ValueError`` naming the allowed ones.

>>> Options(ocr="always").ocr
'always'
>>> Options(ocr="sometimes")
Traceback (most recent call last):
...
ValueError: ocr='sometimes': allowed values are 'auto', 'always', 'never'
"""
from __future__ import annotations

from dataclasses import dataclass

OCR_MODES = ("auto", "always", "never")


@dataclass(frozen=True)
class Options:
    # When to OCR a PDF page: ``auto`` (only pages whose text layer is empty or
    # not plausible Vietnamese), ``always``, or ``never`` (text layer only).
    ocr: str = "auto"
    # Seconds one page may take in OCR before it is given up with a warning.
    page_timeout: float = 120.0
    # Pages OCR'd in parallel within one document.
    ocr_jobs: int = 1
    # Resolution pages are rendered at for OCR (measured in bench/ocr.py).
    ocr_dpi: int = 300

    def __post_init__(self) -> None:
        if self.ocr not in OCR_MODES:
            allowed = ", ".join(repr(m) for m in OCR_MODES)
            raise ValueError(f"ocr={self.ocr!r}: allowed values are {allowed}")
        if self.page_timeout <= 0:
            raise ValueError(f"page_timeout={self.page_timeout!r}: must be a positive number of seconds")
        if self.ocr_jobs < 1:
            raise ValueError(f"ocr_jobs={self.ocr_jobs!r}: must be at least 1")
        if not 72 <= self.ocr_dpi <= 600:
            raise ValueError(f"ocr_dpi={self.ocr_dpi!r}: must be between 72 and 600")


DEFAULT_OPTIONS = Options()
