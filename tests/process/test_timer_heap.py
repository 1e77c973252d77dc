"""The timers (``_timers.Timers``): order, O(1) cancel, dead entries dropped, batches, pending."""

from __future__ import annotations

from beampy._core._timers import _SLACK, SEND, WAKE, Timers


def test_timers_fire_in_deadline_then_creation_order() -> None:
    ts = Timers()
    made = [ts.add(d, SEND, None, None, i) for i, d in enumerate([3.0, 1.0, 2.0, 1.0, 3.0])]
    assert len(ts) == 5
    assert ts.next_deadline() == 1.0
    assert [t.msg for t in ts.pop_due(2.0, 100)] == [1, 3, 2]
    assert len(ts) == 2
    assert [t.msg for t in ts.pop_due(10.0, 100)] == [0, 4]
    assert len(ts) == 0
    assert ts.next_deadline() is None
    assert not any(t.live for t in made)


def test_a_cancelled_timer_never_fires_and_cancels_once() -> None:
    ts = Timers()
    a = ts.add(1.0, SEND, None, None, "a")
    b = ts.add(2.0, SEND, None, None, "b")
    assert ts.cancel(a)
    assert not ts.cancel(a)
    assert not ts.active(a)
    assert ts.active(b)
    assert len(ts) == 1
    assert ts.next_deadline() == 2.0
    fired = ts.pop_due(5.0, 100)
    assert fired == [b]
    assert not ts.cancel(b)  # already fired
    assert len(ts) == 0


def test_pop_due_fires_at_most_a_batch() -> None:
    ts = Timers()
    for i in range(10):
        ts.add(1.0, SEND, None, None, i)
    assert [t.msg for t in ts.pop_due(1.0, 4)] == [0, 1, 2, 3]
    assert len(ts) == 6
    assert [t.msg for t in ts.pop_due(1.0, 100)] == [4, 5, 6, 7, 8, 9]


def test_cancelled_timers_do_not_pile_up() -> None:
    ts = Timers()
    keep = ts.add(100.0, SEND, None, None, "keep")
    for i in range(20 * _SLACK):
        assert ts.cancel(ts.add(50.0 + i, SEND, None, None, i))
        assert len(ts._heap) <= 2 * len(ts) + _SLACK + 1
    assert len(ts) == 1
    assert ts.next_deadline() == 100.0
    assert ts.pop_due(1000.0, 100) == [keep]


def test_clear_ends_every_timer() -> None:
    ts = Timers()
    made = [ts.add(float(i), SEND, None, None, i) for i in range(5)]
    ts.clear()
    assert len(ts) == 0
    assert ts.next_deadline() is None
    assert not any(ts.cancel(t) for t in made)


def test_a_pending_timer_is_due_its_delay_after_the_reading_it_is_armed_with() -> None:
    ts = Timers()
    early = ts.add(10.5, SEND, None, None, "armed")
    late = ts.add_pending(0.5, WAKE, None)
    assert len(ts) == 2
    assert ts.pop_due(100.0, 100) == [early]  # not armed: nothing to fire yet
    ts.arm(10.0)
    assert ts.pending == []
    assert late.key[0] == 10.5
    assert ts.pop_due(10.49, 100) == []
    assert ts.pop_due(10.5, 100) == [late]
    assert len(ts) == 0


def test_equal_deadlines_of_armed_and_pending_timers_fire_in_creation_order() -> None:
    ts = Timers()
    a = ts.add_pending(1.0, WAKE, None)
    b = ts.add(3.0, SEND, None, None, "b")
    c = ts.add_pending(1.0, WAKE, None)
    ts.arm(2.0)
    assert ts.pop_due(3.0, 100) == [a, b, c]


def test_a_cancelled_pending_timer_is_never_armed() -> None:
    ts = Timers()
    gone = ts.add_pending(1.0, WAKE, None)
    kept = ts.add_pending(2.0, WAKE, None)
    assert ts.cancel(gone)
    assert not ts.cancel(gone)
    assert len(ts) == 1
    ts.arm(0.0)
    assert ts.next_deadline() == 2.0
    assert ts.pop_due(5.0, 100) == [kept]
    pending = ts.add_pending(1.0, WAKE, None)
    ts.clear()
    assert not ts.cancel(pending)
    assert ts.pending == []
