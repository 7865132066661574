"""Shared fixtures: the book, built once per test run, strictly and with forced execution.

``book_build`` runs ``jupyter-book build`` on the repository with ``-W --keep-going`` (a warning
or a failing cell fails the build) into a temporary folder, with a copy of ``_config.yml`` whose
only change is ``execute_notebooks: force`` (the cache would not notice changes in ``lib/``).
Under pytest-xdist every worker asks for the same build: the first one builds under a file lock,
the others wait and reuse its result. The build log is also saved to
``test-artifacts/book-build.log``.

The book toolchain (``strict_build`` needs PyYAML and jupyter-book) is imported only when a test
asks for the build, so the library's unit tests collect in an environment with nothing but the
library, pytest and hypothesis (``make check``).
"""

import fcntl
import json
import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def book_build(tmp_path_factory):
    """The book built once for the whole run (shared between xdist workers)."""
    from strict_build import BookBuild, build_book

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    dest = shared / "strict-book"
    result_file = shared / "strict-book.json"
    with open(shared / "strict-book.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if result_file.exists():
                data = json.loads(result_file.read_text(encoding="utf-8"))
                return BookBuild(Path(data["html"]), data["returncode"], data["log"])
            result = build_book(dest)
            result_file.write_text(
                json.dumps(
                    {"html": str(result.html), "returncode": result.returncode, "log": result.log}
                ),
                encoding="utf-8",
            )
            return result
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def built_book(book_build):
    """The folder of the built HTML; fails (with the log's end) if the strict build failed."""
    if book_build.returncode != 0 or not (book_build.html / "index.html").is_file():
        tail = "\n".join(book_build.log.splitlines()[-40:])
        pytest.fail(f"the strict book build failed (exit {book_build.returncode}):\n{tail}")
    return book_build.html
