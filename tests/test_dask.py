"""`slax extract --scheduler` on a Dask LocalCluster gives the local run's output, in input order."""
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from extractor.app.batch import run  # noqa: E402
from extractor.app.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LETTERS = sorted((ROOT / "samples" / "letters").glob("*.txt")) + sorted((ROOT / "tests" / "letters").glob("*.txt"))[:12]


@pytest.fixture(scope="module", params=[False, True], ids=["threads", "processes"])
def cluster(request):
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=request.param,
                                  dashboard_address=None, silence_logs=50) as c:
        yield c


def test_cli_output_on_a_cluster_equals_the_local_run(cluster, tmp_path, capsys):
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    folder = str(ROOT / "samples")
    assert main(["extract", folder, "--format", "jsonl", "-o", str(local), "-j", "1"]) == 0
    assert main(["extract", folder, "--format", "jsonl", "-o", str(remote),
                 "--scheduler", cluster.scheduler_address]) == 0
    assert remote.read_bytes() == local.read_bytes()
    assert len(local.read_text(encoding="utf-8").splitlines()) == 37  # 9 txt, pdf, docx and html + the seed


def test_results_come_back_in_input_order_with_errors_in_place(cluster, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf at all")
    paths = [*LETTERS[:5], bad, *LETTERS[5:]]
    got = list(run(paths, scheduler=cluster.scheduler_address))
    assert [Path(r.source.path if hasattr(r, "source") else r.path) for r in got] == paths
    assert got[5].error.startswith("not a valid PDF")
    local = list(run(LETTERS, jobs=1))
    assert [r.model_dump() for r in got[:5] + got[6:]] == [r.model_dump() for r in local]


def test_a_client_object_is_accepted_and_left_open(cluster):
    with distributed.Client(cluster) as client:
        first = list(run(LETTERS[:3], scheduler=client))
        assert client.status == "running"
    assert [r.source.path for r in first] == [str(p) for p in LETTERS[:3]]


# ---- workers elsewhere: another working directory, or no shared file system --------------------------------

@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory):
    """A cluster whose worker processes run in a working directory of their own."""
    import os

    where, here = tmp_path_factory.mktemp("worker-cwd"), os.getcwd()
    os.chdir(where)
    try:
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=50)
    finally:
        os.chdir(here)
    with cluster, distributed.Client(cluster) as client:
        assert set(client.run(os.getcwd).values()) == {str(where)}
        yield cluster


def _copy_letters(folder: Path) -> list[Path]:
    folder.mkdir(parents=True)
    for p in LETTERS[:6]:
        (folder / p.name).write_bytes(p.read_bytes())
    return sorted(folder.iterdir())


def test_a_relative_folder_is_found_by_workers_in_another_directory(elsewhere, tmp_path, monkeypatch):
    _copy_letters(tmp_path / "rel" / "letters")
    monkeypatch.chdir(tmp_path)
    assert main(["extract", "rel/letters", "--format", "jsonl", "-o", "local.jsonl", "-j", "1"]) == 0
    assert main(["extract", "rel/letters", "--format", "jsonl", "-o", "dask.jsonl",
                 "--scheduler", elsewhere.scheduler_address]) == 0
    local = (tmp_path / "local.jsonl").read_bytes()
    assert (tmp_path / "dask.jsonl").read_bytes() == local and local.count(b'"path":"rel/letters/') == 6


def _deleted_once_read(paths: list[Path]):
    """Each path, deleted as soon as the next one is asked for: by then only the client has read it."""
    for p in paths:
        yield p
        p.unlink()


@pytest.mark.parametrize("ship", [True, False], ids=["shipped", "not-shipped"])
def test_ship_files_sends_the_bytes_so_workers_need_no_shared_files(elsewhere, tmp_path, monkeypatch, ship):
    paths = _copy_letters(tmp_path / "rel")
    monkeypatch.chdir(tmp_path)
    names = [Path("rel") / p.name for p in paths]
    expected = [r.model_dump() for r in run(names, jobs=1)]
    got = list(run(_deleted_once_read(names), scheduler=elsewhere.scheduler_address, ship_files=ship))
    if ship:
        assert [r.model_dump() for r in got] == expected  # source.path as given: rel/letter_01.txt
    else:  # the files were gone before the workers looked: what --ship-files is for
        assert [r.error for r in got[:-1]] == ["no such file"] * (len(names) - 1)
