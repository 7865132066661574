"""The reader's environment and the one strict book build of a test run.

- ``reader_env(path)``: a fresh virtual environment made from ``requirements.txt`` alone (what
  Binder installs: the runtime packages, the library with its extras, JupyterLab and its MyST
  renderer), with a Jupyter kernel ``python3`` that runs its Python, under ``path/jupyter``.
  Built once per run under a file lock, so pytest-xdist workers share it.
- ``build_book(dest)``: ``jupyter-book build -W --keep-going`` (a warning or a failing cell fails
  the build) into ``dest``, with ``JUPYTER_PATH`` pointing at the reader's kernel: every
  notebook executes **once**, in the reader's environment, into the execution cache
  ``dest/_build/.jupyter_cache`` (fresh for the run, so changes in ``lib/`` are never missed);
  the HTML (and a later PDF build given the same ``dest``) read that cache.

Used by the ``book_build`` fixture in tests/conftest.py, tests/browser/conftest.py (JupyterLab
from the same environment) and tests/test_book_build.py.
"""

import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
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
# JupyterLab settings of the reader's environment, shared with `make lab`: every cell rendered at
# once (a test reads them all), no news or update checks (nothing to fetch on a closed network).
LAB_OVERRIDES = ROOT / "_ext" / "jupyterlab-overrides.json"


@dataclass(frozen=True)
class BookBuild:
    """The outcome of one strict book build."""

    html: Path
    returncode: int
    log: str
    seconds: float = 0.0


@dataclass(frozen=True)
class ReaderEnv:
    """A virtual environment made from requirements.txt alone."""

    path: Path
    seconds: float  # time it took to create (0 when reused)

    @property
    def python(self):
        return self.path / "bin" / "python"

    @property
    def jupyter_path(self):
        """The folder to put in JUPYTER_PATH: holds kernels/python3 for this environment."""
        return self.path / "jupyter"


def _clean_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHONPATH"))}
    env.pop("VIRTUAL_ENV", None)
    env["PYTHONUNBUFFERED"] = "1"
    env["NO_COLOR"] = "1"  # plain logs
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    return env


def reader_env(path):
    """Create (once; later calls wait for it and reuse it) the reader's environment at ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ready = path / "ready.json"
    with open(path.parent / f"{path.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if ready.is_file():
                return ReaderEnv(path, 0.0)
            start = time.monotonic()
            if path.exists():
                shutil.rmtree(path)  # a half-made environment from a crashed run
            log = []

            def run(*cmd):
                proc = subprocess.run(
                    [str(c) for c in cmd], cwd=ROOT, env=_clean_env(), text=True,
                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                )
                log.append(f"$ {' '.join(map(str, cmd))}\n{proc.stdout}")
                if proc.returncode:
                    ARTIFACTS.mkdir(exist_ok=True)
                    (ARTIFACTS / "reader-env.log").write_text("\n".join(log), encoding="utf-8")
                    pytest.fail(
                        f"creating the reader's environment failed ({cmd[0]} ... exit "
                        f"{proc.returncode}); see test-artifacts/reader-env.log:\n"
                        + proc.stdout[-3000:]
                    )

            run(sys.executable, "-m", "venv", path)
            python = path / "bin" / "python"
            run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                "-r", ROOT / "requirements.txt")
            write_kernel_and_settings(python, path / "jupyter", path)
            ready.write_text(json.dumps({"seconds": time.monotonic() - start}), encoding="utf-8")
            ARTIFACTS.mkdir(exist_ok=True)
            (ARTIFACTS / "reader-env.log").write_text("\n".join(log), encoding="utf-8")
            return ReaderEnv(path, time.monotonic() - start)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def write_kernel_and_settings(python, jupyter_dir, prefix):
    """A kernelspec ``python3`` running ``python`` under ``jupyter_dir/kernels``, and the lab
    settings overrides under ``prefix/share/jupyter/lab/settings`` (read by its JupyterLab)."""
    kernel = Path(jupyter_dir) / "kernels" / "python3"
    kernel.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (reader)",
        "language": "python",
        "metadata": {"debugger": True},
    }
    (kernel / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    settings = Path(prefix) / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(LAB_OVERRIDES, settings / "overrides.json")


def jupyter_book_command():
    """Return the jupyter-book executable of the running environment."""
    beside = Path(sys.executable).with_name("jupyter-book")
    found = str(beside) if beside.exists() else shutil.which("jupyter-book")
    if not found:
        pytest.fail(
            "jupyter-book is not installed: run `make test` (installs requirements-dev.txt)"
        )
    return found


def test_config(dest, source=ROOT):
    """Write the book's _config.yml for a test build into ``dest``; return its path.

    The only changes: ``execute_notebooks: cache`` (with the cache in ``dest``'s fresh
    ``_build``, every notebook executes once per run and both builds can read it) and local
    extension folders made absolute (jupyter-book resolves them against the config's folder)."""
    config = yaml.safe_load((Path(source) / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("execute", {})["execute_notebooks"] = "cache"
    local = config.get("sphinx", {}).get("local_extensions") or {}
    for name, folder in local.items():
        local[name] = str((Path(source) / folder).resolve())
    path = Path(dest) / "_config.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# Kept for the name other tests know; the test build no longer forces re-execution: its cache
# is new for every run.
forced_config = test_config
test_config.__test__ = False  # not a pytest test, despite its name


def build_book(dest, reader="shared", source=ROOT, builder=None):
    """Build the book strictly into ``dest/_build/<builder>``; return a :class:`BookBuild`.

    The notebooks execute in the kernel of ``reader`` (a :class:`ReaderEnv`); by default the
    reader's environment beside ``dest`` (``dest/../reader-env``, made if missing: the one the
    JupyterLab test uses); ``None``: the running environment's own kernel."""
    if reader == "shared":
        reader = reader_env(Path(dest).parent / "reader-env")
    if source == ROOT:
        missing = [str(p.relative_to(ROOT)) for p in VENDORED_JS if not p.is_file()]
        if missing:
            pytest.fail(
                f"vendored widget JavaScript missing ({', '.join(missing)}): run `make vendor` "
                "(fetches requirejs and @jupyter-widgets/html-manager from the npm registry)"
            )
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    cmd = [jupyter_book_command(), "build", str(source), "--path-output", str(dest),
           "--config", str(test_config(dest, source)), "-W", "--keep-going"]
    if builder:
        cmd += ["--builder", builder]
    env = _clean_env()
    if reader is not None:
        env["JUPYTER_PATH"] = str(reader.jupyter_path)
    start = time.monotonic()
    proc = subprocess.run(
        cmd, cwd=source, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    seconds = time.monotonic() - start
    if source == ROOT:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "book-build.log").write_text(proc.stdout, encoding="utf-8")
    return BookBuild(dest / "_build" / (builder or "html"), proc.returncode, proc.stdout, seconds)


def shared_dir(tmp_path_factory):
    """The folder all pytest-xdist workers of this run share (the run's base temp folder)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_per_run(tmp_path_factory, name, make):
    """Return the ``BookBuild`` that ``make()`` gives, made once per test run: the first worker
    makes it under the file lock ``shared_dir/NAME.lock`` and records it in ``NAME.json``; the
    other pytest-xdist workers wait for the lock and read the record."""
    shared = shared_dir(tmp_path_factory)
    record = shared / f"{name}.json"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if record.exists():
                data = json.loads(record.read_text(encoding="utf-8"))
                return BookBuild(Path(data["html"]), data["returncode"], data["log"],
                                 data["seconds"])
            result = make()
            record.write_text(json.dumps({
                "html": str(result.html), "returncode": result.returncode,
                "log": result.log, "seconds": result.seconds,
            }), encoding="utf-8")
            return result
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def shared_reader_env(tmp_path_factory):
    """The reader's environment of this run (the one ``build_book`` uses for the shared build
    in ``shared_dir/strict-book``)."""
    return reader_env(shared_dir(tmp_path_factory) / "reader-env")


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
