"""A small Sphinx extension for the book's HTML: every inline script appears once per page.

Sphinx 7.4 registers an inline (body-only) script added after the builder started twice: once
with ``filename=None`` and again, while preparing to write, with ``filename=''``; the two do not
compare equal, so both are written. sphinx-thebe adds ``const THEBE_JS_URL = ...`` that way, and a
second ``const`` declaration is a SyntaxError in the browser console on every page. This handler
runs after the other ``html-page-context`` handlers and keeps the first of each identical script.
"""


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


def setup(app):
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
