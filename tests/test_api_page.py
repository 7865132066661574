"""The API reference page (api.md): generated from the docstrings by Sphinx autodoc, it builds
strictly on its own and documents every name of the library's public interface."""

import builtins
import html
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import dlcalc

ROOT = Path(__file__).resolve().parents[1]
SHARED_API = ROOT.parent / "shared" / "API.md"

# Every function, class, constant and command-line module the public interface names
# (../shared/API.md, "keep those names exactly"), as the page's anchors: `module.name` for an
# object, `module-<name>` for a module run with `python -m`. The exercises' per-chapter
# QUESTIONS lists are data of each chapter module, not listed here.
INTERFACE = {
    "dlcalc.finite_diff.gradient_fd", "dlcalc.finite_diff.jacobian_fd",
    "dlcalc.finite_diff.hessian_fd",
    "dlcalc.autodiff.grad", "dlcalc.autodiff.jacobian", "dlcalc.autodiff.hessian",
    "dlcalc.autodiff.jvp", "dlcalc.autodiff.vjp", "dlcalc.autodiff.hvp",
    "dlcalc.taylor.taylor_polynomial", "dlcalc.taylor.quadratic_model",
    "dlcalc.curvature.directional_second_derivative", "dlcalc.curvature.eigen_weights",
    "dlcalc.curvature.rayleigh_quotient", "dlcalc.curvature.plane_curve_curvature",
    "dlcalc.curvature.top_eigenvalues",
    "dlcalc.stepsize.taylor_step_terms", "dlcalc.stepsize.optimal_step",
    "dlcalc.stepsize.max_decreasing_step", "dlcalc.stepsize.max_stable_lr",
    "dlcalc.stepsize.gradient_descent", "dlcalc.stepsize.newton",
    "dlcalc.critical.classify_critical_point", "dlcalc.critical.classify",
    "dlcalc.critical.critical_points",
    "dlcalc.eos.CHAPTER_LRS", "dlcalc.eos.edge_of_stability", "dlcalc.eos.claims",
    "dlcalc.eos.GDRun",
    "dlcalc.widgets.DEMOS",
    "dlcalc.exercises.Feedback",
    "module-dlcalc.grade", "module-dlcalc.autograder", "module-dlcalc.release",
}


def interface_names(text):
    """The names API.md's sections give: the first cell of each table row and every backticked
    class or constant name in a `## \\`dlcalc.module\\`` section, and every `python -m` module."""
    names, module = set(), None
    for line in text.splitlines():
        if line.startswith("## "):
            m = re.match(r"## `(dlcalc(?:\.\w+)*)`", line)
            module = m.group(1) if m else None
        names |= {"module-" + cmd for cmd in re.findall(r"python -m (dlcalc(?:\.\w+)+)", line)}
        if module is None:
            continue
        row = re.match(r"\| `([A-Za-z_]\w*)", line)
        if row:
            names.add(f"{module}.{row.group(1)}")
        for word in re.findall(r"`([A-Z][A-Za-z_]+)`", line):
            if word not in vars(builtins):  # not `ValueError`, `True`
                names.add(f"{module}.{word}")
    return names - {"dlcalc.exercises.QUESTIONS"}


def test_the_interface_list_is_the_shared_one():
    """The list above is API.md's (checked wherever the shared interface file is present: on the
    authors' machines, not in a fresh clone)."""
    sample = ("## `dlcalc.curvature`\n| call | returns |\n| `eigen_weights(H, d)` | x |\n"
              "`GDRun` keeps `loss`; `CHAPTER_LRS`, `H`, `ValueError`\n## Grading\n"
              "- `python -m dlcalc.grade X`\n")
    assert interface_names(sample) == {"dlcalc.curvature.eigen_weights",
                                       "dlcalc.curvature.GDRun", "dlcalc.curvature.CHAPTER_LRS",
                                       "module-dlcalc.grade"}
    if SHARED_API.is_file():
        assert interface_names(SHARED_API.read_text(encoding="utf-8")) == INTERFACE


def test_the_book_builds_the_page_with_autodoc():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert "sphinx.ext.autodoc" in config["sphinx"]["extra_extensions"]
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s*- file: api\s*$", toc, re.M), "api.md is not in _toc.yml"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """api.md built alone with Sphinx (MyST, autodoc), warnings as errors: its HTML."""
    src = tmp_path_factory.mktemp("api-src")
    out = tmp_path_factory.mktemp("api-html")
    (src / "api.md").write_text((ROOT / "api.md").read_text(encoding="utf-8"), encoding="utf-8")
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx.ext.autodoc"]\n'
        'myst_enable_extensions = ["colon_fence", "dollarmath"]\n'
        'root_doc = "api"\n', encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b",
                          "html", str(src), str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    return (out / "api.html").read_text(encoding="utf-8")


def documented(page):
    return set(re.findall(r'id="((?:module-)?dlcalc[\w.]*)"', page))


def test_the_page_documents_the_whole_interface(page):
    missing = INTERFACE - documented(page)
    assert not missing, f"api.md does not document {sorted(missing)}"


def test_the_page_documents_every_public_module(page):
    modules = {f"module-dlcalc.{m.name}" for m in pkgutil.iter_modules(dlcalc.__path__)
               if not m.name.startswith("_")}
    missing = modules - documented(page)
    assert not missing, f"api.md has no automodule for {sorted(missing)}"


def test_docstring_roles_render(page):
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    raw = re.findall(r":(?:func|class|mod|meth|data|attr|math):`[^`]*`", text)
    assert not raw, f"roles shown as raw text: {raw[:5]}"
    # cross-references between documented names become links
    assert re.search(r'<a class="reference internal" href="#dlcalc\.autodiff\.vjp"', page)


def test_no_syllabus_id_in_the_pages_prose(page):
    """Code examples are literal blocks, so a name such as "C3" in them is code, not prose
    (the browser test of the book reads every page's prose the same way)."""
    body = re.sub(r"<(pre|code|script|style)\b.*?</\1>", " ", page, flags=re.S)
    body = re.sub(r'<span class="math[^"]*">.*?</span>', " ", body, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    ids = sorted(set(re.findall(r"(?<![\w./#-])[A-Z][1-9](?![\w-])", text)))
    assert not ids, f"syllabus-like IDs in the API page's prose: {ids}"


def test_no_object_repr_on_the_page(page):
    """A documented value prints no Python repr (DEMOS is a dict of classes: autodata with
    :no-value:); such a repr is unreadable in the HTML book and in print."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    reprs = re.findall(r"<(?:class|function|module)\s+'[^']*'|object at 0x[0-9a-f]+", text)
    assert not reprs, f"Python reprs on the API page: {reprs[:3]}"
