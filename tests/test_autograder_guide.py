"""The instructor guide (instructors.md) says what the code does: every option it names exists,
and the defaults, limits and examples it states are the code's."""

import csv
import inspect
import re

import pytest

from dlcalc import autograder, canvas, grade, release
from dlcalc.exercises import _function, _kernel
from submissions import ROOT

GUIDE = (ROOT / "instructors.md").read_text(encoding="utf-8")


def _help(main, argv, capsys):
    with pytest.raises(SystemExit):
        main(argv + ["--help"])
    return capsys.readouterr().out


def test_every_option_the_guide_names_exists(capsys):
    known = (_help(grade.main, [], capsys) + _help(autograder.main, ["build"], capsys)
             + _help(release.main, [], capsys))
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", GUIDE))
    assert named and {o for o in named if o not in known} == set()


def test_the_guide_states_the_codes_defaults():
    for fn in (grade.grade_directory, autograder.build):
        params = inspect.signature(fn).parameters
        assert params["cell_timeout"].default == 60 and params["total_timeout"].default == 600
    assert "| per cell | 60 s" in GUIDE and "| per submission | 600 s |" in GUIDE
    assert grade.make_launch(600, memory_limit=None).cpu == 600 + 30
    assert "| CPU time of the kernel | the total plus 30 s |" in GUIDE
    assert _function.TIME_LIMIT == 5 and "| a student's function on one test input | 5 s |" in GUIDE
    assert f"`{autograder.VENV}`" in GUIDE and "at most 4 GiB" in GUIDE


def test_the_memory_default_is_three_quarters_of_the_container(monkeypatch):
    monkeypatch.setattr(_kernel, "container_memory", lambda: 8 * _kernel.GIB)
    assert _kernel.default_memory_limit(2) == 3 * _kernel.GIB  # 3/4 of 8 GiB over 2 kernels
    assert _kernel.default_memory_limit(1) == 4 * _kernel.GIB  # capped
    assert "3/4 of the container's memory divided by `--jobs`" in GUIDE


def test_the_scaling_example_is_what_the_import_writes(tmp_path):
    export = tmp_path / "e.csv"
    with export.open("w", newline="") as handle:
        csv.writer(handle).writerows([["Student", "ID", "Exercises 4 (5501)"],
                                      ["    Points Possible", "", "10"], ["A", "7", ""]])
    merge = canvas.plan(export, "Exercises 4", ["a_7_1_x.ipynb"])
    canvas.write_import(merge, {"a_7_1_x": (7, 9)}, tmp_path / "o.csv")
    value = list(csv.reader((tmp_path / "o.csv").open()))[2][2]
    assert f"(a 7 / 9 notebook in a 10-point column gets {value})" in GUIDE.replace("\n  ", " ")
