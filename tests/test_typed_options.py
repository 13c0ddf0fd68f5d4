"""Typed settings: every [[sources]] type and alert rule/channel type is declared once;
typos and wrong types are refused with the file, the line and what was expected, and
`rumeur watch` never answers a bad file with a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rumeur import config
from rumeur.connectors.bluesky.options import BlueskyOptions
from rumeur.connectors.mastodon.options import MastodonOptions
from rumeur.errors import ConfigError

HEAD = '[project]\nname = "t"\n\n[[brands]]\nid = "fibrelia"\nname = "Fibrelia"\n\n'
MASTO = '[[sources]]\nname = "m"\ntype = "mastodon"\nbase_url = "https://masto.example"\n'


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "rumeur.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def test_a_typo_is_refused_with_line_and_the_nearest_key(tmp_path):
    path = _write(tmp_path, MASTO + 'hashtag = "fibrelia"\nbackfil_pages = 3\n')
    with pytest.raises(ConfigError) as err:
        config.load(path)
    assert err.value.line == 13 and err.value.key == "sources[0].backfil_pages"
    assert "did you mean backfill_pages?" in err.value.message
    assert str(path) in err.value.message


def test_a_wrong_type_is_refused_with_the_expected_type(tmp_path):
    with pytest.raises(ConfigError) as err:
        config.load(_write(tmp_path, MASTO + 'hashtag = "f"\nmax_pages = "beaucoup"\n'))
    assert err.value.line == 13
    assert "must be a whole number, got 'beaucoup'" in err.value.message
    with pytest.raises(ConfigError, match="a duration such as"):
        config.load(_write(tmp_path, MASTO + 'hashtag = "f"\ninterval = "souvent"\n'))
    with pytest.raises(ConfigError, match="true or false"):
        config.load(_write(tmp_path, MASTO + 'hashtag = "f"\nreplies = "oui"\n'))


def test_missing_required_setting_unknown_type_and_secrets(tmp_path):
    with pytest.raises(ConfigError, match="needs 'base_url'"):
        config.load(_write(tmp_path, '[[sources]]\nname = "m"\ntype = "mastodon"\n'))
    with pytest.raises(ConfigError, match="did you mean bluesky") as err:
        config.load(_write(tmp_path, '[[sources]]\nname = "b"\ntype = "blusky"\n'))
    assert err.value.line == 10
    with pytest.raises(ConfigError, match=r"must not be written in rumeur\.toml"):
        config.load(_write(tmp_path, MASTO + 'token = "abc"\n'))
    with pytest.raises(ConfigError, match="rumeur import"):
        config.load(_write(tmp_path, '[[sources]]\nname = "f"\ntype = "file"\n'))


def test_settings_are_typed_with_their_declared_defaults(tmp_path):
    path = _write(
        tmp_path,
        MASTO + 'hashtag = "f"\ninterval = "2m"\nsince = "7d"\n\n'
        '[[sources]]\nname = "b"\ntype = "bluesky"\nidentifier = "v.bsky.social"\n',
    )
    masto, sky = (s.settings for s in config.load(path).sources)
    assert isinstance(masto, MastodonOptions) and isinstance(sky, BlueskyOptions)
    assert (masto.interval, masto.since, masto.max_pages) == (120.0, 7 * 86400.0, 50)
    assert sky.base_url == "https://bsky.social" and sky.profiles is True


def test_alert_rules_are_typed_and_name_known_brands(tmp_path):
    rule = '[[alerts.rules]]\nname = "r"\ntype = "detractor"\n'
    with pytest.raises(ConfigError) as err:
        config.load(_write(tmp_path, rule + 'brand = "fibrelya"\n'))
    assert err.value.line == 11 and "did you mean fibrelia?" in err.value.message
    with pytest.raises(ConfigError, match="did you mean min_reach"):
        config.load(_write(tmp_path, rule + "min_rech = 5\n"))
    with pytest.raises(ConfigError, match="must be a number"):
        config.load(_write(tmp_path, rule + 'min_reach = "beaucoup"\n'))
    ok = config.load(_write(tmp_path, rule + 'brand = "fibrelia"\n'))
    from rumeur.alerts.rules import from_project

    (r,) = from_project(ok).rules
    assert r.options == {"min_reach": 10_000.0, "lookback_hours": 24, "every_minutes": 60}


BAD_FILES = [MASTO + 'hashtag = "f"\nbackfil_pages = 3\n', MASTO + 'hashtag = "f"\nlimit = "x"\n']


@pytest.mark.parametrize("body", BAD_FILES)
def test_watch_answers_a_bad_file_without_a_traceback(tmp_path, body):
    """In process (the whole command line, as ``rumeur`` runs it): any exception but the
    configuration error's exit would propagate here. The same in a real process, its
    stderr read for a traceback: the slow test below."""
    from typer.testing import CliRunner

    from rumeur.cli import _load, app

    _load()
    path = _write(tmp_path, body)
    out = CliRunner().invoke(
        app, ["watch", "--project", str(path), "--max-runs", "1"], catch_exceptions=False
    )
    assert out.exit_code == 3
    assert "Traceback" not in out.stderr + out.stdout
    assert "rumeur.toml:13" in out.stderr.replace("\n", "")


@pytest.mark.slow  # a process each (~2 s of start-up): the test above does it in process
@pytest.mark.parametrize("body", BAD_FILES)
def test_watch_process_answers_a_bad_file_without_a_traceback(tmp_path, body):
    path = _write(tmp_path, body)
    out = subprocess.run(
        [sys.executable, "-m", "rumeur", "watch", "--project", str(path), "--max-runs", "1"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 3
    assert "Traceback" not in out.stderr + out.stdout
    assert "rumeur.toml:13" in out.stderr.replace("\n", "")


@pytest.mark.slow
def test_unknown_enricher_names_are_refused_with_the_nearest(tmp_path):
    path = _write(tmp_path, MASTO + 'hashtag = "f"\n')
    out = subprocess.run(
        [sys.executable, "-m", "rumeur", "watch", "--project", str(path), "--max-runs", "1",
         "--enrichers", "language,sentimnt-fast"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode != 0 and "Traceback" not in out.stderr + out.stdout
    assert "vouliez-vous dire sentiment-fast ?" in out.stderr.replace("\n", " ")
