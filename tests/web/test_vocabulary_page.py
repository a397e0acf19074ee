"""Every page carries the vocabulary for its scripts; controls follow the role ranks of the vocabulary."""

from __future__ import annotations

import json

from helpers.web import login_client
from lxml import html

from translator.vocabulary import ARTICLE_SUFFIXES, STATUS_LABELS, vocabulary_json


def test_the_vocabulary_block_is_inert_json_on_every_page(app, doc_id):
    client = login_client(app, "tina")
    for path in ("/", f"/documents/{doc_id}", f"/documents/{doc_id}/review", "/glossary"):
        r = client.get(path)
        assert r.status_code == 200, path
        [block] = html.fromstring(r.get_data(as_text=True)).xpath('//script[@id="vocabulary"]')
        assert block.get("type") == "application/json" and block.get("src") is None  # data, never run (the CSP stays strict)
        assert json.loads(block.text) == vocabulary_json()
        assert "<" not in block.text  # nothing in it can close the script element
        assert "script-src 'self'" in r.headers["Content-Security-Policy"]


def test_controls_follow_the_role_ranks(app, doc_id):
    seen = {}
    for name in ("tina", "rita", "adam"):
        client = login_client(app, name)
        detail = html.fromstring(client.get(f"/documents/{doc_id}").get_data(as_text=True))
        seen[name] = (bool(detail.xpath('//a[contains(@href, "/delete")]')), bool(detail.xpath('//nav//a[@href="/users"]')))
    assert seen == {"tina": (False, False), "rita": (True, False), "adam": (True, True)}


def test_labels_and_suffixes_on_the_pages_come_from_the_vocabulary(app, doc_id):
    client = login_client(app, "rita")
    index = html.fromstring(client.get("/").get_data(as_text=True))
    [upload] = index.xpath('//input[@id="file"]')
    assert upload.get("accept").split(",")[: len(ARTICLE_SUFFIXES)] == list(ARTICLE_SUFFIXES)
    review = html.fromstring(client.get(f"/documents/{doc_id}/review").get_data(as_text=True))
    options = {o.get("value"): o.text for o in review.xpath('//select[@id="filter"]/option')}
    assert all(options[s] == STATUS_LABELS[s] for s in ("needs_review", "translated", "approved", "rejected"))
