"""Fixtures for the browser tests: the built book served on localhost, JupyterLab from the
reader's environment, axe-core, and Chromium.

Chromium is Debian's package at /usr/bin/chromium (``make test`` installs it with apt-get when
running as root); Playwright drives it, never downloading a browser of its own.
"""

import functools
import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.request

import pytest

from strict_build import ROOT, shared_reader_env, toc_files

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


AXE = ROOT / "_vendor" / ".axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source():
    """axe-core's script (npm `axe-core`, fetched by `make vendor`; injected by the tests only)."""
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(ROOT)} missing: run `make vendor` (fetches axe-core from "
                    "the npm registry)")
    return AXE.read_text(encoding="utf-8")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def jupyterlab(tmp_path_factory):
    """JupyterLab from the reader's environment (requirements.txt alone, as Binder installs it),
    serving a copy of the book's notebooks and pages; yield its base URL. No token (localhost
    only), no news or update checks."""
    reader = shared_reader_env(tmp_path_factory)
    lab = reader.path / "bin" / "jupyter-lab"
    if not lab.is_file():
        pytest.fail("JupyterLab is not in the reader's environment: requirements.txt should pin "
                    "jupyterlab and jupyterlab-myst (what Binder and `make lab` install)")
    root = tmp_path_factory.mktemp("lab-root")
    for folder in ("chapters", "exercises", "images"):
        shutil.copytree(ROOT / folder, root / folder,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for page in [*ROOT.glob("*.md"), ROOT / "references.bib"]:
        shutil.copy(page, root / page.name)
    port = _free_port()
    cmd = [str(lab), "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
           "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root}",
           "--ServerApp.disable_check_xsrf=True",  # the test shuts kernels down over REST
           "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHONPATH"))}
    env["JUPYTER_CONFIG_DIR"] = str(root / ".jupyter-config")  # no user config leaks in
    log = open(root.parent / "jupyterlab.log", "w")
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("JupyterLab did not start:\n"
                            + (root.parent / "jupyterlab.log").read_text()[-3000:])
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
