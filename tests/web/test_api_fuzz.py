"""Property tests of the JSON API's bodies: whatever JSON (or not-quite-JSON) a client sends, the answer
is the app's own error shape with a 4xx status or a success, never a 500.

The app runs with ``TESTING``, so an unexpected exception is re-raised here
(webapp/errors.py) and fails the test with its traceback.  Bodies are
arbitrary JSON values built around the fields the routes read (``version``,
``target``, ``status``, ``note``, ``find``, ``segments``...), raw bytes, and
the probes of issue 21 (nesting 100,000 deep, lone surrogates, NUL).
``HYPOTHESIS_PROFILE=long`` runs many more examples.
"""

from __future__ import annotations

import json
import os

import pytest
from helpers.web import login_client, make_app, make_project, store_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
FIELDS = ["version", "target", "status", "note", "find", "replace", "segments", "match_case", "source", "kind", "revision"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), st.sampled_from(["approved", "needs_review", "rejected", "translated", "machine", "new", "bogus",
                                           "", " ", "\x00", "\x1b[31m", "\u2028", "EN", "1"]),
)
json_values = st.recursive(
    scalars, lambda children: st.one_of(st.lists(children, max_size=4),
                                        st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=5)), children, max_size=5)),
    max_leaves=20,
)
bodies = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=6).map(lambda d: json.dumps(d).encode()),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=60),
    st.sampled_from([b"[" * 100_000, b'{"version": 1, "target": "\\ud800x"}', b'{"version": 1, "target": "a\\u0000b"}',
                     b'{"version": 1e400}', b'{"version": true}', b'{"version": 1, "status": ["approved"]}', b"",
                     b'{"a": ' * 5000 + b"1" + b"}" * 5000, b'{"segments": "x", "find": "EN"}']),
)


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("fuzz"))
    doc_id = store_document(project)
    app = make_app(project)
    clients = {name: login_client(app, name) for name in ("tina", "rita")}
    seg_ids = [s["id"] for s in clients["rita"].get(f"/api/documents/{doc_id}/segments").get_json()["segments"]]
    yield clients, doc_id, seg_ids
    project.close()


def _fuzz(examples: int) -> settings:
    return settings(max_examples=examples * 40 if LONG else examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _check(r) -> None:  # type: ignore[no-untyped-def]
    assert r.status_code in (200, 201, 400, 403, 404, 409, 413, 415), (r.status_code, r.get_data(as_text=True)[:300])
    if r.status_code >= 400:
        error = r.get_json()["error"]
        assert error["status"] == r.status_code and error["message"].strip()


@_fuzz(80)
@given(body=bodies, who=st.sampled_from(["tina", "rita"]), which=st.integers(0, 10), method=st.sampled_from(["PATCH", "PUT"]))
def test_patch_a_segment_with_any_body_is_never_a_500(api, body, who, which, method):
    clients, _, seg_ids = api
    seg_id = seg_ids[which % len(seg_ids)]
    r = clients[who].open(f"/api/segments/{seg_id}", method=method, data=body, content_type="application/json")
    _check(r)


@_fuzz(40)
@given(body=bodies, route=st.sampled_from(["replace", "revert", "glossary"]))
def test_other_json_routes_with_any_body_are_never_a_500(api, body, route):
    clients, doc_id, seg_ids = api
    path = {"replace": f"/api/documents/{doc_id}/replace", "revert": f"/api/segments/{seg_ids[1]}/revert",
            "glossary": "/api/glossary"}[route]
    r = clients["rita"].post(path, data=body, content_type="application/json")
    _check(r)
