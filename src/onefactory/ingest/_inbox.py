"""The subscriber's bounded inbox between paho's network thread and its worker (``Inbox``).

The network thread puts the messages of one read of the socket together (``put_many``:
one lock round per chunk of the stream, not one per message), and the worker takes
up to ``most`` waiting messages at once (``take``). A ``queue.Queue`` took a lock and woke
the worker for every message on both sides, a tenth of the subscriber's time at a few
thousand messages a second.

At most ``limit`` messages wait, as in a ``queue.Queue(maxsize=limit)``; the worker holds at
most ``most`` more that it took. When full, a message ``sheddable`` says may go is dropped and
counted; any other makes the network thread wait for room (the broker then holds the rest).
A marker (``None``, a lost link) is always accepted, in order with the messages before it.

Example:
    >>> import threading
    >>> inbox = Inbox(limit=2, sheddable=lambda m: m.startswith("qos0"))
    >>> inbox.put_many(["qos0-a", "qos1-b", "qos0-c"], threading.Event())  # one shed
    1
    >>> len(inbox), inbox.take(0.0, most=1), inbox.take(0.0), len(inbox)
    (2, ['qos0-a'], ['qos1-b'], 0)
    >>> inbox.take(0.0)
    []
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")
TAKE_MOST = 1000  # messages the worker takes at once: lock rounds are few, and what it holds stays small
ROOM_POLL_S = 0.1  # how often a network thread waiting for room looks whether the subscriber stops


class Inbox(Generic[T]):
    """A bounded FIFO for one producer and one consumer thread (see module doc); ``limit`` 0:
    unbounded."""

    def __init__(self, limit: int, sheddable: Callable[[T], bool]) -> None:
        self.limit = limit
        self.sheddable = sheddable
        self._items: deque[T | None] = deque()
        self._count = 0  # messages waiting (markers are not counted)
        self._changed = threading.Condition()

    def __len__(self) -> int:
        """Messages waiting for the worker."""
        return self._count

    def put_many(self, items: Iterable[T], stopping: threading.Event) -> int:
        """Queue ``items`` in order; return how many were shed. Waits for room for a message that
        cannot be shed, unless ``stopping`` is set: that message and the rest are then left out
        (unacknowledged, the broker sends them again)."""
        shed = 0
        with self._changed:
            for item in items:
                while self.limit and self._count >= self.limit:
                    if self.sheddable(item):
                        shed += 1
                        break
                    if stopping.is_set():
                        self._changed.notify_all()
                        return shed
                    self._changed.notify_all()  # the worker may be waiting for what came before
                    self._changed.wait(ROOM_POLL_S)
                else:
                    self._items.append(item)
                    self._count += 1
            self._changed.notify_all()
        return shed

    def put_marker(self) -> None:
        """Queue ``None`` behind everything queued so far, whatever the bound."""
        with self._changed:
            self._items.append(None)
            self._changed.notify_all()

    def take(self, timeout: float, most: int = TAKE_MOST) -> list[T | None]:
        """Up to ``most`` items waiting, in order, waiting up to ``timeout`` seconds for the first."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not self._items:
                left = deadline - time.monotonic()
                if left <= 0:
                    return []
                self._changed.wait(left)
            items = self._items
            taken = [items.popleft() for _ in range(min(most, len(items)))]
            self._count -= sum(item is not None for item in taken)
            self._changed.notify_all()  # room for a network thread waiting to put
            return taken

    def waiting(self) -> bool:
        """Whether anything is queued and not taken yet."""
        return bool(self._items)
