"""A Gradescope autograder for one exercise notebook.

``python -m dlcalc.autograder build --chapter chNN --out autograder.zip`` writes a zip with

* ``setup.sh``: run once by Gradescope (as root, Ubuntu 22.04 image). Installs a Python >= 3.11
  (the image's own ``python3`` is 3.10: never used) into its own virtual environment
  ``/opt/dlcalc-autograder/venv``, the pinned packages grading needs (``requirements.txt``:
  NumPy, SymPy, Matplotlib, ipykernel, nbclient, nbformat), the library from the bundled wheel
  (never by name from the package index: ``dlcalc`` there is another project), and the
  unprivileged user ``dlcalc-student``;
* ``run_autograder``: run per submission; calls ``python -m dlcalc.autograder run``;
* the wheel, ``autograder.json`` (chapter, time and memory limits, visibility) and, with
  ``--hidden FILE``, the instructor's hidden checks.

``run`` grades the notebook in ``$AUTOGRADER_ROOT/submission`` (root ``/autograder`` by default)
with the same grader as ``python -m dlcalc.grade``: the student's kernel runs as
``dlcalc-student`` (when run as root) under CPU-time and address-space limits, while ``source``
(hidden checks), ``submission`` and ``results`` are closed to that user; ``results.json`` is
written by this process after the kernel has exited: one test per question (score, max score,
the feedback as output), a visible failed test when the notebook could not run cleanly, and the
execution time.
"""

import argparse
import json
import os
import pwd
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from dlcalc import _wheel
from dlcalc.exercises import NOTEBOOKS, load
from dlcalc.exercises._core import INCORRECT, Feedback
from dlcalc.exercises._grading import DEFAULT_SEED, load_hidden
from dlcalc.exercises._kernel import parse_size
from dlcalc.grade import Job, make_launch
from dlcalc.release import chapter_id

VENV = "/opt/dlcalc-autograder/venv"
STUDENT = "dlcalc-student"
GRADING_PACKAGES = ("numpy", "sympy", "matplotlib", "contourpy", "ipykernel", "nbclient",
                    "nbformat")

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (Ubuntu 22.04).
set -euo pipefail
SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${DLCALC_AUTOGRADER_VENV:-%(venv)s}"
# A Python that meets the library's pins (>= 3.11), never the image's python3 (3.10).
PY=""
for candidate in python3.13 python3.12 python3.11; do
  if command -v "$candidate" >/dev/null 2>&1 && \\
     "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    PY="$candidate"; break
  fi
done
if [ -z "$PY" ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\
    python3.11 python3.11-venv
  PY=python3.11
fi
if ! "$PY" -m venv "$VENV"; then  # Ubuntu ships the venv module separately
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$PY-venv"
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
# Only what grading needs, pinned as in the book's requirements.txt.
"$VENV/bin/python" -m pip install --quiet --requirement "$SOURCE/requirements.txt"
# The library from the bundled wheel, never by name from the index.
"$VENV/bin/python" -m pip install --quiet --no-deps --no-index "$SOURCE/%(wheel)s"
"$VENV/bin/python" -c "import dlcalc.exercises.%(chapter)s"
chmod -R a+rX "$VENV"
# The unprivileged user the student's kernel runs as.
id -u %(student)s >/dev/null 2>&1 || \\
  useradd --system --no-create-home --shell /usr/sbin/nologin %(student)s
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this (as root) for each submission; the grading itself is dlcalc's.
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
PYTHON="${DLCALC_AUTOGRADER_PYTHON:-%(venv)s/bin/python}"
export OPENBLAS_NUM_THREADS=1
cd "$ROOT"
exec "$PYTHON" -m dlcalc.autograder run --root "$ROOT"
"""


def grading_requirements(root):
    """Return requirements.txt lines pinning the packages grading needs (from the book's)."""
    pins = {}
    for line in (Path(root) / "requirements.txt").read_text(encoding="utf-8").splitlines():
        name = line.split("#")[0].strip().split("==")[0].strip().lower()
        if name in GRADING_PACKAGES and "==" in line:
            pins[name] = line.split("#")[0].strip()
    missing = [p for p in GRADING_PACKAGES if p not in pins]
    if missing:
        raise ValueError(f"requirements.txt pins no version of {', '.join(missing)}")
    return [pins[p] for p in GRADING_PACKAGES]


def build(chapter, out, hidden=None, cell_timeout=60, total_timeout=600, memory_limit="auto",
          visibility="visible", wheel=None):
    """Write the autograder zip for ``chapter`` to ``out`` and return its path."""
    config = {"chapter": chapter, "cell_timeout": cell_timeout, "total_timeout": total_timeout,
              "memory_limit": memory_limit, "visibility": visibility, "seed": DEFAULT_SEED}
    if hidden:
        load_hidden(hidden)  # fails now, not on the first submission
    root = _wheel.project_root()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = Path(wheel) if wheel else _wheel.build_wheel(tmp, root)
        names = {"venv": VENV, "wheel": wheel.name, "chapter": chapter, "student": STUDENT}
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in [("setup.sh", SETUP % names), ("run_autograder", RUN % names)]:
                member = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                member.external_attr = 0o755 << 16
                archive.writestr(member, text)
            archive.writestr("requirements.txt", "\n".join(grading_requirements(root)) + "\n")
            archive.writestr("autograder.json", json.dumps(config, indent=2) + "\n")
            archive.write(wheel, wheel.name)
            if hidden:
                archive.write(hidden, "hidden_checks.py")
    return out


def _student_user():
    """Return ``(uid, gid)`` of the unprivileged user, or ``None`` when not root."""
    if os.geteuid() != 0:
        return None
    for name in (STUDENT, "nobody"):
        try:
            entry = pwd.getpwnam(name)
            return entry.pw_uid, entry.pw_gid
        except KeyError:
            continue
    return None


def _find_notebook(folder, chapter):
    found = sorted(p for p in Path(folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    preferred = [p for p in found if NOTEBOOKS[chapter] in p.name]
    if len(found) == 1 or len(preferred) == 1:
        return (preferred or found)[0], None
    if not found:
        return None, "No .ipynb file was found in your submission: upload your notebook."
    return None, ("Your submission has several notebooks (" + ", ".join(p.name for p in found)
                  + "): upload only the exercises notebook.")


def _test(name, score, max_score, output, status=None, visibility="visible"):
    test = {"name": name, "score": score, "max_score": max_score, "output": output,
            "visibility": visibility}
    if status:
        test["status"] = status
    return test


def grade_submission(root, config, user):
    """Grade the submission under ``root``; return ``(feedbacks, problems, notes)``."""
    chapter = config["chapter"]
    module = load(chapter)
    path, problem = _find_notebook(Path(root) / "submission", chapter)
    hidden_file = Path(root) / "source" / "hidden_checks.py"
    hidden = load_hidden(hidden_file) if hidden_file.is_file() else {}
    feedbacks, problems, notes = None, [problem] if problem else [], []
    if path is not None:
        job = Job(path, chapter, config.get("seed", DEFAULT_SEED), hidden)
        memory = config.get("memory_limit", "auto")
        launch = make_launch(config["total_timeout"], memory if memory == "auto" else
                             (parse_size(memory) if isinstance(memory, str) else memory))
        launch.user = user
        launch.check_user()  # isolation or a visible error, never silently neither
        feedbacks = job.score(job.execute(config["cell_timeout"], config["total_timeout"],
                                          launch))
        problems, notes = job.problems, job.notes
    if feedbacks is None:
        feedbacks = [Feedback(INCORRECT, "Not graded: your notebook could not be run.",
                              q.label, q.points) for q in module.QUESTIONS]
    return feedbacks, problems, notes


def results(feedbacks, problems, notes, seconds, config, isolation):
    """Return the ``results.json`` dict Gradescope reads."""
    module = load(config["chapter"])
    visibility = config.get("visibility", "visible")
    tests = [_test(f"{q.name}: {q.title}", fb.score, fb.points, f"{fb.status}: {fb.message}",
                   "passed" if fb.passed else "failed", visibility)
             for q, fb in zip(module.QUESTIONS, feedbacks, strict=True)]
    if problems:
        tests.insert(0, _test("Running your notebook", 0, 0, "\n".join(problems), "failed",
                              "visible"))
    total, top = sum(fb.score for fb in feedbacks), sum(fb.points for fb in feedbacks)
    lines = [f"Exercises {config['chapter']}: {total:g} / {top:g}"]
    lines += [f"Note: your notebook {n}." for n in notes]
    return {"score": total, "execution_time": round(seconds, 2), "output": "\n".join(lines),
            "visibility": visibility, "stdout_visibility": "hidden", "tests": tests,
            "extra_data": {"isolation": isolation}}


def run(root=None):
    """Grade ``ROOT/submission`` and write ``ROOT/results/results.json``; return its dict."""
    root = Path(root or os.environ.get("AUTOGRADER_ROOT", "/autograder"))
    started = time.monotonic()
    config = json.loads((root / "source" / "autograder.json").read_text(encoding="utf-8"))
    out = root / "results"
    out.mkdir(parents=True, exist_ok=True)
    user = _student_user()
    closed = {p: p.stat().st_mode & 0o777 for p in (root / "source", root / "submission", out)
              if p.is_dir()} if user else {}
    isolation = ("kernel ran as uid %d; source, submission and results closed to it" % user[0]
                 if user else "not root: the kernel ran as the grader's own user")
    try:
        for path in closed:
            os.chmod(path, 0o700)
        feedbacks, problems, notes = grade_submission(root, config, user)
    except Exception as exc:  # the grader itself failed: say so in a visible test
        feedbacks = [Feedback(INCORRECT, "Not graded (grader error).", q.label, q.points)
                     for q in load(config["chapter"]).QUESTIONS]
        problems, notes = [f"grader error: {type(exc).__name__}: {exc}"], []
    finally:
        for path, mode in closed.items():
            os.chmod(path, mode)
    data = results(feedbacks, problems, notes, time.monotonic() - started, config, isolation)
    (out / "results.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return data


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m dlcalc.autograder",
                                     description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="write the autograder zip for one chapter")
    b.add_argument("--chapter", required=True, help="chNN or NN (e.g. ch04 or 4)")
    b.add_argument("--out", default="autograder.zip")
    b.add_argument("--hidden", help="hidden-checks file to bundle (see python -m dlcalc.grade)")
    b.add_argument("--cell-timeout", type=float, default=60)
    b.add_argument("--total-timeout", type=float, default=600, help="seconds per submission "
                   "(keep it below Gradescope's autograder timeout)")
    b.add_argument("--memory-limit", default="auto", help="address space of the kernel, e.g. "
                   "1GiB (default: 3/4 of the container's memory)")
    b.add_argument("--visibility", default="visible", choices=(
        "visible", "hidden", "after_due_date", "after_published"))
    b.add_argument("--wheel", help="a prebuilt wheel of the library (default: built here)")
    r = sub.add_parser("run", help="grade /autograder/submission (what run_autograder does)")
    r.add_argument("--root", help="default: $AUTOGRADER_ROOT or /autograder")
    args = parser.parse_args(argv)
    if args.command == "run":
        data = run(args.root)
        print(data["output"])
        return 0
    try:
        chapter = chapter_id(args.chapter)
        if args.memory_limit != "auto":
            parse_size(args.memory_limit)
        out = build(chapter, args.out, args.hidden, args.cell_timeout, args.total_timeout,
                    args.memory_limit, args.visibility, args.wheel)
    except (ValueError, FileNotFoundError) as exc:
        parser.error(str(exc))
    print(f"wrote {out} ({chapter}); upload it as the assignment's autograder")
    return 0


if __name__ == "__main__":
    sys.exit(main())
