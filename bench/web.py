"""Benchmark of the web workspace: the project's dashboard pages against a trivial health endpoint.

Starts ``aeflow serve`` (uvicorn, one process) on a free local port over a fresh SQLite database with
one project of 2,000 work items and 1,000,000 daily metric rows (an Ocean Engine export generated here
and imported with ``aeflow data import``), logs in, then measures — in the same run, with the same
client and concurrency — requests per second and p95 latency of ``GET /p/<id>`` (the project overview),
``GET /p/<id>/dashboard`` (the KPI dashboard, which reads the metric rows) and ``GET /healthz``.
Bar: each dashboard reaches at least 20% of the health endpoint's throughput, with a p95 at most 5× the
health endpoint's. The last line printed is the throughput ratio of the slower dashboard.

    .venv/bin/python bench/web.py [--requests 400] [--concurrency 4] [--metric-rows 1000000]
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


def metrics_file(folder: Path, rows: int, first_day: str) -> Path:
    """An Ocean Engine (巨量引擎) daily report with ``rows`` rows: 90 days × as many ads as needed."""
    path = folder / "douyin_bench.csv"
    start = dt.date.fromisoformat(first_day)
    per_day = -(-rows // 90)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("日期,账户名称,项目名称,广告名称,展示数,点击数,点击率,消耗,转化数,直接成交金额\n")
        for d in range(90):
            day = start + dt.timedelta(days=d)
            stamp = f"{day.year}/{day.month}/{day.day}"
            for a in range(per_day):
                if written == rows:
                    return path
                imp = 1000 + (a * 37 + d * 11) % 5000
                clicks = imp // 60
                out.write(f"{stamp},青屿饮品旗舰店,桂花乌龙上市,信息流-{a:05d},{imp},{clicks},"
                          f"{clicks / imp * 100:.2f}%,{clicks * 0.8:.2f},{clicks // 20},{clicks * 3}\n")
                written += 1
    return path


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
    ap.add_argument("--metric-rows", type=int, default=1_000_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "AEFLOW_DATA_DIR": str(folder), "AEFLOW_LANG": "zh"}
        project_file, project_id = big_project_file(folder)
        subprocess.run([AEFLOW, "import", str(project_file)], env=env, check=True, capture_output=True)
        if args.metric_rows:
            t0 = time.perf_counter()
            data = metrics_file(folder, args.metric_rows, "2026-09-28")
            subprocess.run([AEFLOW, "data", "import", project_id, str(data), "--platform", "oceanengine"], env=env,
                           check=True, capture_output=True)
            print(f"metric rows: {args.metric_rows:,} imported in {time.perf_counter() - t0:.1f} s")
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
                overview, kpis = f"/p/{project_id}", f"/p/{project_id}/dashboard"
                assert client.get(overview).status_code == 200
                assert client.get(kpis).status_code == 200 and (not args.metric_rows or "KPI" in client.get(kpis).text)
                health_rps, health_p95 = measure(client, "/healthz", args.requests, args.concurrency)
                over_rps, over_p95 = measure(client, overview, args.requests, args.concurrency)
                kpi_rps, kpi_p95 = measure(client, kpis, args.requests, args.concurrency)
        finally:
            server.terminate()
            server.wait(10)
    print(f"project: {WORK_ITEMS} work items, {args.metric_rows:,} metric rows · {args.requests} requests per "
          f"endpoint · concurrency {args.concurrency}")
    print(f"health          {health_rps:8.1f} req/s   p95 {health_p95:7.1f} ms")
    print(f"overview        {over_rps:8.1f} req/s   p95 {over_p95:7.1f} ms")
    print(f"KPI dashboard   {kpi_rps:8.1f} req/s   p95 {kpi_p95:7.1f} ms")
    worst_rps, worst_p95 = min((over_rps, over_p95), (kpi_rps, kpi_p95))
    ratio = worst_rps / health_rps
    print(f"p95 ratio slower dashboard/health: {worst_p95 / health_p95:.2f} (bar: ≤ 5)")
    print(f"bar met: {ratio >= 0.2 and worst_p95 <= 5 * health_p95}")
    print(f"throughput ratio dashboard/health: {ratio:.3f} (bar: ≥ 0.20)")


if __name__ == "__main__":
    main()
