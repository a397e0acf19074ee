"""The vocabulary is declared once (``translator/vocabulary.py``); everything else takes it from there."""

from __future__ import annotations

from typing import get_args

from translator import vocabulary
from translator.document import Status


def test_the_status_type_lists_the_vocabulary_statuses_in_order():
    assert get_args(Status) == vocabulary.STATUSES


def test_derived_sets_follow_the_status_declarations():
    assert vocabulary.CONFIRMED == {"approved", "translated"}
    assert vocabulary.KEPT == vocabulary.CONFIRMED | {"rejected"}
    assert set(vocabulary.STATUS_LABELS) == set(vocabulary.STATUSES)
    for role, allowed in vocabulary.HUMAN_STATUSES.items():
        assert role in vocabulary.ROLES and allowed <= set(vocabulary.STATUSES)
    assert [vocabulary.ROLE_RANK[r] for r in vocabulary.ROLES] == sorted(vocabulary.ROLE_RANK.values())
    assert vocabulary.DEFAULT_LAYOUT in vocabulary.LAYOUTS
