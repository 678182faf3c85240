"""Rasa's Redis lock store, taking and giving back a ticket in one Redis script each. Imported by
``rasa_server.py`` in .venv-rasa's Python 3.10: Rasa, the redis client it installs, and the standard library.

Rasa 3.6 keeps a conversation's lock as one JSON value (a queue of numbered tickets, each with an expiry) and
changes it by reading it, changing it in Python and writing it back: issuing a ticket is a GET and a SET, and
giving it back a GET, a SET, another GET and a DEL. Seven round trips a turn with the wait for the lock, each
blocking the server's event loop; and as two servers can both read the queue before either writes it back,
both can issue the same ticket number and serve one conversation's turns at once. Here issuing and giving back
are each one Lua script, which Redis runs atomically: the same queue, the same JSON (Rasa's own ``get_lock``
reads it), the same rules for numbers and expiry, three round trips a turn and no lost ticket. Waiting for the
lock is Rasa's own loop.
"""

from __future__ import annotations

import time
from typing import Any

# Rasa's TicketLock.issue_ticket: drop expired tickets, then the next number after the last one left (0 if none).
ISSUE = """
local now, lifetime = tonumber(ARGV[2]), tonumber(ARGV[3])
local kept, last = {}, -1
local stored = redis.call('GET', KEYS[1])
if stored then
  for _, text in ipairs(cjson.decode(stored).tickets or {}) do
    local ticket = cjson.decode(text)
    if ticket.expires >= now then
      table.insert(kept, text)
      last = ticket.number
    end
  end
end
local number = last + 1
table.insert(kept, cjson.encode({number = number, expires = now + lifetime}))
redis.call('SET', KEYS[1], cjson.encode({conversation_id = ARGV[1], tickets = kept}))
return number
"""

# Rasa's LockStore.cleanup: remove the ticket (and expired ones), then delete the lock if nobody waits.
GIVE_BACK = """
local stored = redis.call('GET', KEYS[1])
if not stored then
  return 0
end
local lock = cjson.decode(stored)
local number, now = tonumber(ARGV[1]), tonumber(ARGV[2])
local kept = {}
for _, text in ipairs(lock.tickets or {}) do
  local ticket = cjson.decode(text)
  if ticket.number ~= number and ticket.expires >= now then
    table.insert(kept, text)
  end
end
if #kept == 0 then
  redis.call('DEL', KEYS[1])
else
  lock.tickets = kept
  redis.call('SET', KEYS[1], cjson.encode(lock))
end
return #kept
"""


def take_locks_in_one_script() -> None:
    """Make every ``RedisLockStore`` of this process issue and give back tickets as above."""
    from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore

    def scripts(store: RedisLockStore) -> tuple[Any, Any]:
        made = store.__dict__.get("_outfitter_scripts")
        if made is None:
            made = store.__dict__["_outfitter_scripts"] = (store.red.register_script(ISSUE),
                                                           store.red.register_script(GIVE_BACK))
        return made

    def issue_ticket(self: RedisLockStore, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        issue, _ = scripts(self)
        try:
            return int(issue(keys=[self.key_prefix + conversation_id],
                             args=[conversation_id, repr(time.time()), repr(float(lock_lifetime))]))
        except Exception as e:  # as Rasa's own issue_ticket words it
            raise LockError(f"Error while acquiring lock. Error:\n{e}") from e

    def cleanup(self: RedisLockStore, conversation_id: str, ticket_number: int) -> None:
        _, give_back = scripts(self)
        give_back(keys=[self.key_prefix + conversation_id], args=[ticket_number, repr(time.time())])

    RedisLockStore.issue_ticket = issue_ticket  # type: ignore[method-assign]
    RedisLockStore.cleanup = cleanup  # type: ignore[method-assign]
