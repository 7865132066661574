"""The notebooks as students open them: JupyterLab from the reader's environment (installed from
requirements.txt alone, as Binder installs it, with jupyterlab-myst), in Chromium.

Every chapter and exercise notebook opens with its markdown rendered: no raw MyST syntax
(roles such as ``{cite}``, directive fences, ``:class:`` options, ``:::``), no bibtex key shown
as text, no untypeset ``$...$``, and its folded checks collapsed. A screenshot of one chapter is
saved under ``test-artifacts/screenshots/``.
"""

import json
import re
import urllib.request

from strict_build import ROOT

SHOTS = ROOT / "test-artifacts" / "screenshots"
NOTEBOOKS = sorted(
    str(p.relative_to(ROOT)) for folder in ("chapters", "exercises")
    for p in (ROOT / folder).glob("*.ipynb")
)
SCREENSHOT_OF = "chapters/03_hessian_curvature.ipynb"
BIB_KEYS = re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(), re.M)
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
RENDERED = ":is(.myst, .jp-RenderedMarkdown, .jp-MarkdownOutput)"
RAW_MYST = [
    (re.compile(r"\{[a-z][\w:-]*\}`"), "a MyST role"),
    (re.compile(r"^\s*(```|~~~)", re.M), "a code/directive fence"),
    (re.compile(r"\{(admonition|note|tip|warning|dropdown|important|seealso|figure|math)\}"),
     "a directive name"),
    (re.compile(r"^\s*:(class|name|label|open|width|align):", re.M), "a directive option"),
    (re.compile(r":::"), "a colon fence"),
    (re.compile(r"\]\(\.\./|\]\(\w+\.(md|ipynb)"), "a Markdown link left as text"),
]
UNTYPESET = re.compile(r"\$[^$\n]+\$|\\(frac|mathrm|boldsymbol|begin|left|right)\b")

# The rendered text of each markdown cell, without what math renderers keep for screen readers
# and copying (MathML, TeX annotations), which is not shown.
CELL_TEXTS = """(sel) => Array.from(document.querySelectorAll(sel)).map(el => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll('.katex-mathml, annotation, mjx-assistive-mml, math, script, style')
        .forEach(n => n.remove());
    return copy.textContent;
})"""


def _open(page, base, rel, i):
    # a fresh workspace each time: no tabs restored from the previous notebook
    page.goto(f"{base}/lab/workspaces/test-{i}/tree/{rel}?reset", wait_until="load")
    page.wait_for_selector(f"{PANEL} .jp-Cell", timeout=90_000)
    page.wait_for_function(
        """([panel, rendered]) => {
            const cells = document.querySelectorAll(panel + ' .jp-MarkdownCell');
            return cells.length > 0 && Array.from(cells).every(c => c.querySelector(rendered));
        }""",
        arg=[PANEL, RENDERED], timeout=90_000,
    )
    page.wait_for_timeout(500)  # math is typeset right after the markdown renders


def _shutdown_kernels(base):
    with urllib.request.urlopen(f"{base}/api/kernels", timeout=10) as r:
        kernels = json.load(r)
    for k in kernels:
        req = urllib.request.Request(f"{base}/api/kernels/{k['id']}", method="DELETE")
        urllib.request.urlopen(req, timeout=10).close()


def _problems(page, rel):
    problems = []
    texts = page.evaluate(CELL_TEXTS, f"{PANEL} .jp-MarkdownCell {RENDERED}")
    for i, text in enumerate(texts):
        for pattern, what in RAW_MYST:
            m = pattern.search(text)
            if m:
                context = text[max(0, m.start() - 40):m.end() + 40]
                problems.append(f"markdown cell {i}: raw {what}: {context!r}")
        for key in BIB_KEYS:
            if key in text:
                problems.append(f"markdown cell {i}: bibtex key {key!r} shown as text")
        m = UNTYPESET.search(text)
        if m:
            problems.append(f"markdown cell {i}: untypeset math {m.group(0)!r}")
    # every folded check (metadata jupyter.source_hidden) is collapsed: its editor is not shown
    shown = page.evaluate(
        """(panel) => Array.from(document.querySelectorAll(panel + ' .jp-CodeCell'))
             .filter(c => !c.querySelector('.jp-InputPlaceholder') &&
                          /^\\s*(assert\\b|np\\.testing\\.)/m.test(
                              (c.querySelector('.jp-InputArea-editor') || {}).innerText || ''))
             .length""", PANEL)
    if shown:
        problems.append(f"{shown} code cells show asserts unfolded")
    return problems


def test_every_notebook_reads_cleanly_in_jupyterlab(browser, jupyterlab):
    assert NOTEBOOKS, "no notebooks found"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems = []
    for i, rel in enumerate(NOTEBOOKS):
        _open(page, jupyterlab, rel, i)
        problems += [f"{rel}: {p}" for p in _problems(page, rel)]
        if rel == SCREENSHOT_OF:
            SHOTS.mkdir(parents=True, exist_ok=True)
            shot = SHOTS / "jupyterlab_chapter03.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 20_000, f"the screenshot of {rel} looks empty"
            folded = page.locator(f"{PANEL} .jp-CodeCell .jp-InputPlaceholder")
            if folded.count():  # a folded check as JupyterLab shows it
                folded.first.scroll_into_view_if_needed()
                page.screenshot(path=str(SHOTS / "jupyterlab_chapter03_folded_check.png"))
        _shutdown_kernels(jupyterlab)
    page.close()
    assert not problems, "notebooks that do not read cleanly in JupyterLab:\n" + "\n".join(problems)
