"""The Gradescope autograder (issue 20): the zip is built, ``run_autograder`` grades a perfect,
a partial, a blank and a crashing submission in a simulated ``AUTOGRADER_ROOT`` tree, and
``results.json`` has Gradescope's fields and the scores ``python -m dlcalc.grade`` gives.

Nothing is installed from the network: ``run_autograder`` is pointed at an interpreter that
already has the packages (``DLCALC_AUTOGRADER_PYTHON``, which ``setup.sh``'s virtual
environment stands for on Gradescope); ``setup.sh`` is checked for what it installs and how.
As root (as on Gradescope) the kernel runs as an unprivileged user: the interpreter must be
usable by that user, so when this one lives in a private folder (``/root``) a virtual
environment of the system's Python of the same version borrows its packages. Not as root, the
results say the kernel ran as the grader's own user.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from dlcalc.release import chapter_id
from submissions import ALL, BASE, CH, FULL, ROOT, read_rows, with_answers, write_all

NOBODY = 65534
AS_ROOT = os.geteuid() == 0


def _runs_as_nobody(python):
    probe = subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}",
                            "--clear-groups", "--", python, "-c",
                            "import dlcalc.exercises, ipykernel, nbclient"],
                           capture_output=True, timeout=60, env=dict(os.environ,
                                                                     MPLCONFIGDIR="/tmp"))
    return probe.returncode == 0


def _link_copy(source, dest):
    """Copy a tree as hard links where the file system allows it (fast), else as files."""
    if subprocess.run(["cp", "-al", str(source), str(dest)], capture_output=True).returncode:
        shutil.copytree(source, dest, symlinks=True)


@pytest.fixture(scope="module")
def student_python():
    """An interpreter with the grading packages that the kernel's user can run."""
    if not AS_ROOT or _runs_as_nobody(sys.executable):
        yield sys.executable
        return
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    system = shutil.which(version, path="/usr/bin:/usr/local/bin")
    if system is None:
        pytest.fail(f"as root the kernel runs as nobody, who cannot run {sys.executable}; "
                    f"a system {version} is needed to borrow its packages")
    bridge = Path(tempfile.mkdtemp(prefix="dlcalc-student-python-"))
    bridge.chmod(0o755)
    subprocess.run([system, "-m", "venv", "--without-pip", str(bridge / "venv")], check=True)
    site = next((bridge / "venv" / "lib").glob("python3*/site-packages"))
    packages = next(p for p in map(Path, sys.path) if p.name == "site-packages"
                    and (p / "nbclient").is_dir())
    python = str(bridge / "venv" / "bin" / "python")
    (site / "borrow.pth").write_text(f"import site; site.addsitedir({str(packages)!r})\n")
    if not _runs_as_nobody(python):  # the packages too live where nobody can read them
        _link_copy(packages, bridge / "packages")
        _link_copy(ROOT / "lib", bridge / "lib")
        (site / "borrow.pth").write_text(f"{bridge / 'lib'}\nimport site; "
                                         f"site.addsitedir({str(bridge / 'packages')!r})\n")
    assert _runs_as_nobody(python)
    yield python
    shutil.rmtree(bridge)


HIDDEN = ("from dlcalc.exercises import ch04\n"
          "HIDDEN = {'ch04': {'q3': {'check': lambda a: (abs(a - ch04.q3.expected()) < 1e-12, "
          "'full precision')}}}\n")


@pytest.fixture(scope="module")
def hidden_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("hidden") / "hidden_checks.py"
    path.write_text(HIDDEN)
    return path


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory, hidden_file):
    out = tmp_path_factory.mktemp("zip") / "autograder.zip"
    done = subprocess.run([sys.executable, "-m", "dlcalc.autograder", "build", "--chapter",
                           "04", "--out", str(out), "--cell-timeout", "20",
                           "--total-timeout", "120", "--hidden", str(hidden_file)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return out


def _probe_cells(root):
    """Cells that try what a student must not: read the hidden checks, write results."""
    return [f"open({str(root / 'source' / 'hidden_checks.py')!r}).read()",
            f"open({str(root / 'results' / 'forged.json')!r}, 'w').write('{{}}')"]


def submissions(root_of):
    partial = with_answers({"q1": FULL["q1"], "q2": f"q2_answer = "  # q3: 8 figures only
                            f"{CH.q2.misconceptions[0].example()!r}",
                            "q3": f"q3_answer = {float(CH.q3.expected()):.8g}"})
    partial.cells += [nbformat.v4.new_code_cell(c) for c in _probe_cells(root_of("partial"))]
    crashing = with_answers(FULL)
    crashing.cells.insert(2, nbformat.v4.new_code_cell("import os\nos._exit(1)"))
    return {"perfect": with_answers(FULL), "partial": partial, "blank": BASE,
            "crashing": crashing}


def run_autograder(zip_path, root, notebook, python):
    """Lay out ROOT as Gradescope does, run run_autograder, return results.json."""
    for folder in ("source", "submission"):
        (root / folder).mkdir(parents=True)
    root.chmod(0o755)
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(root / "source")
    (root / "run_autograder").write_bytes((root / "source" / "run_autograder").read_bytes())
    nbformat.write(notebook, str(root / "submission" / "04_learning_rate.ipynb"))
    done = subprocess.run(["bash", str(root / "run_autograder")], capture_output=True,
                          text=True, timeout=300,
                          env=dict(os.environ, AUTOGRADER_ROOT=str(root),
                                   DLCALC_AUTOGRADER_PYTHON=python))
    assert done.returncode == 0, done.stderr
    return json.loads((root / "results" / "results.json").read_text())


@pytest.fixture(scope="module")
def graded(autograder_zip, student_python, hidden_file, tmp_path_factory):
    base = Path(tempfile.mkdtemp(prefix="dlcalc-autograder-"))  # open, unlike pytest's tmp
    base.chmod(0o755)
    notebooks = submissions(lambda name: base / name)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(run_autograder, autograder_zip, base / name, nb,
                                     student_python) for name, nb in notebooks.items()}
        results = {name: future.result() for name, future in futures.items()}
    forged = (base / "partial" / "results" / "forged.json").exists()  # before a root kernel
    folder = write_all(tmp_path_factory.mktemp("batch"), notebooks)
    out = tmp_path_factory.mktemp("grades") / "grades.csv"
    done = subprocess.run([sys.executable, "-m", "dlcalc.grade", str(folder), "--out", str(out),
                           "--chapter", "4", "--cell-timeout", "20", "--jobs", "2",
                           "--hidden", str(hidden_file), "--quiet"], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    yield base, results, read_rows(out), forged
    shutil.rmtree(base)


EXPECTED = {"perfect": ALL, "partial": {1}, "blank": set(), "crashing": set()}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_results_json_has_gradescopes_fields_and_the_graders_scores(graded, name):
    _, results, rows, _ = graded
    data, row = results[name], rows[name]
    assert {"score", "execution_time", "output", "visibility", "stdout_visibility",
            "tests"} <= set(data)
    assert data["execution_time"] > 0 and data["stdout_visibility"] == "hidden"
    questions = [t for t in data["tests"] if t["name"] != "Running your notebook"]
    for test in data["tests"]:
        assert {"name", "score", "max_score", "output", "visibility"} <= set(test)
    assert [t["name"].split(":")[0] for t in questions] == [q.name for q in CH.QUESTIONS]
    assert [t["max_score"] for t in questions] == [q.points for q in CH.QUESTIONS]
    assert [str(t["score"]) for t in questions] == [row[q.name] for q in CH.QUESTIONS]
    assert str(data["score"]) == row["total"] == str(sum(
        q.points for q in CH.QUESTIONS if int(q.name[1:]) in EXPECTED[name]))
    assert data["output"].startswith(f"Exercises ch04: {data['score']:g} / ")


def test_feedback_messages_are_the_tests_output(graded):
    _, results, _, _ = graded
    partial = {t["name"].split(":")[0]: t for t in results["partial"]["tests"]}
    assert CH.q2.misconceptions[0].message in partial["q2"]["output"]
    assert "Hidden check failed. full precision" in partial["q3"]["output"]  # from the zip
    assert partial["q1"]["status"] == "passed" and partial["q2"]["status"] == "failed"
    assert all("not attempted" in t["output"] for t in results["blank"]["tests"])


def test_a_notebook_that_cannot_run_gets_a_visible_failed_test(graded):
    _, results, _, _ = graded
    run = results["crashing"]["tests"][0]
    assert run["name"] == "Running your notebook" and run["status"] == "failed"
    assert run["visibility"] == "visible" and "kernel died" in run["output"]
    assert results["crashing"]["score"] == 0
    assert "Running your notebook" not in [t["name"] for t in results["perfect"]["tests"]]


def test_the_kernel_cannot_read_the_source_or_write_the_results(graded):
    base, results, _, forged = graded
    isolation = results["partial"]["extra_data"]["isolation"]
    if not AS_ROOT:  # degraded, and it says so
        assert isolation.startswith("not root")
        return
    assert isolation.startswith("kernel ran as uid ")
    output = results["partial"]["tests"][0]["output"]
    assert output.count("raised PermissionError") == 2
    assert not forged
    assert oct((base / "partial" / "source").stat().st_mode & 0o777) == "0o755"  # reopened


def test_setup_installs_its_own_python_the_bundled_wheel_and_only_grading_needs(autograder_zip):
    with zipfile.ZipFile(autograder_zip) as archive:
        names = set(archive.namelist())
        setup = archive.read("setup.sh").decode()
        run = archive.read("run_autograder").decode()
        requirements = archive.read("requirements.txt").decode().split()
        config = json.loads(archive.read("autograder.json"))
        modes = {i.filename: i.external_attr >> 16 for i in archive.infolist()}
    wheel = next(n for n in names if n.endswith(".whl"))
    assert wheel.startswith("curvature_dlcalc-") and wheel.endswith("-py3-none-any.whl")
    assert {"setup.sh", "run_autograder", "requirements.txt", "autograder.json",
            "hidden_checks.py"} <= names
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111
    assert subprocess.run(["bash", "-n", "-c", setup]).returncode == 0
    assert subprocess.run(["bash", "-n", "-c", run]).returncode == 0
    # a Python >= 3.11 in its own virtual environment, never the image's python3
    assert "sys.version_info < (3, 11)" in setup and "python3.11-venv" in setup
    assert re.search(r'"\$PY" -m venv "\$VENV"', setup)
    pips = [line for line in setup.splitlines() if "pip install" in line]
    assert len(pips) == 3 and all(line.startswith('"$VENV/bin/python" -m pip install')
                                  for line in pips)  # only into its own environment
    assert f'--no-deps --no-index "$SOURCE/{wheel}"' in setup  # the wheel, never by name
    assert not re.search(r"install[^\n]*\bdlcalc\b(?![-_.\w/])", setup)
    assert "useradd" in setup and "dlcalc-student" in setup
    pins = dict(line.split("==") for line in requirements)
    repo = dict(line.split("==") for line in (ROOT / "requirements.txt").read_text().split()
                if "==" in line)
    assert set(pins) == {"numpy", "sympy", "matplotlib", "contourpy", "ipykernel", "nbclient",
                         "nbformat"} and all(pins[k] == repo[k] for k in pins)
    venv = re.search(r'VENV="\$\{DLCALC_AUTOGRADER_VENV:-([^}]+)\}"', setup)[1]
    assert f'PYTHON="${{DLCALC_AUTOGRADER_PYTHON:-{venv}/bin/python}}"' in run
    assert 'ROOT="${AUTOGRADER_ROOT:-/autograder}"' in run
    assert config["chapter"] == "ch04" and config["total_timeout"] == 120


def test_the_bundled_wheel_installs_offline(autograder_zip, tmp_path):
    with zipfile.ZipFile(autograder_zip) as archive:
        wheel = next(n for n in archive.namelist() if n.endswith(".whl"))
        archive.extract(wheel, tmp_path)
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                           "--no-index", "--target", str(tmp_path / "site"),
                           str(tmp_path / wheel)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    assert (site / "dlcalc" / "exercises" / "ch04.py").read_bytes() == (
        ROOT / "lib" / "dlcalc" / "exercises" / "ch04.py").read_bytes()
    meta = next(site.glob("curvature_dlcalc-*.dist-info")) / "METADATA"
    text = meta.read_text()
    assert "Name: curvature-dlcalc" in text and "Requires-Python: >=3.11" in text


@pytest.mark.parametrize("text,chapter", [("ch04", "ch04"), ("04", "ch04"), ("4", "ch04"),
                                          ("CH06", "ch06")])
def test_chapters_are_named_chNN_or_NN(text, chapter):
    assert chapter_id(text) == chapter


def test_a_bad_chapter_is_refused_by_name(tmp_path):
    done = subprocess.run([sys.executable, "-m", "dlcalc.autograder", "build", "--chapter",
                           "7", "--out", str(tmp_path / "a.zip")], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "chapter must be one of ch01" in done.stderr
    assert not (tmp_path / "a.zip").exists()
