"""Settings: declared once, resolved defaults < file < environment < --set < flags, validated, documented."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from translator.settings import Settings, SettingsError, declared, spec

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_without_file_or_environment(tmp_path):
    s = Settings.load(env={}, cwd=tmp_path)
    assert (s.db, s.opencc, s.beam_size, s.memory, s.glossaries) == ("translator.sqlite", "t2s", 4, True, ())
    assert s.source_of("beam_size") == "default"


def test_precedence_file_env_set_flag(tmp_path):
    cfg = tmp_path / "translator.toml"
    cfg.write_text('beam_size = 2\nopencc = "tw2sp"\ndb = "file.sqlite"\nqa_length_ratio_high = 6.5\nmemory = false\n', encoding="utf-8")
    env = {"TRANSLATOR_BEAM_SIZE": "3", "TRANSLATOR_DB": "env.sqlite"}
    s = Settings.load(env=env, cwd=tmp_path, sets={"beam_size": "5"}, overrides={"db": "flag.sqlite", "opencc": None})
    assert s.opencc == "tw2sp" and s.source_of("opencc") == f"file {cfg}"
    assert s.qa_length_ratio_high == 6.5 and s.memory is False
    assert s.beam_size == 5 and s.source_of("beam_size") == "flag"  # --set beats the environment
    assert s.db == "flag.sqlite"  # a flag beats everything; an unset flag (None) changes nothing
    s = Settings.load(env=env, cwd=tmp_path)
    assert (s.beam_size, s.db) == (3, "env.sqlite") and s.source_of("db") == "env TRANSLATOR_DB"


def test_config_file_from_environment_and_explicit_path(tmp_path):
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text("beam_size = 7\n")
    b.write_text("beam_size = 8\n")
    assert Settings.load(env={"TRANSLATOR_CONFIG": str(a)}, cwd=tmp_path).beam_size == 7
    assert Settings.load(config=b, env={"TRANSLATOR_CONFIG": str(a)}, cwd=tmp_path).beam_size == 8


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("bogus = 1\n", "unknown setting 'bogus'"),
        ('beam_size = "four"\n', "beam_size: expected an integer, got 'four'"),
        ("beam_size = 40\n", "beam_size: 40 is above the maximum 16"),
        ('opencc = "s2t"\n', "'s2t' is not one of t2s, tw2sp, hk2s, none"),
        ("memory = 1\n", "memory: expected true or false"),
        ("beam_size = \n", "not valid TOML"),
    ],
)
def test_bad_settings_file_is_one_clear_error(tmp_path, toml, message):
    cfg = tmp_path / "t.toml"
    cfg.write_text(toml, encoding="utf-8")
    with pytest.raises(SettingsError) as e:
        Settings.load(config=cfg, env={})
    assert message in str(e.value) and str(cfg) in str(e.value) and "\n" not in str(e.value)


def test_bad_environment_value_names_the_variable():
    with pytest.raises(SettingsError, match="environment variable TRANSLATOR_FUZZY_MIN: expected a number"):
        Settings.load(env={"TRANSLATOR_FUZZY_MIN": "high"})
    with pytest.raises(SettingsError, match="a finite number"):
        Settings.load(env={"TRANSLATOR_FUZZY_MIN": "nan"})


def test_glossary_files_from_environment_split_on_the_path_separator():
    import os

    s = Settings.load(env={"TRANSLATOR_GLOSSARY_FILES": f"a.tsv{os.pathsep}b.tsv"})
    assert s.glossaries == ("a.tsv", "b.tsv")


def test_declaration_is_complete_and_unambiguous():
    specs = list(declared())
    assert len({s.env for s in specs}) == len(specs), "two settings share an environment variable"
    for s in specs:
        assert s.help.strip() and s.group in {"project", "input", "translation", "decoding", "llm", "qa", "web"}
        assert isinstance(s.default, s.type)
    assert spec("beam_size").signature and not spec("db").signature


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in declared() if not re.search(rf"`{s.name}`", readme)]
    assert not missing, f"settings missing from README.md: {missing}"


def test_cli_set_and_settings_command(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "translator.toml").write_text("beam_size = 2\n")
    r = cli("--set", "no_repeat_ngram_size=4", "settings")
    assert r.returncode == 0, r.stderr.decode()
    out = r.stdout.decode()
    assert f"beam_size = 2  (file {tmp_path / 'translator.toml'}; $TRANSLATOR_BEAM_SIZE)" in out
    assert "no_repeat_ngram_size = 4  (flag; $TRANSLATOR_NO_REPEAT_NGRAM_SIZE)" in out
    r = cli("--set", "beam_size", "settings")
    assert r.returncode == 2 and b"is not NAME=VALUE" in r.stderr
    r = cli("--set", "beam_size=0", "settings")
    assert r.returncode == 1 and r.stderr.decode() == "translator: error: --set beam_size: 0 is below the minimum 1\n"


def test_nothing_is_read_or_created_at_import(tmp_path):
    """Importing the whole library reads no settings file and touches nothing on disk."""
    (tmp_path / "translator.toml").write_text("this is not toml")
    code = "import translator.cli.group, translator.project, translator.settings, translator.prepare.pipeline; print('ok')"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "ok", done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["translator.toml"]
