"""Production mode as `make run-production` starts it — nginx, two Rasa and two action servers, the web app —
on a fresh PostgreSQL database reached through a proxy the tests can cut, and Redis. Started once for the
fault tests; each test leaves it healthy for the next.

``OUTFITTER_SOAK=1`` (``make soak``) makes every fault longer and the load heavier."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy.engine import make_url

from bot import production
from bot.background_run import READY, free_ports, scratch_postgres, stop
from bot.settings import PROJECT_ROOT, Settings
from tests.conftest import POSTGRES_URL
from tests.production.tcp_proxy import TcpProxy

SOAK = os.environ.get("OUTFITTER_SOAK") == "1"
REDIS_URL = os.environ.get("OUTFITTER_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
STARTUP_SECONDS = 420  # the demo catalog imported and embedded into PostgreSQL, then two Rasa servers load

pytestmark = [pytest.mark.production, pytest.mark.rasa, pytest.mark.slow]


def _reachable(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=2).close()
        return True
    except OSError:
        return False


@dataclass
class Cluster:
    home: Path
    env: dict[str, str]
    settings: Settings
    process: subprocess.Popen[bytes]
    proxy: TcpProxy
    app_url: str  # the app database as the tests reach it directly, past the proxy

    @property
    def entry(self) -> str:
        return f"http://127.0.0.1:{self.settings.balancer_port}"

    def say(self, sender: str, message: str, timeout: float = 60) -> requests.Response:
        return requests.post(f"{self.entry}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                             timeout=timeout)

    def processes(self) -> list[dict[str, Any]]:
        return json.loads((self.home / "processes.json").read_text())

    def pid(self, name: str) -> int:
        return next(p["pid"] for p in self.processes() if p["name"] == name)

    def names(self, prefix: str) -> list[str]:
        return [p["name"] for p in self.processes() if p["name"].startswith(prefix)]

    def kill(self, name: str) -> int:
        pid = self.pid(name)
        os.killpg(pid, signal.SIGKILL)
        return pid

    def wait_healthy(self, timeout: float = 240) -> None:
        """Until every process answers its health check (the supervisor restarts killed ones)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log()[-3000:]
            try:
                if all(requests.get(p["health"], timeout=3).ok for p in self.processes()):
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        raise AssertionError(f"not every process came back:\n{self.log()[-3000:]}")

    def outfitter(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(Path(sys.executable).parent / "outfitter"), *args], cwd=PROJECT_ROOT,
                              env=self.env, capture_output=True, text=True, timeout=timeout)

    def log(self) -> str:
        return (self.home / "run.log").read_text(errors="replace")


def texts(messages: list[dict[str, Any]]) -> str:
    return " | ".join(m.get("text", "") for m in messages)


# Package scope: the cluster (two Rasa servers among its processes) stops after the last fault test rather than
# idling through the rest of the suite.
@pytest.fixture(scope="package")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    settings = Settings()
    if not production.NGINX.exists():
        pytest.skip(f"{production.NGINX} is missing: `make test` installs it")
    if not (settings.rasa_venv / "bin" / "rasa").exists() or not list(settings.models_dir.glob("*.tar.gz")):
        pytest.skip("no Rasa or no trained model: `make test` creates them")
    server = make_url(POSTGRES_URL)
    redis = make_url(REDIS_URL.replace("redis://", "redis+x://"))
    if not _reachable(server.host or "127.0.0.1", server.port or 5432):
        pytest.skip(f"PostgreSQL is not reachable at {server.host}:{server.port}")
    if not _reachable(redis.host or "127.0.0.1", redis.port or 6379):
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    proxy = TcpProxy((server.host or "127.0.0.1", server.port or 5432))
    home = tmp_path_factory.mktemp("production")
    base = free_ports(8, set())  # balancer, web app, Rasa's balancer and two servers, the actions' and two servers
    ports = {"balancer_port": base, "web_port": base + 1, "rasa_port": base + 2, "actions_port": base + 5}
    with scratch_postgres(server.set(database="postgres").render_as_string(hide_password=False),
                          "outfitter_fault") as (direct, name):
        through_proxy = server.set(database=name, port=proxy.port, host="127.0.0.1")
        env = {**os.environ, "OUTFITTER_HOME": str(home), "OUTFITTER_REDIS_URL": REDIS_URL,
               "OUTFITTER_DATABASE_URL": through_proxy.render_as_string(hide_password=False),
               "OUTFITTER_DEMO_SHOPPERS": "false",  # conversations need no shop history; loading it takes a minute
               **{f"OUTFITTER_{key.upper()}": str(port) for key, port in ports.items()}}
        with open(home / "run.log", "wb") as log:
            process = subprocess.Popen([str(Path(sys.executable).parent / "outfitter"), "run", "--production",
                                        "--rasa", "2", "--actions", "2", "--skip-train"], cwd=PROJECT_ROOT,
                                       env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        found = Cluster(home, env, Settings(home=home, database_url=env["OUTFITTER_DATABASE_URL"],
                                            redis_url=REDIS_URL, **ports), process, proxy, direct)
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while READY not in found.log():
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"production mode did not start:\n{found.log()[-4000:]}")
                time.sleep(1)
            yield found
        finally:
            stop(process)
            proxy.close()


@pytest.fixture
def healthy(cluster: Cluster) -> Cluster:
    cluster.proxy.restore()
    cluster.wait_healthy()
    return cluster
