"""The examples in docs/connectors.md are valid: the config loads, every source builds,
and the webhook signing snippet produces a signature the server accepts."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from rumeur import config
from rumeur.connectors import registry
from rumeur.connectors.webhook import Verifier

DOC = Path(__file__).resolve().parents[2] / "docs" / "connectors.md"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_config_example_loads_and_builds(tmp_path, monkeypatch):
    main, secrets = _blocks("toml")[:2]
    (tmp_path / "rumeur.toml").write_text(main, encoding="utf-8")
    (tmp_path / "secrets.toml").write_text(secrets, encoding="utf-8")
    tomllib.loads(secrets)
    for var in ("MASTODON_TOKEN", "BLUESKY_APP_PASSWORD", "REDDIT_CLIENT_SECRET",
                "REDDIT_PASSWORD", "YOUTUBE_API_KEY", "RUMEUR_WEBHOOK_SECRET"):  # fmt: skip
        monkeypatch.setenv(var, "doc-example-value")
    project = config.load(tmp_path / "rumeur.toml")
    types = set()
    for source in project.sources:
        types.add(source.type)
        if source.type in registry.PUSH_TYPES:
            continue
        registry.build(project, source).close()
    assert types == {"mastodon", "bluesky", "reddit", "youtube", "rss", "webhook"}


def test_signing_snippet_matches_the_server():
    snippet = _blocks("python")[0]
    scope: dict = {}
    exec(snippet, scope)  # builds the request; sends nothing
    req = scope["req"]
    Verifier("the shared secret").check(
        req.get_header("X-rumeur-timestamp"), req.get_header("X-rumeur-signature"), req.data
    )


def test_a_secret_written_in_rumeur_toml_is_refused(make_project):
    import pytest

    from rumeur.errors import ConfigError

    # refused when rumeur.toml is loaded, before any connector is built
    with pytest.raises(ConfigError, match=r"ne doit pas être écrit dans rumeur\.toml"):
        make_project([{"name": "m", "type": "mastodon", "base_url": "http://127.0.0.1:9",
                       "query": "x", "token": "plain-text-token"}])  # fmt: skip
