"""A load bench: ropdesk under gunicorn (gunicorn.conf.py, 2 workers) on DATABASE_URL, driven
by signed-in users on loopback, reporting p50/p95/p99 latency, errors, and the ratio to a
trivial view measured in the same server.

    DATABASE_URL=postgres://... python bench/load.py [--users 20] [--seconds 60]

Bounded: the server listens on 127.0.0.1 only, on a free port; the run stops after
--seconds (at most 600) or --max-requests, whichever comes first; the server is stopped at
the end. The database gets the demo county if it has no students (`ropdesk seed-demo`).

The users are the demo's instructors, office, district coordinator, counselor and student,
signed in by sessions made directly in the database (no sign-in form, so no rate limit
trips). The realistic mix, by weight:

- dashboard (every role), a section's roster, an instructor's attendance sheet, a mark saved
  (POST, htmx row), a catalog search, an API list (staff sessions).

The trivial view is the password-change-done page: it reads the session and the signed-in
user and renders a short template. Both phases run with the same number of users, in turns
(--rounds, three by default: a third of each phase at a time).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ropdesk.settings")
os.environ.setdefault("ROPDESK_REQUIRE_STAFF_MFA", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# The mix is drawn at random: no secret depends on it.
# ruff: noqa: S311
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

HOST = "127.0.0.1"


@dataclass
class User:
    name: str
    cookie: str
    csrf: str
    requests: list[Callable[[], tuple[str, str, dict[str, str] | None]]] = field(
        default_factory=list
    )


@dataclass
class Sample:
    kind: str
    seconds: float
    status: int


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _session(user: Any) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = next(  # the first backend that can load a user
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if hasattr(import_string(path), "get_user")
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    from ropdesk.core import mfa

    if mfa.needs_second_factor(user):
        # Signed in as production signs staff in: through a confirmed authenticator (MFA), so
        # that their pages are measured rather than the redirect to the MFA step.
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="load bench", confirmed=True)
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return str(store.session_key)


def _users(count: int) -> list[User]:
    """Sessions for `count` users, each with the requests of their role."""
    from ropdesk.core.models import Role
    from ropdesk.core.models import User as Account
    from ropdesk.enrollment import access
    from ropdesk.scheduling.models import Meeting, Section

    instructors = list(
        Account.objects.filter(roles__role=Role.INSTRUCTOR, sections_taught__isnull=False)
        .distinct()
        .order_by("pk")[:12]
    )
    others = [
        Account.objects.get(username=name)
        for name in ("admin", "coordinator", "counselor", "student")
        if Account.objects.filter(username=name).exists()
    ]
    people = (instructors * 2)[: max(count - count // 3, 1)] + others
    people = (people * count)[:count]
    sections = list(Section.objects.order_by("pk").values_list("pk", flat=True)[:50])
    made = []
    for account in people:
        csrf = secrets.token_hex(16)  # a 32-character CSRF secret, sent back as the header
        user = User(account.username, f"sessionid={_session(account)}; csrftoken={csrf}", csrf)
        user.requests.append(lambda: ("GET", "/dashboard/", None))
        user.requests.append(lambda: ("GET", "/catalog/?" + urlencode({"q": "health"}), None))
        roster = (
            list(
                access.sections_visible_to(account).order_by("pk").values_list("pk", flat=True)[:20]
            )
            or sections[:5]
        )
        user.requests.append(lambda r=roster: ("GET", f"/sections/{random.choice(r)}/", None))
        if account.is_staff or account.username in ("admin", "coordinator", "counselor"):
            user.requests.append(lambda: ("GET", "/api/v1/sections/?page_size=50", None))
        meetings = list(
            Meeting.objects.filter(section__instructor=account, date__lte=time_today())
            .order_by("-date")
            .values_list("pk", "section_id")[:5]
        )
        if meetings:
            meeting, section = meetings[0]
            students = list(
                Section.objects.get(pk=section)
                .enrollments.filter(status="enrolled")
                .values_list("pk", flat=True)[:20]
            )
            user.requests.append(lambda m=meeting: ("GET", f"/attendance/meetings/{m}/", None))
            if students:
                user.requests.append(
                    lambda m=meeting, s=students: (
                        "POST",
                        f"/attendance/meetings/{m}/mark/",
                        {"enrollment": str(random.choice(s)), "mark": "present"},
                    )
                )
        made.append(user)
    return made


def time_today() -> Any:
    from django.utils import timezone

    return timezone.localdate()


def _drive(
    port: int,
    users: list[User],
    seconds: float,
    max_requests: int,
    pick: Callable[[User], tuple[str, str, dict[str, str] | None]],
    keep_alive: bool = True,
) -> list[Sample]:
    samples: list[Sample] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def run(user: User) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        while time.monotonic() < stop:
            with lock:
                if len(samples) >= max_requests:
                    return
            method, path, form = pick(user)
            headers = {"Cookie": user.cookie, "Host": f"{HOST}:{port}"}
            body = None
            if form is not None:
                body = urlencode(form)
                headers |= {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-CSRFToken": user.csrf,
                    "X-Ropdesk-Fragment": "row",  # take.js asks for the row back
                }
            if not keep_alive:
                headers["Connection"] = "close"
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 599
                keep_alive_lost = True
            else:
                keep_alive_lost = not keep_alive
            if keep_alive_lost:
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
            with lock:
                samples.append(Sample(path.split("?")[0], time.perf_counter() - started, status))
        conn.close()

    threads = [threading.Thread(target=run, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def _percentiles(samples: list[Sample]) -> tuple[float, float, float]:
    times = sorted(s.seconds for s in samples)
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def _wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if server.poll() is not None:
            sys.exit("gunicorn stopped at once; run it by hand to see why")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    sys.exit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--trivial-seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="the trivial view and the mix take turns this many times (their seconds split)",
    )
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--demo-students", type=int, default=1500)
    parser.add_argument(
        "--keep-alive",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="each user keeps one connection (a browser straight to gunicorn); --no-keep-alive "
        "opens one per request, as a proxy in front of gunicorn does by default",
    )
    args = parser.parse_args()
    seconds = min(args.seconds, 600)
    from ropdesk.core.models import Student

    call_command("migrate", verbosity=0)
    if not Student.objects.exists():
        print(f"seeding the demo county ({args.demo_students} students)…", flush=True)
        call_command("seed_demo", students=args.demo_students, verbosity=0)
    users = _users(args.users)
    port = _free_port()
    env = {
        **os.environ,
        "GUNICORN_BIND": f"{HOST}:{port}",
        "GUNICORN_WORKERS": str(args.workers),
        "ROPDESK_REQUIRE_STAFF_MFA": "0",
    }
    server = subprocess.Popen(  # noqa: S603 -- our own venv's gunicorn with the repo's config
        [str(Path(sys.executable).with_name("gunicorn")), "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, server)
        trivial_path = "/accounts/password_change/done/"
        _drive(port, users, 3, 1000, lambda u: ("GET", trivial_path, None))  # warm up
        trivial: list[Sample] = []
        mix: list[Sample] = []
        # The two phases take turns, so that a machine that slows down or speeds up during
        # the run (another process, the host) weighs on both alike and not on the ratio.
        rounds = max(args.rounds, 1)
        for _round in range(rounds):
            trivial += _drive(
                port,
                users,
                args.trivial_seconds / rounds,
                args.max_requests,
                lambda u: ("GET", trivial_path, None),
                args.keep_alive,
            )
            mix += _drive(
                port,
                users,
                seconds / rounds,
                args.max_requests,
                lambda u: random.choice(u.requests)(),
                args.keep_alive,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    prepared = settings.DATABASES["default"].get("OPTIONS", {}).get("prepare_threshold")
    print(
        f"gunicorn, {args.workers} workers, {len(users)} signed-in users, {connection_vendor()}"
        + (", prepared statements" if prepared else "")
        + f", {rounds} rounds"
    )
    print(
        f"{'':<34} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6}"
    )
    for label, samples, span in (
        ("trivial view (session + user)", trivial, args.trivial_seconds),
        ("realistic mix", mix, seconds),
    ):
        p50, p95, p99 = _percentiles(samples)
        errors = sum(1 for s in samples if s.status != 200)  # a redirect is a miss too
        print(
            f"{label:<34} {len(samples):>8} {len(samples) / span:>7.1f} {p50:>7.0f} {p95:>7.0f} "
            f"{p99:>7.0f} {errors:>6}"
        )
    kinds: dict[str, list[Sample]] = {}
    for sample in mix:
        kinds.setdefault(_kind(sample.kind), []).append(sample)
    for kind, samples in sorted(kinds.items()):
        p50, p95, p99 = _percentiles(samples) if len(samples) > 1 else (0, 0, 0)
        errors = sum(1 for s in samples if s.status != 200)  # a redirect is a miss too
        print(
            f"  {kind:<32} {len(samples):>8} {'':>7} {p50:>7.0f} {p95:>7.0f} {p99:>7.0f} "
            f"{errors:>6}"
        )
    t50, t95, _ = _percentiles(trivial)
    m50, m95, _ = _percentiles(mix)
    print(f"ratio to the trivial view: p50 {m50 / t50:.1f}x, p95 {m95 / t95:.1f}x")


def _kind(path: str) -> str:
    parts = [p for p in path.split("/") if p]
    return "/" + "/".join("<id>" if p.isdigit() else p for p in parts) + "/"


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()
