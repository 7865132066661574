"""Fixtures for the browser tests: the built book served on localhost, and Chromium.

Chromium is Debian's package at /usr/bin/chromium (``make test`` installs it with apt-get when
running as root); Playwright drives it, never downloading a browser of its own.
"""

import functools
import http.server
import shutil
import threading

import pytest

from strict_build import toc_files

CHROMIUM = "/usr/bin/chromium"
QUIET = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def toc_pages():
    """Return the HTML paths (relative to the site root) of every page in _toc.yml."""
    return [f + ".html" for f in toc_files()]


@pytest.fixture(scope="session")
def book_server(built_book):
    """Serve the built HTML on an ephemeral localhost port; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's package "
            "(`sudo apt-get install -y chromium`) or run `make test` as root, which installs it."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=QUIET)
        yield b
        b.close()
