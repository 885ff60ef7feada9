"""Work made one step ahead in a second thread comes out as if made in order, one at a time.

The checks count what the worker made and what the caller holds; the scenario checks compare
a run that projects each block in a second thread with one that does not, bit for bit.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from ghgcalc.scenarios.ahead import made_ahead
from ghgcalc.scenarios.definitions import load_scenario
from ghgcalc.scenarios.run import find_scenario

XIAOMI = Path(__file__).resolve().parents[2] / "examples" / "xiaomi"


def test_items_come_out_in_order_each_made_once():
    made = []

    def square(x):
        made.append(x)
        return x * x

    assert list(made_ahead(square, range(50))) == [x * x for x in range(50)]
    assert made == list(range(50))


def test_no_more_items_are_held_than_allowed():
    """With held = 2 the worker makes the next item while the caller holds one, and no further."""
    alive, most, lock = [0], [0], threading.Lock()

    def make(x):
        with lock:
            alive[0] += 1
            most[0] = max(most[0], alive[0])
        return x

    for _ in made_ahead(make, range(40), held=2):
        threading.Event().wait(0.001)  # the caller is slower than the worker
        with lock:
            alive[0] -= 1
    assert most[0] == 2


class Refused(ValueError):
    pass


def test_an_error_in_the_worker_reaches_the_caller_as_the_same_exception_where_its_item_would_have_come():
    error = Refused("item 3 is bad")

    def make(x):
        if x == 3:
            raise error
        return x

    got = []
    with pytest.raises(Refused) as raised:
        for x in made_ahead(make, range(10)):
            got.append(x)
    assert raised.value is error
    assert got == [0, 1, 2]


def test_stopping_early_stops_the_worker_before_it_makes_more():
    made, before = [], threading.active_count()
    items = made_ahead(lambda x: made.append(x) or x, range(1_000), held=2)
    assert [next(items) for _ in range(3)] == [0, 1, 2]
    items.close()
    assert threading.active_count() == before  # the worker has ended
    assert len(made) <= 3 + 2  # what the caller took, and at most what it may hold besides


def test_a_run_is_the_same_bit_for_bit_with_the_next_block_projected_in_a_second_thread(monkeypatch):
    """Many small blocks (chunks of 40 draws), projected ahead in a worker thread or one after another: the same
    bands and counts, and progress told of every draw, chunk by chunk, in the same order."""
    import ghgcalc.scenarios.projection as projection
    from ghgcalc.scenarios.summary import summarise

    scenario = load_scenario(find_scenario("xiaomi-plan-uncertain"), XIAOMI, draws=2_345, seed=17)
    monkeypatch.setattr(projection, "CELLS_PER_CHUNK", 28 * 9 * 40)
    runs = {}
    for overlap in (False, True):
        told = []
        runs[overlap] = summarise(scenario, overlap=overlap, progress=told.append).summary, told
    (one, told_one), (two, told_two) = runs[False], runs[True]
    assert told_one == told_two and sum(told_two) == 2_345 and len(told_two) == -(-2_345 // 40)
    assert one.bands.keys() == two.bands.keys() and len(one.bands) > 20
    for key, points in one.bands.items():
        assert np.array_equal(two.bands[key], points, equal_nan=True), key
    assert one.met.keys() == two.met.keys()
    for target_id, met in one.met.items():
        assert np.array_equal(two.met[target_id], met), target_id


def test_an_error_projecting_a_later_block_reaches_the_caller(monkeypatch):
    import ghgcalc.scenarios.projection as projection
    from ghgcalc.scenarios.summary import summarise

    scenario = load_scenario(find_scenario("xiaomi-plan-uncertain"), XIAOMI, draws=1_000, seed=3)
    monkeypatch.setattr(projection, "CELLS_PER_CHUNK", 28 * 9 * 10)  # blocks of 16 x 10 = 160 draws
    lines, error = projection.Plan.lines, MemoryError("no room for draws 640 to 800")

    def failing(plan, lo, hi, progress=None, into=None):
        if lo >= 640:
            raise error
        return lines(plan, lo, hi, progress, into)

    monkeypatch.setattr(projection.Plan, "lines", failing)
    before = threading.active_count()
    with pytest.raises(MemoryError) as raised:
        summarise(scenario)
    assert raised.value is error and threading.active_count() == before
