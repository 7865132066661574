"""The PDF edition (issue 21): built in the test run from the HTML build's execution cache, then
read back with poppler (pdftotext, pdftoppm) and through its LaTeX source and log.

The build follows the run's one strict HTML build (``book_build``, tests/conftest.py) into the
same folder, so every notebook is read from that build's cache: none executes a second time.
Page images of chapter 1 go to test-artifacts/pdf-pages/ for a human to look at.
"""

import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
import yaml

from pdf_build import PDF_NAME, build_pdf, missing_characters
from strict_build import (
    ARTIFACTS,
    ROOT,
    build_book,
    once_per_run,
    shared_reader_env,
    toc_files,
)

PAGES_DIR = ARTIFACTS / "pdf-pages"
PROBLEM_LINE = re.compile(r"WARNING|ERROR|CRITICAL|Executing notebook failed|Traceback")
KERNEL_START_NOTICE = re.compile(r"^\[IPKernelApp\] WARNING \| Kernel is running over TCP")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
DEMO_CAPTION = "frames of an interactive demo"
WORD_BOX = r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<'


@pytest.fixture(scope="session")
def pdf_build(book_build, tmp_path_factory):
    """The PDF, built once per run after the HTML build, into the same folder."""
    return once_per_run(tmp_path_factory, "strict-pdf", lambda: build_pdf(
        book_build.html.parents[1], reader=shared_reader_env(tmp_path_factory)))


@pytest.fixture(scope="session")
def latex_dir(pdf_build):
    pdf = pdf_build.html / f"{PDF_NAME}.pdf"
    if pdf_build.returncode != 0 or not pdf.is_file():
        problems = [line for line in pdf_build.log.splitlines() if PROBLEM_LINE.search(line)]
        tail = "\n".join(problems[-20:] or pdf_build.log.splitlines()[-40:])
        pytest.fail(f"the PDF build failed (exit {pdf_build.returncode}); "
                    f"see test-artifacts/pdf-build.log:\n{tail}")
    return pdf_build.html


@pytest.fixture(scope="session")
def pdf_pages(latex_dir):
    """The PDF's text, one string per page (pdftotext, reading order)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(latex_dir / f"{PDF_NAME}.pdf"), "-"],
                         check=True, capture_output=True, text=True).stdout
    return out.split("\f")


@pytest.fixture(scope="session")
def tex(latex_dir):
    return (latex_dir / f"{PDF_NAME}.tex").read_text(encoding="utf-8")


SMART = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def flat(text):
    """Lower case, straight quotes, no whitespace or soft hyphens: compares text across line
    breaks and Sphinx's typographic quotes."""
    return re.sub(r"[\s\u00ad]+", "", text.translate(SMART)).lower()


def page_title(stem):
    """The first heading of a page in _toc.yml (its title in the table of contents)."""
    for suffix in (".md", ".ipynb"):
        path = ROOT / f"{stem}{suffix}"
        if path.is_file():
            break
    if path.suffix == ".ipynb":
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    heading = re.search(r"^# (.+)$", text, re.M).group(1)
    return re.sub(r"[*`]", "", heading).strip()


def tex_by_doc(tex):
    """Split the LaTeX body at each document's label: {docname: its LaTeX}."""
    marks = list(re.finditer(r"\\label\{\\detokenize\{([^}]*)::doc\}\}", tex))
    return {m.group(1): tex[m.end():(marks[i + 1].start() if i + 1 < len(marks) else None)]
            for i, m in enumerate(marks)}


def test_pdf_build_is_strict_and_reads_the_execution_cache(pdf_build, latex_dir):
    problems = [line for line in pdf_build.log.splitlines()
                if PROBLEM_LINE.search(line) and not KERNEL_START_NOTICE.match(line)]
    assert not problems, "the PDF build log reports problems:\n" + "\n".join(problems)
    # the HTML build's environment and execution cache are reused: a notebook is either not
    # read again at all ("0 changed") or read from the cache, never executed a second time
    executed = re.findall(r"(\S+\.ipynb): Execut(?:ing|ed) notebook", pdf_build.log)
    assert not executed, f"the PDF build executed notebooks again: {executed}"
    notebooks = [f for f in toc_files() if (ROOT / f"{f}.ipynb").is_file()]
    cached = re.findall(r"(\S+)\.ipynb: Using cached notebook", pdf_build.log)
    unchanged = re.search(r"updating environment: (?:\x1b\[[\d;]*m)?0 added, 0 changed",
                          pdf_build.log)
    assert unchanged or len(cached) == len(notebooks), pdf_build.log[:3000]
    assert (latex_dir / f"{PDF_NAME}.tex").is_file()  # a real target name, not projectnamenotset


def test_no_missing_characters(latex_dir):
    log = (latex_dir / f"{PDF_NAME}.log").read_text(encoding="utf-8", errors="replace")
    assert "Output written on" in log
    assert not missing_characters(log), "\n".join(missing_characters(log))


def test_no_unresolved_references(latex_dir, pdf_pages):
    log = (latex_dir / f"{PDF_NAME}.log").read_text(encoding="utf-8", errors="replace")
    undefined = re.findall(r"^LaTeX Warning: (?:Reference|Citation|Hyper reference) .*$"
                           r"|^LaTeX Warning: There were undefined references\.$", log, re.M)
    assert not undefined, "\n".join(undefined)
    unresolved = [i + 1 for i, page in enumerate(pdf_pages) if "??" in page]
    assert not unresolved, f"'??' (an unresolved reference) on PDF pages {unresolved}"


def test_title_page_contents_and_every_page_title(pdf_pages, latex_dir):
    title = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]
    assert flat(title) in flat(pdf_pages[0]), "the title page does not show the book's title"
    contents = next(i for i, p in enumerate(pdf_pages) if "CONTENTS" in p.upper())
    assert contents <= 3, "no table of contents near the front"
    everything = flat("".join(pdf_pages))
    toc = latex_dir / f"{PDF_NAME}.toc"
    toc_text = toc.read_text(encoding="utf-8").replace("\\sphinxhyphen{}", "-")
    missing = [stem for stem in toc_files()[1:] if flat(page_title(stem)) not in everything]
    assert not missing, f"page titles not in the PDF: {[page_title(s) for s in missing]}"
    # one numbering: the headings' own ("1. Taylor expansion", "1.2 ..."), none from LaTeX
    assert "\\numberline" not in toc_text, "LaTeX numbers chapters/sections on top of the headings'"
    for stem in toc_files():
        if stem.startswith("chapters/"):
            number = int(Path(stem).name[:2])
            assert page_title(stem).startswith(f"{number}. ")
            assert flat(page_title(stem)) in flat(toc_text)


def test_no_object_reprs(pdf_pages, tex):
    for text, where in [("".join(pdf_pages), "PDF text"), (tex, "LaTeX source")]:
        for bad in ("object at 0x", "<dlcalc.", "&lt;dlcalc."):
            assert bad not in text, f"{bad!r} in the {where}"


def test_every_figure_and_demo_picture_is_included(built_book, latex_dir, tex):
    """Per page: the HTML's images (figures and plots in _images/) and demo static views, against
    the LaTeX's included graphics and captioned demo pictures; every included file exists."""
    docs = tex_by_doc(tex)
    total = {"html": 0, "demos": 0}
    for stem in toc_files():
        page = (built_book / f"{stem}.html").read_text(encoding="utf-8")
        article = page[page.find('<article'):]
        html_images = len(re.findall(r'<img[^>]+src="[^"]*_images/', article))
        demos = article.count('class="dlcalc-static"')
        body = docs.get(stem, "")
        graphics = re.findall(r"\\sphinxincludegraphics(?:\[[^\]]*\])?\{\{([^}]*)\}([^}]*)\}", body)
        captions = len(re.findall(r"\\caption\{(?:[^{}]|\{\})*" + DEMO_CAPTION, body))
        assert len(graphics) == html_images + demos, (stem, len(graphics), html_images, demos)
        assert captions == demos, (stem, captions, demos)
        for name, ext in graphics:
            assert (latex_dir / f"{name}{ext}").is_file(), (stem, name + ext)
            assert ext in {".png", ".pdf", ".jpg"}, f"{stem}: {name}{ext} not converted for LaTeX"
        total["html"] += html_images
        total["demos"] += demos
    assert total["demos"] >= 11 and total["html"] >= 20, total
    # vector pictures (the demos' SVG as PDF) are not listed by pdfimages; the figures are
    figures = len(re.findall(r"\\begin\{figure\}", tex))
    assert figures >= total["demos"]


def test_check_cells_are_left_out(pdf_pages):
    """Folded check cells (tag hide-input) print nothing: none of their lines is in the PDF,
    unless the same line is also in a visible cell."""
    text = flat("".join(pdf_pages))
    checked = 0
    for stem in toc_files():
        path = ROOT / f"{stem}.ipynb"
        if not path.is_file():
            continue
        cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        shown = {line.strip() for c in cells if "hide-input" not in c.metadata.get("tags", [])
                 for line in c.source.splitlines()}
        for c in cells:
            if "hide-input" not in c.metadata.get("tags", []):
                continue
            lines = [ln.strip() for ln in c.source.splitlines()
                     if ln.strip().startswith("assert ") and ln.strip() not in shown]
            for line in lines[:1]:
                checked += 1
                assert flat(line) not in text, f"{stem}: a folded check is printed: {line}"
    assert checked >= 30, checked


def test_glossary_chinese_terms_are_text(pdf_pages):
    rows = [r for r in (ROOT / "glossary.md").read_text(encoding="utf-8").splitlines()
            if r.startswith("|") and CJK.search(r)]
    terms = [t for r in rows for t in CJK.findall(r.split("|")[2])]
    assert len(terms) >= 20, terms
    glossary = flat("".join(p for p in pdf_pages))
    missing = [t for t in terms if t not in glossary]
    assert not missing, f"Chinese terms not found as text in the PDF: {missing}"


def test_text_and_code_stay_inside_the_page(latex_dir, tmp_path):
    """No word (prose, code, formula) reaches into the outer margin: long code lines wrap and
    pictures are scaled to the text width. Measured with pdftotext's word boxes."""
    out = tmp_path / "words.html"
    subprocess.run(["pdftotext", "-bbox", str(latex_dir / f"{PDF_NAME}.pdf"), str(out)],
                   check=True, capture_output=True)
    pages = out.read_text(encoding="utf-8").split("<page ")[1:]
    outside = []
    for number, page in enumerate(pages, 1):
        width = float(re.match(r'width="([\d.]+)"', page).group(1))
        for x0, x1, word in re.findall(WORD_BOX, page):
            # the text block is 72-540 pt on letter paper (1-inch margins): 6 pt of slack
            if float(x1) > width - 66 or float(x0) < 66:
                outside.append(f"page {number}: {word} ({float(x0):.0f}-{float(x1):.0f} pt)")
    assert not outside, "words in the outer margin:\n" + "\n".join(outside[:20])


def test_page_images_of_chapter_one(latex_dir, pdf_pages):
    """Page images of chapter 1 (math, figures, demo strips, code) for a human to look at, and
    the PDF itself, in test-artifacts/."""
    first = page_title("chapters/01_taylor").upper()
    second = page_title("chapters/02_jacobians_backprop").upper()
    starts = [i for i, p in enumerate(pdf_pages) if flat(first) in flat(p.upper())
              and "CONTENTS" not in p.upper()]
    start = starts[0]
    end = next(i for i, p in enumerate(pdf_pages) if i > start and flat(second) in flat(p.upper()))
    assert 4 <= end - start <= 40, (start, end)
    if PAGES_DIR.exists():
        shutil.rmtree(PAGES_DIR)
    PAGES_DIR.mkdir(parents=True)
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", str(start + 1), "-l", str(end),
                    str(latex_dir / f"{PDF_NAME}.pdf"), str(PAGES_DIR / "chapter01")],
                   check=True, capture_output=True)
    images = sorted(PAGES_DIR.glob("chapter01-*.png"))
    assert len(images) == end - start
    assert all(p.stat().st_size > 10_000 for p in images)
    shutil.copyfile(latex_dir / f"{PDF_NAME}.pdf", ARTIFACTS / f"{PDF_NAME}.pdf")
    chapter = flat("".join(pdf_pages[start:end]))
    assert DEMO_CAPTION.replace(" ", "") in chapter  # a demo strip is on these pages


def test_html_links_the_pdf_only_when_it_was_built(latex_dir, tmp_path):
    """A one-page book built with the book's extensions: no link without a PDF next to the
    HTML output; after the real PDF is put there, the next (incremental) HTML build of the same
    folder has a download link on the root page and the file."""
    book = tmp_path / "book"
    book.mkdir()
    (book / "intro.md").write_text("# A one-page book\n\nSome text.\n", encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    (book / "_config.yml").write_text(yaml.safe_dump({
        "title": "One page", "execute": {"execute_notebooks": "off"},
        "sphinx": {"local_extensions": {"curvature_latex": str(ROOT / "_ext")}},
    }), encoding="utf-8")
    dest = tmp_path / "out"
    without = build_book(dest, reader=None, source=book)
    assert without.returncode == 0, without.log[-2000:]
    # the root page (index.html only redirects to it)
    assert PDF_NAME + ".pdf" not in (without.html / "intro.html").read_text(encoding="utf-8")
    assert not (without.html / f"{PDF_NAME}.pdf").exists()
    (dest / "_build" / "latex").mkdir(parents=True)
    shutil.copyfile(latex_dir / f"{PDF_NAME}.pdf", dest / "_build" / "latex" / f"{PDF_NAME}.pdf")
    with_pdf = build_book(dest, reader=None, source=book)
    assert with_pdf.returncode == 0, with_pdf.log[-2000:]
    root = (with_pdf.html / "intro.html").read_text(encoding="utf-8")
    assert f'href="{PDF_NAME}.pdf"' in root and "Download the PDF edition" in root
    copied = with_pdf.html / f"{PDF_NAME}.pdf"
    assert copied.read_bytes() == (latex_dir / f"{PDF_NAME}.pdf").read_bytes()
