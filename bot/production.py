"""Production mode on one machine: what runs where, and the configuration files Rasa and nginx read.

The layout (docs/production.md draws it): nginx listens on three loopback ports. The public one
(``balancer_port``) serves the shop and consoles from the web app, and the chat's REST and socket.io channels
from N Rasa servers; the internal ``rasa_port`` balances Rasa's HTTP API (the support console reads
transcripts through it); the internal ``actions_port`` balances M action servers, so Rasa's action endpoint
is the same URL whatever M is. Rasa keeps trackers in PostgreSQL and takes its per-conversation lock in
Redis, which is what lets any Rasa server take any turn of any conversation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.identity import COOKIE
from bot.settings import Settings

NGINX = Path("/usr/sbin/nginx")
# What the shopper reads when no Rasa server can answer (all down, or the tracker database unreachable):
# the REST channel's own shape, so the widget and any REST client show it as a bot message.
UNAVAILABLE = "Sorry, I cannot answer right now. Please try again in a minute; nothing you told me is lost."


class ProductionConfigError(ValueError):
    """A production setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Layout:
    """The ports of one machine's processes. Rasa's and the action servers' own ports follow the balancer's
    internal ports: rasa_port + 1 … rasa_port + N, actions_port + 1 … actions_port + M."""

    balancer_port: int
    web_port: int
    rasa_port: int
    actions_port: int
    rasa_count: int
    actions_count: int

    @classmethod
    def of(cls, settings: Settings, rasa: int, actions: int) -> Layout:
        if not 1 <= rasa <= 16:
            raise ProductionConfigError(f"--rasa {rasa}: give between 1 and 16 Rasa servers")
        if not 1 <= actions <= 16:
            raise ProductionConfigError(f"--actions {actions}: give between 1 and 16 action servers")
        return cls(settings.balancer_port, settings.web_port, settings.rasa_port, settings.actions_port,
                   rasa, actions)

    @property
    def rasa_ports(self) -> list[int]:
        return [self.rasa_port + 1 + i for i in range(self.rasa_count)]

    @property
    def actions_ports(self) -> list[int]:
        return [self.actions_port + 1 + i for i in range(self.actions_count)]


def check_settings(settings: Settings) -> None:
    """Refuse to start production mode on the embedded defaults, naming the variable to set."""
    url = settings.database_url
    if not url:
        raise ProductionConfigError("OUTFITTER_DATABASE_URL is not set: production mode keeps the app database "
                                    "in PostgreSQL (e.g. postgresql+psycopg2://outfitter@127.0.0.1:5432/outfitter)")
    if not _is_postgres(url):
        raise ProductionConfigError(f"OUTFITTER_DATABASE_URL={_shown(url)}: production mode needs a PostgreSQL "
                                    "URL (postgresql+psycopg2://user@host:5432/db)")
    if settings.tracker_url and not _is_postgres(settings.tracker_url):
        raise ProductionConfigError(f"OUTFITTER_TRACKER_URL={_shown(settings.tracker_url)}: the tracker store "
                                    "needs a PostgreSQL URL")
    if not settings.redis_url:
        raise ProductionConfigError("OUTFITTER_REDIS_URL is not set: production mode keeps Rasa's lock store in "
                                    "Redis (e.g. redis://127.0.0.1:6379/0)")
    redis = urlsplit(settings.redis_url)
    try:
        redis.port  # noqa: B018 (urllib checks the port only when it is read)
    except ValueError:
        redis = redis._replace(netloc="")
    if redis.scheme != "redis" or not redis.hostname or not (redis.path.strip("/") or "0").isdigit():
        raise ProductionConfigError(f"OUTFITTER_REDIS_URL={settings.redis_url}: give redis://host:port/db, with "
                                    "a number for the port and for the database")


def ensure_database(url: str) -> bool:
    """Create the app database when the server has none of that name (True when it did): a first
    ``make run-production`` needs nothing made by hand."""
    target = make_url(url)
    engine = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            if connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                 {"name": target.database}):
                return False
            quoted = connection.dialect.identifier_preparer.quote(target.database or "")
            connection.execute(text(f"CREATE DATABASE {quoted}"))
            return True
    finally:
        engine.dispose()


def _is_postgres(url: str) -> bool:
    try:
        return make_url(url).get_backend_name() == "postgresql"
    except ArgumentError:
        return False


def _shown(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(url)


def tracker_store(settings: Settings) -> str:
    """Rasa's SQL tracker store block. The default database is the app's name + ``_trackers``: Rasa's
    ``events`` table must not meet the app's own ``events`` (shopper events). Rasa creates it through
    ``login_db`` when it does not exist."""
    app = make_url(settings.database_url or "")
    url = make_url(settings.tracker_url) if settings.tracker_url else app.set(database=f"{app.database}_trackers")
    lines = ["tracker_store:", "  type: SQL", "  dialect: postgresql", f"  url: {url.host or '127.0.0.1'}",
             f"  port: {url.port or 5432}", f"  db: {url.database}", f"  login_db: {app.database}"]
    if url.username:
        lines.append(f"  username: {url.username}")
    if url.password:
        lines.append(f"  password: {_quoted(url.password)}")
    return "\n".join(lines) + "\n"


def lock_store(settings: Settings) -> str:
    redis = urlsplit(settings.redis_url or "")
    db = redis.path.strip("/") or "0"
    lines = ["lock_store:", "  type: redis", f"  url: {redis.hostname}", f"  port: {redis.port or 6379}",
             f"  db: {db}", f"  key_prefix: {_quoted('outfitter')}"]
    if redis.password:
        lines.append(f"  password: {_quoted(redis.password)}")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rasa_endpoints(settings: Settings) -> str:
    return (f"action_endpoint:\n  url: http://127.0.0.1:{settings.actions_port}/webhook\n"
            + tracker_store(settings) + lock_store(settings))


def _upstream(name: str, ports: list[int], balance: str) -> str:
    # max_fails/fail_timeout: a server that refuses a connection is passed over for 5 s, then tried again,
    # so a restarted process gets its share back without a reload.
    servers = "".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;\n" for port in ports)
    return f"  upstream {name} {{\n    {balance};\n{servers}    keepalive 16;\n  }}\n"


def nginx_conf(layout: Layout, folder: Path, *, as_root: bool) -> str:
    """nginx's whole configuration, every path inside ``folder``.

    socket.io is sticky: a browser's polling requests and its websocket upgrade must reach the Rasa server that
    holds its socket. The key is the shopper's session cookie (the chat is served on the shop's own origin, so
    the browser sends it), else the address: on one loopback every browser has the same address, and a cookie
    spreads them. The REST channel needs no stickiness: any Rasa server can take any turn (trackers in
    PostgreSQL, the conversation's lock in Redis), so it goes to the least busy one.
    """
    unavailable = json.dumps([{"recipient_id": "", "text": UNAVAILABLE}])
    proxied = ("      proxy_http_version 1.1;\n      proxy_set_header Host $http_host;\n"
               "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
               "      proxy_set_header X-Forwarded-Proto $scheme;\n")
    # A turn whose server died under it is tried once on another: a killed process must not cost the shopper
    # the turn. The turn may then run twice if the process died after its work and before its answer; a
    # tracker saved twice or a case opened twice is the lesser harm, and the window is milliseconds.
    retried = "      proxy_next_upstream error timeout http_502 non_idempotent;\n      proxy_next_upstream_tries 2;\n"
    return f"""# Written by `outfitter run --production`; edits are overwritten at the next start.
{"user root root;" if as_root else ""}
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
  access_log {folder / "access.log"};
  client_body_temp_path {folder / "tmp/body"};
  proxy_temp_path {folder / "tmp/proxy"};
  fastcgi_temp_path {folder / "tmp/fastcgi"};
  uwsgi_temp_path {folder / "tmp/uwsgi"};
  scgi_temp_path {folder / "tmp/scgi"};
  client_max_body_size 0;  # the web app sets its own limits and names them
  map $http_upgrade $connection_upgrade {{ default upgrade; '' ''; }}
  map $cookie_{COOKIE} $chat_key {{ '' $remote_addr; default $cookie_{COOKIE}; }}
{_upstream("web", [layout.web_port], "least_conn")}{_upstream("rasa", layout.rasa_ports, "least_conn")}\
{_upstream("rasa_sticky", layout.rasa_ports, "hash $chat_key consistent")}\
{_upstream("actions", layout.actions_ports, "least_conn")}
  server {{
    listen 127.0.0.1:{layout.balancer_port};
    location /socket.io/ {{
      proxy_pass http://rasa_sticky;
{proxied}      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_read_timeout 3600s;
    }}
    location /webhooks/ {{
      proxy_pass http://rasa;
{proxied}      proxy_set_header Connection "";
      proxy_read_timeout 60s;
{retried}
      proxy_intercept_errors on;
      error_page 500 502 503 504 = @chat_unavailable;
    }}
    location @chat_unavailable {{
      default_type application/json;
      return 503 '{unavailable}';
    }}
    location = /metrics {{ return 404; }}  # scraped on each service's own port, not from outside
    location / {{
      proxy_pass http://web;
{proxied}      proxy_set_header Connection "";
      proxy_read_timeout 300s;  # a catalog upload embeds before it answers
    }}
  }}
  server {{
    listen 127.0.0.1:{layout.rasa_port};
    location / {{
      proxy_pass http://rasa;
{proxied}      proxy_set_header Connection "";
    }}
  }}
  server {{
    listen 127.0.0.1:{layout.actions_port};
    location / {{
      proxy_pass http://actions;
{proxied}      proxy_set_header Connection "";
      proxy_read_timeout 60s;
{retried}
    }}
  }}
}}
"""


def write_nginx_conf(layout: Layout, folder: Path, *, as_root: bool) -> Path:
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    path = folder / "nginx.conf"
    path.write_text(nginx_conf(layout, folder, as_root=as_root))
    return path
