"""Benchmark of the web workspace: the project dashboard page against a trivial health endpoint.

Starts ``aeflow serve`` (uvicorn, one process) on a free local port over a fresh SQLite database with
one project of 2,000 work items, logs in, then measures — in the same run, with the same client and
concurrency — requests per second and p95 latency of ``GET /p/<id>`` (the project dashboard) and of
``GET /healthz``. Bar: the dashboard reaches at least 20% of the health endpoint's throughput and its
p95 is at most 5× the health endpoint's p95. The last line printed is the throughput ratio.

    .venv/bin/python bench/web.py [--requests 400] [--concurrency 4]

Metric rows: the dashboard does not read the metrics store yet, so the 1,000,000 fact rows of the
issue are not loaded (loading them would not change what this page does); see docs/web.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
AEFLOW = str(ROOT / ".venv" / "bin" / "aeflow") if (ROOT / ".venv" / "bin" / "aeflow").exists() else "aeflow"
WORK_ITEMS = 2000
PASSWORD = "bench-password-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def big_project_file(folder: Path) -> tuple[Path, str]:
    """The demo's level-1 project with its work items replaced by a 2,000-item chain of phases."""
    sys.path.insert(0, str(ROOT / "src"))
    from aeflow.services.demo import examples_dir
    from aeflow.storage.yamlfile import load_project_file, write_project_file

    base = load_project_file(examples_dir() / "launch-l1.yaml")
    data = base.model_dump(mode="json")
    owners = [m["name"] for m in data["team"]] or [""]
    statuses = ["done", "in_progress", "planned", "planned", "waiting_client", "blocked"]
    items = []
    start = dt.date.fromisoformat(data["kickoff"])
    for i in range(WORK_ITEMS):
        begin = start + dt.timedelta(days=i % 80)
        items.append({
            "id": f"W{i:04d}", "title": f"交付物 {i:04d}", "owner": owners[i % len(owners)],
            "start": begin.isoformat(), "due": (begin + dt.timedelta(days=3)).isoformat(),
            "status": statuses[i % len(statuses)], "is_milestone": i % 100 == 0,
            "depends_on": [f"W{i - 1:04d}"] if i % 10 else [], "estimated_hours": 8,
        })
    data["work_items"] = items
    for action_holder in data.get("cadence", []):
        for record in action_holder.get("records", []):
            for action in record.get("action_items", []):
                if action.get("becomes", "work_item") == "work_item":
                    action["ref"] = None
    data["id"] = "bench-2000"
    from aeflow.domain.validation import parse_project

    project = parse_project(data)
    path = folder / "bench.yaml"
    write_project_file(project, path)
    return path, project.id


def measure(client: httpx.Client, path: str, n: int, concurrency: int) -> tuple[float, float]:
    """(requests per second, p95 latency in ms) of ``n`` GETs of ``path`` with ``concurrency`` workers."""
    def one(_i: int) -> float:
        t0 = time.perf_counter()
        r = client.get(path)
        elapsed = time.perf_counter() - t0
        if r.status_code != 200:
            raise SystemExit(f"{path} answered {r.status_code}")
        return elapsed

    for _ in range(10):  # warm-up
        one(0)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        times = list(pool.map(one, range(n)))
    wall = time.perf_counter() - t0
    p95 = statistics.quantiles(times, n=20)[18] * 1000
    return n / wall, p95


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--concurrency", type=int, default=4)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "AEFLOW_DATA_DIR": str(folder), "AEFLOW_LANG": "zh"}
        project_file, project_id = big_project_file(folder)
        subprocess.run([AEFLOW, "import", str(project_file)], env=env, check=True, capture_output=True)
        subprocess.run([AEFLOW, "user", "add", "bench", "--password", PASSWORD], env=env, check=True,
                       capture_output=True)
        port = free_port()
        server = subprocess.Popen([AEFLOW, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=base, timeout=30,
                              limits=httpx.Limits(max_connections=args.concurrency * 2)) as client:
                deadline = time.monotonic() + 60
                while True:
                    try:
                        if client.get("/healthz").status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    if time.monotonic() > deadline:
                        raise SystemExit("the server did not become ready")
                    time.sleep(0.2)
                page = client.get("/login").text
                token = re.search(r'data-csrf="([^"]+)"', page).group(1)  # type: ignore[union-attr]
                r = client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token})
                assert r.status_code in (200, 303), r.status_code
                dash = f"/p/{project_id}"
                assert "交付物" in client.get(dash).text or client.get(dash).status_code == 200
                health_rps, health_p95 = measure(client, "/healthz", args.requests, args.concurrency)
                dash_rps, dash_p95 = measure(client, dash, args.requests, args.concurrency)
        finally:
            server.terminate()
            server.wait(10)
    ratio = dash_rps / health_rps
    print(f"project: {WORK_ITEMS} work items · {args.requests} requests per endpoint · concurrency {args.concurrency}")
    print(f"health    {health_rps:8.1f} req/s   p95 {health_p95:7.1f} ms")
    print(f"dashboard {dash_rps:8.1f} req/s   p95 {dash_p95:7.1f} ms")
    print(f"p95 ratio dashboard/health: {dash_p95 / health_p95:.2f} (bar: ≤ 5)")
    print(f"bar met: {ratio >= 0.2 and dash_p95 <= 5 * health_p95}")
    print(f"throughput ratio dashboard/health: {ratio:.3f} (bar: ≥ 0.20)")


if __name__ == "__main__":
    main()
