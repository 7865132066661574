"""Committed notebooks are clean, and the notebook harness really fails on a failing cell.

Clean: valid nbformat, no outputs, no execution counts, no saved widget state, a python3
kernelspec (the book build and ``pytest --nbval-lax`` execute them; nothing is compared).
"""

import os
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


def _run_nbval(tmp_path, notebook):
    """Run pytest with the notebook options of `make test` on one notebook, in a subprocess."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n")  # keep the repository's config out
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHONPATH"))}
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-c", "pytest.ini"]
    cmd += ["-n", "1", "--dist", "loadfile", "--nbval-lax", "--nbval-current-env"]
    cmd += [notebook.name]
    return subprocess.run(
        cmd, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def test_harness_fails_on_a_cell_that_raises(tmp_path):
    notebook = _write_notebook(
        tmp_path / "broken.ipynb",
        "x = 2 + 2",
        "raise RuntimeError('deliberately broken cell')",
    )
    proc = _run_nbval(tmp_path, notebook)
    assert proc.returncode == 1, f"expected pytest to fail (exit 1), got {proc.returncode}"
    assert "deliberately broken cell" in proc.stdout, proc.stdout[-2000:]
    assert "1 failed, 1 passed" in proc.stdout, proc.stdout[-2000:]


def test_harness_passes_a_good_notebook(tmp_path):
    notebook = _write_notebook(tmp_path / "good.ipynb", "x = 2 + 2", "assert x == 4")
    proc = _run_nbval(tmp_path, notebook)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "2 passed" in proc.stdout, proc.stdout[-2000:]
