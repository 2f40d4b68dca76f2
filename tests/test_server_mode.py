"""Server mode against a real `chroma run` on a free loopback port (no mock)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import qa
from qa.errors import StoreError
from qa.pipeline import Engine

from .conftest import REPO, FakeEmbedder

CHROMA = shutil.which("chroma", path=str(Path(sys.executable).parent))
pytestmark = pytest.mark.skipif(CHROMA is None, reason="the chroma command is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ChromaServer:
    def __init__(self, path: Path) -> None:
        self.path, self.port, self.proc = path, free_port(), None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = dict(os.environ, ANONYMIZED_TELEMETRY="False")
        self.proc = subprocess.Popen(
            [CHROMA, "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("chroma run did not come up in 60 s")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
            self.proc = None


@pytest.fixture
def server(tmp_path: Path):  # noqa: ANN201
    srv = ChromaServer(tmp_path / "chroma-server")
    srv.start()
    yield srv
    srv.stop()


INGEST = """
import sys
sys.path.insert(0, {repo!r})
import qa
from tests.conftest import FakeEmbedder
r = qa.ingest({corpus!r}, store={store!r}, embedder=FakeEmbedder(), progress=False,
              settings=qa.Settings().with_(chroma_url={url!r}))
print(r.articles)
"""


def ingest_in_subprocess(corpus: Path, store: Path, url: str) -> int:
    code = INGEST.format(repo=str(REPO), corpus=str(corpus), store=str(store), url=url)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return int(out.stdout.strip().splitlines()[-1])


QUESTIONS = ["Who founded Acme Corporation?", "When was Keita overthrown?",
             "How many engineers does the company employ?", "What is the population of Jupiter?"]


def test_same_answers_as_embedded_and_instances_follow_the_server(
    server: ChromaServer, tiny_corpus: Path, tmp_path: Path
) -> None:
    fake = FakeEmbedder()
    # embedded mode, for reference
    qa.ingest(tiny_corpus, store=tmp_path / "embedded", embedder=fake, progress=False)
    local = Engine(qa.Settings().with_(store=tmp_path / "embedded"), fake)
    # server mode: one process ingests, another instance (its own local folder) answers
    assert ingest_in_subprocess(tiny_corpus, tmp_path / "writer", server.url) == 2
    remote = Engine(qa.Settings().with_(store=tmp_path / "reader", chroma_url=server.url), fake)
    for q in QUESTIONS:
        assert remote.answer(q).to_dict() == local.answer(q).to_dict()

    # another instance ingests a new article: the reader notices and refreshes
    (tiny_corpus / "new.txt").write_text(
        "Zebra Crossing Opens Downtown\n\nThe new zebra crossing was opened by Mayor Lina Ortiz.\n",
        encoding="utf-8")
    assert ingest_in_subprocess(tiny_corpus, tmp_path / "writer", server.url) == 3
    time.sleep(2.5)  # the reader looks at the server at most every 2 seconds
    ans = remote.answer("Who opened the zebra crossing?")
    assert ans.citations[0].source == "new.txt"
    assert qa.status(settings=qa.Settings().with_(store=tmp_path / "reader2",
                                                  chroma_url=server.url))["articles"] == 3


def test_server_down_is_a_clear_error_and_recovers(
    server: ChromaServer, tiny_corpus: Path, tmp_path: Path
) -> None:
    fake = FakeEmbedder()
    ingest_in_subprocess(tiny_corpus, tmp_path / "writer", server.url)
    engine = Engine(qa.Settings().with_(store=tmp_path / "reader", chroma_url=server.url), fake)
    first = engine.answer(QUESTIONS[0]).to_dict()
    server.stop()
    time.sleep(2.5)
    with pytest.raises(StoreError, match=server.url.replace(".", r"\.")):
        engine.answer(QUESTIONS[0])
    server.start()  # same data folder, same port
    assert engine.answer(QUESTIONS[0]).to_dict() == first


def test_no_index_on_server(server: ChromaServer, tmp_path: Path) -> None:
    engine = Engine(qa.Settings().with_(store=tmp_path / "reader", chroma_url=server.url),
                    FakeEmbedder())
    with pytest.raises(StoreError, match="no index on the Chroma server"):
        engine.answer("Anything?")


def test_unreachable_server_from_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture, use_fake) -> None:  # noqa: ANN001
    from qa.cli import main

    url = f"http://127.0.0.1:{free_port()}"
    code = main(["ask", "Who?", "--store", str(tmp_path / "s"), "--chroma-url", url])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and url in err[0]
    json.dumps(err)
