"""Build the book strictly (``-W --keep-going``, forced execution) into a folder.

Used by the ``book_build`` fixture in tests/conftest.py and by tests/test_book_build.py.
"""

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
VENDORED_JS = [
    ROOT / "_vendor/requirejs/require.js",
    ROOT / "_vendor/html-manager/dist/embed-amd.js",
]


@dataclass(frozen=True)
class BookBuild:
    """The outcome of one strict book build."""

    html: Path
    returncode: int
    log: str


def jupyter_book_command():
    """Return the jupyter-book executable of the running environment."""
    beside = Path(sys.executable).with_name("jupyter-book")
    found = str(beside) if beside.exists() else shutil.which("jupyter-book")
    if not found:
        pytest.fail(
            "jupyter-book is not installed: run `make test` (installs requirements-dev.txt)"
        )
    return found


def forced_config(dest):
    """Write the book's _config.yml with forced execution into ``dest``; return its path."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("execute", {})["execute_notebooks"] = "force"
    # jupyter-book resolves local extension folders against the config file's folder.
    local = config.get("sphinx", {}).get("local_extensions") or {}
    for name, folder in local.items():
        local[name] = str((ROOT / folder).resolve())
    path = Path(dest) / "_config.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build_book(dest):
    """Build the book strictly into ``dest/_build/html``; return a :class:`BookBuild`."""
    missing = [str(p.relative_to(ROOT)) for p in VENDORED_JS if not p.is_file()]
    if missing:
        pytest.fail(
            f"vendored widget JavaScript missing ({', '.join(missing)}): run `make vendor` "
            "(fetches requirejs and @jupyter-widgets/html-manager from the npm registry)"
        )
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    cmd = [
        jupyter_book_command(),
        "build",
        str(ROOT),
        "--path-output",
        str(dest),
        "--config",
        str(forced_config(dest)),
        "-W",
        "--keep-going",
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["PYTHONUNBUFFERED"] = "1"
    env["NO_COLOR"] = "1"  # plain build log
    proc = subprocess.run(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "book-build.log").write_text(proc.stdout, encoding="utf-8")
    return BookBuild(html=dest / "_build" / "html", returncode=proc.returncode, log=proc.stdout)


def toc_files():
    """Return every file named in _toc.yml (root first, parts, chapters and nested sections),
    without suffix and without repeats."""

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                yield entry["file"]
            for part in entry.get("parts", []):
                yield from walk(part.get("chapters"))
            yield from walk(entry.get("chapters"))
            yield from walk(entry.get("sections"))

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = []
    for f in [toc["root"], *walk([toc])]:
        stem = str(Path(f).with_suffix(""))
        if stem not in files:
            files.append(stem)
    return files
