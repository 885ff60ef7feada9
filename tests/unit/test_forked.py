"""Parts of a run made at once in this process and in child processes come back as if made here, in order.

The scenario checks compare a run counted in one process with runs counted in two and three,
bit for bit: each percentile is an order statistic of every draw, whichever process saw it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from ghgcalc.scenarios.definitions import load_scenario
from ghgcalc.scenarios import forked as forking
from ghgcalc.scenarios.forked import ChildFailed, at_once, usable_processes
from ghgcalc.scenarios.run import find_scenario

XIAOMI = Path(__file__).resolve().parents[2] / "examples" / "xiaomi"

pytestmark = pytest.mark.skipif(usable_processes(2) < 2, reason="forking is not safe here (not Linux, or threads)")


def _square_in(k: int):
    def task(tell):
        for _ in range(k):
            tell(1)
        return k * k, os.getpid()
    return task


def test_the_allocator_thresholds_are_fixed_before_the_first_fork(monkeypatch):
    """The C allocator takes the fixed thresholds (glibc: mallopt says so), once a process, before any child is
    forked: a child inherits them with the rest of its parent's memory."""
    assert forking.steady_allocator.__wrapped__() is True
    order = []
    monkeypatch.setattr(forking, "steady_allocator", lambda: order.append("allocator"))
    fork = os.fork
    monkeypatch.setattr(forking.os, "fork", lambda: order.append("fork") or fork())
    assert [r for r, _ in at_once([_square_in(k) for k in (2, 4)])] == [4, 16]
    assert order == ["allocator", "fork"]


def test_results_come_back_in_order_the_first_made_here_the_others_in_children():
    told = []
    results = at_once([_square_in(k) for k in (3, 5, 7)], progress=told.append)
    assert [r for r, _ in results] == [9, 25, 49]
    pids = [pid for _, pid in results]
    assert pids[0] == os.getpid() and len(set(pids)) == 3
    assert sum(told) == 3 + 5 + 7  # every count, the children's included


class Refused(ValueError):
    pass


@pytest.fixture
def forked(monkeypatch):
    """The pids of the children made, to check that each has been reaped."""
    import ghgcalc.scenarios.forked as module

    made, fork = [], os.fork

    def recording():
        pid = fork()
        if pid:
            made.append(pid)
        return pid

    monkeypatch.setattr(module.os, "fork", recording)
    return made


def _reaped(pids: list[int]) -> bool:
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        return False
    return bool(pids)


def test_an_error_in_a_child_reaches_the_caller_as_the_same_exception_and_no_child_is_left(forked):
    def bad(tell):
        raise Refused("window 640-800: no room")

    with pytest.raises(Refused, match="window 640-800: no room"):
        at_once([_square_in(2), bad, _square_in(2)])
    assert len(forked) == 2 and _reaped(forked)


def test_an_error_here_stops_the_children(forked):
    def slow(tell):
        signal.pause()  # would wait for ever: stopped by the caller

    def bad(tell):
        raise Refused("here")

    with pytest.raises(Refused):
        at_once([bad, slow])
    assert len(forked) == 1 and _reaped(forked)


def _slow_to_end(task, sending):
    """A child that takes half a second to end after sending its result."""
    sending.send(("done", task(lambda count: None)))
    sending.close()
    time.sleep(0.5)
    os._exit(0)


@pytest.fixture
def slow_to_end(monkeypatch):
    """Children slow to end; none left by another test before, none left to the next after."""
    forking.reap_ended(wait=True)
    monkeypatch.setattr(forking, "_run_child", _slow_to_end)
    yield
    forking.reap_ended(wait=True)


def test_children_that_sent_their_result_end_on_their_own_and_are_reaped_by_the_next_run(forked, slow_to_end):
    """The caller is not kept waiting while a child hands its memory back: a child that sent its result is left
    to end (never stopped: it exits with status 0) and reaped by the next run, none left behind."""
    assert [r for r, _ in at_once([_square_in(1), _square_in(2), _square_in(3)])] == [1, 4, 9]
    children = list(forked)
    assert len(children) == 2 and sorted(forking.ENDING) == sorted(children)  # returned before they ended
    for pid in children:
        ended = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)  # waits for it to end; leaves it to be reaped
        assert (ended.si_code, ended.si_status) == (os.CLD_EXITED, 0)
    assert [r for r, _ in at_once([_square_in(2), _square_in(2)])] == [4, 4]
    assert _reaped(children) and not set(children) & set(forking.ENDING)


def test_children_left_to_end_are_waited_for_when_asked(forked, slow_to_end):
    """A caller that counts its children's CPU time (the benchmark) waits for those still ending."""
    at_once([_square_in(1), _square_in(1)])
    assert forked and forking.ENDING == forked
    forking.reap_ended(wait=True)
    assert _reaped(forked) and not forking.ENDING


def _stopped_after_sending(task, sending):
    """A child that sends its result and is then stopped (SIGSTOP): it never ends by itself."""
    sending.send(("done", task(lambda count: None)))
    sending.close()
    os.kill(os.getpid(), signal.SIGSTOP)
    os._exit(0)


def test_a_child_that_does_not_end_is_stopped_after_the_wait(forked, monkeypatch):
    """Waiting for the children left to end (at exit) has a limit: one that never ends is stopped and reaped."""
    forking.reap_ended(wait=True)
    monkeypatch.setattr(forking, "_run_child", _stopped_after_sending)
    monkeypatch.setattr(forking, "ENDING_WAIT", 0.2)
    assert [r for r, _ in at_once([_square_in(1), _square_in(2)])] == [1, 4]
    assert forking.ENDING == forked
    started = time.monotonic()
    forking.reap_ended(wait=True)
    assert 0.2 <= time.monotonic() - started < 2.0
    assert _reaped(forked) and not forking.ENDING


def test_a_process_that_exits_leaves_no_child_behind():
    """A command run once (``ghgcalc scenario run``) has no next run: its children are waited for as it exits, so
    none is left to whatever adopts it (and their CPU time counts as the command's)."""
    code = ("import os, time\n"
            "from ghgcalc.scenarios import forked\n"
            "from tests.unit.test_forked import _slow_to_end\n"
            "forked._run_child = _slow_to_end\n"
            "results = forked.at_once([lambda tell: os.getpid(), lambda tell: os.getpid()])\n"
            "print(results[1], forked.ENDING)\n")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True)
    child, ending = done.stdout.split(maxsplit=1)
    assert ending.strip() == f"[{child}]"  # left to end when the run returned
    with pytest.raises(ProcessLookupError):  # and gone, reaped, when the process had exited
        os.kill(int(child), 0)


def test_a_child_that_dies_without_a_word_is_said_to_have_died():
    def dies(tell):
        os.kill(os.getpid(), signal.SIGKILL)

    with pytest.raises(ChildFailed, match="stopped by signal 9"):
        at_once([_square_in(1), dies])


def test_an_error_that_cannot_travel_arrives_as_its_words():
    class Odd(Exception):
        def __init__(self, a, b):
            super().__init__(f"{a} and {b}")

    def bad(tell):
        raise Odd(1, 2)

    with pytest.raises(RuntimeError, match="Odd: 1 and 2"):
        at_once([_square_in(1), bad])


@pytest.mark.parametrize("processes", [2, 3])
def test_a_run_is_the_same_bit_for_bit_in_one_process_or_several(monkeypatch, processes):
    """Many small windows (chunks of 40 draws) counted in one process, or split among several whose running
    percentiles are added together: the same bands and counts, and progress told of every draw."""
    import ghgcalc.scenarios.projection as projection
    from ghgcalc.scenarios.summary import summarise

    scenario = load_scenario(find_scenario("xiaomi-plan-uncertain"), XIAOMI, draws=7_345, seed=17)
    monkeypatch.setattr(projection, "CELLS_PER_CHUNK", 28 * 9 * 40)
    runs = {}
    for count in (1, processes):
        told = []
        runs[count] = summarise(scenario, processes=count, progress=told.append).summary, told
    (one, told_one), (several, told_several) = runs[1], runs[processes]
    assert sum(told_one) == sum(told_several) == 7_345 and len(told_several) == -(-7_345 // 40)
    assert list(one.bands) == list(several.bands) and len(one.bands) > 20
    for key, points in one.bands.items():
        assert np.array_equal(several.bands[key], points, equal_nan=True), key
    assert one.met.keys() == several.met.keys()
    for target_id, met in one.met.items():
        assert np.array_equal(several.met[target_id], met), target_id


def test_a_level_that_differs_between_processes_has_its_gaps_counted_draw_by_draw(monkeypatch):
    """Each process reads a target's gap off its figure while the level is one number in its windows; processes
    that found different levels (forced here) make the run count every gap's own draws instead."""
    import ghgcalc.scenarios.projection as projection
    import ghgcalc.scenarios.summary as summary

    scenario = load_scenario(find_scenario("xiaomi-plan-uncertain"), XIAOMI, draws=2_000, seed=5)
    every = summary.Summary.of(projection.project(scenario))
    monkeypatch.setattr(projection, "CELLS_PER_CHUNK", 28 * 9 * 100)  # windows of 4 x 100 = 400 draws
    here, shifted_gaps = os.getpid(), summary._shifted_gaps

    def by_process(part, draws):
        found = shifted_gaps(part, draws)
        # wrong here, right in the child: read off the first process's level, the gaps would be wrong
        return {tid: (level * (2 if os.getpid() == here else 1), sign) for tid, (level, sign) in found.items()}

    monkeypatch.setattr(summary, "_shifted_gaps", by_process)
    found = summary.summarise(scenario, processes=2).summary
    assert list(found.bands) == list(every.bands)
    for key, points in every.bands.items():
        assert np.array_equal(found.bands[key], points, equal_nan=True), key


def test_an_error_projecting_a_later_window_in_a_child_reaches_the_caller(monkeypatch):
    import time

    import ghgcalc.scenarios.projection as projection
    from ghgcalc.scenarios.summary import summarise

    scenario = load_scenario(find_scenario("xiaomi-plan-uncertain"), XIAOMI, draws=1_000, seed=3)
    monkeypatch.setattr(projection, "CELLS_PER_CHUNK", 28 * 9 * 40)  # windows of 4 x 40 = 160 draws
    lines, here, taken = projection.Plan.lines, os.getpid(), []

    def failing(plan, lo, hi, progress=None, into=None):
        if os.getpid() == here:
            time.sleep(0.05)  # a slow first process: the child takes windows from the back meanwhile
        else:
            taken.append(lo)
            if len(taken) == 2:  # the child's second window: 800 to 960, after 960 to 1,000
                raise MemoryError(f"no room for draws {lo} to {hi}")
        return lines(plan, lo, hi, progress, into)

    monkeypatch.setattr(projection.Plan, "lines", failing)
    with pytest.raises(MemoryError, match="no room for draws 800 to 960"):
        summarise(scenario, processes=2)


def test_tickets_go_once_each_from_either_end_to_whichever_process_asks():
    """Ten tickets taken by this process from the front and by a child from the back: each handed out once, the
    two ends meeting wherever the processes' pace puts them."""
    handed = forking.Tickets(10)

    def front(tell):
        return [handed.take() for _ in range(4)]

    def back(tell):
        taken = []
        while (k := handed.take(from_back=True)) is not None:
            taken.append(k)
        return taken

    here, there = at_once([front, back])
    got = [k for k in here if k is not None]  # none once the child has taken the rest
    assert got == list(range(len(got))) and here[len(got):] == [None] * (4 - len(got))
    assert sorted(got + there) == list(range(10)) and there == sorted(there, reverse=True)
    assert handed.take() is None and handed.take(from_back=True) is None


def test_a_slow_process_counts_fewer_windows_and_the_run_is_the_same(monkeypatch):
    """Windows go to whichever process is free: with the first process slowed down, the child counts most of them,
    and the bands are those of one process, bit for bit."""
    import time

    import ghgcalc.scenarios.projection as projection
    import ghgcalc.scenarios.summary as summary

    scenario = load_scenario(find_scenario("xiaomi-plan-uncertain"), XIAOMI, draws=2_000, seed=11)
    monkeypatch.setattr(projection, "CELLS_PER_CHUNK", 28 * 9 * 50)  # windows of 4 x 50 = 200 draws: ten
    alone = summary.summarise(scenario, processes=1).summary
    lines, here, counted = projection.Plan.lines, os.getpid(), summary._count

    def slow_here(plan, lo, hi, progress=None, into=None):
        if os.getpid() == here:
            time.sleep(0.1)
        return lines(plan, lo, hi, progress, into)

    parts = []

    def count(*args, **kwargs):
        part = counted(*args, **kwargs)
        parts.append(part)  # this process's only: the child's part comes back through at_once
        return part

    monkeypatch.setattr(projection.Plan, "lines", slow_here)
    monkeypatch.setattr(summary, "_count", count)
    shared = summary.summarise(scenario, processes=2).summary
    assert 1 <= len(parts[0].windows) <= 3  # of ten windows, the child took the others
    for key, points in alone.bands.items():
        assert np.array_equal(shared.bands[key], points, equal_nan=True), key
    assert all(np.array_equal(shared.met[t], met) for t, met in alone.met.items())


def test_left_open_a_run_takes_a_process_more_only_for_a_few_blocks_each(monkeypatch):
    """10,000 draws of the Xiaomi plan are 3 blocks of 4,160: one process (two were slower); asked for, three."""
    import ghgcalc.scenarios.summary as summary

    scenario = load_scenario(find_scenario("xiaomi-plan-uncertain"), XIAOMI)
    monkeypatch.setattr(summary, "usable_processes", lambda asked=None: 8 if asked is None else asked)
    assert summary.processes_for(scenario, 1_000) == 1  # one block: counted where it is made
    assert summary.processes_for(scenario, 10_000) == 1
    assert summary.processes_for(scenario, 40_000) == 40_000 // 4_160 // summary.WINDOWS_PER_PROCESS == 2
    assert summary.processes_for(scenario, 10_000, processes=3) == 3


def test_each_process_counts_a_run_of_whole_chunks_the_first_one_chunk_longer():
    """100,000 draws of the Xiaomi plan in chunks of 1,040: 97 chunks, the first process 49 of them (50,960
    draws, a chunk more than half), the second the rest; three processes 33, 32 and 32. Every draw is counted
    once, every window starts on a chunk and holds at most four."""
    from ghgcalc.scenarios.projection import Plan
    from ghgcalc.scenarios.summary import BLOCK_CHUNKS, draw_shares

    scenario = load_scenario(find_scenario("xiaomi-plan-uncertain"), XIAOMI)
    plan = Plan.of(scenario, draws=100_000)
    assert plan.chunk == 1_040
    for processes, firsts in ((2, [0, 50_960]), (3, [0, 34_320, 67_600])):
        runs = draw_shares(plan, processes)
        assert [run[0][0] for run in runs] == firsts
        windows = [w for run in runs for w in run]
        assert [lo for lo, _ in windows[1:]] == [hi for _, hi in windows[:-1]] and windows[-1][1] == 100_000
        assert all(lo % plan.chunk == 0 and 0 < hi - lo <= BLOCK_CHUNKS * plan.chunk for lo, hi in windows)


def test_a_process_samples_only_the_draws_up_to_its_last_and_the_same_numbers():
    """A sampler told it projects no draw past 3,000 samples 3,000 of each parameter, the first 3,000 of the
    parameter's stream: the same numbers as sampling every draw. Asked later for a window past them (a second
    pass over every draw), it samples them all."""
    from ghgcalc.scenarios.distributions import Sampler

    scenario = load_scenario(find_scenario("xiaomi-plan-uncertain"), XIAOMI)
    leaves = [leaf for leaf in scenario.parameters if leaf.uncertain]
    whole, part = Sampler(5, 10_000), Sampler(5, 10_000, until=3_000)
    for sampler in (whole, part):
        sampler.window(2_000, 3_000)
    for leaf in leaves:
        assert np.array_equal(part.leaf(leaf), whole.leaf(leaf))
        assert len(part._cache[leaf.path]) == 3_000
    part.window(9_000, 10_000)
    whole.window(9_000, 10_000)
    assert all(np.array_equal(part.leaf(leaf), whole.leaf(leaf)) for leaf in leaves)


def test_a_child_s_pipe_holds_a_mebibyte():
    """A child's result crosses in a few turns of 1 MiB, not sixty of 64 KiB (Linux grants any process 1 MiB)."""
    import fcntl
    from multiprocessing import Pipe

    receiving, sending = Pipe(duplex=False)
    try:
        assert fcntl.fcntl(sending.fileno(), fcntl.F_GETPIPE_SZ) == 1 << 16
        forking._roomy(sending)
        assert fcntl.fcntl(sending.fileno(), fcntl.F_GETPIPE_SZ) == forking.PIPE_BYTES == 1 << 20
    finally:
        receiving.close()
        sending.close()
