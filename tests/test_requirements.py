"""The requirements files: dev extends runtime, every package pinned once, pyproject covered;
the library needs numpy and sympy only (the demos and grading are extras)."""

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


def project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_runtime_requirements_install_the_library_with_its_reader_extras():
    options = [line for line in lines("requirements.txt") if line.startswith("-")]
    assert options == ["-e .[widgets,grading]"], (
        "requirements.txt: pinned packages and `-e .[widgets,grading]` (for Binder) only"
    )
    assert {"widgets", "grading"} <= project()["optional-dependencies"].keys()


def test_the_library_needs_numpy_and_sympy_only():
    meta = project()
    assert meta["name"] == "curvature-dlcalc"  # the PyPI name dlcalc is another project's
    assert _names(meta["dependencies"]) == {"numpy", "sympy"}
    extras = meta["optional-dependencies"]
    assert _names(extras["widgets"]) == {"matplotlib", "contourpy", "ipywidgets"}
    assert _names(extras["grading"]) == {"nbclient", "nbformat", "ipykernel"}


def test_check_requirements_are_the_library_core_and_its_test_tools():
    options = [line for line in lines("requirements-check.txt") if line.startswith("-")]
    assert options == ["-e ."], "make check installs the library without extras"
    assert pins("requirements-check.txt").keys() == {"numpy", "sympy", "pytest",
                                                     "pytest-xdist", "hypothesis", "ruff"}


def test_no_package_pinned_in_two_files_at_different_versions():
    files = ["requirements.txt", "requirements-dev.txt", "requirements-check.txt"]
    seen = {}
    for name in files:
        for package, version in pins(name).items():
            seen.setdefault(package, {})[name] = version
    clashes = {p: v for p, v in seen.items() if len(set(v.values())) > 1}
    assert not clashes, f"pinned differently: {clashes}"
    options = [line for line in lines("requirements-dev.txt") if line.startswith("-")]
    assert options == ["-r requirements.txt"], (
        f"unexpected options in requirements-dev.txt: {options}"
    )


def _names(requirements):
    return {canonical(re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0]) for r in requirements}


def test_pyproject_dependencies_are_pinned():
    meta = project()
    runtime, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    extras = meta["optional-dependencies"]
    reader = _names(meta["dependencies"]) | _names(extras["widgets"]) | _names(extras["grading"])
    missing = reader - runtime.keys()
    assert not missing, f"runtime dependencies not pinned in requirements.txt: {missing}"
    missing = (_names(extras["book"]) | _names(extras["test"])) - (runtime.keys() | dev.keys())
    assert not missing, f"book/test extras not pinned in requirements-dev.txt: {missing}"
