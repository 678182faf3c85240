"""Run by .venv-rasa's Python from test_rasa_runtime.py: Rasa's Redis lock store with tickets issued and given back
in one script each (bot/rasa_redis_lock.py), against a real Redis. Prints one line per check that held; the
first that does not raises.

    .venv-rasa/bin/python tests/rasa/redis_lock_check.py BOT_FOLDER REDIS_DB
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time

sys.path.insert(0, sys.argv[1])

from rasa.core.lock_store import RedisLockStore

RASAS_ISSUE = RedisLockStore.issue_ticket  # before the change below

import rasa_redis_lock  # noqa: E402

DB = int(sys.argv[2])
CONVERSATION = "shopper-1"


def store() -> RedisLockStore:
    return RedisLockStore(host="127.0.0.1", port=6379, db=DB, key_prefix="outfittercheck")


def clear(lock_store: RedisLockStore) -> None:
    """Only this check's keys: the database may hold others'."""
    for key in lock_store.red.scan_iter(match="outfittercheck:*"):
        lock_store.red.delete(key)


def commands(lock_store: RedisLockStore) -> list[str]:
    """Every command the store sends from now on, by name."""
    sent: list[str] = []
    execute = lock_store.red.execute_command

    def counted(*args: object, **kwargs: object) -> object:
        sent.append(str(args[0]).upper())
        return execute(*args, **kwargs)

    lock_store.red.execute_command = counted  # type: ignore[method-assign]
    return sent


def issued_at_once(issue: object, servers: list[RedisLockStore]) -> list[int]:
    numbers: list[int] = []
    start = threading.Barrier(len(servers))

    def take(server: RedisLockStore) -> None:
        start.wait()
        for _ in range(5):
            numbers.append(issue(server, CONVERSATION, 60))  # type: ignore[operator]

    threads = [threading.Thread(target=take, args=(server,)) for server in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return numbers


async def main() -> None:
    one, two = store(), store()
    clear(one)
    # Rasa's own read-change-write: servers issuing at once can be given the same number.
    rasas = issued_at_once(RASAS_ISSUE, [store() for _ in range(8)])
    clear(one)

    rasa_redis_lock.take_locks_in_one_script()
    first, second = one.issue_ticket(CONVERSATION, 60), two.issue_ticket(CONVERSATION, 60)
    assert (first, second) == (0, 1), (first, second)
    lock = two.get_lock(CONVERSATION)  # Rasa's own read of the stored JSON
    assert lock is not None and lock.conversation_id == CONVERSATION
    assert not lock.is_locked(first) and lock.is_locked(second) and lock.last_issued == 1
    print("held: tickets are issued in order, in the JSON Rasa reads")

    one.cleanup(CONVERSATION, first)
    lock = one.get_lock(CONVERSATION)
    assert lock is not None and not lock.is_locked(second) and len(lock.tickets) == 1
    two.cleanup(CONVERSATION, second)
    assert one.get_lock(CONVERSATION) is None
    print("held: a ticket given back serves the next, and the last one deletes the lock")

    one.issue_ticket(CONVERSATION, 0.05)
    time.sleep(0.1)
    assert two.issue_ticket(CONVERSATION, 60) == 0
    two.cleanup(CONVERSATION, 0)
    assert one.get_lock(CONVERSATION) is None
    print("held: an expired ticket is dropped")

    sent = commands(one)
    async with one.lock(CONVERSATION) as held:
        assert not held.is_locked(0)
    assert len(sent) == 3 and one.get_lock(CONVERSATION) is None, sent
    print("held: a turn's lock takes three round trips")

    numbers = issued_at_once(RedisLockStore.issue_ticket, [store() for _ in range(8)])
    assert sorted(numbers) == list(range(40)), sorted(numbers)
    print(f"held: servers issuing at once get distinct numbers (Rasa's own gave {len(set(rasas))} for 40)")
    clear(one)


asyncio.run(main())
