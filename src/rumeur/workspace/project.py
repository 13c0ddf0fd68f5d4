"""Use cases that create a project: ``init`` (a commented ``rumeur.toml``) and the demo
(a fictional corpus imported, enriched and reported, end to end)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from rumeur import config
from rumeur.messages import Text
from rumeur.workspace._base import WorkspaceBase

if TYPE_CHECKING:
    from rumeur.config import Brand
    from rumeur.ingest.pipeline import ImportResult
    from rumeur.workspace.data import EnrichProgress

#: the accurate tier runs on this many of the most-seen mentions (~5 s on 2 cores)
DEMO_ACCURATE = 200

DEMO_ALERTS = """
# Alert rules (docs/analytics.md). No channel is configured in the demo: add an e-mail or
# webhook channel to receive them; `rumeur alerts check` evaluates, the report replays.
[alerts]
cooldown_minutes = 120

[[alerts.rules]]
name = "bad-buzz-volta"
type = "spike"
brand = "volta"
metrics = ["volume", "negative"]

[[alerts.rules]]
name = "detracteur-influent"
type = "detractor"
min_reach = 500000

[[alerts.rules]]
name = "donnees-personnelles"
type = "keyword"
terms = ["revente de nos données", "revendre mes données"]
"""


@dataclass(slots=True)
class DemoResult:
    """What ``rumeur demo`` made."""

    folder: Path
    report: Path
    mentions: int
    imports: list[ImportResult]
    ground_truth: Path
    store_path: Path
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder.resolve()),
            "report": str(self.report.resolve()),
            "mentions": self.mentions,
            "imports": [r.as_dict() for r in self.imports],
            "ground_truth": str(self.ground_truth.resolve()),
            "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
        }


class ProjectMixin(WorkspaceBase):
    """Creating projects: init and the demo."""

    @classmethod
    def init(
        cls,
        folder: Path | str = ".",
        *,
        name: str = "Ma marque",
        brands: Sequence[Brand] | None = None,
        force: bool = False,
    ) -> Self:
        """Write a commented ``rumeur.toml`` in ``folder`` (created if needed) and open it;
        an existing file is kept unless ``force``."""
        from rumeur.errors import ConfigError

        root = Path(folder)
        root.mkdir(parents=True, exist_ok=True)
        target = root / config.CONFIG_NAME
        if target.exists() and not force:
            raise ConfigError(
                Text(
                    f"{target} existe déjà : rien n'est écrit",
                    f"{target} exists already: nothing written",
                ),
                hint=Text("--force pour le remplacer", "use --force to overwrite it"),
            )
        text = config.template(name=name, brands=tuple(brands) if brands is not None else None)
        target.write_text(text, encoding="utf-8")
        return cls(config.load(target))  # the template must always be valid

    @classmethod
    def demo(
        cls,
        folder: Path | str = "rumeur-demo",
        *,
        mentions: int = 24_000,
        seed: int = 42,
        lang: str = "fr",
        say: Callable[[str], None] | None = None,
        on_file: Callable[[ImportResult], None] | None = None,
        enrich_progress: EnrichProgress | None = None,
    ) -> DemoResult:
        """Generate the fictional corpus in ``folder``, import it (and the demo poll and
        survey) into a fresh store, enrich it (fast tier everywhere, the accurate tier on
        the :data:`DEMO_ACCURATE` most-seen mentions) and write the report."""
        from rumeur.demo import generate
        from rumeur.demo.polls import write_polls

        tell = say or (lambda _msg: None)
        t0 = time.perf_counter()
        root = Path(folder)
        root.mkdir(parents=True, exist_ok=True)
        store_path = root / "rumeur.duckdb"
        for stale in (store_path, store_path.with_name(store_path.name + ".wal")):
            stale.unlink(missing_ok=True)  # the demo always starts from a fresh store
        timings: dict[str, float] = {}
        tell("Generating the corpus…")
        corpus = generate(root / "data", seed=seed, n_mentions=mentions)
        timings["generate"] = time.perf_counter() - t0
        toml = root / config.CONFIG_NAME
        toml.write_text(
            config.template(name="Démo — opérateurs fictifs", brands=corpus.brands, language=lang)
            + DEMO_ALERTS,
            encoding="utf-8",
        )
        from rumeur.analytics.polls import read_poll_csv, read_survey_csv, save_poll, save_survey

        ws: Any = cls(config.load(toml))  # the whole Workspace: import, enrich, report
        with ws:
            t = time.perf_counter()
            results = []
            for f in corpus.files:
                tell(f"Importing {f.name}…")
                results.extend(ws.import_files([f], reference=corpus.end, on_file=on_file))
            poll, survey = write_polls(root / "data", seed=seed)
            save_poll(ws.store, "sondage-reseaux", read_poll_csv(poll), source=str(poll))
            save_survey(ws.store, "enquete-abonnes", *read_survey_csv(survey), source=str(survey))
            timings["import"] = time.perf_counter() - t
            t = time.perf_counter()
            ws.enrich(progress=enrich_progress, refresh_rollups=False)
            # the accurate tier on request, where it matters: the most-seen mentions
            ws.enrich(
                ["sentiment-accurate"],
                limit=DEMO_ACCURATE,
                select=ws.selection(most_seen=True),
                progress=enrich_progress,
            )
            timings["enrich"] = time.perf_counter() - t
            t = time.perf_counter()
            report = ws.report(root / "rapport.html", lang=lang)
            timings["report"] = time.perf_counter() - t
            total = ws.mention_count()
            store = ws.project.store_path
        timings["total"] = time.perf_counter() - t0
        return DemoResult(root, report, total, results, corpus.ground_truth, store, timings)
