"""The loopback load: gunicorn on 127.0.0.1 against the same database, N connections for a
bounded time, each requesting a mix of pages with a logged-in session cookie."""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

from .measure import percentile
from .users import PUBLIC

READY_TIMEOUT_S = 90
REQUEST_TIMEOUT_S = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def create_sessions(users: dict) -> dict[str, str]:
    """A logged-in session per role, made by the session engine as login() would."""
    engine = import_module(settings.SESSION_ENGINE)
    keys = {}
    for role, user in users.items():
        session = engine.SessionStore()
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        keys[role] = session.session_key
    return keys


def delete_sessions(keys: dict[str, str]) -> None:
    engine = import_module(settings.SESSION_ENGINE)
    for key in keys.values():
        engine.SessionStore(session_key=key).delete()


class Server:
    """gunicorn as a child process; stopped (by its own pid) when the block ends."""

    def __init__(self, workers: int):
        self.workers = workers
        self.port = free_port()
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 — closed in __exit__
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "ticms.bench.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--timeout",
            str(REQUEST_TIMEOUT_S),
            "--log-level",
            "warning",
        ]
        # Same database and keys as this process (DATABASE_URL, DEBUG=1 from the environment);
        # the command is this interpreter and constants.
        self.process = subprocess.Popen(  # noqa: S603
            command,
            cwd=settings.BASE_DIR,
            env=os.environ.copy(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.process.returncode}: {self.output()}"
                )
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/portal/")
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn not ready after {READY_TIMEOUT_S} s: {self.output()}")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-2000:]

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def _worker(port, mix, cookies, start_index, deadline, samples, errors, lock):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_S)
    i = start_index
    while time.monotonic() < deadline:
        role, url = mix[i % len(mix)]
        i += 1
        headers = {"Cookie": cookies[role]} if cookies.get(role) else {}
        started = time.perf_counter()
        try:
            conn.request("GET", url, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
            if response.will_close:
                conn.close()
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            status = type(exc).__name__
        elapsed = time.perf_counter() - started
        with lock:
            samples.append(elapsed)
            if status != 200:
                errors[str(status)] += 1
    conn.close()


def run_load(
    *, users: dict, mix: list[tuple[str, str]], seconds: float, connections: int, workers: int
) -> dict:
    """Requests per second, latency median / p95 and errors (non-200 answers or failures)."""
    result = {"workers": workers, "connections": connections, "mix": mix}
    if not mix:
        return {**result, "skipped": "no page of the mix answered 200 in the page runs"}
    keys = create_sessions({role: u for role, u in users.items() if role != PUBLIC})
    cookies = {role: f"{settings.SESSION_COOKIE_NAME}={key}" for role, key in keys.items()}
    samples: list[float] = []
    errors: Counter = Counter()
    lock = threading.Lock()
    try:
        with Server(workers) as server:
            started = time.monotonic()
            deadline = started + seconds
            threads = [
                threading.Thread(
                    target=_worker,
                    args=(server.port, mix, cookies, n, deadline, samples, errors, lock),
                    daemon=True,
                )
                for n in range(connections)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - started
            log = server.output() if errors else ""
    except RuntimeError as exc:
        return {**result, "error": str(exc)}
    finally:
        delete_sessions(keys)
    return {
        **result,
        "window_seconds": seconds,
        "seconds": elapsed,  # the window plus the requests still in flight at its end
        "requests": len(samples),
        "rps": len(samples) / elapsed if elapsed else 0.0,
        "median_ms": statistics.median(samples) * 1000 if samples else None,
        "p95_ms": percentile(samples, 95) * 1000 if samples else None,
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "server_log": log,
    }
