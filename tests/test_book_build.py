"""The book builds strictly (no warning, no failing cell) and its HTML needs no network.

The build itself is the ``book_build`` fixture (tests/conftest.py, tests/strict_build.py):
``jupyter-book build`` with ``-W --keep-going`` into a temporary folder, every notebook executed
once, in the kernel of the reader's environment (requirements.txt alone, as on Binder), into a
fresh execution cache.
"""

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from strict_build import ROOT, test_config, toc_files

PROBLEM_LINE = re.compile(r"WARNING|ERROR|CRITICAL|Executing notebook failed|Traceback")
# Printed by ipykernel 7 itself at every kernel start (jupyter_client provisions no CurveZMQ
# keys for local kernels): a notice about the kernel's transport, not about the book.
KERNEL_START_NOTICE = re.compile(
    r"^\[IPKernelApp\] WARNING \| Kernel is running over TCP without encryption\."
)
EXTERNAL = re.compile(r"^(https?:)?//", re.I)


class AssetParser(HTMLParser):
    """Collect what a page loads: script sources, link hrefs (styles, icons) and media sources."""

    def __init__(self):
        super().__init__()
        self.loads = []  # (tag, attribute, url)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.loads.append((tag, "src", attrs["src"]))
        elif tag == "link" and attrs.get("href"):
            rel = (attrs.get("rel") or "").lower()
            if rel not in {"index", "search", "next", "prev", "canonical"}:
                self.loads.append((tag, "href", attrs["href"]))
        elif tag in {"img", "iframe", "source", "audio", "video", "embed"} and attrs.get("src"):
            self.loads.append((tag, "src", attrs["src"]))


def page_loads(page):
    parser = AssetParser()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.loads


def html_pages(html_dir):
    return sorted(p for p in html_dir.rglob("*.html") if "_static" not in p.parts)


def test_strict_build_has_no_warnings_or_errors(book_build):
    problems = [
        line
        for line in book_build.log.splitlines()
        if PROBLEM_LINE.search(line) and not KERNEL_START_NOTICE.match(line)
    ]
    assert book_build.returncode == 0, (
        f"jupyter-book build -W --keep-going exited {book_build.returncode}:\n"
        + "\n".join(problems or book_build.log.splitlines()[-30:])
    )
    assert not problems, "the build log reports problems:\n" + "\n".join(problems)
    assert "build succeeded" in book_build.log
    assert (book_build.html / "index.html").is_file()


def test_every_toc_page_is_built(built_book):
    missing = [f for f in toc_files() if not (built_book / f"{f}.html").is_file()]
    assert not missing, f"pages in _toc.yml with no HTML: {missing}"


def test_no_page_loads_anything_from_the_network(built_book):
    pages = html_pages(built_book)
    assert len(pages) >= len(toc_files())
    external = []
    for page in pages:
        for tag, attr, url in page_loads(page):
            url = url.strip()
            if url.startswith("data:"):
                continue  # inline content (e.g. a figure's PNG), nothing to fetch
            if EXTERNAL.match(url) or "cdn" in url.lower():
                external.append(f"{page.relative_to(built_book)}: <{tag} {attr}={url!r}>")
    assert not external, "built pages load from the network:\n" + "\n".join(external)


def test_every_local_asset_a_page_loads_exists(built_book):
    missing = []
    for page in html_pages(built_book):
        for tag, attr, url in page_loads(page):
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//") or not parts.path:
                continue  # external (reported by the test above) or same-page anchor
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                missing.append(f"{page.relative_to(built_book)}: <{tag} {attr}={url!r}>")
    assert not missing, "pages load files that are not in the build:\n" + "\n".join(missing)


def test_mathjax_is_served_locally(built_book):
    mathjax = built_book / "_static" / "mathjax" / "tex-chtml.js"
    assert mathjax.is_file(), "MathJax was not copied into the build (sphinx-mathjax-offline)"
    fonts = list((built_book / "_static" / "mathjax").rglob("*.woff*"))
    assert fonts, "MathJax's fonts were not copied into the build"
    # Pages with math load that copy (and nothing else can typeset their math offline).
    for name in ["notation.html", "glossary.html"]:
        page = built_book / name
        srcs = [urlsplit(u).path for tag, _, u in page_loads(page) if tag == "script"]
        local = [u for u in srcs if u.endswith("_static/mathjax/tex-chtml.js")]
        assert local, f"{name} does not load the local MathJax; scripts: {srcs}"


def test_widget_javascript_is_vendored_not_from_a_cdn(built_book):
    static = built_book / "_static"
    assert (static / "requirejs" / "require.js").is_file()
    assert (static / "html-manager" / "dist" / "embed-amd.js").is_file()
    for page in html_pages(built_book):
        text = page.read_text(encoding="utf-8")
        if "application/vnd.jupyter.widget-state+json" in text:
            srcs = [urlsplit(u).path for tag, _, u in page_loads(page) if tag == "script"]
            assert any(u.endswith("_static/html-manager/dist/embed-amd.js") for u in srcs), page
            assert any(u.endswith("_static/requirejs/require.js") for u in srcs), page


def test_each_page_declares_the_thebe_config_once(built_book):
    twice = [
        str(page.relative_to(built_book))
        for page in html_pages(built_book)
        if page.read_text(encoding="utf-8").count("const THEBE_JS_URL") > 1
    ]
    assert not twice, f"pages that declare THEBE_JS_URL twice (a console error): {twice}"


def test_footer_and_title(built_book):
    index = (built_book / "index.html").read_text(encoding="utf-8")
    assert 'url=intro.html"' in index, "index.html should redirect to the first page"
    intro = (built_book / "intro.html").read_text(encoding="utf-8")
    assert "Curvature: the second-order view of deep-learning optimization" in intro
    assert "© Copyright 2026" in intro and "Copyright 2023" not in intro
    assert "mybinder.org" in (built_book / "chapters" / "01_taylor.html").read_text(
        encoding="utf-8"
    ), "chapter pages should offer a Binder launch button"


def test_bibliography_lists_every_reference_with_an_anchor(built_book):
    """The bibliography page shows every entry of references.bib, each with the id cite-<key>
    that the notebooks' plain Markdown citations link to."""
    sys.path.insert(0, str(ROOT / "_ext"))
    from normalize_notebooks import read_bib  # the parser the notebooks' citations come from

    page = (built_book / "bibliography.html").read_text(encoding="utf-8")
    entries = read_bib(ROOT / "references.bib")
    assert entries
    missing = [k for k in entries if f'id="cite-{k.lower()}"' not in page]
    assert not missing, f"entries without an anchor on the bibliography page: {missing}"
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split()).lower()
    for key, fields in entries.items():
        title = " ".join(re.sub(r"[{}]", "", fields["title"]).split()).split(":")[0]
        assert title.lower() in text, f"{key}: {title!r} missing from the bibliography page"


def test_citation_links_reach_an_entry(built_book):
    """Every link to the bibliography from a built page names an entry that exists there."""
    anchors = set(re.findall(r'id="(cite-[^"]+)"',
                             (built_book / "bibliography.html").read_text(encoding="utf-8")))
    bad = []
    for page in html_pages(built_book):
        for frag in re.findall(r'href="[^"#]*bibliography\.html#([^"]+)"',
                               page.read_text(encoding="utf-8")):
            if frag not in anchors:
                bad.append(f"{page.relative_to(built_book)}: #{frag}")
    assert not bad, "links to bibliography entries that do not exist:\n" + "\n".join(bad)


def test_the_test_build_differs_from_the_book_only_in_where_it_executes(tmp_path):
    """The test build uses the book's own settings; its cache is new for each run (so a change
    in lib/ is never hidden by a cached output) and every notebook runs exactly once."""
    built = yaml.safe_load(test_config(tmp_path).read_text(encoding="utf-8"))
    original = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert built["execute"]["execute_notebooks"] == "cache"
    assert not original["execute"].get("allow_errors", False)
    assert "cache" not in built["execute"], "the cache must live in the run's fresh _build/"
    for name, folder in original["sphinx"].get("local_extensions", {}).items():
        assert Path(built["sphinx"]["local_extensions"][name]) == (ROOT / folder).resolve()
        built["sphinx"]["local_extensions"][name] = folder
    built["execute"]["execute_notebooks"] = original["execute"]["execute_notebooks"]
    assert built == original, "the test build must differ from _config.yml only in execution"


def test_every_notebook_is_executed_exactly_once(book_build):
    notebooks = [f for f in toc_files() if (ROOT / f"{f}.ipynb").is_file()]
    assert notebooks
    log = book_build.log
    counts = {f: len(re.findall(rf"{re.escape(f)}\.ipynb: Executing notebook", log))
              for f in notebooks}
    assert all(n == 1 for n in counts.values()), f"executions per notebook: {counts}"
    assert "Using cached notebook" not in log, "the test build must start from an empty cache"


def test_config_keeps_vendored_assets_out_of_static():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert not (ROOT / "_static").exists() or not any(
        p.suffix in {".js", ".css"} for p in (ROOT / "_static").rglob("*")
    ), "jupyter-book injects every .js/.css under _static/ into every page"
    sphinx = config["sphinx"]["config"]
    assert "_vendor" in sphinx["html_static_path"]
    for path in sphinx["nb_ipywidgets_js"]:
        assert not EXTERNAL.match(path), f"widget script {path} would come from the network"
        folders = [ROOT / folder for folder in sphinx["html_static_path"]]
        assert any((folder / path).is_file() for folder in folders), (
            f"{path} is in none of {sphinx['html_static_path']} (run `make vendor`)"
        )


def test_no_page_shows_an_error_or_stderr_output(built_book):
    """An exception in a display hook (say a figure label Matplotlib cannot parse) leaves an error
    output without failing the cell; stderr output is a warning the build must not hide."""
    assert yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["execute"][
        "stderr_output"] == "warn"
    bad = [f"{page.relative_to(built_book)}: {kind}" for page in html_pages(built_book)
           for kind in re.findall(r'class="[^"]*\boutput (traceback|stderr)\b',
                                  page.read_text(encoding="utf-8"))]
    assert not bad, "pages show error or stderr outputs:\n" + "\n".join(bad)


class ImageParser(HTMLParser):
    """Collect the alt text of every <img>."""

    def __init__(self):
        super().__init__()
        self.alts = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.alts.append(dict(attrs).get("alt") or "")


def test_every_chapter_figure_has_alt_text(built_book):
    bad = []
    for page in sorted((built_book / "chapters").glob("*.html")):
        parser = ImageParser()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.alts, f"{page.name} shows no image"
        bad += [f"{page.name}: alt={alt!r}" for alt in parser.alts
                if not alt.strip() or alt.lstrip().startswith("<Figure")]
    assert not bad, "images without a description:\n" + "\n".join(bad)
