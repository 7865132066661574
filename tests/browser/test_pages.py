"""The built HTML book in a real browser (Debian's Chromium driven by Playwright).

Every page of the table of contents: loads with no console errors and no failed or external
requests, math is typeset, every image loads, every static demo's slider changes the frame;
the search page finds "Hessian". Screenshots of each chapter (light and dark) are saved under
``test-artifacts/screenshots/``.
"""

import re
from pathlib import Path

import pytest

from dlcalc.widgets import DEMOS

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"


def _page_events(page, base_url):
    events = {"console": [], "failed": [], "external": [], "bad_status": []}

    def on_console(msg):
        if msg.type == "error":
            events["console"].append(msg.text)

    def on_request(req):
        if not (req.url.startswith(base_url) or req.url.startswith(("data:", "about:", "blob:"))):
            events["external"].append(req.url)

    def on_response(resp):
        if resp.url.startswith(base_url) and resp.status >= 400:
            events["bad_status"].append(f"{resp.status} {resp.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: events["console"].append(f"page error: {exc}"))
    page.on("requestfailed", lambda req: events["failed"].append(req.url))
    page.on("request", on_request)
    page.on("response", on_response)
    return events


def test_every_page_renders_offline_and_its_demos_move(browser, book_server, toc_pages):
    """One visit per page: no console errors, no failed/external requests, math typeset,
    images loaded, and every static demo's slider shows another frame when moved."""
    assert toc_pages, "the table of contents lists no pages"
    problems, demos_checked = [], 0
    for rel in toc_pages:
        page = browser.new_page()
        events = _page_events(page, book_server)
        page.goto(f"{book_server}/{rel}", wait_until="load")
        _wait_for_math(page)
        problems += [f"{rel}: {p}" for p in _math_problems(page)]
        problems += [f"{rel}: {p}" for p in _image_problems(page)]
        moved, demo_problems = _slider_problems(page)
        demos_checked += moved
        problems += [f"{rel}: {p}" for p in demo_problems]
        for key, items in events.items():
            if items:
                problems.append(f"{rel}: {key}: {items[:3]}")
        page.close()
    assert not problems, "\n".join(problems)
    # every registered demo is shown in its chapter as a static view
    assert demos_checked >= len(DEMOS), (
        f"{demos_checked} static demos in the book, {len(DEMOS)} registered"
    )


def _wait_for_math(page):
    if page.locator(".math, .MathJax, span.math, div.math").count():
        page.wait_for_function(
            "() => window.MathJax && MathJax.startup && MathJax.startup.promise"
            " && document.querySelectorAll('mjx-container').length > 0",
            timeout=30_000,
        )
        page.evaluate("() => MathJax.startup.promise")


def _math_problems(page):
    problems = []
    has_math = page.locator("div.math, span.math").count()
    if has_math and page.locator("mjx-container").count() == 0:
        problems.append("math present but not typeset (no mjx-container)")
    text = page.locator("article").inner_text() if page.locator("article").count() else ""
    if "$$" in text:
        problems.append("raw $$ in the rendered text")
    return problems


def _image_problems(page):
    broken = page.evaluate(
        """() => Array.from(document.images)
              .filter(im => !(im.complete && im.naturalWidth > 0))
              .map(im => im.currentSrc.slice(0, 80) || im.alt)"""
    )
    return [f"image did not load: {b}" for b in broken]


def _slider_problems(page):
    """Move each static demo's slider; return (number of demos moved, problems)."""
    problems = []
    demos = page.locator(".dlcalc-static")
    for i in range(demos.count()):
        demo = demos.nth(i)
        slider = demo.locator("input.dlcalc-slider")
        n = int(slider.get_attribute("max")) + 1
        if n < 2:
            problems.append(f"demo {i} has a single frame")
            continue
        before = demo.locator("img.dlcalc-frame:visible").get_attribute("data-frame")
        target = "0" if before != "0" else str(n - 1)
        slider.evaluate(
            "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", target
        )
        visible = demo.locator("img.dlcalc-frame:visible")
        if visible.count() != 1 or visible.get_attribute("data-frame") != target:
            problems.append(f"demo {i}: the slider did not show frame {target}")
    return demos.count(), problems


def test_search_finds_hessian(browser, book_server):
    page = browser.new_page()
    page.goto(f"{book_server}/search.html?q=Hessian", wait_until="load")
    page.wait_for_selector("#search-results li", timeout=30_000)
    assert page.locator("#search-results li").count() >= 1
    page.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_chapter_screenshots(browser, book_server, toc_pages, theme):
    SHOTS.mkdir(parents=True, exist_ok=True)
    chapters = [p for p in toc_pages if p.startswith("chapters/")]
    assert chapters, "no chapter pages in the table of contents"
    for rel in chapters:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.add_init_script(f"localStorage.setItem('mode', '{theme}');")
        page.goto(f"{book_server}/{rel}", wait_until="load")
        _wait_for_math(page)
        assert page.evaluate("document.documentElement.dataset.theme") == theme
        out = SHOTS / f"{re.sub(r'[/.]', '_', rel)}_{theme}.png"
        page.screenshot(path=str(out), full_page=True)
        assert out.stat().st_size > 10_000, f"screenshot of {rel} looks empty"
        page.close()
