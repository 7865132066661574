"""A small Sphinx extension for the book's HTML.

1. Every inline script appears once per page. Sphinx 7.4 registers an inline (body-only) script
   added after the builder started twice: once with ``filename=None`` and again, while preparing
   to write, with ``filename=''``; the two do not compare equal, so both are written.
   sphinx-thebe adds ``const THEBE_JS_URL = ...`` that way, and a second ``const`` declaration
   is a SyntaxError in the browser console on every page. This handler runs after the other
   ``html-page-context`` handlers and keeps the first of each identical script.
2. Citation anchors for plain Markdown links. The notebooks cite as
   ``[Goodfellow et al., 2016](../bibliography.md#cite-goodfellow2016deep)`` (readable in
   JupyterLab and Colab, where no ``{cite}`` role renders). sphinxcontrib-bibtex gives each entry
   the id ``cite-<key>`` (``bibtex_cite_id`` in _config.yml), but MyST checks a link's
   ``#fragment`` against the target page's heading anchors only; this registers the entry ids
   as anchors of the page that holds the bibliography, so such links resolve (and a misspelt key
   still fails the strict build).
3. Accessible names that match what is shown (axe-core, serious and critical rules). Docutils
   writes the citation list as ``<div role="list">`` holding ``role="doc-biblioentry"`` entries
   (a role DPUB-ARIA 1.1 deprecates): a list must hold list items. myst-nb's folded cells have
   ``<summary aria-label="Toggle hidden content">`` around a visible label such as "Checked:
   show the check": the name must contain the visible text, so the summary is named by it.
   (The theme's search field and colour switch: templates in _ext/templates.)
"""

CITE_PREFIX = "cite-"


def _script_key(script):
    filename = getattr(script, "filename", script) or ""
    attributes = getattr(script, "attributes", {}) or {}
    return (filename, tuple(sorted((k, str(v)) for k, v in attributes.items())))


def drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen = set()
    unique = []
    for script in scripts:
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


ACCESSIBLE_BODY = [
    ('role="doc-biblioentry"', 'role="listitem"'),
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
]


def accessible_names(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if isinstance(body, str):
        for old, new in ACCESSIBLE_BODY:
            body = body.replace(old, new)
        context["body"] = body


def register_citation_anchors(app, doctree):
    ids = sorted(i for i in doctree.ids if i.startswith(CITE_PREFIX))
    if not ids:
        return
    slugs = app.env.metadata[app.env.docname].setdefault("myst_slugs", {})
    for anchor in ids:
        # myst-parser's slug table: slug -> (heading level, target id, implicit link text)
        slugs.setdefault(anchor, (0, anchor, anchor[len(CITE_PREFIX):]))


def setup(app):
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    app.connect("html-page-context", accessible_names)
    app.connect("doctree-read", register_citation_anchors)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
