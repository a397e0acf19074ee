"""deploy/compose.yaml stays in step with the code: every command it runs parses, every setting it names exists.

(No container runs here: this machine has no Docker.  The file is read with a
real YAML reader, anchors and merge keys included, as Compose reads it.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from translator.settings import declared

COMPOSE = Path(__file__).resolve().parent.parent / "deploy" / "compose.yaml"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def test_the_set_has_a_database_a_broker_the_review_app_and_workers(compose):
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker", "worker-gpu"} <= set(services)
    assert services["redis"]["command"][:3] == ["redis-server", "--appendonly", "yes"]  # queued jobs survive a restart
    assert services["worker-gpu"]["command"][-2:] == ["--device", "cuda"]
    # the llm profile: a vLLM server on a GPU, and workers that reach it through llm_url
    assert services["vllm"]["profiles"] == services["worker-llm"]["profiles"] == ["llm"]
    env = services["worker-llm"]["environment"]
    assert env["TRANSLATOR_ENGINE"] == "llm" and env["TRANSLATOR_LLM_URL"] == "http://vllm:8000/v1"
    assert env["TRANSLATOR_LLM_MODEL"] == services["vllm"]["command"][services["vllm"]["command"].index("--served-model-name") + 1]


@pytest.mark.parametrize("service", ["web", "worker", "worker-gpu", "worker-llm"])
def test_each_translator_command_parses(compose, cli, service):
    """The service's command with --help appended: an option the CLI does not have fails the parse (exit 2)."""
    command = compose["services"][service]["command"]
    assert command[0] == "translator"
    r = cli(*command[1:], "--help")
    assert r.returncode == 0, r.stderr.decode()
    assert b"Usage: translator " + command[1].encode() in r.stdout


@pytest.mark.parametrize("service", ["web", "worker", "worker-gpu", "worker-llm"])
def test_every_variable_is_a_setting_and_the_shared_ones_are_set(compose, service):
    env = compose["services"][service]["environment"]
    known = {s.env for s in declared()}
    assert set(env) <= known, set(env) - known
    assert {"TRANSLATOR_DB", "TRANSLATOR_BROKER", "TRANSLATOR_VISIBILITY_TIMEOUT_S"} <= set(env)
    assert env["TRANSLATOR_DB"].startswith("postgresql+psycopg://") and env["TRANSLATOR_BROKER"].startswith("redis://")
    if service == "web":
        assert "TRANSLATOR_SECRET_KEY_FILE" in env  # sessions survive a restart of the web container
