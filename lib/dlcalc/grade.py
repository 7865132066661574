"""Batch grading: ``python -m dlcalc.grade SUBMISSIONS_DIR --out grades.csv``.

Every ``*.ipynb`` in ``SUBMISSIONS_DIR`` is one submission (student id = file stem). Each runs in
its own kernel (:mod:`dlcalc.exercises._runner`: per-cell and total time limits, errors
allowed, kernel shut down whatever happens), which only *reports* the ``qN_answer`` values and
the outputs of the student's functions on inputs the grader chose (``--seed``, different from
the notebook's own check). The grader's process then scores them with the same question objects
the notebook uses, so redefining ``check``, ``ScoreSheet`` or ``dlcalc`` inside a submission
changes nothing. A submission that crashes, loops, exits, floods its output or deletes its
answers is scored as far as it got and never stops the others.

Output: one CSV row per submission (``student, chapter, q1..qK, total, max, error, notes``;
``notes`` flags calls of ``.expected()``/``.solution()``) and a Markdown feedback file per
student in ``--feedback-dir`` (default: ``feedback/`` next to the CSV).

Hidden checks (``--hidden FILE``): a Python file the instructor keeps out of the exercises,
defining ``HIDDEN = {"ch04": {"q9": {"cases": [(x, g, H), ...]}, "q3": {"check": fn}}}``.
``cases`` are extra inputs (tuples of arrays/floats) for an "implement" question, run in the
submission's kernel and compared with the reference; ``check(answer)`` receives the decoded
answer (float, array, string, SymPy expression or ``FunctionAnswer``) and returns a bool or
``(bool, message)``. A question scores only if its public check and all hidden checks pass.

Limits: each kernel runs under ``prlimit`` (CPU time, ``--memory-limit`` address space: by
default 3/4 of the container's memory shared by ``--jobs`` kernels, at most 4 GiB), in its own
temporary folder, and with ``--user NAME`` (as root) as that unprivileged user.

Canvas (``--canvas-gradebook EXPORT.csv --assignment NAME [--id-pattern REGEX]``): also writes
an import file for that assignment column (see :mod:`dlcalc.canvas`); the files are matched to
students before any grading starts.
"""

import argparse
import csv
import re
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

from dlcalc import canvas
from dlcalc.exercises import CHAPTERS, load
from dlcalc.exercises._core import INCORRECT, Feedback
from dlcalc.exercises._grading import DEFAULT_SEED, build_spec, detect_chapter, load_hidden, score
from dlcalc.exercises._kernel import Launch, default_memory_limit, parse_size, resolve_user
from dlcalc.exercises._runner import execute
from dlcalc.release import chapter_id


class Job:
    """One submission on its way through the grader: read, executed, then scored."""

    def __init__(self, path, chapter=None, seed=DEFAULT_SEED, hidden=None):
        self.path, self.student = Path(path), Path(path).stem
        self.chapter, self.problems, self.notes, self.nb, self.spec = chapter, [], [], None, None
        try:
            self.nb = nbformat.read(str(path), as_version=4)
        except Exception as exc:  # not JSON, not a notebook
            self.problems.append(f"not a readable notebook ({type(exc).__name__})")
            return
        self.chapter = chapter or detect_chapter(self.nb, path)
        if self.chapter is None:
            self.problems.append("could not tell which chapter this notebook is (--chapter)")
            self.nb = None
            return
        self.module = load(self.chapter)
        self.rules = (hidden or {}).get(self.chapter, {})
        self.spec = build_spec(self.module, seed, self.rules)
        sources = "\n".join(re.sub(r"#.*", "", c.get("source", "")) for c in self.nb.cells
                            if c.get("cell_type") == "code")  # comments do not count
        self.notes = [f"calls .{name}()" for name in ("expected", "solution")
                      if re.search(rf"\.{name}\s*\(", sources)]

    def execute(self, cell_timeout=60, total_timeout=600, launch=None):
        """Run the notebook in its own kernel (thread-safe) and return the Execution;
        ``launch``: the kernel's limits and user (:class:`~dlcalc.exercises._kernel.Launch`)."""
        if self.nb is None:
            return None
        with tempfile.TemporaryDirectory(prefix="dlcalc-grade-") as work:
            spec = {q: {k: v for k, v in item.items() if k != "public"}
                    for q, item in self.spec.items()}
            return execute(self.nb, spec, cell_timeout=cell_timeout,
                           total_timeout=total_timeout, cwd=work, launch=launch)

    def score(self, execution):
        """Return the Feedback list (scored in this process), or None if nothing ran."""
        if execution is None:
            return None
        self.problems += execution.problems
        return score(self.module, execution, self.spec, self.rules)


def make_launch(total_timeout=600, memory_limit="auto", jobs=1, user=None, python=None):
    """Return the kernels' Launch: CPU time a little over ``total_timeout``, address space
    ``memory_limit`` (bytes, ``"auto"``: :func:`default_memory_limit`, ``None``: unlimited)."""
    memory = default_memory_limit(jobs) if memory_limit == "auto" else memory_limit
    return Launch(memory=memory, cpu=int(total_timeout) + 30, user=resolve_user(user),
                  python=python)


def grade_one(path, chapter=None, seed=DEFAULT_SEED, hidden=None, cell_timeout=60,
              total_timeout=600, launch=None):
    """Grade one notebook file; return ``(chapter, feedbacks, problems, notes)``."""
    job = Job(path, chapter, seed, hidden)
    feedbacks = job.score(job.execute(cell_timeout, total_timeout,
                                      launch or make_launch(total_timeout)))
    return job.chapter, feedbacks, job.problems, job.notes


def _feedback_markdown(student, chapter, feedbacks, problems, notes):
    total = sum(fb.score for fb in feedbacks or [])
    top = sum(fb.points for fb in feedbacks or [])
    lines = [f"# Feedback for {student} ({chapter or 'unknown chapter'}): {total:g} / {top:g}", ""]
    for fb in feedbacks or []:
        lines.append(f"- **{fb.question}** — {fb.status}: {fb.message}")
    if problems:
        lines += ["", "## While running your notebook", ""] + [f"- {p}" for p in problems]
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def _progress(done, total, label, started):
    width = 30
    filled = int(width * done / max(total, 1))
    end = "\n" if done == total or not sys.stderr.isatty() else ""
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
                     f"{label[:30]:<30} {time.monotonic() - started:6.1f} s{end}")
    sys.stderr.flush()


def _row(job, feedbacks):
    row = {"student": job.student, "chapter": job.chapter or ""}
    if feedbacks is None and job.chapter in CHAPTERS:
        feedbacks = [Feedback(INCORRECT, "Not graded: " + "; ".join(job.problems), q.label,
                              q.points) for q in load(job.chapter).QUESTIONS]
    for i, fb in enumerate(feedbacks or [], start=1):
        row[f"q{i}"] = fb.score
    row["total"] = sum(fb.score for fb in feedbacks or [])
    row["max"] = sum(fb.points for fb in feedbacks or [])
    row["error"] = "; ".join(job.problems)
    row["notes"] = "; ".join(job.notes)
    return row, feedbacks


def grade_directory(directory, out, feedback_dir=None, chapter=None, seed=DEFAULT_SEED,
                    hidden=None, cell_timeout=60, total_timeout=600, jobs=1, progress=True,
                    memory_limit="auto", user=None):
    """Grade every ``*.ipynb`` in ``directory``; write the CSV ``out`` and the feedback files.

    ``jobs`` kernels run at once (executions in worker threads; scoring stays in this thread),
    each under :func:`make_launch`'s limits (``memory_limit``, ``user``). Returns the rows
    written (a list of dicts, in file-name order).
    """
    launch = make_launch(total_timeout, memory_limit, jobs, user)
    if not launch.limited and progress:
        sys.stderr.write("warning: prlimit not found: kernels run without CPU-time and memory "
                         "limits (only the time limits per cell and per submission hold)\n")
    paths = sorted(p for p in Path(directory).glob("*.ipynb") if p.is_file())
    out = Path(out)
    feedback_dir = Path(feedback_dir) if feedback_dir else out.parent / "feedback"
    feedback_dir.mkdir(parents=True, exist_ok=True)
    rows, started = [], time.monotonic()
    job_list = [Job(p, chapter, seed, hidden) for p in paths]
    with ThreadPoolExecutor(max_workers=max(1, int(jobs))) as pool:
        futures = [pool.submit(job.execute, cell_timeout, total_timeout, launch)
                   for job in job_list]
        for done, (job, future) in enumerate(zip(job_list, futures, strict=True)):
            if progress:
                _progress(done, len(paths), job.student, started)
            try:
                feedbacks = job.score(future.result())
            except Exception as exc:  # a grader failure on one submission never stops the rest
                job.problems.append(f"grader error: {exc!r}")
                feedbacks = None
            row, feedbacks = _row(job, feedbacks)
            rows.append(row)
            (feedback_dir / f"{job.student}.md").write_text(
                _feedback_markdown(job.student, job.chapter, feedbacks, job.problems, job.notes),
                encoding="utf-8")
    if progress:
        _progress(len(paths), len(paths), "done", started)
    width = max([int(k[1:]) for r in rows for k in r if re.fullmatch(r"q\d+", k)] or [0])
    fields = ["student", "chapter"] + [f"q{i}" for i in range(1, width + 1)] + [
        "total", "max", "error", "notes"]
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m dlcalc.grade", description=__doc__.split(
        "\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("submissions", help="folder of submitted .ipynb files")
    parser.add_argument("--out", default="grades.csv", help="CSV to write (default grades.csv)")
    parser.add_argument("--feedback-dir", help="per-student feedback files (default: "
                        "feedback/ next to --out)")
    parser.add_argument("--chapter", type=chapter_id, help="grade every notebook as this "
                        "chapter, chNN or NN (default: read it from each notebook)")
    parser.add_argument("--hidden", help="instructor's hidden-checks file (see the docs)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the inputs "
                        "for 'implement' questions")
    parser.add_argument("--cell-timeout", type=float, default=60, help="seconds per cell")
    parser.add_argument("--total-timeout", type=float, default=600,
                        help="seconds per submission")
    parser.add_argument("--jobs", type=int, default=1, help="kernels running at once")
    parser.add_argument("--memory-limit", default="auto", help="address space per kernel, e.g. "
                        "1GiB or none (default: 3/4 of the container's memory / --jobs, at most "
                        "4 GiB)")
    parser.add_argument("--user", help="run the kernels as this unprivileged user (needs root)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--canvas-gradebook", metavar="EXPORT.csv", help="a Canvas gradebook "
                        "export: also write an import file for --assignment")
    parser.add_argument("--assignment", help="the gradebook column to fill: 'Name' or "
                        "'Name (id)'")
    parser.add_argument("--id-pattern", metavar="REGEX", help="regex with a (?P<student_id>...) "
                        "group, searched in file names (default: LMS bulk-download names)")
    parser.add_argument("--canvas-out", help="the import file (default: canvas_import.csv next "
                        "to --out)")
    args = parser.parse_args(argv)
    if not Path(args.submissions).is_dir():
        parser.error(f"SUBMISSIONS_DIR {args.submissions!r} is not a folder")
    if bool(args.canvas_gradebook) != bool(args.assignment):
        parser.error("--canvas-gradebook and --assignment go together")
    try:
        memory = "auto" if args.memory_limit == "auto" else parse_size(args.memory_limit)
        make_launch(args.total_timeout, None, user=args.user).check_user()
        merge = canvas.plan(args.canvas_gradebook, args.assignment, [
            p.name for p in Path(args.submissions).glob("*.ipynb") if p.is_file()],
            args.id_pattern) if (
            args.canvas_gradebook) else None
    except (ValueError, PermissionError) as exc:
        parser.error(str(exc))
    hidden = load_hidden(args.hidden)
    rows = grade_directory(args.submissions, args.out, args.feedback_dir, args.chapter,
                           args.seed, hidden, args.cell_timeout, args.total_timeout,
                           jobs=args.jobs, progress=not args.quiet, memory_limit=memory,
                           user=args.user)
    print(f"graded {len(rows)} submission(s) into {args.out}")
    if merge is not None:
        out = Path(args.canvas_out or Path(args.out).parent / "canvas_import.csv")
        written = canvas.write_import(merge, {r["student"]: (r["total"], r["max"])
                                              for r in rows}, out)
        print("\n".join(canvas.report(merge, out, written)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
