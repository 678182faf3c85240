"""What a poll of ``/health`` and a Prometheus scrape of ``/metrics`` cost a service, in-process.

``/health`` runs the checks of ``bot.health`` (SELECT 1 on the app database, PING to Redis when configured,
the live index loaded); ``/metrics`` reads the live version and renders the registry. Both are timed after a
warm-up (the first health check loads the index), one call at a time, p50/p95/p99 in ms, on the home's own
database or, with ``--database URL``, that one.

    .venv/bin/python benchmarks/health.py --home DIR [--database URL] [--redis redis://127.0.0.1:6379/0] [--n 500]

The home needs a live index (``outfitter catalog import`` into it first).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.health import HealthChecks
from bot.metrics import Metrics
from bot.services import Services
from bot.settings import Settings

from measure import latency, out, show


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="an OUTFITTER_HOME with a live index")
    parser.add_argument("--database", help="the app database URL (default: the home's SQLite file)")
    parser.add_argument("--redis", help="a Redis URL to PING as production mode does")
    parser.add_argument("--n", type=int, default=500, help="calls timed per figure")
    args = parser.parse_args()

    services = Services(Settings(home=args.home, database_url=args.database, redis_url=args.redis))
    checks = HealthChecks(services)
    warm = checks.run()
    if not warm.ok:
        raise SystemExit(f"the home is not healthy: {warm.as_dict()['checks']}")
    metrics = Metrics()
    for name in ("action_greet", "action_suggest"):
        metrics.turn_seconds.labels(name).observe(0.05)
    metrics.suggestion_seconds.labels("bot").observe(0.02)

    def scrape(_: int) -> bytes:
        manifest = services.index_store.manifest()
        metrics.set_index_version(manifest.version if manifest else None)
        return metrics.exposition()

    _, health = latency(lambda _: checks.run(), range(args.n))
    _, metrics_stats = latency(scrape, range(args.n))
    database = services.engine.url.get_backend_name()
    show(f"One call at a time, {args.n} each, after a warm-up (database: {database}, "
         f"redis: {'yes' if args.redis else 'no'}, index {warm.index_version})",
         ["", "p50 ms", "p95 ms", "p99 ms"],
         [["/health checks", health["p50_ms"], health["p95_ms"], health["p99_ms"]],
          ["/metrics render", metrics_stats["p50_ms"], metrics_stats["p95_ms"], metrics_stats["p99_ms"]]])
    out.print("[dim]In-process: the HTTP server's own cost per request comes on top.[/dim]")


if __name__ == "__main__":
    main()
