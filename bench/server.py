"""gunicorn as production runs it (sync workers, no preload, whitenoise in the app), on a free
loopback port, with the bench settings; started and stopped by the harness."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil

from bench.client import Client

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Gunicorn:
    def __init__(self, *, workers: int, env: dict[str, str], log_dir: Path) -> None:
        self.workers = workers
        self.env = env
        self.port = free_port()
        self.log_dir = log_dir
        self.process: subprocess.Popen | None = None

    def start(self) -> Client:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        args = [
            gunicorn,
            "ivh.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--timeout",
            "30",  # as in production (Dockerfile)
            "--access-logfile",
            str(self.log_dir / "access.log"),
            "--error-logfile",
            str(self.log_dir / "error.log"),
        ]
        # gunicorn.conf.py (the masking access logger) is read from the working directory.
        self.process = subprocess.Popen(args, cwd=ROOT, env=self.env, start_new_session=True)
        client = Client("127.0.0.1", self.port)
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"[bench] gunicorn exited (code {self.process.returncode}); "
                    f"see {self.log_dir / 'error.log'}"
                )
            try:
                if client.get("/bench/bare/").status == 200 and len(self.worker_pids()) == (
                    self.workers
                ):
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f"[bench] gunicorn did not answer; see {self.log_dir}")
            time.sleep(0.2)
        return client

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        try:
            return [p.pid for p in psutil.Process(self.process.pid).children()]
        except psutil.NoSuchProcess:
            return []

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.worker_pids():
            try:
                sizes.append(psutil.Process(pid).memory_info().rss / 2**20)
            except psutil.NoSuchProcess:
                continue
        return sizes

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # SIGTERM: gunicorn's graceful stop of the master and its workers (its own session).
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
