"""Repository plumbing: CI runs the README's test command; ignores and licenses are in place."""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def commands(path):
    """Return the non-comment, non-blank lines of a shell script."""
    text = (ROOT / path).read_text(encoding="utf-8")
    return [s for s in (line.strip() for line in text.splitlines()) if s and not s.startswith("#")]


def test_ci_runs_the_readme_test_command_and_nothing_else():
    ci = ROOT / ".ci" / "run"
    assert os.access(ci, os.X_OK), ".ci/run must be executable"
    assert ci.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")
    steps = [c for c in commands(".ci/run") if not c.startswith(("set ", "cd "))]
    assert steps == ["make test"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and "make book" in readme


def test_makefile_test_target_runs_ruff_then_the_notebook_aware_pytest():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^test:.*\n((?:\t.*\n|.*\\\n)+)", makefile, re.M)
    assert recipe, "Makefile has no test target"
    body = recipe.group(1)
    assert "ruff check lib tests benchmarks" in body
    for flag in ["-n 2", "--dist loadfile", "--nbval-lax", "tests chapters exercises"]:
        assert flag in " ".join(body.split()), f"make test should pass {flag}"
    assert re.search(r"^test:.*browser-deps", makefile, re.M)
    assert re.search(r"^book:", makefile, re.M) and "-W --keep-going" in makefile


def test_gitignore_covers_generated_folders():
    ignored = set(commands(".gitignore"))
    for entry in [
        "_build/",
        "_vendor/",
        ".venv/",
        "node_modules/",
        ".pytest_cache/",
        "__pycache__/",
        ".hypothesis/",
        "test-artifacts/",
        ".jupyter_cache/",
    ]:
        assert entry in ignored, f".gitignore should list {entry}"


def test_licenses_are_stated():
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in license_text and "CC BY 4.0" in license_text
    assert "cff-version" in (ROOT / "CITATION.cff").read_text(encoding="utf-8")
