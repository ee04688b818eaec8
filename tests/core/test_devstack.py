"""scripts/devstack.py (behind `make run`, `make test`, `make services`) and the Makefile's test
targets. One test starts a real Postgres and Redis of its own, on free ports in a scratch data
directory, so the servers the suite itself runs on are never touched."""

import contextlib
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import psutil
import psycopg
import pytest
import redis
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SCRIPT = ROOT / "scripts" / "devstack.py"


@pytest.fixture(scope="module")
def devstack() -> ModuleType:
    spec = importlib.util.spec_from_file_location("devstack", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _make_dry_run(target: str) -> list[str]:
    """The commands `make <target>` would run, without the install step (-o)."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    result = subprocess.run(
        # --no-print-directory: under `make test` (CI) this make is a sub-make, which would
        # otherwise add "Entering directory" lines.
        [make, "-n", "--no-print-directory", "-o", ".venv/.installed", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def test_make_test_fast_skips_browser_tests_and_keeps_the_test_database():
    [command] = _make_dry_run("test-fast")
    assert '-m "not browser"' in command
    assert "--reuse-db" in command


def test_make_test_runs_the_whole_suite_on_a_fresh_database():
    [command] = _make_dry_run("test")
    assert "-m" not in command.split("--", 1)[1].split()
    assert "--reuse-db" not in command


def test_make_lint_checks_style_import_layers_and_types():
    tools = [line.split()[0].rsplit("/", 1)[-1] for line in _make_dry_run("lint")]
    assert tools == ["ruff", "ruff", "lint-imports", "mypy"]


def test_ci_lints_before_it_runs_the_suite():
    steps = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip().startswith(("make ", "exec make "))
    ]
    assert steps == ["make lint", "exec make test"]


def test_every_browser_test_is_marked_so_test_fast_leaves_it_out():
    # Exit code 5: nothing collected once the browser tests are deselected.
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
        + ["-m", "not browser", "tests/browser"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 5, result.stdout + result.stderr


def test_a_recycled_pid_is_not_taken_for_our_server(devstack):
    me = psutil.Process()
    assert devstack._alive(me, me.name())
    assert not devstack._alive(me, "postgres")
    assert not devstack._alive(None, "postgres")


def test_a_stale_postmaster_pid_is_removed(devstack, tmp_path, monkeypatch):
    monkeypatch.setattr(devstack, "PG_DATA", tmp_path)
    # A complete postmaster.pid whose PID now belongs to another program (this test).
    lines = [str(os.getpid()), str(tmp_path), "1700000000", "54329", "", "127.0.0.1", "1 2"]
    (tmp_path / "postmaster.pid").write_text("\n".join([*lines, "ready"]) + "\n")
    assert devstack._postmaster() is None
    assert not (tmp_path / "postmaster.pid").exists()
    # One cut short by a crash during start-up.
    (tmp_path / "postmaster.pid").write_text(f"{os.getpid()}\n{tmp_path}\n")
    assert devstack._postmaster() is None
    assert not (tmp_path / "postmaster.pid").exists()


def test_a_stale_redis_pidfile_is_removed(devstack, tmp_path, monkeypatch):
    pidfile = tmp_path / "redis.pid"
    monkeypatch.setattr(devstack, "REDIS_PIDFILE", pidfile)
    pidfile.write_text(f"{os.getpid()}\n")
    assert devstack._redis_process() is None
    assert not pidfile.exists()


def test_children_get_the_venv_first_on_path_and_the_ports_served(devstack, monkeypatch):
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
    monkeypatch.delenv("IVH_BASE_URL", raising=False)
    env = devstack.child_env({"REDIS_URL": "redis://x/0"}, "ivh.settings.dev")
    assert env["PATH"].split(os.pathsep)[0] == str(Path(sys.executable).parent)
    assert env["PATH"].endswith("/usr/bin:/bin")
    assert env["DJANGO_SETTINGS_MODULE"] == "ivh.settings.dev"
    assert env["REDIS_URL"] == "redis://x/0"
    assert env["IVH_WEB_PORT"] == str(devstack.WEB_PORT)
    assert env["IVH_BASE_URL"] == f"http://127.0.0.1:{devstack.WEB_PORT}"
    assert env["IVH_DATA_DIR"] == str(devstack.DATA)


def test_a_child_killed_by_a_signal_exits_like_a_shell_reports_it(devstack):
    assert devstack._exit_code(-2) == 130
    assert devstack._exit_code(5) == 5


def test_services_start_reuse_and_stop_on_ports_of_its_own(devstack, tmp_path):
    pg_port, redis_port = _free_port(), _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env |= {
        "IVH_PG_PORT": str(pg_port),
        "IVH_REDIS_PORT": str(redis_port),
        "IVH_DATA_DIR": str(tmp_path / "data"),
    }

    def devstack_cli(command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(SCRIPT), command],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    try:
        started = devstack_cli("services-start")
        assert started.returncode == 0, started.stderr
        assert f"export DATABASE_URL=postgres://ivh@127.0.0.1:{pg_port}/ivh" in started.stdout
        assert f"export REDIS_URL=redis://127.0.0.1:{redis_port}/0" in started.stdout
        with psycopg.connect(f"postgresql://ivh@127.0.0.1:{pg_port}/ivh") as conn:
            assert conn.execute("SELECT current_database()").fetchone() == ("ivh",)
        assert redis.Redis(port=redis_port).ping()

        again = devstack_cli("services-start")
        assert again.returncode == 0, again.stderr
        assert "reusing it" in again.stderr
    finally:
        stopped = devstack_cli("services-stop")
    assert stopped.returncode == 0, stopped.stderr
    assert "Stopping Postgres" in stopped.stderr and "Stopping Redis" in stopped.stderr
    assert not devstack._port_open(pg_port)
    assert not devstack._port_open(redis_port)


# A stand-in for `run`: no services, no migrate; the "servers" are one Python process that stops
# on Ctrl-C the way honcho does (non-zero), so only devstack's own handling decides the status.
_RUN_WITHOUT_SERVERS = """
import importlib.util, sys
spec = importlib.util.spec_from_file_location("devstack", sys.argv[1])
devstack = importlib.util.module_from_spec(spec)
spec.loader.exec_module(devstack)
devstack.Services.start = lambda self: {}
server = (
    "import signal, sys, time;"
    "signal.signal(signal.SIGINT, lambda *a: sys.exit(130));"
    "print('SERVING', flush=True); time.sleep(60)"
)
devstack.run_commands = lambda env: ([], [sys.executable, "-c", server])
sys.exit(devstack.main(["run"]))
"""


def test_ctrl_c_ends_run_quietly_with_status_zero(tmp_path):
    import signal

    process = subprocess.Popen(
        [sys.executable, "-c", _RUN_WITHOUT_SERVERS, str(SCRIPT)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Its own process group, as a terminal's foreground job: Ctrl-C reaches all of it.
        start_new_session=True,
    )
    try:
        for line in process.stdout:
            if "SERVING" in line:
                break
        os.killpg(process.pid, signal.SIGINT)
        stdout, stderr = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr + stdout


def test_make_run_starts_devstack_run():
    [command] = _make_dry_run("run")
    assert command.endswith("scripts/devstack.py run")


def test_ctrl_c_in_a_terminal_ends_make_run_with_status_zero(tmp_path):
    """As a person stops `make run`: Ctrl-C typed in a terminal, with make in between."""
    import pty
    import select
    import shlex

    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    script = tmp_path / "stand_in.py"
    script.write_text(_RUN_WITHOUT_SERVERS)
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        "run:\n\t"
        + " ".join(shlex.quote(p) for p in (sys.executable, str(script), str(SCRIPT)))
        + "\n"
    )
    pid, master = pty.fork()
    if pid == 0:  # the child: a terminal session running make, as in a shell
        os.chdir(ROOT)
        os.execv(make, [make, "--no-print-directory", "-f", str(makefile), "run"])  # noqa: S606
    output = b""
    try:
        deadline = time.monotonic() + 60
        while b"SERVING" not in output and time.monotonic() < deadline:
            if select.select([master], [], [], 0.5)[0]:
                try:
                    output += os.read(master, 4096)
                except OSError:
                    break
        assert b"SERVING" in output, output.decode(errors="replace")
        os.write(master, b"\x03")  # Ctrl-C, as typed
        deadline = time.monotonic() + 30
        status = None
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if select.select([master], [], [], 0.2)[0]:
                with contextlib.suppress(OSError):
                    output += os.read(master, 4096)
        assert status is not None and os.WIFEXITED(status), output.decode(errors="replace")
        assert os.WEXITSTATUS(status) == 0, output.decode(errors="replace")
        assert b"Error" not in output and b"Traceback" not in output
    finally:
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(master)
