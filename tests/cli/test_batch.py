"""``translator batch``, ``translator export`` and ``translator documents``: through the real CLI, store and formats."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from lxml import etree

from translator.batch import expand_inputs


@pytest.fixture
def articles(tmp_path, sample_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    text = sample_path.read_text(encoding="utf-8")
    for i, rel in enumerate(["a.txt", "b.txt", "sub/c.html"]):
        body = text.replace("江西", f"江西{i}", 1)
        if rel.endswith(".html"):
            paras = "".join(f"<p>{line}</p>" for line in body.split("\n") if line.strip())
            body = f"<!doctype html><html><head><title>江西{i}</title></head><body><article>{paras}</article></body></html>"
        (folder / rel).write_text(body, encoding="utf-8")
    (folder / "notes.md").write_text("not an article")
    return folder


@pytest.fixture
def gloss_env(tmp_path):
    return {"ARGOS_PACKAGES_DIR": str(tmp_path / "no-models"), "HOME": str(tmp_path)}


def test_expand_inputs_files_folders_globs_and_a_list(tmp_path, articles):
    files, missing = expand_inputs([str(articles), str(articles / "a.txt"), str(tmp_path / "in" / "*.txt"), "nope*", "-"],
                                   stdin=[str(articles / "sub" / "c.html"), "", str(tmp_path / "absent.txt")])
    assert [Path(f).name for f in files] == ["a.txt", "b.txt", "c.html"]  # each once, notes.md left alone
    assert missing == ["nope*", str(tmp_path / "absent.txt")]


def test_batch_stores_exports_reports_and_resumes(cli, tmp_path, articles, gloss_env, db_url):
    db, out = db_url, tmp_path / "out"
    args = ["batch", str(articles), "--out", str(out), "--db", str(db), "--engine", "gloss",
            "--format", "html", "--format", "xliff", "--format", "json", "--format", "txt"]
    r = cli(*args, env=gloss_env)
    assert r.returncode == 0, r.stderr.decode()
    report = json.loads((out / "report.json").read_text())
    assert report["totals"] == {"articles": 3, "done": 3, "skipped": 0, "failed": 0}
    assert report["signature"].startswith("engine:gloss|")
    first = report["articles"][0]
    assert first["status"] == "done" and first["segments"] > 40 and first["engine"] == "gloss"
    assert first["qa"]["source_mojibake"] == 2 and first["needs_review"] == 2
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["report.json"] + [f"{s}.{e}" for s in ("a", "b", "c") for e in ("html", "xlf", "json", "txt")]
    )
    stored = json.loads((out / "a.json").read_text())
    assert stored["signature"] == report["signature"]
    # stored in the project database, listed with progress
    listing = cli("documents", "list", "--db", str(db)).stdout.decode()
    assert listing.count(" approved  ") == 3 and "江西0" in listing
    # a rerun with the same settings does nothing again, and rewrites only missing exports
    (out / "b.html").unlink()
    before = (out / "a.html").stat().st_mtime_ns
    r = cli(*args, env=gloss_env)
    assert r.returncode == 0
    again = json.loads((out / "report.json").read_text())
    assert again["totals"] == {"articles": 3, "done": 0, "skipped": 3, "failed": 0}
    assert (out / "b.html").exists() and (out / "a.html").stat().st_mtime_ns == before
    revisions = _query(db, "SELECT count(*), count(DISTINCT segment_id) FROM revisions")
    assert revisions[0] == revisions[1]  # every segment translated once
    # other settings (another OpenCC conversion) translate again
    r = cli(*args, "--opencc", "tw2sp", env=gloss_env)
    assert json.loads((out / "report.json").read_text())["totals"]["done"] == 3


def _query(db: str, sql: str) -> tuple:
    """One row of ``sql`` on the project database (a SQLite file or a URL)."""
    import sqlalchemy as sa

    from translator.store.database import to_url

    engine = sa.create_engine(to_url(db))
    try:
        with engine.connect() as conn:
            return tuple(conn.execute(sa.text(sql)).one())
    finally:
        engine.dispose()


def test_a_failing_article_is_reported_and_the_batch_goes_on(cli, tmp_path, articles, gloss_env):
    (articles / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    r = cli("batch", str(articles), str(tmp_path / "missing-*.txt"), "--out", str(out), "--db", str(tmp_path / "p.sqlite"),
            "--engine", "gloss", env=gloss_env)
    assert r.returncode == 1
    err = r.stderr.decode()
    assert f"translator: error: {tmp_path / 'missing-*.txt'}: no such file, folder or match" in err
    assert f"translator: error: {articles / 'empty.txt'}: file is empty" in err
    report = json.loads((out / "report.json").read_text())
    assert report["totals"] == {"articles": 4, "done": 3, "skipped": 0, "failed": 1}
    failed = next(a for a in report["articles"] if a["status"] == "failed")
    assert failed["input"] == str(articles / "empty.txt") and "file is empty" in failed["error"]


def test_unwritable_out_is_one_line(cli, tmp_path, articles, gloss_env):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = cli("batch", str(articles), "--out", str(blocker / "out"), "--db", str(tmp_path / "p.sqlite"), env=gloss_env)
    assert r.returncode == 1
    assert r.stderr.decode().splitlines() == [f"translator: error: {blocker / 'out'}: cannot write to the output folder (Not a directory); give another --out"]


def test_export_and_xliff_round_trip_as_revisions(cli, tmp_path, articles, gloss_env):
    db = tmp_path / "p.sqlite"
    cli("batch", str(articles / "a.txt"), "--out", str(tmp_path / "out"), "--db", str(db), "--engine", "gloss", env=gloss_env)
    r = cli("export", "a.txt", "--db", str(db), "--format", "xliff")
    assert r.returncode == 1 and "no stored document 'a.txt'" in r.stderr.decode()
    name = str(articles / "a.txt")
    r = cli("export", name, "--db", str(db), "--format", "xliff")
    assert r.returncode == 0, r.stderr.decode()
    root = etree.fromstring(r.stdout)
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    unit = root.find(".//x:unit", ns)
    # (English that passes QA: an approval with QA errors would need a reason, the QA gate.)
    unit.find(".//x:target", ns).text = "Jiangxi 0: distinctive local industries shoulder poverty alleviation"
    unit.find(".//x:segment", ns).set("state", "final")
    edited = tmp_path / "edited.xlf"
    edited.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    r = cli("documents", "import", str(edited), "--db", str(db), "--by", "ann")
    assert r.returncode == 0, r.stderr.decode()
    assert "1 segment(s) changed" in r.stdout.decode()
    html = cli("export", name, "--db", str(db), "--format", "html", "--layout", "interleaved").stdout.decode()
    assert "Jiangxi 0: distinctive local industries shoulder poverty alleviation" in html
    who = sqlite3.connect(db).execute("SELECT by, new_status, note FROM revisions ORDER BY id DESC LIMIT 1").fetchone()
    assert who == ("ann", "approved", "imported from edited.xlf")
    # a file from another document is refused, one line
    other = tmp_path / "other.xlf"
    other.write_bytes(edited.read_bytes().replace(unit.get("id").encode(), b"zzzz-0-0"))
    r = cli("documents", "import", str(other), "--db", str(db))
    assert r.returncode == 1 and len(r.stderr.decode().splitlines()) == 1


def test_identical_inputs_each_get_their_exports(cli, tmp_path, sample_path, gloss_env):
    folder = tmp_path / "dup"
    folder.mkdir()
    for name in ("one.txt", "two.txt"):
        (folder / name).write_bytes(sample_path.read_bytes())
    out = tmp_path / "out"
    r = cli("batch", str(folder), "--out", str(out), "--db", str(tmp_path / "p.sqlite"), "--engine", "gloss", env=gloss_env)
    assert r.returncode == 0, r.stderr.decode()
    report = json.loads((out / "report.json").read_text())
    assert [a["status"] for a in report["articles"]] == ["done", "skipped"]  # the same article, translated once
    assert report["articles"][0]["document"] == report["articles"][1]["document"]
    assert (out / "one.json").exists() and (out / "two.json").exists()


def test_gloss_fallback_is_announced_once(cli, tmp_path, sample_path, gloss_env):
    r = cli("batch", str(sample_path), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "p.sqlite"), env=gloss_env)
    assert r.returncode == 0, r.stderr.decode()
    warnings = [line for line in r.stderr.decode().splitlines() if line.startswith("translator: warning: ")]
    assert len(warnings) == 1 and "no Argos zh→en model installed" in warnings[0]


def _broker_refused(cli, tmp_path, articles, gloss_env, port: int) -> None:
    """``batch --broker`` on ``port``: exit 1, one line naming the broker (password masked), nothing done."""
    out = tmp_path / f"out-{port}"
    r = cli("batch", str(articles), "--out", str(out), "--db", str(tmp_path / "p.sqlite"),
            "--broker", f"redis://:hunter2@127.0.0.1:{port}/0", env=gloss_env)
    assert r.returncode == 1
    lines = r.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"translator: error: cannot reach the broker redis://:**@127.0.0.1:{port}/0 (")
    assert lines[0].endswith("start it, or check --broker / the 'broker' setting") and "hunter2" not in lines[0]
    assert not (out / "report.json").exists()


def test_a_broker_that_is_not_there_is_one_line_and_no_work(cli, tmp_path, articles, gloss_env):
    """--broker naming a port nobody listens on (refused), then one that hangs up on every connection: one line
    naming the broker, nothing queued, after one quick try and one retry: no retry loop."""
    import socket
    import threading

    with socket.socket() as s:  # a free port, closed again: connections to it are refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _broker_refused(cli, tmp_path, articles, gloss_env, port)

    connections: list[int] = []
    stop = threading.Event()
    with socket.socket() as server:  # accepts, counts and closes every connection
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        server.settimeout(0.05)

        def hang_up() -> None:
            while not stop.is_set():
                try:
                    conn, _ = server.accept()
                except TimeoutError:
                    continue
                connections.append(1)
                conn.close()

        thread = threading.Thread(target=hang_up)
        thread.start()
        try:
            _broker_refused(cli, tmp_path, articles, gloss_env, server.getsockname()[1])
        finally:
            stop.set()
            thread.join()
    assert 1 <= len(connections) <= 2, f"{len(connections)} connections to a broker that hangs up"
