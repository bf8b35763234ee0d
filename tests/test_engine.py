"""The web server's warm LibreOffice (engine.py): the same documents as the command line's,
started again after a number of conversions, a failure or a time-out, and nothing left
running once it is closed. Real LibreOffice throughout."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from builders import EVERY_KIND, full_book, posix_only, write
from pypdf import PdfReader

from ceres_docs.convert import ConversionFailed, ConverterMissing
from ceres_docs.engine import Engine, EngineUnavailable, find_uno_python
from ceres_docs.generate import prepare

DAY = dt.date(2026, 11, 30)

try:
    from ceres_docs.convert import find_soffice

    find_uno_python(find_soffice())
except (ConverterMissing, EngineUnavailable):  # pragma: no cover - the setup installs both
    pytest.skip("LibreOffice or its Python (python3-uno) absent", allow_module_level=True)


def running(folder: Path) -> list[int]:
    """Processes (not zombies) whose command line names folder: the engine's workers and
    LibreOffices, found by their profile's path."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if str(folder) in command and state != "Z":
            found.append(int(entry.name))
    return found


def texts(folder: Path) -> dict[str, list[str]]:
    return {str(pdf.relative_to(folder)): [page.extract_text() for page in
                                           PdfReader(pdf).pages]
            for pdf in sorted(folder.rglob("*.pdf"))}


def files(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def engine():
    with Engine(count=2) as warm:
        yield warm


@pytest.fixture(scope="module")
def lettre(tmp_path_factory):
    """A one-page DOCX, rendered by the command line."""
    folder = tmp_path_factory.mktemp("docx")
    path = write(full_book(), folder)
    prepare(path, folder / "docx", ["224566"], ["convocation-candidat"], pdf=False,
            today=DAY).run()
    return next((folder / "docx").rglob("*.docx"))


def test_the_warm_engine_makes_the_command_line_s_documents(engine, tmp_path):
    path = write(full_book(), tmp_path)
    cold = prepare(path, tmp_path / "cold", ["224566", "224600"], EVERY_KIND, today=DAY)
    warm = prepare(path, tmp_path / "warm", ["224566", "224600"], EVERY_KIND, today=DAY,
                   engine=engine)
    made = warm.run()
    cold.run()
    assert len(made) > 10
    assert texts(tmp_path / "warm") == texts(tmp_path / "cold")
    assert files(tmp_path / "warm") == files(tmp_path / "cold")
    assert any(name.endswith(".eml") for name in files(tmp_path / "warm"))
    assert {d.path: d.pages for d in made} == {d.path: d.pages for d in cold.produced}


def test_a_libreoffice_is_started_again_after_its_share_of_conversions(lettre, tmp_path):
    with Engine(count=1, restart_after=2) as warm:
        office = warm.offices[0]
        first = warm.pids()
        for n in range(3):
            warm.submit(lettre, tmp_path / f"{n}.pdf").result()
        assert office.starts == 2 and warm.pids() != first
        assert office.conversions == 1
    assert [len(PdfReader(tmp_path / f"{n}.pdf").pages) for n in range(3)] == [1, 1, 1]


def test_a_failure_restarts_libreoffice_and_the_next_file_converts(engine, lettre, tmp_path):
    starts = sum(office.starts for office in engine.offices)
    with pytest.raises(ConversionFailed) as failed:
        engine.submit(tmp_path / "absente.docx", tmp_path / "lettre.pdf", "la lettre").result()
    assert str(failed.value).startswith("LibreOffice n'a pas pu convertir la lettre : il a "
                                        "répondu « Unsupported URL")
    assert str(failed.value).endswith(". Relancez la production ; si l'erreur persiste, "
                                      "ouvrez le modèle dans LibreOffice pour vérifier qu'il "
                                      "est lisible.")
    assert sum(office.starts for office in engine.offices) == starts + 2  # one per attempt
    engine.convert([lettre, lettre], tmp_path)
    assert len(PdfReader(tmp_path / f"{lettre.stem}.pdf").pages) == 1


@posix_only  # running() reads /proc
def test_a_time_out_stops_libreoffice_and_the_next_file_converts(lettre, tmp_path):
    with Engine(count=1) as warm:
        warm.submit(lettre, tmp_path / "first.pdf").result()  # ready
        hung = warm.pids()
        with pytest.raises(ConversionFailed) as failed:
            warm.submit(lettre, tmp_path / "late.pdf", "la lettre", within=0.001).result()
        assert str(failed.value).startswith("LibreOffice n'a pas fini en 0 s de convertir : "
                                            "la lettre. Il a été redémarré")
        assert warm.pids() != hung and not running(Path(f"/proc/{hung[0]}"))
        warm.submit(lettre, tmp_path / "next.pdf").result()
    assert len(PdfReader(tmp_path / "next.pdf").pages) == 1


@posix_only  # running() reads /proc
def test_closing_stops_every_libreoffice_and_removes_their_profiles(lettre, tmp_path):
    warm = Engine(count=2)
    warm.convert([lettre], tmp_path)
    private = warm.private
    # Two workers, each with its LibreOffice (launcher and soffice.bin) once both are ready.
    warm.offices[1].convert(lettre, tmp_path / "second.pdf", 60)
    assert len(running(private)) >= 4
    warm.close()
    assert running(private) == []
    assert not private.exists()
    with pytest.raises(ConversionFailed, match="Le serveur s'arrête"):
        warm.submit(lettre, tmp_path / "after.pdf")


@posix_only  # running() reads /proc
def test_a_worker_whose_server_died_stops_its_libreoffice(lettre, tmp_path):
    warm = Engine(count=1)
    warm.convert([lettre], tmp_path)
    private, office = warm.private, warm.offices[0]
    assert office.process is not None and office.process.stdin is not None
    office.process.stdin.close()  # what the worker sees when the server is killed
    office.process.wait(timeout=30)
    assert running(private) == []
    warm.close()
    shutil.rmtree(private, ignore_errors=True)


def test_a_python_without_uno_gives_up_the_warm_engine_and_the_server_converts_cold(
        tmp_path, monkeypatch, caplog):
    """A uno module that cannot run the worker (here: this Python, which has none): the
    engine is never ready, the server says so and gives it up, and its productions start
    LibreOffice as the command line does."""
    import io
    import json
    import sys
    import time
    import zipfile

    from starlette.testclient import TestClient

    from ceres_docs.web.app import Store, create_app

    monkeypatch.setenv("CERES_DOCS_UNO_PYTHON", sys.executable)
    with Engine(count=1) as broken:
        assert not broken.wait_ready(30)
    sample = Path(__file__).resolve().parent.parent / "samples" / "sessions.xlsx"
    app = create_app(Store(tmp_path / "serveur"), warm=True)
    with TestClient(app) as client:
        deadline = time.monotonic() + 60
        while app.state.engine:
            assert time.monotonic() < deadline, "the broken engine was kept"
            time.sleep(0.1)
        answer = client.post("/api/generate", files={"classeur": (
            "sessions.xlsx", sample.read_bytes(), "application/octet-stream")}, data={
            "today": "2026-11-30", "sessions": "224633", "kinds": "pv-general"})
    assert answer.status_code == 200, answer.text
    with zipfile.ZipFile(io.BytesIO(answer.content)) as made:
        entries = json.loads(made.read("manifest.json"))["documents"]
        assert [entry["kind"] for entry in entries] == ["pv-general"]
        assert made.read(entries[0]["path"]).startswith(b"%PDF")
    assert "LibreOffice n'a pas démarré par son module uno" in caplog.text


def test_a_warm_engine_is_ready(engine):
    assert engine.wait_ready()
