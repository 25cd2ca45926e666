"""review: self-contained HTML pages to check what was extracted.

``kh-extract review OUTDIR`` writes one page per output, with the original
text, every extracted item highlighted at its span (each highlight carries
``data-kind``, ``data-start`` and ``data-end``) and a side panel of the
values, plus ``index.html`` with a sortable table and plots of the batch.
Modules: ``sources`` (find each output's original text and check it),
``highlight`` (overlapping spans -> nested marks), ``charts`` (Plotly),
``pages`` (Jinja2 templates in ``templates/``), ``build`` (the command).
"""
from .build import ReviewReport, build_review, main

__all__ = ["ReviewReport", "build_review", "main"]
