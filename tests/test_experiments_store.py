"""The result store: parts written per batch, resume bookkeeping, consolidation."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.experiments.spec import ExperimentError
from sim.experiments.store import ResultStore


def rows(ids, status="ok", **outcomes):
    return [
        {
            "run_id": i,
            "point": i,
            "replicate": 0,
            "seed": 100 + i,
            "status": status,
            "error": "" if status == "ok" else "ValueError: x",
            "wall_time": 0.1,
            **outcomes,
        }
        for i in ids
    ]


def series(ids, steps=3, **cols):
    return pd.DataFrame(
        [{"run_id": i, "step": s, **{k: float(v) for k, v in cols.items()}} for i in ids for s in range(steps)]
    )


def test_append_finished_and_consolidate(tmp_path):
    store = ResultStore(tmp_path)
    store.open("abc")
    store.append(rows([0, 1], rate=0.5), series([0, 1], rate=0.5))
    store.append(rows([2], status="failed"), None)
    store.append(rows([3], rate=0.7, extra=1.0), series([3], rate=0.7, backlog=2))
    assert store.finished() == ({0, 1, 3}, {2})
    runs_path, ts_path = store.consolidate()
    runs = pd.read_parquet(runs_path)
    assert list(runs["run_id"]) == [0, 1, 2, 3]
    assert runs.loc[runs.run_id == 2, "rate"].isna().all()  # failed runs have no outcomes
    assert runs.loc[runs.run_id == 3, "extra"].item() == 1.0
    ts = pd.read_parquet(ts_path)
    assert len(ts) == 9 and set(ts["run_id"]) == {0, 1, 3}
    assert ts.loc[ts.run_id == 0, "backlog"].isna().all()  # columns unified across parts


def test_open_removes_leftovers_of_an_interrupted_write(tmp_path):
    store = ResultStore(tmp_path)
    store.open("abc")
    store.append(rows([0]), series([0], rate=1))
    # a batch killed between its two files, and a half-written file
    series([5], rate=1).to_parquet(store.parts / "ts-000002.parquet")
    (store.parts / "runs-000003.parquet.tmp").write_bytes(b"partial")
    store.open("abc")
    assert sorted(p.name for p in store.parts.iterdir()) == ["runs-000001.parquet", "ts-000001.parquet"]
    assert store.finished() == ({0}, set())


def test_a_retried_run_keeps_its_last_record(tmp_path):
    store = ResultStore(tmp_path)
    store.open("abc")
    store.append(rows([0, 1], status="failed"), None)
    store.append(rows([1], rate=0.9), series([1], rate=0.9))
    runs = store.load_runs(from_parts=True)
    assert list(runs["status"]) == ["failed", "ok"]
    assert store.finished() == ({1}, {0})


def test_a_folder_of_another_experiment_is_refused(tmp_path):
    store = ResultStore(tmp_path)
    store.write_manifest({"identity": "abc"})
    store.open("abc")
    with pytest.raises(ExperimentError, match="different experiment"):
        store.open("xyz")
