"""Build the library's wheel from a checkout, offline (for the Gradescope autograder's bundle).

The library is pure Python under ``lib/dlcalc``; its wheel is a zip of those files plus the
``.dist-info`` metadata read from ``pyproject.toml`` (name, version, Python and dependency pins,
extras). Building it here needs no build backend from the package index, so ``python -m
dlcalc.autograder build`` works without a network and gives the same wheel on every machine.
"""

import base64
import hashlib
import re
import tomllib
import zipfile
from pathlib import Path

import dlcalc


def project_root():
    """Return the checkout holding the library (its ``pyproject.toml``), or raise."""
    for parent in Path(dlcalc.__file__).resolve().parents:
        if (parent / "pyproject.toml").is_file() and (parent / "lib" / "dlcalc").is_dir():
            return parent
    raise FileNotFoundError("the autograder is built from a checkout of the book's repository "
                            "(no pyproject.toml above dlcalc); or pass --wheel FILE")


def _metadata(project):
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}",
             f"Version: {project['version']}", f"Summary: {project.get('description', '')}"]
    if "requires-python" in project:
        lines.append(f"Requires-Python: {project['requires-python']}")
    lines += [f"Requires-Dist: {d}" for d in project.get("dependencies", [])]
    for extra, deps in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        lines += [f'Requires-Dist: {d}; extra == "{extra}"' for d in deps]
    return "\n".join(lines) + "\n"


def _record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_wheel(outdir, root=None):
    """Write ``<dist>-<version>-py3-none-any.whl`` into ``outdir`` and return its path."""
    root = Path(root) if root else project_root()
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    dist = re.sub(r"[-_.]+", "_", project["name"]).lower()
    info = f"{dist}-{project['version']}.dist-info"
    path = Path(outdir) / f"{dist}-{project['version']}-py3-none-any.whl"
    files = sorted(p for p in (root / "lib" / "dlcalc").rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    entries = [(p.relative_to(root / "lib").as_posix(), p.read_bytes()) for p in files]
    entries += [(f"{info}/METADATA", _metadata(project).encode()),
                (f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: dlcalc._wheel\n"
                 b"Root-Is-Purelib: true\nTag: py3-none-any\n")]
    record = [_record_line(name, data) for name, data in entries] + [f"{info}/RECORD,,"]
    entries.append((f"{info}/RECORD", ("\n".join(record) + "\n").encode()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            member = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            member.external_attr = 0o644 << 16
            archive.writestr(member, data, zipfile.ZIP_DEFLATED)
    return path
