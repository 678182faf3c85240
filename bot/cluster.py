"""Production mode's processes on one machine: nginx, the web app, N Rasa and M action servers, and the
supervision that restarts whichever of them stops while the others carry on."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot import launcher, production
from bot.launcher import Service
from bot.settings import Settings

RESTARTS_ALLOWED = 5  # within RESTART_WINDOW seconds: past that a process is failing, not crashing once
RESTART_WINDOW = 120.0


def services(settings: Settings, rasa_token: str, layout: production.Layout) -> list[Service]:
    """nginx first (it answers for the others while they load), then the action servers, the web app and
    the Rasa servers. Names say the port: ``rasa-5006``."""
    folder = settings.home_dir / "nginx"
    conf = production.write_nginx_conf(layout, folder, as_root=os.geteuid() == 0)
    endpoints = settings.home_dir / "rasa-endpoints-production.yml"
    endpoints.write_text(production.rasa_endpoints(settings))
    found: list[Service] = [Service("nginx", [str(production.NGINX), "-p", str(folder), "-c", str(conf), "-g",
                                              "daemon off;"], f"http://127.0.0.1:{layout.balancer_port}/health")]
    found += [Service(f"actions-{port}", launcher.actions_command(port), f"http://127.0.0.1:{port}/health")
              for port in layout.actions_ports]
    # The chat's socket.io is on the shop's own origin (nginx's), where the session cookie that keeps it
    # sticky is sent.
    found.append(Service("web", launcher.web_command(layout.web_port), f"http://127.0.0.1:{layout.web_port}/health",
                         env={"OUTFITTER_CHAT_ON_SHOP_ORIGIN": "true"}))
    found += [Service(f"rasa-{port}", launcher.rasa_command(settings, rasa_token, port, endpoints),
                      f"http://127.0.0.1:{port}/") for port in layout.rasa_ports]
    return found


# Rasa's own SQL tracker store, built once from the endpoints file the servers read: it creates the trackers
# database and its table when missing.
MAKE_TRACKER_STORE = ("import sys; from rasa.utils.endpoints import read_endpoint_config; "
                      "from rasa.core.tracker_store import SQLTrackerStore; "
                      "config = read_endpoint_config(sys.argv[1], 'tracker_store'); "
                      "SQLTrackerStore(host=config.url, **config.kwargs)")


def make_tracker_store(settings: Settings) -> None:
    """Create Rasa's trackers database and table before any Rasa server starts. Left to N servers starting side
    by side on a fresh database, they race to create both and the losers stop on a duplicate key."""
    endpoints = settings.home_dir / "rasa-endpoints-production.yml"
    python = settings.rasa_venv / "bin" / "python"
    try:  # Rasa retries an unreachable database for minutes; the app database answered a moment ago
        made = subprocess.run([str(python), "-c", MAKE_TRACKER_STORE, str(endpoints)], cwd=settings.home_dir,
                              env=launcher.child_env(settings), capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        raise launcher.LaunchError("could not make Rasa's tracker store: no answer from its database in 180 s "
                                   "(OUTFITTER_TRACKER_URL)") from None
    if made.returncode:
        raise launcher.LaunchError(f"could not make Rasa's tracker store:\n{made.stderr[-1500:]}")


def check_nginx() -> None:
    if not production.NGINX.exists():
        raise launcher.LaunchError(f"{production.NGINX} not found: run `make production-setup` (it installs "
                                   "Debian's nginx) or `apt-get install nginx-light`")


@dataclass
class Supervisor:
    """Restarts a stopped process; gives up (and says so) on one that keeps stopping."""

    settings: Settings
    running: Sequence[Service]
    say: Callable[[str], None]
    restarts: dict[str, list[float]] = field(default_factory=dict)

    def record(self) -> Path:
        """``<home>/processes.json``: each process's name, pid and health URL, for operators and fault tests."""
        path = self.settings.home_dir / "processes.json"
        rows = [{"name": s.name, "pid": s.process.pid if s.process else None, "health": s.health_url}
                for s in self.running]
        path.write_text(json.dumps(rows, indent=1))
        return path

    def check(self, now: float | None = None) -> bool:
        """Restart what stopped; False when one stopped too often and everything should shut down."""
        now = time.monotonic() if now is None else now
        for service in self.running:
            if service.process is None or service.process.poll() is None:
                continue
            recent = [t for t in self.restarts.get(service.name, []) if now - t < RESTART_WINDOW]
            if len(recent) >= RESTARTS_ALLOWED:
                self.say(f"[red]{service.name} stopped {len(recent) + 1} times in {RESTART_WINDOW:.0f} s; "
                         f"see {self.settings.log_dir / (service.name + '.log')}[/]")
                return False
            self.say(f"[yellow]{service.name} stopped (exit code {service.process.returncode}); restarting; "
                     "the other servers answer meanwhile[/]")
            self.restarts[service.name] = [*recent, now]
            launcher.start(service, self.settings)
            self.record()
        return True
