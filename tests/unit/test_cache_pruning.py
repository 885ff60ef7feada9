"""The cache folder keeps what is in use: entries unused for a month go when another is written, a read marks
an entry used, cut-off writes go after a day, and files ghgcalc did not name are never touched."""

from __future__ import annotations

import os
import time

import pytest

from ghgcalc.core import cache

HASH = "ab" * 32


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _aged(path, days: float) -> None:
    when = time.time() - days * cache.DAY
    os.utime(path, (when, when))


def test_writing_an_entry_removes_those_unused_for_a_month_and_keeps_the_rest(folder):
    cache.write_json(f"dataset-{HASH}.json", {"old": True})
    cache.write_json(f"pint-definitions-{'cd' * 32}.json", {"recent": True})
    old, recent = folder / f"dataset-{HASH}.json", folder / f"pint-definitions-{'cd' * 32}.json"
    _aged(old, cache.UNUSED_DAYS + 1)
    _aged(recent, cache.UNUSED_DAYS - 1)
    foreign = folder / "notes-someone-keeps.json"
    foreign.write_text("{}", encoding="utf-8")
    _aged(foreign, 400)
    partial = folder / f".dataset-{'ef' * 32}.json.k2j4_x9a.tmp"
    partial.write_text("{", encoding="utf-8")
    _aged(partial, 2)
    cache.write_json(f"dataset-{'12' * 32}.json", {"new": True})
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"dataset-{'12' * 32}.json", recent.name, foreign.name])


def test_a_read_marks_an_old_entry_used_so_it_is_kept(folder):
    name = f"dataset-{HASH}.json"
    cache.write_json(name, [1, 2, 3])
    _aged(folder / name, cache.UNUSED_DAYS + 5)
    assert cache.read_json(name) == [1, 2, 3]
    assert time.time() - (folder / name).stat().st_mtime < 60
    assert cache.prune(folder) == []
    assert cache.read_json(name) == [1, 2, 3]


def test_prune_names_what_it_removed_and_spares_a_folder_it_cannot_read(folder, tmp_path):
    cache.write_json(f"dataset-{HASH}.json", {})
    assert cache.prune(folder, now=time.time() + (cache.UNUSED_DAYS + 1) * cache.DAY) == [f"dataset-{HASH}.json"]
    assert cache.prune(tmp_path / "no-such-folder") == []
