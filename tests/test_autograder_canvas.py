"""Canvas gradebook merge (issue 20): ``python -m dlcalc.grade DIR --canvas-gradebook EXPORT.csv
--assignment NAME`` fills one assignment column of a Canvas export and nothing is guessed.

The export below has what Canvas writes: identity columns up to the first assignment, a
"Manual Posting" row and a "    Points Possible" row before the students, a total column; the
files are named as a bulk download names them (a late one, a resubmission suffix).
"""

import csv
import subprocess
import sys

import pytest

from dlcalc import canvas
from submissions import ALL, BASE, CH, FULL, with_answers, write_all

HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Integration ID", "Section",
          "Exercises 4: learning rate (5501)", "Exercises 5 (5502)", "Current Score"]
EXPORT = [
    HEADER,
    ["", "", "", "", "", "", "Manual Posting", "", ""],
    ["    Points Possible", "", "", "", "", "", "20", "8", "(read only)"],
    ["Smith, Jane", "101", "S101", "jsmith", "", "A", "", "6", "60"],
    ["Lee, Ann", "102", "S102", "alee", "", "A", "7", "", "70"],  # a manual grade, no file
    ["Kim, Bo", "103", "S103", "bkim", "", "B", "", "", ""],
    ["Test Student", "999", "", "", "", "A", "", "", ""],
]
TOP = sum(q.points for q in CH.QUESTIONS)


def write_export(path, table=EXPORT, bom=True):
    with path.open("w", newline="", encoding="utf-8-sig" if bom else "utf-8") as handle:
        csv.writer(handle).writerows(table)
    return path


def read(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("canvas")
    folder = write_all(tmp / "subs", {
        "smithjane_101_9001_04_learning_rate": with_answers(FULL),
        "kimbo_late_103_9003_04_learning_rate-1": with_answers({"q1": FULL["q1"]}),
        "stranger_555_9009_04_learning_rate": BASE,
    })
    out = tmp / "grades.csv"
    done = subprocess.run([sys.executable, "-m", "dlcalc.grade", str(folder), "--out", str(out),
                           "--canvas-gradebook", str(write_export(tmp / "export.csv")),
                           "--assignment", "Exercises 4: learning rate", "--jobs", "2",
                           "--cell-timeout", "20", "--quiet"], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return read(tmp / "canvas_import.csv"), done.stdout


def test_the_import_file_keeps_identity_columns_and_fills_one_assignment(merged):
    table, _ = merged
    assert table[0] == HEADER[:6] + ["Exercises 4: learning rate (5501)"]
    assert table[1] == EXPORT[1][:7] and table[2] == EXPORT[2][:7]  # Manual Posting, Points
    rows = {row[0]: row for row in table[3:]}
    assert rows["Smith, Jane"][:6] == EXPORT[3][:6]
    # 20 points possible: the notebook's score scaled from its own maximum, by hand
    assert float(rows["Smith, Jane"][6]) == pytest.approx(round(len(ALL) * 20 / TOP, 2))
    assert float(rows["Kim, Bo"][6]) == pytest.approx(round(1 * 20 / TOP, 2))  # the late file


def test_a_student_without_a_file_stays_blank_never_zero(merged):
    table, report = merged
    rows = {row[0]: row for row in table[3:]}
    assert rows["Lee, Ann"][6] == "" and rows["Test Student"][6] == ""
    assert "students without a file (left blank): Lee, Ann, Test Student" in report
    assert "scaled from the notebook's maximum to the column's 20 points possible" in report
    assert ("files matching no student (not imported): "
            "stranger_555_9009_04_learning_rate.ipynb") in report


def test_the_assignment_is_found_by_name_or_full_header_and_ambiguity_is_an_error(tmp_path):
    header = HEADER[:6] + ["Quiz (1)", "Quiz (2)"]
    path = write_export(tmp_path / "e.csv", [header, ["A", "1", "", "", "", "", "", ""]])
    with pytest.raises(canvas.CanvasError, match="ambiguous.*'Quiz \\(1\\)', 'Quiz \\(2\\)'"):
        canvas.plan(path, "Quiz", [])
    assert canvas.plan(path, "Quiz (2)", []).column == 7
    with pytest.raises(canvas.CanvasError, match="not an assignment column.*'Quiz \\(1\\)'"):
        canvas.plan(path, "Homework", [])
    with pytest.raises(canvas.CanvasError, match="not an assignment column"):
        canvas.plan(path, "Section", [])


def test_two_files_for_one_student_is_an_error_naming_both(tmp_path):
    path = write_export(tmp_path / "e.csv")
    files = ["smithjane_101_9001_04_learning_rate.ipynb",
             "smithjane_101_9002_04_learning_rate-1.ipynb"]
    with pytest.raises(canvas.CanvasError, match="two files for one student: Smith, Jane: "
                       + ", ".join(files)):
        canvas.plan(path, "Exercises 4: learning rate", files)


def test_an_id_pattern_matches_other_id_columns_and_needs_its_group(tmp_path):
    path = write_export(tmp_path / "e.csv", bom=False)
    merge = canvas.plan(path, "Exercises 5", ["S102-exercises.ipynb", "bkim.ipynb"],
                        id_pattern=r"(?P<student_id>S\d+)")
    assert [merge.rows[r][0] for r in merge.files] == ["Lee, Ann"]
    assert merge.unmatched_files == ["bkim.ipynb"] and merge.points_possible == 8
    with pytest.raises(canvas.CanvasError, match="named group"):
        canvas.plan(path, "Exercises 5", [], id_pattern=r"S\d+")
    with pytest.raises(canvas.CanvasError, match="not a regular expression"):
        canvas.plan(path, "Exercises 5", [], id_pattern=r"(?P<student_id>")


def test_write_import_leaves_equal_points_unscaled(tmp_path):
    path = write_export(tmp_path / "e.csv")
    merge = canvas.plan(path, "Exercises 5 (5502)", ["lee_102_1_x.ipynb"])
    assert canvas.write_import(merge, {"lee_102_1_x": (7, 8)}, tmp_path / "o.csv") == 1
    rows = {row[0]: row for row in read(tmp_path / "o.csv")[3:]}
    assert rows["Lee, Ann"][6] == "7" and rows["Smith, Jane"][6] == ""  # 6 was Canvas's own


def test_not_a_gradebook_and_missing_assignment_flag_are_clear_errors(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,score\nx,1\n")
    with pytest.raises(canvas.CanvasError, match="not a Canvas gradebook export"):
        canvas.plan(bad, "x", [])
    done = subprocess.run([sys.executable, "-m", "dlcalc.grade", str(tmp_path),
                           "--canvas-gradebook", str(bad)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2 and "--canvas-gradebook and --assignment go together" in (
        done.stderr)
