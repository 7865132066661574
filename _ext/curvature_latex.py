"""A small Sphinx extension for the book's PDF edition (``make pdf``: the pdflatex builder).

1. LaTeX settings (added when the configuration is read, so _config.yml stays short):
   - one numbering: the headings carry their hand-written numbers ("1. Taylor expansion",
     "1.2 ..."), the same in the HTML book, the notebooks and the PDF, so LaTeX's own chapter
     and section numbers are switched off (``secnumdepth`` -2, parts unnumbered too) and
     figures and equations are numbered through the book (1, 2, 3 ...: no "0.3" from an
     unnumbered chapter counter);
   - the glossary's Chinese terms: ``xeCJK`` with Noto CJK fonts (Debian's fonts-noto-cjk);
     code in DejaVu Sans Mono, which has every character the outputs print;
   - the API index made with makeindex (xindy is not part of Debian's TeX packages above);
   - figures stay where the text refers to them (``H``) and are at most the text width
     (Sphinx scales larger pictures down); code lines wrap (Sphinx's ``verbatimwrapslines``).
   Folded check cells (tag ``hide-input``) are already left out of LaTeX by
   sphinx-jupyterbook-latex; they produce no output, so nothing of them is printed. A folded
   cell with a figure (``hide-cell``) prints the figure without the code.
2. Demo pictures get a caption. A demo's output offers ``image/svg+xml`` for print (a grid of
   frames of its static view; _config.yml's ``nb_mime_priority_overrides`` picks it for LaTeX);
   its ``<title>`` is the demo's title and its ``<desc>`` the frames' alt text. For LaTeX the
   picture becomes a figure whose caption names the demo and says where it is interactive, and
   whose alt text is the ``<desc>``.
3. The HTML book links the PDF only when it was built: if ``<build>/latex/curvature.pdf`` exists
   (next to ``<build>/html``) when the HTML is written, it is copied into the HTML output and
   the root page gets a download link; otherwise nothing is added (the root page is written
   again in every HTML build, so an incremental ``make book`` follows the PDF too).
"""

import html
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import texescape

PDF_NAME = "curvature.pdf"
BBM_STUB = Path(__file__).resolve().parent / "latex" / "bbm.sty"
DEMO_DESC = "Frames of an interactive demo"
CAPTION = "{title}: frames of an interactive demo, which runs in the HTML book and the notebook."

PREAMBLE = r"""
% --- curvature_latex: one numbering (the headings' own), Chinese terms ---
\setcounter{secnumdepth}{-2}
\renewcommand{\thefigure}{\arabic{figure}}
\renewcommand{\thetable}{\arabic{table}}
\renewcommand{\theequation}{\arabic{equation}}
\usepackage{xeCJK}
\setCJKmainfont{Noto Serif CJK SC}
\setCJKsansfont{Noto Sans CJK SC}
\setCJKmonofont{Noto Sans Mono CJK SC}
% quotes, apostrophes, dashes and ellipses stay Western (xeCJK would set them full-width)
\xeCJKDeclareCharClass{Default}{"2013, "2014, "2018, "2019, "201C, "201D, "2026}
% the bibliography page has its own heading: the list under it gets none (nor a second
% table-of-contents line)
\makeatletter
\renewenvironment{sphinxthebibliography}[1]
  {\def\chapter##1##2{}\begin{thebibliography}{#1}}{\end{thebibliography}}
\makeatother
% --- end curvature_latex ---
"""


# Sphinx's xelatex fonts (FreeSerif, FreeSans: Debian's fonts-freefont-otf), but code in DejaVu
# Sans Mono (fonts-dejavu-core): FreeMono lacks characters the outputs print, such as the
# modifier letters in "vᵢ" and "Jᵀ".
FONTS = r"""
\setmainfont{FreeSerif}[Extension = .otf, UprightFont = *, ItalicFont = *Italic,
  BoldFont = *Bold, BoldItalicFont = *BoldItalic]
\setsansfont{FreeSans}[Extension = .otf, UprightFont = *, ItalicFont = *Oblique,
  BoldFont = *Bold, BoldItalicFont = *BoldOblique]
\setmonofont{DejaVu Sans Mono}[Scale = MatchLowercase]
"""


def latex_settings(app, config):
    elements = config.latex_elements
    elements["preamble"] = elements.get("preamble", "") + PREAMBLE
    elements.setdefault("fontpkg", FONTS)
    elements.setdefault("figure_align", "H")
    elements.setdefault("sphinxsetup", "verbatimwrapslines=true, verbatimforcewraps=true")
    # makeindex (TeX Live's own) for the API index instead of xindy (another Debian package)
    config.latex_use_xindy = False
    # jupyterBook.cls loads bbm (texlive-fonts-extra, 500 MB): a stand-in from _ext/latex
    config.latex_additional_files = [*config.latex_additional_files, str(BBM_STUB)]
    # the secnumdepth Sphinx writes itself (after the preamble) must not undo the one above
    elements["secnumdepth"] = r"\setcounter{secnumdepth}{-2}"


_SVG_TEXT = re.compile(r"<(title|desc)>(.*?)</\1>", re.S)


def demo_picture_texts(path):
    """Return (title, desc) of a demo's print picture, or None when ``path`` is not one."""
    try:
        head = Path(path).read_text(encoding="utf-8", errors="replace")[:20000]
    except OSError:
        return None
    found = {}
    for tag, text in _SVG_TEXT.findall(head):
        found.setdefault(tag, html.unescape(text).strip())
    if not found.get("desc", "").startswith(DEMO_DESC) or not found.get("title"):
        return None
    return found["title"], found["desc"]


class CaptionDemoPictures(SphinxPostTransform):
    """Wrap each demo picture (an SVG output of a cell) in a captioned figure, for LaTeX."""

    default_priority = 150  # before sphinx.ext.imgconverter / rsvgconverter (priority 200)
    builders = ("latex",)

    def run(self, **kwargs):
        for image in list(self.document.findall(nodes.image)):
            uri = image.get("uri", "")
            if not uri.endswith(".svg") or isinstance(image.parent, nodes.figure):
                continue
            path = Path(uri) if Path(uri).is_absolute() else Path(self.app.srcdir) / uri
            texts = demo_picture_texts(path)
            if texts is None:
                continue
            title, desc = texts
            image["alt"] = desc
            figure = nodes.figure("", classes=["curvature-demo"])
            figure["align"] = "center"
            image.replace_self(figure)
            figure += image
            figure += nodes.caption("", CAPTION.format(title=title))


class PrintFoldedCellOutputs(SphinxPostTransform):
    """A folded cell (tag ``hide-cell``: its code and its figure behind one fold in the HTML)
    prints its output without its code, like a check cell's ``hide-input``; left alone,
    sphinx-jupyterbook-latex would drop the whole cell and its figure from the PDF."""

    default_priority = 390  # before sphinx-jupyterbook-latex's MystNbPostTransform (400)
    builders = ("latex",)

    def run(self, **kwargs):
        for cell in self.document.findall(nodes.container):
            classes = cell["classes"]
            if "tag_hide-cell" in classes:
                classes[classes.index("tag_hide-cell")] = "tag_hide-input"


_CITE_LINK = re.compile(r"[#:](cite-[^#:\s]+)$")


class CitationLinks(SphinxPostTransform):
    """The notebooks' citations are plain links to ``bibliography.md#cite-<key>``; in LaTeX an
    entry is a hyperlink target ``cite.<doc>:cite-<key>`` (not a label), so point them there."""

    default_priority = 150
    builders = ("latex",)

    def run(self, **kwargs):
        entries = {}
        for citation in self.document.findall(nodes.citation):
            for ident in citation["ids"]:
                if ident.startswith("cite-"):
                    entries[ident] = citation.get("docname") or self.app.config.root_doc
        for ref in list(self.document.findall(nodes.reference)):
            m = _CITE_LINK.search(ref.get("refuri", "") or "#" + ref.get("refid", ""))
            if not m or m.group(1) not in entries:
                continue
            target = f"cite.{entries[m.group(1)]}:{m.group(1)}"
            text = texescape.escape(ref.astext())
            ref.replace_self(nodes.raw("", rf"\hyperlink{{{target}}}{{{text}}}", format="latex"))


def _pdf_path(app):
    return Path(app.outdir).parent / "latex" / PDF_NAME


def link_pdf(app, pagename, templatename, context, doctree):
    if app.builder.format != "html" or pagename != app.config.root_doc:
        return
    if not _pdf_path(app).is_file() or not isinstance(context.get("body"), str):
        return
    link = (
        '<p class="curvature-pdf"><a class="reference download" href="'
        f'{PDF_NAME}" download>Download the PDF edition of the book</a> '
        "(the demos as printed frames; the checks left out).</p>"
    )
    body = context["body"]
    end = body.find("</h1>")  # under the page's title
    at = end + len("</h1>") if end >= 0 else 0
    context["body"] = body[:at] + link + body[at:]


def root_page_outdated(app, env, added, changed, removed):
    """Write the root page again in every HTML build, so that its PDF link follows whether the
    PDF exists now, also in an incremental build made before or after ``make pdf``."""
    if app.builder.format == "html" and app.config.root_doc in env.found_docs:
        return [app.config.root_doc]
    return []


def copy_pdf(app, exception):
    if exception is None and app.builder.format == "html" and _pdf_path(app).is_file():
        shutil.copyfile(_pdf_path(app), Path(app.outdir) / PDF_NAME)


def setup(app):
    app.connect("config-inited", latex_settings, priority=400)
    app.add_post_transform(CaptionDemoPictures)
    app.add_post_transform(CitationLinks)
    app.add_post_transform(PrintFoldedCellOutputs)
    app.connect("env-get-outdated", root_page_outdated)
    app.connect("html-page-context", link_pdf)
    app.connect("build-finished", copy_pdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
