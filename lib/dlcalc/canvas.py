"""Canvas gradebook import: fill one assignment's column of an exported Canvas gradebook.

Used by ``python -m dlcalc.grade DIR --out grades.csv --canvas-gradebook EXPORT.csv
--assignment NAME [--id-pattern REGEX]``. An export has identity columns (Student, ID, SIS User
ID, SIS Login ID, Section, sometimes Integration ID or Root Account), then one column per
assignment headed ``Name (id)``, then totals; rows such as ``Manual Posting`` and
``    Points Possible`` come before the students. The import file written keeps every identity
column up to the first assignment column, the chosen assignment's column, and the non-student
rows as they were.

Rules (nothing is guessed):

* ``NAME`` matches a header's name part or the full ``Name (id)``; two matches are an error.
* Files are matched to students by the Canvas user id in LMS bulk-download names
  (``smith_12345_67890_01_taylor.ipynb``, ``smith_late_12345_67890_01_taylor-1.ipynb``) or by
  ``--id-pattern REGEX`` (searched in the file name; its ``student_id`` group is compared with
  the ID, SIS User ID, SIS Login ID and Integration ID columns).
* A student without a file stays blank: Canvas leaves a blank cell alone (a 0 would overwrite
  extensions and manual grades). Two files for one student is an error.
* Unmatched files and students without a file are listed, never guessed.
* Scores are scaled to the column's points possible when it differs from the notebook's maximum.
"""

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

ASSIGNMENT_HEADER = re.compile(r"^(?P<name>.*\S)\s*\((?P<id>\d+)\)$")
LMS_NAME = re.compile(r"^[^_]+_(?:late_)?(?P<student_id>\d+)_\d+_", re.IGNORECASE)
ID_COLUMNS = ("ID", "SIS User ID", "SIS Login ID", "Integration ID")


class CanvasError(ValueError):
    """The gradebook, the assignment name or the files cannot be matched without guessing."""


@dataclass
class Plan:
    """A validated merge: which gradebook row gets which submission file."""

    header: list
    rows: list
    identity: int  # number of identity columns
    column: int  # the assignment's column
    points_possible: float = None
    files: dict = field(default_factory=dict)  # row index -> file name
    unmatched_files: list = field(default_factory=list)
    missing_students: list = field(default_factory=list)
    scaled: bool = False  # set by write_import when points possible differ from the maximum


def read_gradebook(path):
    """Return ``(header, rows)`` of a Canvas export (UTF-8, with or without a BOM)."""
    with Path(path).open(newline="", encoding="utf-8-sig") as handle:
        table = [row for row in csv.reader(handle)]
    if not table or "Student" not in [h.strip() for h in table[0]]:
        raise CanvasError(f"{path}: not a Canvas gradebook export (no 'Student' column in its "
                          "first line)")
    width = len(table[0])
    return table[0], [row + [""] * (width - len(row)) for row in table[1:]]


def find_assignment(header, name):
    """Return the index of the column ``name`` designates (its name part or full header)."""
    wanted = name.strip()
    hits = [i for i, h in enumerate(header) if h.strip() == wanted or (
        ASSIGNMENT_HEADER.match(h.strip()) and ASSIGNMENT_HEADER.match(h.strip())["name"]
        == wanted)]
    if len(hits) > 1:
        raise CanvasError(f"--assignment {name!r} is ambiguous: it matches "
                          + ", ".join(repr(header[i]) for i in hits) + "; give the full "
                          "'Name (id)' header")
    if not hits or not ASSIGNMENT_HEADER.match(header[hits[0]].strip()):
        names = [h for h in header if ASSIGNMENT_HEADER.match(h.strip())]
        raise CanvasError(f"--assignment {name!r} is not an assignment column of the gradebook; "
                          f"its assignments: {', '.join(map(repr, names)) or 'none'}")
    return hits[0]


def _id_pattern(text):
    if text is None:
        return LMS_NAME
    try:
        pattern = re.compile(text)
    except re.error as exc:
        raise CanvasError(f"--id-pattern {text!r} is not a regular expression: {exc}") from None
    if "student_id" not in pattern.groupindex:
        raise CanvasError(f"--id-pattern {text!r} needs a named group (?P<student_id>...)")
    return pattern


def _is_student(row, id_indices):
    return any(row[i].strip() for i in id_indices) and "points possible" not in " ".join(
        row).lower()


def plan(gradebook, assignment, filenames, id_pattern=None):
    """Match submission ``filenames`` to the students of the ``gradebook`` export; return a
    :class:`Plan` or raise :class:`CanvasError`. Runs before grading: mistakes cost nothing."""
    header, rows = read_gradebook(gradebook)
    column = find_assignment(header, assignment)
    identity = next(i for i, h in enumerate(header) if ASSIGNMENT_HEADER.match(h.strip()))
    id_indices = [i for i, h in enumerate(header[:identity]) if h.strip() in ID_COLUMNS]
    if not id_indices:
        raise CanvasError(f"{gradebook}: no ID column among {header[:identity]}")
    result = Plan(header, rows, identity, column)
    for row in rows:
        if "points possible" in " ".join(row[:identity]).lower():
            try:
                result.points_possible = float(row[column])
            except ValueError:
                pass
    pattern, owners = _id_pattern(id_pattern), {}
    for name in sorted(filenames):
        match = pattern.search(name)
        sid = match["student_id"] if match else None
        students = [r for r, row in enumerate(rows) if sid and _is_student(row, id_indices)
                    and any(row[i].strip() == sid for i in id_indices)]
        if len(students) > 1:
            raise CanvasError(f"{name}: id {sid} matches {len(students)} students")
        if not students:
            result.unmatched_files.append(name)
            continue
        owners.setdefault(students[0], []).append(name)
    doubles = {r: names for r, names in owners.items() if len(names) > 1}
    if doubles:
        raise CanvasError("two files for one student: " + "; ".join(
            f"{rows[r][0]}: {', '.join(names)}" for r, names in doubles.items()))
    result.files = {r: names[0] for r, names in owners.items()}
    result.missing_students = [rows[r][0] for r, row in enumerate(rows)
                               if _is_student(row, id_indices) and r not in result.files]
    return result


def write_import(merge, scores, out):
    """Write the import file: ``scores`` maps a file's stem to ``(total, max)``. Returns the
    number of grades written."""
    written = 0
    keep = list(range(merge.identity)) + [merge.column]
    with Path(out).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([merge.header[i] for i in keep])
        for r, row in enumerate(merge.rows):
            cells = [row[i] for i in keep]
            if r in merge.files or _is_student(row, [i for i, h in enumerate(
                    merge.header[:merge.identity]) if h.strip() in ID_COLUMNS]):
                cells[-1] = ""
            if r in merge.files:
                total, top = scores[Path(merge.files[r]).stem]
                if merge.points_possible and top and merge.points_possible != top:
                    total, merge.scaled = total * merge.points_possible / top, True
                cells[-1] = f"{round(total, 2):g}"
                written += 1
            writer.writerow(cells)
    return written


def report(merge, out, written):
    """Return the lines telling the instructor what was written and what was not matched."""
    lines = [f"Canvas import for {merge.header[merge.column]!r}: {written} grade(s) in {out}"]
    if merge.scaled:
        lines.append(f"  scores scaled from the notebook's maximum to the column's "
                     f"{merge.points_possible:g} points possible")
    if merge.unmatched_files:
        lines.append("  files matching no student (not imported): "
                     + ", ".join(merge.unmatched_files))
    if merge.missing_students:
        lines.append("  students without a file (left blank): "
                     + ", ".join(merge.missing_students))
    return lines
