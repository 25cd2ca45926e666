"""The batch index's plots, built as Plotly figures and drawn in the page.

Each chart is a Plotly figure (data and layout as JSON), embedded in the index
page beside the Plotly library itself (``plotly_js``, inlined once), and drawn
by ``Plotly.newPlot`` when the page has loaded: the page draws its plots from
disk with no network. A chart without data says so instead of drawing an
empty frame.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from ..export.outdir import Entry
from ..export.tables import document_budget
from .formatting import clip

TOP_ISSUERS = 15
# Keys a page of ``quality.pages`` may carry its mean OCR confidence under.
CONFIDENCE_KEYS = ("confidence", "mean_confidence")


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    figure: dict | None     # the Plotly figure as JSON data, or None when there is nothing to draw
    note: str = ""
    height: int = 320


def plotly_js() -> str:
    """The Plotly library's source, to inline once in a page."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _figure(traces: list, x_title: str, y_title: str, height: int = 320) -> dict:
    import plotly.graph_objects as go

    fig = go.Figure(traces)
    fig.update_layout(height=height, margin=dict(l=60, r=20, t=10, b=50), showlegend=False,
                      template="plotly_white")
    fig.update_xaxes(title_text=x_title, automargin=True)
    fig.update_yaxes(title_text=y_title, automargin=True)
    return json.loads(fig.to_json())


def year_of(result: dict) -> int | None:
    """The year the document was issued.

    >>> year_of({"document": {"issued_date": "2010-12-15"}})
    2010
    >>> year_of({"document": {"issued_date": None}}) is None
    True
    """
    date = (result.get("document") or {}).get("issued_date")
    return int(date[:4]) if isinstance(date, str) and date[:4].isdigit() else None


def ocr_confidences(result: dict) -> list[float]:
    """Mean OCR confidence of each OCR'd page (``quality.pages``), when the output has them.

    >>> ocr_confidences({"quality": {"pages": [{"method": "ocr", "mean_confidence": 91.5},
    ...                                         {"method": "text", "chars": 900}]}})
    [91.5]
    """
    values = []
    for page in (result.get("quality") or {}).get("pages") or []:
        if not isinstance(page, dict):
            continue
        value = next((page[k] for k in CONFIDENCE_KEYS if isinstance(page.get(k), (int, float))), None)
        if value is not None:
            values.append(float(value))
    return values


def documents_per_year(results: list[dict]) -> Chart:
    import plotly.graph_objects as go

    years = Counter(y for y in map(year_of, results) if y is not None)
    title = "Documents per year of issue"
    if not years:
        return Chart("chart-years", title, None, "No document has an issue date.")
    xs = sorted(years)
    undated = len(results) - sum(years.values())
    return Chart("chart-years", title,
                 _figure([go.Bar(x=[str(x) for x in xs], y=[years[x] for x in xs])],
                              "year", "documents"),
                 f"{undated} without an issue date." if undated else "")


def documents_per_issuer(results: list[dict]) -> Chart:
    import plotly.graph_objects as go

    issuers = Counter((r.get("document") or {}).get("issuer") for r in results)
    issuers.pop(None, None)
    title = "Documents per issuer"
    if not issuers:
        return Chart("chart-issuers", title, None, "No issuer was found.")
    top = issuers.most_common(TOP_ISSUERS)[::-1]        # largest at the top of a horizontal bar chart
    note = f"The {TOP_ISSUERS} most frequent of {len(issuers)} issuers." if len(issuers) > TOP_ISSUERS else ""
    height = max(240, 28 * len(top) + 80)
    return Chart("chart-issuers", title,
                 _figure([go.Bar(y=[clip(n, 48) for n, _ in top], x=[c for _, c in top], orientation="h")],
                         "documents", "", height=height),
                 note, height)


def budget_per_year(results: list[dict]) -> Chart:
    import plotly.graph_objects as go

    title = "Total budget per year of issue (billion đồng)"
    totals: Counter = Counter()
    for result in results:
        year, amount = year_of(result), document_budget(result)
        if year is not None and amount is not None:
            totals[year] += amount
    if not totals:
        return Chart("chart-budget", title, None, "No dated document states a budget.")
    xs = sorted(totals)
    return Chart("chart-budget", title,
                 _figure([go.Bar(x=[str(x) for x in xs], y=[totals[x] / 1e9 for x in xs])],
                              "year", "billion đồng"),
                 "A document's budget is its largest stated total, else the sum of its items.")


def target_values(results: list[dict]) -> Chart:
    import plotly.graph_objects as go

    title = "Distribution of target values (%)"
    targets = [t for r in results for t in r.get("targets") or []]
    percents = [t["value"] for t in targets if t.get("unit") == "%" and isinstance(t.get("value"), (int, float))]
    if not percents:
        return Chart("chart-targets", title, None, "No target is stated in per cent.")
    others = len(targets) - len(percents)
    return Chart("chart-targets", title,
                 _figure([go.Histogram(x=percents, xbins=dict(start=0, end=105, size=5))],
                              "target value (%)", "targets"),
                 f"{len(percents)} targets in per cent; {others} counted in other units are not shown." if others else "")


def ocr_confidence(results: list[dict]) -> Chart:
    import plotly.graph_objects as go

    title = "OCR confidence of scanned pages"
    values = [v for r in results for v in ocr_confidences(r)]
    if not values:
        return Chart("chart-ocr", title, None, "No page of this batch was OCR'd.")
    return Chart("chart-ocr", title,
                 _figure([go.Histogram(x=values, nbinsx=20)], "mean confidence of a page", "pages"),
                 f"{len(values)} OCR'd pages.")


def batch_charts(entries: list[Entry]) -> list[Chart]:
    results = [e.result for e in entries if e.result is not None]
    return [documents_per_year(results), documents_per_issuer(results), budget_per_year(results),
            target_values(results), ocr_confidence(results)]
