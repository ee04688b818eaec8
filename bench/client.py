"""The benchmark's HTTP client: plain http.client on loopback, one connection per request (gunicorn's
sync workers close it after each response, as they do in production), timed from the request to
the last byte of the body. Sends X-Forwarded-Proto: https, as the proxy in front would."""

from __future__ import annotations

import html
import http.client
import math
import re
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench.middleware import QUERIES_HEADER, SERVER_MS_HEADER


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    ms: float

    @property
    def queries(self) -> int | None:
        value = self.headers.get(QUERIES_HEADER)
        return int(value) if value is not None else None

    @property
    def server_ms(self) -> float | None:
        value = self.headers.get(SERVER_MS_HEADER)
        return float(value) if value is not None else None

    def cookies(self) -> dict[str, str]:
        jar: SimpleCookie = SimpleCookie()
        for header in self.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        return {name: morsel.value for name, morsel in jar.items()}


class RequestFailed(Exception):
    pass


@dataclass
class Client:
    host: str
    port: int
    timeout: float = 120.0

    @property
    def origin(self) -> str:
        return f"https://{self.host}:{self.port}"

    def request(
        self,
        method: str,
        path: str,
        *,
        cookies: dict[str, str] | None = None,
        form: dict[str, str | list[str]] | None = None,
    ) -> Response:
        headers = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "ivh-bench",
            "Accept": "text/html",
            "Accept-Language": "nl",
        }
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            started = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            ms = (time.perf_counter() - started) * 1000
        finally:
            connection.close()
        return Response(status=response.status, headers=response.headers, body=data, ms=ms)

    def get(self, path: str, *, cookies: dict[str, str] | None = None) -> Response:
        return self.request("GET", path, cookies=cookies)


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class Sample:
    times_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)

    def add(self, response: Response) -> None:
        self.times_ms.append(response.ms)
        if response.queries is not None:
            self.queries.append(response.queries)
        if response.server_ms is not None:
            self.server_ms.append(response.server_ms)

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        return percentile(self.times_ms, 0.95)

    @property
    def query_count(self) -> int | None:
        return statistics.median_low(self.queries) if self.queries else None

    def query_note(self) -> str:
        seen = sorted(set(self.queries))
        return "" if len(seen) <= 1 else f"queries vary: {seen}"


def check(response: Response, path: str, expect: int) -> Response:
    if response.status != expect:
        where = response.headers.get("Location", "")
        raise RequestFailed(
            f"{path}: status {response.status}, expected {expect}"
            + (f" (to {where})" if where else "")
        )
    return response


def measure(
    client: Client,
    path: str,
    *,
    cookies: dict[str, str] | None,
    warmup: int,
    requests: int,
    expect: int = 200,
) -> Sample:
    """`warmup` requests, then `requests` measured ones, one after the other."""
    for _ in range(warmup):
        check(client.get(path, cookies=cookies), path, expect)
    sample = Sample()
    for _ in range(requests):
        sample.add(check(client.get(path, cookies=cookies), path, expect))
    return sample


def measure_cold(
    client: Client,
    path: str,
    *,
    cookies: dict[str, str] | None,
    clear: Callable[[], None],
    times: int,
    expect: int = 200,
) -> Sample:
    """The first request after the cache is emptied, `times` over."""
    sample = Sample()
    for _ in range(times):
        clear()
        sample.add(check(client.get(path, cookies=cookies), path, expect))
    return sample


@dataclass
class Concurrent:
    """What `run_concurrently` measured: every request's time and the wall time of the whole."""

    sample: Sample
    wall_s: float
    errors: list[str]

    @property
    def per_second(self) -> float:
        return len(self.sample.times_ms) / self.wall_s if self.wall_s else 0.0


def run_concurrently(
    jobs: list[list[Callable[[], Response]]], *, expect: Callable[[Response], bool]
) -> Concurrent:
    """One thread per list of jobs, all started together; each job is one request."""
    sample = Sample()
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(jobs) + 1)

    def worker(mine: list[Callable[[], Response]]) -> None:
        barrier.wait()
        for job in mine:
            try:
                response = job()
            except Exception as exc:
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                continue
            with lock:
                if expect(response):
                    sample.add(response)
                else:
                    errors.append(f"status {response.status}")

    threads = [threading.Thread(target=worker, args=(mine,), daemon=True) for mine in jobs]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return Concurrent(sample=sample, wall_s=time.perf_counter() - started, errors=errors)


_HIDDEN = re.compile(
    r'<input[^>]*\bname="(csrfmiddlewaretoken|started|submission_token)"[^>]*\bvalue="([^"]*)"'
)


def hidden_fields(body: bytes) -> dict[str, str]:
    """The form's anti-forgery and anti-robot fields, as a browser would send them back."""
    found = {name: html.unescape(value) for name, value in _HIDDEN.findall(body.decode())}
    missing = {"csrfmiddlewaretoken", "started", "submission_token"} - found.keys()
    if missing:
        raise RequestFailed(f"the form has no {sorted(missing)}")
    return found
