"""Committed notebooks are clean, and the notebook harness really fails on a failing cell.

Clean: valid nbformat, no outputs, no execution counts, no saved widget state, a python3
kernelspec. The suite executes the notebooks once, in the strict book build (tests/conftest.py,
tests/strict_build.py), in the reader's environment; the harness tests below show that a raising
cell fails that build. Then the conventions of issue 16 (_ext/normalize_notebooks.py) and "one
demo, one cell".
"""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
TOPICS = [
    "01_taylor",
    "02_jacobians_backprop",
    "03_hessian_curvature",
    "04_learning_rate",
    "05_critical_points",
    "06_neural_network_curvature",
]
EXPECTED = [f"{folder}/{topic}.ipynb" for folder in ("chapters", "exercises") for topic in TOPICS]
NOTEBOOKS = sorted(
    str(p.relative_to(ROOT))
    for folder in ("chapters", "exercises")
    for p in (ROOT / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)


def test_every_expected_notebook_exists():
    missing = [rel for rel in EXPECTED if not (ROOT / rel).is_file()]
    assert not missing, f"notebooks named in the layout but missing: {missing}"
    assert set(EXPECTED) <= set(NOTEBOOKS)


@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_notebook_is_valid_and_stripped(rel):
    nb = nbformat.read(ROOT / rel, as_version=4)
    nbformat.validate(nb)
    dirty = [
        f"cell {i}: outputs={len(cell.outputs)}, execution_count={cell.execution_count}"
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, f"{rel} has outputs (strip them before committing):\n" + "\n".join(dirty)
    assert "widgets" not in nb.metadata, f"{rel} carries saved widget state in its metadata"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", (
        f"{rel}: kernelspec should be python3, got {nb.metadata.get('kernelspec')}"
    )
    markdown = [cell.source for cell in nb.cells if cell.cell_type == "markdown"]
    assert markdown and re.search(r"^# \S", markdown[0], re.M), (
        f"{rel}: the first markdown cell should hold the page title (a `# ` heading)"
    )


def _write_notebook(path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_markdown_cell("# A throwaway notebook")]
    nb.cells += [nbformat.v4.new_code_cell(src) for src in sources]
    nbformat.write(nb, path)
    return path


def _build_toy_book(tmp_path_factory, tmp_path, *sources):
    """Build a one-notebook book with the suite's own mechanism (strict_build.build_book: the
    book's execute settings, -W --keep-going, the reader environment's kernel, a fresh cache)."""
    import yaml

    from strict_build import build_book, shared_reader_env

    book = tmp_path / "book"
    book.mkdir()
    real = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config = {"title": "toy", "execute": real["execute"], "only_build_toc_files": True}
    (book / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n- file: nb\n")
    (book / "intro.md").write_text("# Toy\n\nA book of one notebook.\n", encoding="utf-8")
    _write_notebook(book / "nb.ipynb", *sources)
    return build_book(tmp_path / "out", reader=shared_reader_env(tmp_path_factory), source=book)


def test_build_fails_on_a_cell_that_raises(tmp_path_factory, tmp_path):
    """The suite executes the notebooks only in the strict book build: a raising cell must fail
    that build (and say which cell), not just print a traceback into the page."""
    result = _build_toy_book(tmp_path_factory, tmp_path, "x = 2 + 2",
                             "raise RuntimeError('deliberately broken cell')")
    assert result.returncode != 0, result.log[-3000:]
    assert "Executing notebook failed" in result.log, result.log[-3000:]
    report = re.search(r"traceback saved in: (\S+\.err\.log)", result.log)
    assert report, result.log[-3000:]
    assert "deliberately broken cell" in Path(report.group(1)).read_text(encoding="utf-8")


def test_build_passes_a_good_notebook_and_runs_it_in_the_reader_kernel(tmp_path_factory,
                                                                     tmp_path):
    from strict_build import shared_reader_env

    reader = shared_reader_env(tmp_path_factory)
    result = _build_toy_book(
        tmp_path_factory, tmp_path, "x = 2 + 2", "assert x == 4",
        "import sys\nprint('kernel python:', sys.executable)",
    )
    assert result.returncode == 0, result.log[-3000:]
    page = (result.html / "nb.html").read_text(encoding="utf-8")
    assert f"kernel python: {reader.python}" in page, (
        "the notebook did not run in the reader environment's kernel"
    )


# ---------------------------------------------------------------------------------------------
# The notebook conventions (issue 16), enforced by _ext/normalize_notebooks.py.

sys.path.insert(0, str(ROOT / "_ext"))
import normalize_notebooks as normaliser  # noqa: E402

BIB = normaliser.read_bib()


@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_notebook_follows_the_conventions(rel):
    """What `normalize_notebooks.py --check` checks: nothing left to rewrite, nothing for the
    author to fix (run `.venv/bin/python _ext/normalize_notebooks.py <notebook>`)."""
    n = normaliser.Normaliser(ROOT / rel, BIB)
    changed = n.run(write=False)
    todo = [f"rewrite: {c}" for c in n.changes] + [f"fix: {p}" for p in n.problems]
    assert not changed and not n.problems, (
        f"{rel} is not normalised (run .venv/bin/python _ext/normalize_notebooks.py {rel}):\n"
        + "\n".join(todo)
    )


def test_normaliser_check_mode_fails_on_a_raw_notebook_and_passes_after_a_rewrite(tmp_path):
    root = _toy_book(tmp_path)
    nb_path = root / "chapters" / "toy.ipynb"
    cmd = [sys.executable, str(ROOT / "_ext" / "normalize_notebooks.py")]
    before = nb_path.read_text(encoding="utf-8")
    check = subprocess.run(cmd + ["--check", str(nb_path)], capture_output=True, text=True)
    assert check.returncode == 1, check.stdout + check.stderr
    assert nb_path.read_text(encoding="utf-8") == before, "--check must not write"
    n = normaliser.Normaliser(nb_path, BIB, root=root)
    assert n.run(write=True)
    again = normaliser.Normaliser(nb_path, BIB, root=root)
    assert not again.run(write=True), f"a second run changed the notebook: {again.changes}"
    assert not again.problems, again.problems


def _toy_book(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "bibliography.md").write_text("# Bibliography\n", encoding="utf-8")
    (tmp_path / "notation.md").write_text("# Notation\n\nSymbols.\n", encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# Toy\n\nA claim {cite}`goodfellow2016deep` and {cite:t}`nocedal2006numerical`.\n"
            "Cohen et al. {cite}`cohen2021gradient` saw it (T1, T2); see {doc}`../notation`\n"
            "and {doc}`the symbols <../notation>`.\n\n"
            "```{admonition} Learning objectives\n:class: tip\n1. read (**L1**);\n```\n\n"
            "<!-- T1 -->\n\nCode `f(T3)` and math $x (T4)$ stay."
        ),
        nbformat.v4.new_markdown_cell(
            "<details>\n<summary><b>Going further: why</b></summary>\n\nBecause $x^2$.\n\n"
            "</details>\n\n<details>\n<summary>Show the answer</summary>\n\n$3$.\n\n</details>"
        ),
        nbformat.v4.new_code_cell("x = 2 + 2\nprint(x)"),
        nbformat.v4.new_code_cell("y = x * 2\nassert y == 8\nnp.testing.assert_allclose(y, 8)"),
        nbformat.v4.new_code_cell(
            "z = x + 1\nassert z == 5\nfor k in range(3):\n    assert k < 3\nprint(z)"
        ),
    ]
    nbformat.write(nb, tmp_path / "chapters" / "toy.ipynb")
    return tmp_path


def test_normaliser_rewrites_roles_ids_and_check_cells(tmp_path):
    root = _toy_book(tmp_path)
    n = normaliser.Normaliser(root / "chapters" / "toy.ipynb", BIB, root=root)
    n.run(write=True)
    nb = nbformat.read(root / "chapters" / "toy.ipynb", as_version=4)
    md = nb.cells[0].source
    bib = "../bibliography.md#cite-"
    assert f"A claim ([Goodfellow et al., 2016]({bib}goodfellow2016deep))" in md
    assert f"[Nocedal and Wright (2006)]({bib}nocedal2006numerical)." in md
    assert f"Cohen et al. ([2021]({bib}cohen2021gradient)) saw it <!-- T2 -->;" in md
    assert "see [Notation](../notation.md)\nand [the symbols](../notation.md)." in md
    assert ":::{admonition} Learning objectives\n:class: tip\n1. read <!-- L1 -->;\n:::" in md
    assert md.count("<!-- T1 -->") == 1, "an ID already marked gets no second marker"
    assert "`f(T3)` and math $x (T4)$ stay" in md, "code and math are left alone"
    assert "{cite" not in md and "{doc}" not in md and "(T1" not in md
    assert nb.cells[1].source.startswith(
        ":::{dropdown} Going further: why\nBecause $x^2$.\n:::\n\n<details>\n<summary>Show the "
        "answer</summary>"), "optional depth with math becomes a dropdown; an answer stays folded"
    code = nb.cells[2:]
    assert [c.source for c in code] == [
        "x = 2 + 2\nprint(x)",
        "y = x * 2\nassert y == 8\nnp.testing.assert_allclose(y, 8)",
        "z = x + 1\nprint(z)",
        "assert z == 5\nfor k in range(3):\n    assert k < 3",
    ], "trailing checks move into a cell of their own; the print stays visible"
    folded = [c for c in code if "hide-input" in c.metadata.get("tags", [])]
    assert [c.source.split("\n")[0] for c in folded] == ["y = x * 2", "assert z == 5"]
    for c in folded:
        assert c.metadata["jupyter"]["source_hidden"] is True
        assert c.metadata["mystnb"]["code_prompt_show"] == normaliser.PROMPT_SHOW
        assert c.metadata["mystnb"]["code_prompt_hide"] == normaliser.PROMPT_HIDE


def test_normaliser_reports_what_it_cannot_convert(tmp_path):
    root = _toy_book(tmp_path)
    path = root / "chapters" / "toy.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells = nb.cells[:1] + [
        nbformat.v4.new_markdown_cell(
            "```{admonition} Check yourself\n:class: dropdown\n*Answer:* 3.\n```\n\n"
            "See {ref}`sec-x`, {cite}`nobody1999` and {doc}`missing_page`; a bare T7 here.\n\n"
            "The model $f \\approx a\n+ b$ breaks."
        ),
        nbformat.v4.new_code_cell("for k in range(2):\n    print(k)\n    assert k < 2"),
    ]
    nbformat.write(nb, path)
    n = normaliser.Normaliser(path, BIB, root=root)
    n.run(write=False)
    text = "\n".join(n.problems)
    for expected in ["holds an answer", "{ref}`sec-x`", "nobody1999", "missing_page",
                     "['T7']", "asserts mixed with output", "'+ b$ breaks.' continues an inline"]:
        assert expected in text, f"{expected!r} not reported:\n{text}"


# ---------------------------------------------------------------------------------------------
# One demo, one cell: a demo is displayed by one cell whose last line is the demo object itself.


def _demo_displays(nb):
    """[(demo name, how)] for each code cell that displays a demo; ``how`` is "object" for the
    demo itself, or the attribute displayed instead (``static``, ``widget``...)."""
    import ast

    bound, shown = {}, []

    def demo_name(node):
        # DEMOS["name"](...) or a name bound to one earlier in the notebook
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Subscript)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "DEMOS"
                and isinstance(node.func.slice, ast.Constant)):
            return node.func.slice.value
        if isinstance(node, ast.Name):
            return bound.get(node.id)
        return None

    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tree = normaliser._python(cell.source)
        if tree is None or not tree.body:
            continue
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign) and demo_name(stmt.value):
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        bound[target.id] = demo_name(stmt.value)
        last = tree.body[-1]
        if not isinstance(last, ast.Expr) or cell.source.rstrip().endswith(";"):
            continue
        value = last.value
        if demo_name(value):
            shown.append((demo_name(value), "object"))
            continue
        inner = value.func if isinstance(value, ast.Call) else value
        if isinstance(inner, ast.Attribute) and demo_name(inner.value):
            shown.append((demo_name(inner.value), inner.attr))
    return shown


@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_each_demo_is_shown_once_by_the_demo_object_itself(rel):
    shown = _demo_displays(nbformat.read(ROOT / rel, as_version=4))
    names = [name for name, _ in shown]
    twice = sorted({n for n in names if names.count(n) > 1})
    assert not twice, f"{rel}: demos displayed by more than one cell: {twice} ({shown})"
    parts = [f"{name}: .{how}" for name, how in shown if how != "object"]
    assert not parts, (
        f"{rel}: a demo cell should end with the demo object itself (its output carries the "
        f"live widget, the static frames and the print picture), not a part of it: {parts}"
    )


def test_every_registered_demo_is_shown_in_a_chapter():
    from dlcalc.widgets import DEMOS

    shown = {name for rel in NOTEBOOKS if rel.startswith("chapters/")
             for name, _ in _demo_displays(nbformat.read(ROOT / rel, as_version=4))}
    assert shown == set(DEMOS), (
        f"registered but not shown: {sorted(set(DEMOS) - shown)}; "
        f"shown but not registered: {sorted(shown - set(DEMOS))}"
    )
