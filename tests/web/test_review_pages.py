"""The review page of a long document comes in pages; the document list and page's smaller details (issue 18, item 10):
file names not paths, the word gloss's warning for batch documents, the upload form's message for a .pdf, the
segment count of a running translation, no "Translate the rest" while one runs."""

from __future__ import annotations

import io
import re
import time

import pytest
from helpers.web import login_client, make_app, make_project, store_document

from translator.review import PAGE_SIZE


@pytest.fixture
def project(tmp_path):
    p = make_project(tmp_path)
    yield p
    p.close()


def long_article(n: int) -> str:
    return "长文章\n\n" + "".join(f"第{i}句话有{i}个项目。" for i in range(1, n))


def numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<div class="n" aria-hidden="true">(\d+)</div>', html)]


def test_a_long_document_is_reviewed_page_by_page(project):
    doc_id = store_document(project, long_article(450), name="long.txt")
    rows = project.documents.segment_rows(doc_id)
    assert len(rows) == 450
    project.documents.update_segment(rows[0]["id"], by="rita", status="approved")
    client = login_client(make_app(project), "tina")

    first = client.get(f"/documents/{doc_id}/review").get_data(as_text=True)
    assert numbers(first) == list(range(1, PAGE_SIZE + 1))
    assert "Segments 1–200 of 450 · page 1 of 3" in first and 'href="?page=2" rel="next"' in first
    assert 'rel="prev"' not in first
    # The counts of the other pages come with the page, so the head counts the whole document.
    other = re.search(r'data-other-counts="([^"]+)"', first).group(1).replace("&#34;", '"')
    assert other == '{"machine": 250}'

    last = client.get(f"/documents/{doc_id}/review?page=3").get_data(as_text=True)
    assert numbers(last) == list(range(401, 451)) and 'rel="next"' not in last
    # A link to a segment opens the page that holds it; a page out of range or not a number, the nearest one.
    held = client.get(f"/documents/{doc_id}/review?segment={rows[250]['id']}").get_data(as_text=True)
    assert numbers(held)[0] == 201 and f'id="seg-{rows[250]["id"]}"' in held
    assert numbers(client.get(f"/documents/{doc_id}/review?page=99").get_data(as_text=True))[0] == 401
    assert numbers(client.get(f"/documents/{doc_id}/review?page=x").get_data(as_text=True))[0] == 1
    other = re.search(r'data-other-counts="([^"]+)"', last).group(1).replace("&#34;", '"')
    assert other == '{"approved": 1, "machine": 399}'


def test_a_short_document_has_one_page_and_no_page_control(project):
    doc_id = store_document(project)
    html = login_client(make_app(project), "tina").get(f"/documents/{doc_id}/review").get_data(as_text=True)
    assert numbers(html) == [1, 2, 3, 4] and 'id="pages"' not in html


def test_the_review_page_of_2000_segments_is_small_and_quick(project):
    doc_id = store_document(project, long_article(2000), name="big.txt")
    client = login_client(make_app(project), "tina")
    client.get(f"/documents/{doc_id}/review")  # the first request warms the templates and the glossary
    started = time.perf_counter()
    r = client.get(f"/documents/{doc_id}/review")
    elapsed = time.perf_counter() - started
    assert r.status_code == 200 and len(numbers(r.get_data(as_text=True))) == PAGE_SIZE
    assert len(r.data) < 2_000_000
    assert elapsed < 3.0  # bench/bench_load.py measures it (page_ms); this only catches a page of every segment


def test_the_list_shows_file_names_not_the_paths_a_batch_stored(project):
    doc_id = store_document(project, name="/srv/news/2020/batch-in/jiangxi.txt")
    html = login_client(make_app(project), "tina").get("/").get_data(as_text=True)
    row = html[html.index(f'data-document-id="{doc_id}"'):]
    assert '">jiangxi.txt</a>' in row[:2000] and ">/srv/news" not in html


def test_a_document_the_word_gloss_drafted_says_so_on_its_page(project):
    from translator.engines.select import GLOSS_DRAFT_WARNING

    doc_id = store_document(project)
    project.documents.set_signature(doc_id, "engine:gloss|model:cc-cedict@1|version:0.1.0")
    other = store_document(project, "另一篇\n\n今天很好。", name="other.txt")
    client = login_client(make_app(project), "tina")
    assert GLOSS_DRAFT_WARNING.split(":")[0] in client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert GLOSS_DRAFT_WARNING.split(":")[0] not in client.get(f"/documents/{other}").get_data(as_text=True)


def test_a_pdf_upload_gets_a_message_on_the_upload_form(project):
    client = login_client(make_app(project), "tina")
    r = client.post("/documents", data={"file": (io.BytesIO(b"%PDF-1.4 binary"), "report.pdf")},
                    content_type="multipart/form-data")
    assert r.status_code == 302 and r.headers["Location"].endswith("/")
    html = client.get("/").get_data(as_text=True)
    form = html[html.index('<form class="upload'):html.index("</form>", html.index('<form class="upload'))]
    assert "Not uploaded: &#39;report.pdf&#39; is not a text or HTML article" in form
    assert html.count("is not a text or HTML article") == 1  # not twice (the page's flashes leave it to the form)


def test_a_running_translation_shows_its_segment_count_and_no_second_translate_button(project):
    doc_id = store_document(project, translate=False)
    app = make_app(project)
    client = login_client(app, "tina")
    assert "Translate the rest" in client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert client.post(f"/documents/{doc_id}/translate").status_code == 302
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)  # queued: the worker has not run it yet
    assert "Machine translation running: 0 of 4 segments." in html and "…" not in html.split('class="job"')[1][:200]
    assert "Translate the rest" not in html
    app.extensions["translator.worker"].run_pending()
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert "Translate the rest" not in html and "Machine translation running" not in html
