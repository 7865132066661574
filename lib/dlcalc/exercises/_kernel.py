"""The kernel a submission runs in: its own limits, its own folder, optionally its own user.

:class:`Launch` builds the kernel's command line::

    prlimit --cpu=S --as=B [--nproc=N] -- [setpriv --reuid=U --regid=G --clear-groups --]
        python -m ipykernel_launcher -f {connection_file}

The limits are set by the launcher process (``prlimit`` execs the kernel), never by a
``preexec_fn``, which is unsafe when ``--jobs`` starts kernels from several threads; soft and hard
limits are equal, so the kernel cannot raise them. The environment is rebuilt, not inherited:
``OPENBLAS_NUM_THREADS=1``, ``MALLOC_ARENA_MAX=2``, and ``HOME``/``TMPDIR``/IPython's and
Matplotlib's folders inside the submission's own temporary folder (owned by the kernel's user,
as is the connection file).
"""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

try:
    import pwd
except ImportError:  # Windows: no users to switch to, no prlimit
    pwd = None

from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager

MIB, GIB = 2**20, 2**30
MAX_DEFAULT_MEMORY = 4 * GIB
_UNITS = {"": 1, "k": 2**10, "m": MIB, "g": GIB, "t": 2**40}
_KEPT_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "PYTHONPATH", "VIRTUAL_ENV")


def container_memory():
    """Return the bytes this process may use: the smallest of physical memory and the cgroup
    limits (v2 ``memory.max``, v1 ``memory.limit_in_bytes``) of this process's cgroup."""
    try:
        limits = [os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")]
    except (AttributeError, ValueError, OSError):  # no sysconf: assume a small machine
        limits = [4 * GIB]
    paths = [Path("/sys/fs/cgroup/memory.max"),
             Path("/sys/fs/cgroup/memory/memory.limit_in_bytes")]
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            number, controllers, where = line.split(":", 2)
            if controllers == "":
                paths.append(Path("/sys/fs/cgroup" + where) / "memory.max")
            elif "memory" in controllers.split(","):
                paths.append(Path("/sys/fs/cgroup/memory" + where) / "memory.limit_in_bytes")
    except (OSError, ValueError):
        pass
    for path in paths:
        try:
            text = path.read_text().strip()
        except OSError:
            continue
        if text.isdigit():
            limits.append(int(text))
    return min(limits)


def default_memory_limit(jobs=1):
    """Return the address-space limit per kernel: three quarters of the container's memory
    shared by ``jobs`` kernels (the grader keeps the rest), at most 4 GiB."""
    return min(MAX_DEFAULT_MEMORY, int(0.75 * container_memory() / max(1, int(jobs))))


def parse_size(text):
    """Return bytes for ``"1GiB"``, ``"512M"``, ``"2g"``, ``"1073741824"``; ``None`` for
    ``"none"``/``"0"`` (no limit)."""
    cleaned = str(text).strip().lower().replace("ib", "").replace("b", "")
    if cleaned in ("none", "0", "off"):
        return None
    number, unit = cleaned.rstrip("kmgt"), cleaned[len(cleaned.rstrip("kmgt")):]
    try:
        value = float(number) * _UNITS[unit]
    except (ValueError, KeyError):
        raise ValueError(f"memory limit: expected a size such as 1GiB, 512M or none, "
                         f"got {text!r}") from None
    if value < 64 * MIB:
        raise ValueError(f"memory limit: {text!r} is below 64 MiB: no kernel starts in that")
    return int(value)


def resolve_user(user):
    """Return ``(uid, gid)`` for a user name or number, or ``None`` for "this process's user".

    Running as another user needs root: a clear ``PermissionError`` otherwise."""
    if user is None or user == "":
        return None
    if pwd is None or not shutil.which("setpriv"):
        raise PermissionError("user: running kernels as another user needs Linux's setpriv")
    try:
        entry = pwd.getpwuid(int(user)) if str(user).isdigit() else pwd.getpwnam(str(user))
    except KeyError:
        raise ValueError(f"user: no such user {user!r}") from None
    if entry.pw_uid == os.geteuid():
        return None
    if os.geteuid() != 0:
        raise PermissionError(f"user: running kernels as {entry.pw_name!r} needs root "
                              f"(this process runs as uid {os.geteuid()})")
    return entry.pw_uid, entry.pw_gid


class Launch:
    """How one submission's kernel starts: ``memory`` (address-space bytes or None), ``cpu``
    (CPU seconds or None), ``user`` (``(uid, gid)`` or None), ``python`` (interpreter)."""

    def __init__(self, memory=None, cpu=None, user=None, python=None):
        self.memory, self.cpu, self.user = memory, cpu, user
        self.python = python or sys.executable

    @property
    def limited(self):
        """Whether the limits can be set here (``prlimit`` exists: Linux's util-linux)."""
        return bool(shutil.which("prlimit"))

    def argv(self):
        limits = []
        if self.cpu:
            limits.append(f"--cpu={int(self.cpu)}")
        if self.memory:
            limits.append(f"--as={int(self.memory)}")
        if self.user:
            limits.append("--nproc=256")  # per user: the kernel's user owns nothing else
        drop = []
        if self.user:
            uid, gid = self.user
            drop = [shutil.which("setpriv"), f"--reuid={uid}", f"--regid={gid}",
                    "--clear-groups", "--"]
        launcher = [shutil.which("prlimit"), *limits, "--"] if limits and self.limited else []
        return launcher + drop + [self.python, "-m", "ipykernel_launcher", "-f",
                                  "{connection_file}"]

    def env(self, work):
        env = {k: os.environ[k] for k in _KEPT_ENV if k in os.environ}
        env.setdefault("PATH", os.defpath)
        env.update(HOME=str(work), TMPDIR=str(work), IPYTHONDIR=str(Path(work) / ".ipython"),
                   MPLCONFIGDIR=str(Path(work) / ".matplotlib"), MPLBACKEND="Agg",
                   OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
                   MALLOC_ARENA_MAX="2", PYTHONDONTWRITEBYTECODE="1")
        return env

    def prepare(self, work):
        """Make ``work`` the kernel's own folder (owned by its user, closed to others)."""
        os.chmod(work, 0o700)
        if self.user:
            os.chown(work, *self.user)

    def check_user(self):
        """Raise PermissionError unless the kernel's user can start this interpreter (as root
        with a user: the interpreter must not live in a folder only root can read)."""
        if not self.user:
            return
        argv = self.argv()
        probe = subprocess.run(argv[:argv.index(self.python)] + [self.python, "-c",
                               "import ipykernel, dlcalc.exercises"], capture_output=True,
                               text=True, timeout=120, env=self.env("/tmp"))
        if probe.returncode != 0:
            raise PermissionError(
                f"user {self.user[0]} cannot start the kernel with {self.python} "
                f"({(probe.stderr.strip().splitlines() or ['no message'])[-1]}): install the "
                "grading environment where every user can read it (e.g. under /opt)")

    def manager_class(self, work):
        """Return a kernel-manager class that starts kernels this way in folder ``work``."""
        launch = self

        class LimitedKernelManager(AsyncKernelManager):
            @property
            def kernel_spec(self):
                if self._kernel_spec is None:
                    self._kernel_spec = KernelSpec(argv=launch.argv(), language="python",
                                                   display_name="dlcalc grading kernel")
                return self._kernel_spec

            def write_connection_file(self, **kwargs):
                if not self.connection_file:
                    self.connection_file = str(Path(work) / f"kernel-{uuid.uuid4().hex}.json")
                super().write_connection_file(**kwargs)
                if launch.user:
                    os.chown(self.connection_file, *launch.user)

        return LimitedKernelManager
