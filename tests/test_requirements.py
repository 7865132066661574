"""The requirements files: dev extends runtime, every package pinned once, pyproject covered."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;#]+)\s*$")


def lines(name):
    """Return the requirement lines of a file, without comments and blank lines."""
    text = (ROOT / name).read_text(encoding="utf-8")
    stripped = (line.split(" #")[0].strip() for line in text.splitlines())
    return [line for line in stripped if line and not line.startswith("#")]


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(name):
    """Return {canonical package name: version} for the `name==version` lines of a file."""
    found = {}
    for line in lines(name):
        if line.startswith("-"):
            continue
        match = PIN.match(line)
        assert match, f"{name}: {line!r} is not pinned as name==version"
        package = canonical(match.group(1))
        assert package not in found, f"{name}: {package} listed twice"
        found[package] = match.group(3)
    return found


def test_dev_requirements_start_with_the_runtime_file():
    assert lines("requirements-dev.txt")[0] == "-r requirements.txt"


def test_runtime_requirements_install_the_library():
    options = [line for line in lines("requirements.txt") if line.startswith("-")]
    assert options == ["-e ."], "requirements.txt: pinned packages and `-e .` (for Binder) only"


def test_no_package_pinned_in_both_files_at_different_versions():
    runtime, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    clashes = {p: (runtime[p], dev[p]) for p in runtime.keys() & dev.keys() if runtime[p] != dev[p]}
    assert not clashes, f"pinned differently (requirements.txt, requirements-dev.txt): {clashes}"
    options = [line for line in lines("requirements-dev.txt") if line.startswith("-")]
    assert options == ["-r requirements.txt"], (
        f"unexpected options in requirements-dev.txt: {options}"
    )


def _names(requirements):
    return {canonical(re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0]) for r in requirements}


def test_pyproject_dependencies_are_pinned():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    missing = _names(project["dependencies"]) - runtime.keys()
    assert not missing, f"runtime dependencies not pinned in requirements.txt: {missing}"
    extras = project["optional-dependencies"]
    missing = (_names(extras["book"]) | _names(extras["test"])) - (runtime.keys() | dev.keys())
    assert not missing, f"book/test extras not pinned in requirements-dev.txt: {missing}"
