"""`slax extract --scheduler` on a Dask LocalCluster gives the local run's output, in input order."""
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from extractor.batch import run  # noqa: E402
from extractor.cli import main  # noqa: E402

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
