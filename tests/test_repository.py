"""Repository plumbing: CI runs the README's test command; ignores and licenses are in place."""

import os
import re
import subprocess
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


def _make_dry_run(target):
    """The commands `make -n -B TARGET` would run (every prerequisite included, as on a fresh
    clone, whatever this checkout has already made), one per line."""
    proc = subprocess.run(["make", "-n", "-B", "--no-print-directory", target], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return [" ".join(line.split()) for line in proc.stdout.replace("\\\n", " ").splitlines()]


def test_make_test_runs_ruff_then_pytest_over_tests_only():
    """Each notebook is executed once per run, by the strict book build inside the suite: the
    test target hands pytest the tests/ folder, not the notebooks (no second, nbval execution),
    and spreads the tests over two workers, keeping each file on one worker."""
    commands = _make_dry_run("test")
    ruff = [i for i, c in enumerate(commands) if "ruff check" in c]
    pytest_runs = [(i, c) for i, c in enumerate(commands) if "bin/pytest" in c]
    assert ruff and len(pytest_runs) == 1, commands
    i, run = pytest_runs[0]
    assert ruff[0] < i, "ruff runs before the tests"
    words = run.split()
    assert words[-1] == "tests" and "chapters" not in words and "exercises" not in words
    assert not [w for w in words if w.startswith("--nbval")], run
    assert "-n" in words and "--dist" in words and words[words.index("--dist") + 1] == "loadfile"


def test_make_lab_opens_jupyterlab_from_the_reader_environment():
    commands = _make_dry_run("lab")
    installs = [c for c in commands if "pip install" in c and "-r requirements" in c]
    assert installs and all("-r requirements.txt" in c for c in installs), installs
    lab = [c for c in commands if "jupyter lab" in c]
    assert len(lab) == 1, commands
    assert ".venv-reader/bin/jupyter lab" in lab[0]
    assert "--LabApp.news_url=None" in lab[0] and "NeverCheckForUpdate" in lab[0]
    assert ("--allow-root" in lab[0]) == (os.geteuid() == 0)
    reqs = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^jupyterlab==\S+$", reqs, re.M), "JupyterLab pinned for readers/Binder"
    assert re.search(r"^jupyterlab-myst==\S+$", reqs, re.M), "its MyST renderer pinned too"


def test_book_target_builds_strictly():
    commands = _make_dry_run("book")
    builds = [c for c in commands if "jupyter-book build" in c]
    assert len(builds) == 1 and "-W --keep-going" in builds[0], commands


def test_gitignore_covers_generated_folders():
    ignored = set(commands(".gitignore"))
    for entry in [
        "_build/",
        "_vendor/",
        ".venv/",
        ".venv-reader/",
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
