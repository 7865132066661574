"""The built HTML book in a real browser (Debian's Chromium driven by Playwright).

Every page of the table of contents is visited once (the ``reports`` fixture) and checked for:
no console errors and no failed or external requests, math typeset, every image loaded, every
static demo's slider changes the frame (by script and from the keyboard), no assert visible
unfolded, no syllabus ID in the reader's text, axe-core (npm, run in the page) finding no serious
or critical violation, and, at 390 px, no page wider than the screen and nothing sticking out of
it. The search page finds "Hessian". Screenshots of one chapter (light, dark, phone) are saved
under ``test-artifacts/screenshots/``.
"""

import re

import pytest

from dlcalc.widgets import DEMOS
from strict_build import ROOT

SHOTS = ROOT / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
PHONE_SHOT_OF = "chapters/03_hessian_curvature.html"

# Visible prose of the article: no code, math, outputs or demo views (code names such as `H2`
# and printed values are not syllabus IDs).
PROSE = """() => {
    const art = document.querySelector('article') || document.body;
    const copy = art.cloneNode(true);
    copy.querySelectorAll('pre, code, .math, mjx-container, .cell_output, .dlcalc-static, '
        + 'details:not([open]) > :not(summary), script, style, .headerlink')
        .forEach(n => n.remove());
    return copy.textContent;
}"""
SYLLABUS_ID = re.compile(r"(?<![\w./#-])[A-Z][1-9](?![\w-])")

# Code cells whose source shows an assert (or np.testing check) to the reader.
VISIBLE_ASSERTS = """() => Array.from(document.querySelectorAll('div.cell div.cell_input'))
    .filter(el => el.checkVisibility())
    .map(el => el.innerText)
    .filter(t => /^\\s*(assert\\b|np\\.testing\\.|numpy\\.testing\\.)/m.test(t))
    .map(t => t.split('\\n').find(l => /assert|testing/.test(l)).trim().slice(0, 80))"""

# Elements that reach past the right edge of the screen without a scrolling box around them
# that stays on screen.
STICKING_OUT = """() => {
    const W = document.documentElement.clientWidth, out = [];
    // Clipped by some ancestor box that ends on the screen (a scrolling table, a formula's
    // own scroll box): then the element does not stick out, however wide it is.
    const scrolls = el => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            const style = getComputedStyle(a);  // overflow does not apply to inline boxes
            if (style.display !== 'inline'
                    && ['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)
                    && a.getBoundingClientRect().right <= W + 1) {
                return true;
            }
        }
        return false;
    };
    const seen = {visibilityProperty: true, opacityProperty: true};
    for (const el of document.querySelectorAll('article *, main *')) {
        if (el.closest('mjx-assistive-mml')) continue;  // MathJax's clipped copy for readers
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || !el.checkVisibility(seen)) continue;
        if (r.right > W + 1 && !scrolls(el)) {
            out.push(`${el.tagName.toLowerCase()}.${(el.className.baseVal ?? el.className)
                .toString().split(' ')[0]} right=${Math.round(r.right)}`);
        }
    }
    return out;
}"""

AXE_RUN = """async () => {
    const r = await axe.run(document, {resultTypes: ['violations']});
    return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
        .map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}x, e.g. `
                  + `${v.nodes[0].target.join(' ')})`);
}"""


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


@pytest.fixture(scope="module")
def reports(browser, book_server, toc_pages, axe_source):
    """Every page visited once: ({page: {check: [problems]}}, number of static demos)."""
    return visit_pages(browser, book_server, toc_pages, axe_source)


def visit_pages(browser, book_server, toc_pages, axe_source):
    assert toc_pages, "the table of contents lists no pages"
    out, demos = {}, 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    for rel in toc_pages:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        events = _page_events(page, book_server)
        page.goto(f"{book_server}/{rel}", wait_until="load")
        _wait_for_math(page)
        report = {"render": _math_problems(page) + _image_problems(page)}
        moved, report["demos"] = _slider_problems(page)
        demos += moved
        report["asserts"] = page.evaluate(VISIBLE_ASSERTS) if rel.startswith("chapters/") else []
        ids = sorted(set(SYLLABUS_ID.findall(page.evaluate(PROSE))))
        report["ids"] = [f"syllabus IDs in the text: {ids}"] if ids else []
        page.add_script_tag(content=axe_source)
        report["axe"] = page.evaluate(AXE_RUN)
        page.set_viewport_size(PHONE)
        page.wait_for_timeout(300)
        width = page.evaluate("document.documentElement.scrollWidth")
        report["phone"] = [f"page is {width} px wide on a {PHONE['width']} px screen"] if (
            width > PHONE["width"]) else []
        report["phone"] += page.evaluate(STICKING_OUT)[:10]
        if rel == PHONE_SHOT_OF:
            page.evaluate("window.scrollTo(0, 0)")
            page.wait_for_timeout(200)
            page.screenshot(path=str(SHOTS / "book_chapter03_phone.png"), full_page=False)
        report["render"] += [f"{key}: {items[:3]}" for key, items in events.items() if items]
        out[rel] = report
        page.close()
    return out, demos


def _failures(reports, check):
    by_page, _ = reports
    return [f"{rel}: {p}" for rel, report in by_page.items() for p in report[check]]


def test_every_page_renders_offline(reports):
    """No console errors, no failed/external requests, math typeset, images loaded."""
    problems = _failures(reports, "render")
    assert not problems, "\n".join(problems)


def test_every_static_demo_moves_by_slider_and_keyboard(reports):
    problems = _failures(reports, "demos")
    assert not problems, "\n".join(problems)
    _, demos = reports
    assert demos >= len(DEMOS), f"{demos} static demos in the book, {len(DEMOS)} registered"


def test_no_assert_is_visible_unfolded_on_a_chapter_page(reports):
    problems = _failures(reports, "asserts")
    assert not problems, "checks shown unfolded (fold them: tag hide-input):\n" + "\n".join(
        problems)


def test_no_syllabus_id_in_the_readers_text(reports):
    problems = _failures(reports, "ids")
    assert not problems, "\n".join(problems)


def test_axe_finds_no_serious_or_critical_violation(reports):
    problems = _failures(reports, "axe")
    assert not problems, "axe-core:\n" + "\n".join(problems)


def test_on_a_phone_no_page_is_wider_than_the_screen(reports):
    problems = _failures(reports, "phone")
    assert not problems, f"at {PHONE['width']} px:\n" + "\n".join(problems)
    assert (SHOTS / "book_chapter03_phone.png").stat().st_size > 10_000


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
    errors = page.locator("mjx-merror")
    for i in range(min(errors.count(), 3)):
        problems.append(f"MathJax error: {errors.nth(i).inner_text()!r}")
    return problems


def _image_problems(page):
    broken = page.evaluate(
        """() => Array.from(document.images)
              .filter(im => !(im.complete && im.naturalWidth > 0))
              .map(im => im.currentSrc.slice(0, 80) || im.alt)"""
    )
    return [f"image did not load: {b}" for b in broken]


def _shown_frame(demo):
    visible = demo.locator("img.dlcalc-frame:visible")
    return visible.get_attribute("data-frame") if visible.count() == 1 else None


def _slider_problems(page):
    """Move each static demo's slider, by script and with the arrow keys; return (number of
    demos, problems)."""
    problems = []
    demos = page.locator(".dlcalc-static")
    for i in range(demos.count()):
        demo = demos.nth(i)
        slider = demo.locator("input.dlcalc-slider")
        n = int(slider.get_attribute("max")) + 1
        if n < 2:
            problems.append(f"demo {i} has a single frame")
            continue
        before = _shown_frame(demo)
        target = "0" if before != "0" else str(n - 1)
        slider.evaluate(
            "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", target
        )
        if _shown_frame(demo) != target:
            problems.append(f"demo {i}: the slider did not show frame {target}")
            continue
        slider.focus()
        key, expected = ("ArrowRight", "1") if target == "0" else ("ArrowLeft", str(n - 2))
        page.keyboard.press(key)
        if _shown_frame(demo) != expected:
            problems.append(f"demo {i}: {key} on the focused slider did not show frame "
                            f"{expected} (shows {_shown_frame(demo)})")
    return demos.count(), problems


def test_search_finds_hessian(browser, book_server):
    page = browser.new_page()
    page.goto(f"{book_server}/search.html?q=Hessian", wait_until="load")
    page.wait_for_selector("#search-results li", timeout=30_000)
    assert page.locator("#search-results li").count() >= 1
    page.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_chapter_screenshots(browser, book_server, toc_pages, theme):
    """Full-page screenshots of one chapter in both themes (the phone one: ``reports``)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    chapters = [p for p in toc_pages if p == PHONE_SHOT_OF]
    assert chapters, f"{PHONE_SHOT_OF} is not in the table of contents"
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
