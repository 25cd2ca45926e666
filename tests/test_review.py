"""Review pages (pipeline/review): highlights at the right offsets, sources checked, escaping, index.

The browser checks (clicks, console, screenshots) are in test_browser.py;
here the pages are read with Python's HTML parser.
"""
from __future__ import annotations

import ctypes
import io
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import extract
from pipeline.ingest import document_from_bytes
from pipeline.emit import write_json
from pipeline.export.items import KINDS, Item
from pipeline.review import build_review
from pipeline.review.highlight import Mark, PageAnchor, nest, outline

from .review_outputs import CORPUS, ROOT, items_with_spans, write_outputs


# -- the nesting of overlapping spans ----------------------------------------------

def item(kind: str, index: int, start: int, end: int) -> Item:
    return Item(kind, index, {}, {"start": start, "end": end})


NESTING = [
    pytest.param("abcdef", [item("section", 0, 0, 6), item("target", 0, 2, 4)],
                 "<section-0>|ab|<target-0>|cd|</>|ef|</>", id="inside"),
    pytest.param("abcdef", [item("target", 0, 0, 4), item("warning", 0, 2, 6)],
                 "<target-0>|ab|<warning-0>|cd|</>|</>|<~warning-0>|ef|</>", id="crossing"),
    pytest.param("abcdef", [item("citation", 0, 1, 5), item("legal_basis", 0, 1, 5)],
                 "a|<legal_basis-0>|<citation-0>|bcde|</>|</>|f", id="same-span-legal-basis-outside"),
    pytest.param("abcdef", [item("target", 0, 0, 3), item("target", 1, 3, 6)],
                 "<target-0>|abc|</>|<target-1>|def|</>", id="adjacent"),
    pytest.param("abcdef", [item("warning", 0, 3, 3), item("section", 0, 0, 6)],
                 "<section-0>|abc|<warning-0>|</>|def|</>", id="zero-width"),
]


@pytest.mark.parametrize("text, items, expected", NESTING)
def test_nesting(text, items, expected):
    assert outline(nest(text, items)) == expected


def pieces(nodes) -> tuple[str, dict[str, list[int]], dict[str, int]]:
    """Walk nodes: the text, the offsets each item's pieces cover, the number of first pieces per item."""
    text, covered, firsts, open_items = [], {}, {}, []

    def walk(node) -> None:
        if isinstance(node, str):
            start = sum(map(len, text))
            text.append(node)
            for key in open_items:
                covered.setdefault(key, []).extend(range(start, start + len(node)))
        elif isinstance(node, Mark):
            if node.first:
                firsts[node.item.key] = firsts.get(node.item.key, 0) + 1
            open_items.append(node.item.key)
            for child in node.children:
                walk(child)
            open_items.pop()

    for node in nodes:
        walk(node)
    return "".join(text), covered, firsts


spans = st.integers(0, 40).flatmap(lambda n: st.tuples(
    st.just("x" * n),
    st.lists(st.tuples(st.sampled_from([k.name for k in KINDS]), st.integers(0, n), st.integers(0, n)), max_size=12)))


@settings(max_examples=200, deadline=None)
@given(spans)
def test_any_spans_nest_into_the_same_text_with_one_first_piece_per_item(case):
    text, raw = case
    items = [item(kind, i, min(a, b), max(a, b)) for i, (kind, a, b) in enumerate(raw)]
    rendered, covered, firsts = pieces(nest(text, items))
    assert rendered == text
    assert firsts == {i.key: 1 for i in items}
    for i in items:
        assert sorted(covered.get(i.key, [])) == list(range(i.start, i.end))


def test_page_anchors_do_not_add_text():
    nodes = nest("one\ftwo", [item("target", 0, 0, 7)], {4: 2})
    assert outline(nodes) == "<target-0>|one\f|[page 2]|two|</>"
    assert isinstance(nodes[0].children[1], PageAnchor)


# -- reading a page back -------------------------------------------------------------

class Page(HTMLParser):
    """The text of ``#text`` and, for each highlight, its offset in that text and its attributes."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.text, self.marks, self.conts, self.links, self.ids = [], [], [], [], []
        self.urls, self.csp = [], None
        self.depth = 0                 # open elements inside #text
        self.feed(html)
        self.text = "".join(self.text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        self.urls += [a[k] for k in ("src", "href") if k in a]
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a["content"]
        if tag == "a" and "data-target" in a:
            self.links.append(a)
        if self.depth:
            self.depth += 1
            offset = len("".join(self.text))
            if "data-kind" in a:
                self.marks.append((offset, a))
            if "data-cont" in a:
                self.conts.append(a)
        elif a.get("id") == "text":
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    """Outputs of the corpus and the development set, reviewed with the inputs folder given."""
    out = tmp_path_factory.mktemp("out")
    results = write_outputs(out)
    review = tmp_path_factory.mktemp("review")
    report = build_review(out, review, inputs=[CORPUS])
    return out, review, results, report


def original_of(name: str) -> str:
    path = CORPUS / name if (CORPUS / name).exists() else CORPUS / "dev" / name
    return document_from_bytes(path.read_bytes(), path.name).original


def test_one_page_per_output_and_an_index(reviewed):
    out, review, results, report = reviewed
    assert sorted(p.relative_to(review).as_posix() for p in report.pages) == \
        sorted(name[:-len(".json")] + ".html" for name in results)
    assert (review / "index.html").is_file()
    assert report.problems == {}


def test_every_item_with_a_span_is_one_highlight_at_its_offsets(reviewed):
    out, review, results, _ = reviewed
    for name, result in results.items():
        page = Page((review / (name[:-5] + ".html")).read_text(encoding="utf-8"))
        original = original_of(result["source"]["file"])
        assert page.text == original, name
        expected = sorted((i["span"]["start"], i["span"]["end"]) for _, i in items_with_spans(result))
        assert sorted((int(a["data-start"]), int(a["data-end"])) for _, a in page.marks) == expected, name
        for offset, attrs in page.marks:
            assert offset == int(attrs["data-start"]), (name, attrs["id"])
            assert attrs["data-kind"] in {k.name for k in KINDS}
        assert len(page.ids) == len(set(page.ids)), f"{name}: duplicate ids"
        highlighted = {a["id"] for _, a in page.marks}
        assert {link["data-target"] for link in page.links} == highlighted
        assert {c["data-cont"] for c in page.conts} <= highlighted


def test_the_kinds_of_the_corpus_are_all_on_some_page(reviewed):
    _, review, results, _ = reviewed
    kinds = set()
    for name in results:
        kinds |= {a["data-kind"] for _, a in Page((review / (name[:-5] + ".html")).read_text("utf-8")).marks}
    assert kinds == {k.name for k in KINDS}


def test_pages_fetch_nothing_from_the_network(reviewed):
    _, review, results, _ = reviewed
    for path in [review / "index.html", *(review / (n[:-5] + ".html") for n in results)]:
        page = Page(path.read_text(encoding="utf-8"))
        assert page.csp and "default-src 'none'" in page.csp
        assert not [u for u in page.urls if re.match(r"(https?:)?//", u)], path.name


def test_index_has_a_row_per_output_and_charts(reviewed):
    _, review, results, _ = reviewed
    html = (review / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    assert {link for link in page.urls if link.endswith(".html")} == {n[:-5] + ".html" for n in results}
    figures = re.findall(r'<script type="application/json" id="(chart-[a-z]+)-figure">', html)
    assert figures[:4] == ["chart-years", "chart-issuers", "chart-budget", "chart-targets"]
    assert "No page of this batch was OCR" in html     # the corpus is text: the OCR chart says so
    assert "Plotly.newPlot" in html and "table class=\"grid sortable\"" in html


def test_ocr_confidence_is_plotted_when_pages_were_ocrd(tmp_path):
    out = tmp_path / "out"
    results = write_outputs(out, sorted(CORPUS.glob("*.txt"))[:1])
    [(name, result)] = results.items()
    result["quality"]["pages"] = [{"page": 1, "method": "ocr", "reason": "no text layer", "chars": 900,
                                   "confidence": 87.5}, {"page": 2, "method": "text", "chars": 1200}]
    write_json(out / name, result)
    build_review(out, tmp_path / "review", inputs=[CORPUS])
    html = (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    figure = re.search(r'<script type="application/json" id="chart-ocr-figure">(.*?)</script>', html, re.S)
    assert json.loads(figure.group(1))["data"][0]["x"] == [87.5]
    page = (tmp_path / "review" / (name[:-5] + ".html")).read_text(encoding="utf-8")
    assert "<td>ocr</td><td class=\"num\">87.5</td>" in page


# -- where the text comes from ---------------------------------------------------------

def review_one(tmp_path, text: str, name: str = "plan.txt", keep_text=False, inputs=True):
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    (src / name).write_text(text, encoding="utf-8")
    result = extract(src / name)
    out = tmp_path / "out"
    write_json(out / "plan.json", result)
    if keep_text:
        (out / "plan.txt").write_text(text, encoding="utf-8")
    report = build_review(out, tmp_path / "review", inputs=[src] if inputs else [])
    return src / name, report, (tmp_path / "review" / "plan.html").read_text(encoding="utf-8")


PLAN = ("ỦY BAN NHÂN DÂN TỈNH X\nSố: 12/KH-UBND\n\nKẾ HOẠCH\nChuyển đổi số năm 2024\n\n"
        "I. MỤC TIÊU\n1. Đạt 90% hồ sơ được xử lý trực tuyến <script>alert('x')</script> & \"quoted\".\n")


def test_a_batch_run_manifest_leads_to_the_inputs(tmp_path):
    """No kept text and no --inputs: the run's _manifest.jsonl names each output's input."""
    documents = sorted(CORPUS.glob("*.txt"))[:2]
    (tmp_path / "in" / "sub").mkdir(parents=True)
    for document in documents:
        shutil.copy(document, tmp_path / "in" / "sub" / document.name)
    done = subprocess.run([sys.executable, "-m", "pipeline", "in", "-o", "out", "-q"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "_manifest.jsonl").is_file()
    report = build_review(tmp_path / "out", tmp_path / "review")
    assert report.problems == {}
    assert len(report.pages) == len(documents)
    for page in report.pages:
        html = (tmp_path / page).read_text(encoding="utf-8")
        origin = re.search(r"text from input file ([^<\s]+)", html).group(1)
        assert Path(origin).parent.as_posix().endswith("in/sub") and Page(html).marks


def test_document_text_is_escaped(tmp_path):
    _, _, html = review_one(tmp_path, PLAN)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;quoted&#34;" in html
    assert Page(html).text == PLAN


def test_kept_text_is_used_without_the_inputs(tmp_path):
    _, report, html = review_one(tmp_path, PLAN, keep_text=True, inputs=False)
    assert report.problems == {}
    assert "text from kept text plan.txt" in html
    assert Page(html).text == PLAN


def test_a_changed_input_is_reported_not_highlighted(tmp_path):
    path, _, _ = review_one(tmp_path, PLAN)
    path.write_text(PLAN.replace("90%", "95%"), encoding="utf-8")
    report = build_review(tmp_path / "out", tmp_path / "review", inputs=[path.parent])
    html = (tmp_path / "review" / "plan.html").read_text(encoding="utf-8")
    assert "is not the file that was extracted" in " ".join(report.problems["plan.json"])
    assert Page(html).marks == []
    assert "text not found" in (tmp_path / "review" / "index.html").read_text(encoding="utf-8")


def test_a_missing_input_gives_a_page_that_says_so(tmp_path):
    _, report, html = review_one(tmp_path, PLAN, inputs=False)
    assert "original text not found" in html and "--keep-text" in html
    assert Page(html).marks == []
    assert 'class="item unplaced"' in html            # the values are still listed


def test_a_kept_text_that_does_not_match_is_not_used(tmp_path):
    _, report, html = review_one(tmp_path, PLAN, keep_text=True, inputs=True)
    (tmp_path / "out" / "plan.txt").write_text(PLAN + "more", encoding="utf-8")
    report = build_review(tmp_path / "out", tmp_path / "review", inputs=[tmp_path / "in"])
    html = (tmp_path / "review" / "plan.html").read_text(encoding="utf-8")
    assert "does not match the output" in " ".join(report.problems["plan.json"])
    assert Page(html).text == PLAN                     # the input file was re-read instead


def test_crlf_text_keeps_its_offsets(tmp_path):
    text = PLAN.replace("\n", "\r\n")
    _, report, html = review_one(tmp_path, text)
    page = Page(html)
    assert page.text == text
    assert all(offset == int(a["data-start"]) for offset, a in page.marks) and page.marks


def test_one_broken_output_does_not_stop_the_review(tmp_path):
    out = tmp_path / "out"
    write_outputs(out, [sorted(CORPUS.glob("*.txt"))[0]])
    (out / "torn.json").write_text("{", encoding="utf-8")
    write_json(out / "bad.error.json", {"file": "in/bad.txt", "stage": "ingest", "code": "empty", "message": "empty"})
    report = build_review(out, tmp_path / "review", inputs=[CORPUS])
    index = (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    assert len(report.pages) == 1
    assert "Skipped torn.json: unreadable JSON" in index
    assert "ingest/empty: empty" in index


# -- PDF: pages -------------------------------------------------------------------------

def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with a text layer (Helvetica has no Vietnamese marks: the text is unaccented)."""
    raw = pdfium.raw
    pdf = pdfium.PdfDocument.new()
    for lines in pages:
        page = pdf.new_page(595, 842)
        for n, line in enumerate(lines):
            obj = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", 11.0)
            buf = ctypes.create_string_buffer((line + "\0").encode("utf-16-le"))
            raw.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)))
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 56, 800 - 16 * n)
            raw.FPDFPage_InsertObject(page.raw, obj)
        raw.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_pdf_items_carry_their_page_and_link_the_page_image(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "plan.pdf").write_bytes(make_pdf([
        ["UY BAN NHAN DAN TINH X", "So: 12/KH-UBND", "KE HOACH", "Chuyen doi so nam 2024", "I. MUC TIEU",
         "1. Dat 90% ho so duoc xu ly truc tuyen."],
        ["II. NHIEM VU", "1. Xay dung he thong.", "III. TO CHUC THUC HIEN"]]))
    result = extract(src / "plan.pdf", ocr="never")
    write_json(tmp_path / "out" / "plan.json", result)
    report = build_review(tmp_path / "out", tmp_path / "review", inputs=[src])
    assert report.problems == {}
    page = Page((tmp_path / "review" / "plan.html").read_text(encoding="utf-8"))
    pages = {a.get("data-page") for _, a in page.marks}
    assert pages == {"1", "2"}
    assert "\f" in page.text
    for n in (1, 2):
        assert (tmp_path / "review" / "plan.pages" / f"page-{n}.png").stat().st_size > 1000
    assert "plan.pages/page-2.png" in page.urls


# -- the command ----------------------------------------------------------------------------

def test_review_command(tmp_path):
    out = tmp_path / "out"
    write_outputs(out, sorted(CORPUS.glob("*.txt"))[:2])
    done = subprocess.run([sys.executable, "-m", "pipeline", "review", str(out), "--inputs", str(CORPUS)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (out / "review").iterdir()) == sorted(
        [p.stem + ".html" for p in sorted(CORPUS.glob("*.txt"))[:2]] + ["index.html"])


def test_review_command_usage_errors(tmp_path, capsys):
    from pipeline.review import main

    assert main([str(tmp_path / "missing")]) == 2
    assert main([str(tmp_path), "--inputs", str(tmp_path / "nowhere")]) == 2
    assert main([str(tmp_path), "-o", str(tmp_path / "r")]) == 1      # no outputs in the folder
