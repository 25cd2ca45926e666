"""The review pages in a real browser: Debian's headless Chromium driven by Selenium
through Debian's chromedriver.

Each page is opened from disk (file://), as a reviewer would. Checked: one
highlight per item, at offsets that match the text the browser shows; a click
in the side panel scrolls the text to the item; no console errors; no network
request; the index sorts and draws its charts. Screenshots are saved under
tests/screenshots/ (git-ignored). Without Chromium the test skips with the
install line; `make test` installs it when it can (as root).
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest

from pipeline.review import build_review

from .review_outputs import CORPUS, ROOT, items_with_spans, write_outputs

SCREENSHOTS = ROOT / "tests" / "screenshots"
INSTALL = "apt-get install -y chromium chromium-driver   (make test does it when run as root)"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
# As root and on a machine without network, Chromium needs these to start
# and to stay quiet (no sandbox for root; no background connections).
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1400,900"]

if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip(f"!!! Chromium or chromedriver not found: the review pages are NOT tested in a browser. "
                f"Install with: {INSTALL}", allow_module_level=True)

from selenium import webdriver                                   # noqa: E402
from selenium.webdriver.chrome.service import Service             # noqa: E402
from selenium.webdriver.common.by import By                       # noqa: E402


@pytest.fixture(scope="module")
def review(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    results = write_outputs(out)
    folder = tmp_path_factory.mktemp("review")
    report = build_review(out, folder, inputs=[CORPUS])
    assert report.problems == {}
    return folder, results


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="kh-chromium-")
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def open_page(driver, path: Path) -> None:
    driver.get_log("browser")                  # drop what an earlier page logged
    driver.get_log("performance")
    driver.get(path.as_uri())


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def requested_urls(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


# Where each highlight starts in the text the browser shows (a Range from the
# start of #text to the element), and that text itself. Offsets count code
# points, as the output's spans do (Array.from), not JavaScript's UTF-16 units:
# an emoji in a document is one character of the output, two units in JS.
OFFSETS_JS = """
const text = document.getElementById('text');
const range = document.createRange();
return {text: text.textContent, marks: Array.from(text.querySelectorAll('[data-kind]')).map(el => {
  range.setStart(text, 0); range.setEnd(el, 0);
  return [Array.from(range.toString()).length, +el.dataset.start, +el.dataset.end, el.dataset.kind];
})};
"""


def test_every_page_shows_one_highlight_per_item_at_its_offsets(browser, review):
    folder, results = review
    for name, result in results.items():
        open_page(browser, folder / (name[:-len(".json")] + ".html"))
        shown = browser.execute_script(OFFSETS_JS)
        expected = items_with_spans(result)
        assert len(shown["marks"]) == len(expected), name
        assert len(shown["text"]) == result["source"]["chars"], name
        assert sorted((s, e) for _, s, e, _ in shown["marks"]) == \
            sorted((i["span"]["start"], i["span"]["end"]) for _, i in expected), name
        assert all(offset == start for offset, start, _, _ in shown["marks"]), name
        assert console_errors(browser) == [], name
        urls = requested_urls(browser)
        assert (folder / (name[:-len(".json")] + ".html")).as_uri() in urls, "the network log saw nothing"
        assert [u for u in urls if not u.startswith(("file:", "data:"))] == [], name


def test_clicking_an_item_scrolls_the_text_to_it(browser, review):
    folder, results = review
    name = max(results, key=lambda n: results[n]["source"]["chars"])      # the longest document
    open_page(browser, folder / (name[:-len(".json")] + ".html"))
    pane = browser.find_element(By.ID, "text")
    assert browser.execute_script("return arguments[0].scrollTop", pane) == 0
    links = browser.find_elements(By.CSS_SELECTOR, "#panel a.item[data-target]")
    far = max(links, key=lambda a: int(browser.find_element(By.ID, a.get_attribute("data-target"))
                                       .get_attribute("data-start")))
    target = browser.find_element(By.ID, far.get_attribute("data-target"))

    def visible() -> bool:
        return browser.execute_script(
            "const r = arguments[0].getBoundingClientRect(), p = arguments[1].getBoundingClientRect();"
            "return r.bottom > p.top && r.top < p.bottom && r.height > 0;", target, pane)

    assert not visible(), "the item is on screen before the click: the test would prove nothing"
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", far)
    assert "\n" in far.get_attribute("title")                  # hovering shows the item's fields
    far.click()
    assert browser.execute_script("return arguments[0].scrollTop", pane) > 0
    assert visible()
    assert "flash" in target.get_attribute("class")
    assert browser.current_url.endswith("#" + target.get_attribute("id"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "review-page-after-click.png"))
    assert console_errors(browser) == []


def test_the_index_sorts_and_draws_its_charts(browser, review):
    folder, results = review
    open_page(browser, folder / "index.html")
    rows = browser.find_elements(By.CSS_SELECTOR, "#documents tbody tr")
    assert len(rows) == len(results)
    drawn = browser.execute_script("return Array.from(document.querySelectorAll('div.plot'))"
                                   ".map(d => [d.id, d.querySelectorAll('svg.main-svg').length > 0])")
    assert [d for d, _ in drawn] == ["chart-years", "chart-issuers", "chart-budget", "chart-targets"]
    assert all(ok for _, ok in drawn), drawn
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#documents thead th")]
    column = headers.index("targets")
    browser.find_elements(By.CSS_SELECTOR, "#documents thead th")[column].click()
    counts = [int(row.find_elements(By.TAG_NAME, "td")[column].text)
              for row in browser.find_elements(By.CSS_SELECTOR, "#documents tbody tr")]
    assert counts == sorted(counts) and counts[0] < counts[-1]
    browser.find_elements(By.CSS_SELECTOR, "#documents thead th")[column].click()
    counts = [int(row.find_elements(By.TAG_NAME, "td")[column].text)
              for row in browser.find_elements(By.CSS_SELECTOR, "#documents tbody tr")]
    assert counts == sorted(counts, reverse=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(1400, 1500)
    browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(SCREENSHOTS / "review-index.png"))
    assert console_errors(browser) == []
    urls = requested_urls(browser)
    assert (folder / "index.html").as_uri() in urls, "the network log saw nothing"
    assert [u for u in urls if not u.startswith(("file:", "data:"))] == []
