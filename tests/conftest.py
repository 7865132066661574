"""Shared fixtures: the book, built once per test run, strictly.

``book_build`` runs ``jupyter-book build`` on the repository with ``-W --keep-going`` (a warning
or a failing cell fails the build) into a temporary folder, every notebook executed once in the
reader's environment into a fresh execution cache (``strict_build.build_book``). Under
pytest-xdist every worker asks for the same build: the first one builds under a file lock, the
others wait and reuse its result (``strict_build.once_per_run``). The build log is also saved to
``test-artifacts/book-build.log``.

The book toolchain (``strict_build`` needs PyYAML and jupyter-book) is imported only when a test
asks for the build, so the library's unit tests collect in an environment with nothing but the
library, pytest and hypothesis (``make check``).
"""

import pytest


@pytest.fixture(scope="session")
def book_build(tmp_path_factory):
    """The book built once for the whole run (shared between xdist workers)."""
    from strict_build import build_book, once_per_run, shared_dir

    dest = shared_dir(tmp_path_factory) / "strict-book"
    return once_per_run(tmp_path_factory, "strict-book", lambda: build_book(dest))


@pytest.fixture(scope="session")
def built_book(book_build):
    """The folder of the built HTML; fails (with the log's end) if the strict build failed."""
    if book_build.returncode != 0 or not (book_build.html / "index.html").is_file():
        tail = "\n".join(book_build.log.splitlines()[-40:])
        pytest.fail(f"the strict book build failed (exit {book_build.returncode}):\n{tail}")
    return book_build.html
