"""The subscriber's inbox: a bound on waiting messages, shedding, waiting for room, markers in order."""

import threading

from onefactory.ingest._inbox import Inbox


def _inbox(limit: int) -> Inbox[str]:
    return Inbox(limit, lambda item: item.startswith("q0"))


def test_a_full_inbox_sheds_what_may_be_shed_and_keeps_the_rest_in_order():
    inbox = _inbox(3)
    assert inbox.put_many(["q0-a", "q1-b", "q0-c", "q0-d", "q0-e"], threading.Event()) == 2
    assert len(inbox) == 3
    assert inbox.take(0.0) == ["q0-a", "q1-b", "q0-c"]
    assert len(inbox) == 0 and inbox.take(0.0) == []


def test_a_message_that_may_not_be_shed_waits_for_room_until_the_worker_takes():
    inbox, done = _inbox(2), threading.Event()

    def network():
        inbox.put_many(["q1-a", "q1-b", "q1-c", "q1-d"], threading.Event())
        done.set()

    thread = threading.Thread(target=network)
    thread.start()
    assert not done.wait(0.3)  # two wait for room
    taken = inbox.take(1.0)
    while len(taken) < 4:
        taken += inbox.take(1.0)
    thread.join(2)
    assert done.is_set() and taken == ["q1-a", "q1-b", "q1-c", "q1-d"]


def test_when_stopping_a_message_without_room_is_left_out_and_nothing_after_it_is_queued():
    inbox, stopping = _inbox(1), threading.Event()
    stopping.set()
    assert inbox.put_many(["q1-a", "q1-b", "q0-c"], stopping) == 0
    assert inbox.take(0.0) == ["q1-a"]


def test_markers_are_accepted_beyond_the_bound_in_order_and_not_counted():
    inbox = _inbox(1)
    inbox.put_many(["q1-a"], threading.Event())
    inbox.put_marker()
    assert len(inbox) == 1 and inbox.waiting()
    assert inbox.take(0.0) == ["q1-a", None]
    assert not inbox.waiting()


def test_the_worker_takes_at_most_most_items_at_a_time():
    inbox = _inbox(0)  # unbounded
    assert inbox.put_many([f"q0-{i}" for i in range(2500)], threading.Event()) == 0
    sizes = []
    while items := inbox.take(0.0, most=1000):
        sizes.append(len(items))
    assert sizes == [1000, 1000, 500]


def test_take_waits_for_the_first_item_up_to_its_timeout():
    inbox = _inbox(5)
    timer = threading.Timer(0.1, lambda: inbox.put_many(["q1-late"], threading.Event()))
    timer.start()
    assert inbox.take(2.0) == ["q1-late"]
    timer.join()
