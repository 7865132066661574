#!/usr/bin/env python3
"""Apply the book's notebook conventions (COORD/issue 16) to chapters/ and exercises/ notebooks.

Run from anywhere, with the project's venv:

    .venv/bin/python _ext/normalize_notebooks.py chapters/03_hessian_curvature.ipynb  # rewrite
    .venv/bin/python _ext/normalize_notebooks.py --check     # every notebook; writes nothing

Without paths it takes every chapters/*.ipynb and exercises/*.ipynb. It is idempotent (a second
run changes nothing). It rewrites, mechanically:

- **check cells fold**: a code cell made only of checks (``assert``, ``np.testing.*`` or any
  ``assert_*`` call, with the assignments, loops and helper functions they need, and no output
  of its own) gets the ``hide-input`` tag, ``metadata.jupyter.source_hidden = true`` and the
  per-cell prompts ``metadata.mystnb.code_prompt_show/hide``; a cell an author already tagged
  ``hide-input`` that holds checks gets the same prompts;
- **syllabus IDs leave the reader's text**: ``(T1, T2)``, ``(**L1**)``, a leading ``**C1**``
  bullet label and ``*Concepts:* T1, T2.`` are removed from markdown prose; an ID that then has
  no ``<!-- ID -->`` marker anywhere in the notebook gets one in its place (one ID per comment);
- **citations and cross-references become plain Markdown** (read the same in JupyterLab, Colab
  and the book): ``{cite}`key``` / ``{cite:p}`` ->
  ``([Goodfellow et al., 2016](../bibliography.md#cite-key))``,
  ``{cite:t}`` -> ``[Goodfellow et al. (2016)](...)``; "Cohen et al. {cite}`key`" keeps the
  names once; ``{doc}`target``` and ``{doc}`text <target>``` -> ``[Title](target.ipynb)``;
- backtick-fenced admonitions (``{admonition}``, ``{tip}``, ...) become colon fences, which
  plain Jupyter and Colab show as text rather than as a code block;
- optional depth in ``<details>`` HTML that holds math becomes a ``:::{dropdown}`` (math inside
  ``<details>`` stays raw TeX in JupyterLab); an answer stays in ``<details>`` (noted).

It reports, without rewriting (exit status 1 with ``--check`` and in write mode), what needs an
author: a cell that mixes checks with output or illustrative code (split it, or fold it yourself
with the ``hide-input`` tag), a check tagged to be skipped, a dropdown that holds an answer
(use ``<details><summary>...</summary> ... </details>``), other MyST roles (``{ref}``,
``{numref}``, ``{eq}``, ``{term}``...), unknown citation keys or ``{doc}`` targets, and syllabus
IDs left in the text in another form. Notes (``note:``, not failures) list folded checks whose
names later cells use.
"""

import argparse
import ast
import json
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "references.bib"
BIBLIOGRAPHY = ROOT / "bibliography.md"
PROMPT_SHOW = "✓ Checked: show the check"
PROMPT_HIDE = "Hide the check"
ID = r"[A-Z][1-9]"
ADMONITIONS = (
    "admonition|note|tip|hint|important|warning|caution|attention|danger|error|seealso|dropdown"
)
# A fenced directive among ADMONITIONS: fence, name, argument line, body (``fence`` filled in).
DIRECTIVE = (
    r"(?ms)^(?P<f>{fence})\{{(?P<name>" + ADMONITIONS + r")\}}(?P<arg>[^\n]*)\n"
    r"(?P<body>.*?)^(?P=f)[ \t]*$"
)

ANSWER = re.compile(r"(?i)\b(answers?|solutions?|check yourself)\b")
DETAILS = re.compile(
    r"(?ms)^<details>[ \t]*\n[ \t]*<summary>(?P<summary>.*?)</summary>[ \t]*\n"
    r"(?P<body>.*?)^</details>[ \t]*$"
)

# --------------------------------------------------------------------------- bibliography


def _braced(text, start):
    """Return the text inside the brace group opening at ``text[start] == "{"`` and its end."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[start + 1 : i], i + 1
    raise ValueError("unbalanced braces in references.bib")


def read_bib(path=BIB):
    """Return ``{key: {"author": ..., "year": ...}}`` for every entry of a BibTeX file."""
    text = Path(path).read_text(encoding="utf-8")
    entries = {}
    for m in re.finditer(r"@\w+\s*\{\s*([^,\s]+)\s*,", text):
        body, _ = _braced(text, text.index("{", m.start()))
        fields = {}
        for f in re.finditer(r"(\w+)\s*=\s*", body):
            rest = body[f.end() :]
            if rest.startswith("{"):
                value, _ = _braced(rest, 0)
            else:
                value = re.match(r'"([^"]*)"|([^,\s]+)', rest).group(0).strip('"')
            fields.setdefault(f.group(1).lower(), value)
        entries[m.group(1)] = fields
    return entries


def surnames(authors):
    names = []
    for person in re.split(r"\s+and\s+", authors.strip()):
        person = person.replace("{", "").replace("}", "").strip()
        names.append(person.split(",")[0].strip() if "," in person else person.split()[-1])
    return names


def author_label(entry):
    names = surnames(entry.get("author") or entry.get("editor") or "Anonymous")
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


# --------------------------------------------------------------------------- markdown helpers

# Regions of a markdown cell that hold no prose: code fences (not directive fences, whose body
# is prose), math, inline code and HTML comments.
PROTECTED = re.compile(
    r"(?ms)^(?P<fence>`{3,}|~{3,})(?!\s*\{)[^\n]*\n.*?^(?P=fence)[ \t]*$"
    r"|\$\$.*?\$\$"
    r"|(?<![\\$])\$(?!\s)(?:\\.|[^$\\])+?(?<!\s)\$"
    r"|`[^`\n]+`"
    r"|<!--.*?-->"
)


def map_prose(text, fn):
    """Apply ``fn`` to the prose parts of ``text`` (outside PROTECTED regions)."""
    out, pos = [], 0
    for m in PROTECTED.finditer(text):
        out.append(fn(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(fn(text[pos:]))
    return "".join(out)


def relative_link(notebook, path):
    """The path of ``path`` relative to the notebook's folder, with forward slashes."""
    import os

    return Path(os.path.relpath(path, notebook.parent)).as_posix()


def page_title(path):
    if path.suffix == ".ipynb":
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    m = re.search(r"^# (.+)$", text, re.M)
    return m.group(1).strip() if m else path.stem


class Normaliser:
    """Normalise one notebook; collect what changed and what an author must fix."""

    def __init__(self, path, bib, root=ROOT):
        self.path = Path(path).resolve()
        self.bib = bib
        self.root = Path(root).resolve()
        self.problems = []  # an author must fix these
        self.notes = []  # worth knowing; not failures
        self.changes = []

    def rel(self):
        try:
            return self.path.relative_to(self.root).as_posix()
        except ValueError:
            return str(self.path)

    # ---------------------------------------------------------------- roles

    def cite(self, role, keys, before):
        links, unknown = [], []
        target = relative_link(self.path, self.root / BIBLIOGRAPHY.name)
        for key in [k.strip() for k in keys.split(",") if k.strip()]:
            if key not in self.bib:
                unknown.append(key)
                continue
            who, year = author_label(self.bib[key]), self.bib[key].get("year", "n.d.")
            links.append((who, year, f"{target}#cite-{key.lower()}"))
        if unknown:
            return None, f"unknown citation key(s) {unknown} (not in references.bib)"
        if role == "t":
            return "; ".join(f"[{w} ({y})]({u})" for w, y, u in links), None
        if len(links) == 1 and before.rstrip().endswith(links[0][0]):
            # "Cohen et al. {cite}`cohen2021gradient`": the names are already in the sentence
            return f"([{links[0][1]}]({links[0][2]}))", None
        inner = "; ".join(f"[{w}, {y}]({u})" for w, y, u in links)
        paragraph = re.split(r"\n\s*\n", before)[-1]
        if paragraph.count("(") > paragraph.count(")"):
            return inner, None  # already inside parentheses: "(`grad_table` in {cite}`k`, ...)"
        return f"({inner})", None

    def doc(self, content):
        m = re.fullmatch(r"\s*(.*?)\s*<([^<>]+)>\s*", content, re.S)
        text, target = (m.group(1), m.group(2)) if m else (None, content.strip())
        base = self.root if target.startswith("/") else self.path.parent
        stem = (base / target.lstrip("/")).resolve()
        for suffix in (".ipynb", ".md"):
            candidate = stem.with_name(stem.name + suffix) if stem.suffix != suffix else stem
            if candidate.is_file():
                return f"[{text or page_title(candidate)}]({relative_link(self.path, candidate)})"
        return None

    def convert_roles(self, text, where):
        def cite(m):
            result, problem = self.cite(m.group(1) or "p", m.group(2), text[: m.start()])
            if problem:
                self.problems.append(f"{where}: {problem}")
                return m.group(0)
            return result

        text = re.sub(r"\{cite(?::(p|t|ps|ts|author|year))?\}`([^`]+)`", cite, text)

        def doc(m):
            link = self.doc(m.group(1))
            if link is None:
                self.problems.append(f"{where}: {{doc}}`{m.group(1)}`: no such .ipynb or .md")
                return m.group(0)
            return link

        text = re.sub(r"\{doc\}`([^`]+)`", doc, text)
        for m in re.finditer(r"\{([a-z][\w:-]*)\}`[^`]*`", text):
            self.problems.append(
                f"{where}: MyST role {m.group(0)!r} shows raw in JupyterLab/Colab: write a plain "
                "Markdown link or text"
            )
        return text

    # ---------------------------------------------------------------- syllabus IDs

    def strip_ids(self, text, where, marked):
        found = []

        def keep(ids, lead=""):
            new = [i for i in ids if i not in marked]
            marked.update(new)
            found.extend(ids)
            return (lead + "".join(f"<!-- {i} -->" for i in new)) if new else ""

        bold = rf"(?:\*\*)?{ID}(?:\*\*)?"
        ids_list = rf"{bold}(?:\s*(?:,|;|and|&)\s*{bold})*"

        def prose(s):
            s = re.sub(
                rf"[ \t]*\*{{1,2}}Concepts?:\*{{1,2}}[ \t]*({ID}(?:\s*,\s*{ID})*)\.?",
                lambda m: keep(re.findall(ID, m.group(1)), " " if m.group(0)[:1] == " " else ""),
                s,
            )
            s = re.sub(
                rf"(?m)^([ \t]*[-*+][ \t]+)\*\*({ID})\*\*[ \t]*",
                lambda m: m.group(1) + keep([m.group(2)]),
                s,
            )
            s = re.sub(
                rf"[ \t]*\(({ids_list})\)",
                lambda m: keep(re.findall(ID, m.group(1)), " " if m.group(0)[:1] in " \t" else ""),
                s,
            )
            return s

        new = map_prose(text, prose)
        # a marker added in place of "(T1)" right after a word keeps one space; tidy doubles
        new = re.sub(r"[ \t]+(?=<!-- [A-Z][1-9] -->)", " ", new) if new != text else new
        left = []
        map_prose(new, lambda s: left.extend(re.findall(rf"(?<![\w/#.-]){ID}(?![\w-])", s)) or s)
        if left:
            self.problems.append(
                f"{where}: syllabus ID(s) {sorted(set(left))} still in the text: move them to "
                "`<!-- ID -->` comments (or reword if they are not IDs)"
            )
        return new

    # ---------------------------------------------------------------- math broken by Markdown

    def check_math_lines(self, text, where):
        """A line inside inline ``$...$`` that starts like a list item, quote or heading ends
        the paragraph there: Markdown renders the formula as raw text (and a list)."""
        text = re.sub(r"(?ms)^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$", "", text)  # code fences
        text = re.sub(r"(?s)\$\$.*?\$\$", "", text)  # display math may span lines
        open_math = False
        for line in text.split("\n"):
            if not line.strip():
                open_math = False  # a blank line ends the paragraph (and any formula)
                continue
            if open_math and re.match(r"\s*([-+*]\s|\d+[.)]\s|#|>)", line):
                self.problems.append(
                    f"{where}: the line {line.strip()[:40]!r} continues an inline $...$ formula "
                    "but starts like a list item, quote or heading, so Markdown breaks the "
                    "formula: move its first symbol to the end of the previous line"
                )
            dollars = len(re.findall(r"(?<![\\$])\$(?!\$)", re.sub(r"`[^`]*`", "", line)))
            open_math ^= dollars % 2 == 1

    # ---------------------------------------------------------------- <details> and math

    def details_with_math(self, text, where):
        """jupyterlab-myst leaves math inside raw ``<details>`` HTML untypeset. Optional depth
        ("Going further") with math becomes a ``:::{dropdown}`` (collapsed in the book and in
        JupyterLab, typeset; plain text in Colab); an answer stays in ``<details>`` (Colab must
        not show it), so it is only noted."""

        def convert(m):
            summary, body = m.group("summary"), m.group("body")
            if "$" not in body:
                return m.group(0)
            title = " ".join(re.sub(r"<[^>]+>", "", summary).split())
            if ANSWER.search(title):
                self.notes.append(
                    f"{where}: the answer {title[:50]!r} has $...$ math inside <details>, which "
                    "JupyterLab (jupyterlab-myst 2.7) shows as raw TeX: write it in plain text "
                    "and Unicode (¼ · 9 = 2.25, λ, ε, √2) or move the formula before the fold"
                )
                return m.group(0)
            colons = ":" * max([3] + [len(c) + 1 for c in re.findall(r"(?m)^(:{3,})", body)])
            return f"{colons}{{dropdown}} {title}\n{body.strip(chr(10))}\n{colons}"

        return DETAILS.sub(convert, text)

    # ---------------------------------------------------------------- admonitions

    def colon_fences(self, text, where):
        fence = re.compile(DIRECTIVE.format(fence="`{3,}"))

        def convert(m):
            body = m.group("body")
            if re.search(r"(?m)^`{3,}", body) and len(m.group("f")) == 3:
                return m.group(0)  # a nested fence: leave it to the author
            return f":::{{{m.group('name')}}}{m.group('arg')}\n{body}:::"

        return fence.sub(convert, text)

    def check_dropdowns(self, text, where):
        pattern = re.compile(DIRECTIVE.format(fence="`{3,}|:{3,}"))
        for m in pattern.finditer(text):
            body, name, arg = m.group("body"), m.group("name"), m.group("arg")
            dropdown = name == "dropdown" or re.search(r"(?m)^:class:.*\bdropdown\b", body)
            answer = re.search(r"(?i)\b(answers?|solutions?|check yourself)\b", arg + body)
            if dropdown and answer:
                self.problems.append(
                    f"{where}: a dropdown ({arg.strip() or name!r}) holds an answer, which plain "
                    "Jupyter/Colab show in plain view: use <details><summary>...</summary> "
                    "... </details>"
                )

    # ---------------------------------------------------------------- code cells

    def fold_checks(self, nb):
        i = 0
        while i < len(nb.cells):
            cell = nb.cells[i]
            i += 1
            if cell.cell_type != "code":
                continue
            tags = list(cell.metadata.get("tags", []))
            if {"remove-input", "remove-cell"} & set(tags) or "colab-install" in tags:
                continue
            where = f"{self.rel()} cell {i - 1}"
            kind, names = classify(cell.source)
            folded = "hide-input" in tags
            if kind == "mixed" and not folded:
                head, tail = split_checks(cell.source)
                if head is None:
                    self.problems.append(
                        f"{where}: asserts mixed with output or illustrative code (unfolded): "
                        "move the checks into a cell of their own, or tag the cell hide-input"
                    )
                    continue
                cell.source = head
                nb.cells.insert(i, nbformat.v4.new_code_cell(tail))
                self.changes.append(f"{where}: trailing checks split into a cell of their own")
                continue  # the new check cell is folded on the next pass of the loop
            if kind == "none":
                continue
            if {"nbval-skip", "skip-execution", "raises-exception"} & set(tags):
                self.problems.append(f"{where}: a check must run: drop its skip tag {tags}")
            before = _cell_json(cell)
            if not folded:
                cell.metadata["tags"] = tags + ["hide-input"]
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
            mystnb = cell.metadata.setdefault("mystnb", {})
            mystnb.setdefault("code_prompt_show", PROMPT_SHOW)
            mystnb.setdefault("code_prompt_hide", PROMPT_HIDE)
            if before != _cell_json(cell):
                self.changes.append(f"{where}: folded as a check")
            used = later_uses(nb.cells[i:], names)
            if used:
                self.notes.append(
                    f"{where}: folded check defines {sorted(used)}, used by later cells "
                    "(the reader does not see where they come from)"
                )

    # ---------------------------------------------------------------- driver

    def run(self, write):
        text = self.path.read_text(encoding="utf-8")
        nb = nbformat.reads(text, as_version=4)
        marked = set()
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                marked.update(re.findall(rf"<!--\s*({ID})\s*-->", cell.source))
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "markdown":
                continue
            where = f"{self.rel()} cell {i}"
            src = cell.source
            if self.path.parent.name != "chapters":  # each question keeps its own markers
                marked = set(re.findall(rf"<!--\s*({ID})\s*-->", src))
            new = self.convert_roles(src, where)
            new = self.colon_fences(new, where)
            new = self.details_with_math(new, where)
            new = self.strip_ids(new, where, marked)
            self.check_dropdowns(new, where)
            self.check_math_lines(new, where)
            if new != src:
                cell.source = new
                self.changes.append(f"{where}: markdown rewritten")
        self.fold_checks(nb)
        out = self.output = nbformat.writes(nb) + "\n"
        changed = json.loads(out) != json.loads(text)  # key order and layout do not matter
        if changed and write:
            self.path.write_text(out, encoding="utf-8")
        return changed


# --------------------------------------------------------------------------- code analysis

CHECK_CALL = re.compile(r"(^|\.)(testing\.\w+|assert\w*)$")


def _python(source):
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        source = TransformerManager().transform_cell(source)
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        pass
    try:
        return ast.parse(source)
    except SyntaxError:
        return None


def _call_name(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _is_check(stmt):
    if isinstance(stmt, ast.Assert):
        return True
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and bool(CHECK_CALL.search(_call_name(stmt.value.func)))
    )


def _kind(stmts):
    """(has a check, has something else that shows or illustrates) for a statement list."""
    has_check, other = False, False
    for stmt in stmts:
        if _is_check(stmt):
            has_check = True
        elif isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Pass, ast.Delete)):
            pass
        elif isinstance(stmt, (ast.FunctionDef, ast.For, ast.While, ast.If, ast.With, ast.Try)):
            bodies = [getattr(stmt, f, []) for f in ("body", "orelse", "finalbody")]
            bodies += [h.body for h in getattr(stmt, "handlers", [])]
            for body in bodies:
                c, o = _kind(body)
                has_check |= c
                other |= o
        elif isinstance(stmt, (ast.Continue, ast.Break, ast.Return)):
            pass
        else:
            other = True  # print, display, a bare expression, an import, a class...
    return has_check, other


def classify(source):
    """Return ("check" | "mixed" | "none", names the cell defines at top level)."""
    tree = _python(source)
    if tree is None or not tree.body:
        return "none", set()
    has_check, other = _kind(tree.body)
    names = set()
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef):
            names.add(stmt.name)
        for node in ast.walk(stmt) if not isinstance(stmt, ast.FunctionDef) else []:
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    if not has_check:
        return "none", names
    return ("mixed" if other else "check"), names


def later_uses(cells, names):
    """The names among ``names`` that later code cells read before defining them again."""
    used, live = set(), set(names)
    for cell in cells:
        if cell.cell_type != "code" or not live:
            continue
        tree = _python(cell.source)
        if tree is None:
            continue
        loads, stores = _loaded([tree]), _stored([tree])
        used |= live & (loads - stores)
        live -= stores
    return used


def _shows_nothing(stmt, lines):
    """True if ``stmt``, as a cell's last statement, displays no repr."""
    if not isinstance(stmt, ast.Expr):
        return True
    if lines[stmt.end_lineno - 1].rstrip().endswith(";"):
        return True
    return isinstance(stmt.value, ast.Call) and _call_name(stmt.value.func).split(".")[-1] in {
        "print", "display", "show"}


def _stored(nodes):
    return {n.id for s in nodes for n in ast.walk(s)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def _loaded(nodes):
    return {n.id for s in nodes for n in ast.walk(s)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _first_line(stmt, lines, floor):
    """The 0-based first line of ``stmt`` with its decorators and the comments right above it."""
    first = min([stmt.lineno] + [d.lineno for d in getattr(stmt, "decorator_list", [])]) - 1
    while first > floor and lines[first - 1].lstrip().startswith("#"):
        first -= 1
    return first


def split_checks(source):
    """Split a cell that mixes checks with other code into (visible code, checks).

    The cell must read: other code, then one run of checks (with the assignments and loops they
    need), then optionally more other code (say the ``print`` of a result) that uses nothing the
    checks define. The visible part keeps the code before and after the checks, in order; the
    checks move into a cell of their own below it. Returns (None, None) when the cell does not
    have that shape, uses IPython magics, or its visible part would end in a displayed value."""
    lines = source.split("\n")
    if any(line.lstrip().startswith(("%", "!")) for line in lines):
        return None, None  # IPython magics: keep such cells whole
    tree = _python(source)
    if tree is None:
        return None, None
    body = tree.body
    kinds = [_kind([stmt]) for stmt in body]
    checks = [i for i, (c, _) in enumerate(kinds) if c]
    if not checks or any(kinds[i][1] for i in range(checks[0], checks[-1] + 1)):
        return None, None  # no checks, or output/illustration between or inside them
    lo, hi = checks[0], checks[-1] + 1
    before, block, after = body[:lo], body[lo:hi], body[hi:]
    if not before and not after:
        return None, None  # a pure check cell: folded as it is
    if after and _loaded(after) - _stored(after) & _stored(block):
        return None, None  # the code after the checks uses what they define
    visible = after or before
    if not _shows_nothing(visible[-1], lines):
        return None, None
    floor = before[-1].end_lineno if before else 0
    start = _first_line(block[0], lines, floor)
    end = _first_line(after[0], lines, block[-1].end_lineno) if after else len(lines)
    head = "\n".join(lines[:start] + lines[end:]).strip("\n")
    tail = "\n".join(lines[start:end]).strip("\n")
    if not head.strip() or _python(head) is None or _python(tail) is None:
        return None, None
    if classify(head)[0] != "none" or classify(tail)[0] != "check":
        return None, None
    return head.rstrip(), tail


def _cell_json(cell):
    return nbformat.writes(
        nbformat.from_dict({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )


# --------------------------------------------------------------------------- command line


def default_notebooks():
    return sorted(
        p
        for folder in ("chapters", "exercises")
        for p in (ROOT / folder).glob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a notebook is not normalised")
    parser.add_argument("--quiet", action="store_true", help="do not print the notes")
    args = parser.parse_args(argv)
    bib = read_bib()
    paths = args.notebooks or default_notebooks()
    failed = False
    for path in paths:
        n = Normaliser(path, bib)
        changed = n.run(write=not args.check)
        if changed:
            print(("would rewrite " if args.check else "rewrote ") + n.rel())
            for change in n.changes:
                print(f"  {change}")
            failed |= args.check
        for p in n.problems:
            print(f"problem: {p}")
        if not args.quiet:
            for note in n.notes:
                print(f"note: {note}")
        failed |= bool(n.problems)
    if failed:
        print(
            "\nNot normalised. Rewrite: .venv/bin/python _ext/normalize_notebooks.py NOTEBOOK; "
            "the problems need an author (see the module docstring)."
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
