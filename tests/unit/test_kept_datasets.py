"""Validated factor datasets kept in the cache folder: read back as validated, never stale, a bad entry rebuilt."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from ghgcalc.core import cache
from ghgcalc.core.shipped import shipped_dir
from ghgcalc.errors import InputError
from ghgcalc.factors import kept, library

STATIONARY = "ipcc-2006-stationary"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def dataset(tmp_path):
    """A copy of a shipped dataset (CSV and sidecar), free to change."""
    for suffix in (".csv", ".toml"):
        shutil.copy(shipped_dir("factors") / f"{STATIONARY}{suffix}", tmp_path / f"{STATIONARY}{suffix}")
    return tmp_path / f"{STATIONARY}.csv"


def _entries(folder):
    return sorted(folder.glob("dataset-*.json"))


def _unreadable(monkeypatch):
    """Reading a dataset from its CSV fails from now on: what is read comes from the cache."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("the CSV was parsed again")
    monkeypatch.setattr(library, "parse_csv", refuse)


def test_a_dataset_read_back_is_the_one_validated(folder, dataset, monkeypatch):
    first = library._read_dataset(dataset)
    assert len(_entries(folder)) == 1
    _unreadable(monkeypatch)
    again = library._read_dataset(dataset)
    pd.testing.assert_frame_equal(again.frame, first.frame)
    assert (again.id, again.kind, again.meta, again.sources, again.sha256) == (
        first.id, first.kind, first.meta, first.sources, first.sha256)
    # natural gas, stationary: 56,100 kg CO2 / TJ (2006 IPCC Guidelines, Vol. 2, Table 2.3), a number again
    row = again.frame.loc[again.frame["factor_id"] == f"{STATIONARY}/natural_gas.stationary/global/1990-2100/CO2"]
    assert row["value"].tolist() == [56100] and row["year_from"].tolist() == [1990]
    assert str(row["unit"].dtype) == "str"


def test_the_whole_library_reads_the_same_from_the_cache(folder, monkeypatch):
    monkeypatch.setenv(cache.ENV, "")  # no cache: every dataset read and validated
    library._cached_dataset.cache_clear()
    fresh = library.load_factor_library()
    monkeypatch.setenv(cache.ENV, str(folder))
    for _ in range(2):  # written, then read back
        library._cached_dataset.cache_clear()
        read = library.load_factor_library()
    assert len(_entries(folder)) == len(read.datasets)
    for name in ("emission_factors", "properties", "activities"):
        pd.testing.assert_frame_equal(getattr(read, name), getattr(fresh, name))
    assert read.describe() == fresh.describe()
    library._cached_dataset.cache_clear()


@pytest.mark.parametrize("damage", ["cut short", "another layout", "an object column"])
def test_an_entry_that_cannot_be_read_back_is_read_again_and_rewritten(folder, dataset, damage):
    first = library._read_dataset(dataset)
    (entry,) = _entries(folder)
    if damage == "cut short":
        entry.write_bytes(entry.read_bytes()[:-200])
    else:  # a body whose checksum holds but whose content is not a dataset as written here
        document = cache.read_json(entry.name)
        if damage == "another layout":
            del document["columns"]
        else:
            document["dtypes"]["value"] = "object"
        cache.write_json(entry.name, document)
    assert kept.read_kept(entry.name) is None
    again = library._read_dataset(dataset)
    pd.testing.assert_frame_equal(again.frame, first.frame)
    assert kept.read_kept(entry.name) is not None  # written anew


def test_a_changed_file_is_validated_again(folder, dataset):
    library._read_dataset(dataset)
    text = dataset.read_text(encoding="utf-8")
    dataset.write_text(text.replace(",56100,kg CO2 / TJ,", ",fifty,kg CO2 / TJ,"), encoding="utf-8")
    with pytest.raises(InputError, match="'fifty' is not a number"):
        library._read_dataset(dataset)
    assert len(_entries(folder)) == 1  # nothing kept of a file that did not validate


def test_a_changed_sidecar_is_a_new_entry(folder, dataset):
    library._read_dataset(dataset)
    sidecar = dataset.with_suffix(".toml")
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace('retrieved = "2026-11-22"',
                                                                  'retrieved = "2026-12-06"'), encoding="utf-8")
    assert library._read_dataset(dataset).meta["retrieved"] == "2026-12-06"
    assert len(_entries(folder)) == 2


def test_a_sidecar_json_cannot_hold_is_read_each_time(folder, dataset):
    sidecar = dataset.with_suffix(".toml")
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace('retrieved = "2026-11-22"',
                                                                  'retrieved = "2026-11-22"\nchecked = 2026-12-01'),
                       encoding="utf-8")
    assert str(library._read_dataset(dataset).meta["checked"]) == "2026-12-01"  # a TOML date
    assert _entries(folder) == []
