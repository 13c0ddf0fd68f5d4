"""Every section survives thin data (an empty period, one day, one brand, no competitor, no
polls, no unfavourable aspect), the report is written atomically, and a new section is one
provider away."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from rumeur import config
from rumeur.config import Brand
from rumeur.report import build
from rumeur.storage.duckdb import DuckDBStore
from tests.analytics.conftest import add_mention
from tests.report.conftest import T0, fill, make_project, section, visible_text


def _few(
    s: DuckDBStore,
    brands: tuple[str, ...] = ("volta", "nexa"),
    hours: float = 5.0,
    aspects: bool = True,
) -> None:
    for i in range(24):
        add_mention(
            s,
            f"m{i}",
            text=f"prix Volta {i}",
            views=100 + i,
            author=f"a{i % 5}",
            sentiment=("negative", "positive", "neutral")[i % 3],
            brands=[brands[i % len(brands)]],
            created_at=T0 + timedelta(hours=hours * i),
            aspects={"price": ("negative", "positive")[i % 2]} if aspects else None,
        )


CASES = {
    "empty period": (
        lambda s: _few(s),
        {"start": T0 + timedelta(days=100), "end": T0 + timedelta(days=101)},
    ),
    "one day": (lambda s: _few(s, hours=0.5), {}),
    "one brand": (lambda s: _few(s, brands=("volta",)), {}),
    "one mention": (lambda s: add_mention(s, "x", sentiment="negative", brands=["volta"]), {}),
    "no sentiment": (
        lambda s: [
            add_mention(s, f"m{i}", brands=["volta"], created_at=T0 + timedelta(hours=i))
            for i in range(10)
        ],
        {},
    ),
    "no aspects": (lambda s: _few(s, aspects=False), {}),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_thin_data_never_crashes(tmp_path: Path, case: str, lang: str) -> None:
    proj = make_project(tmp_path, rules="")
    fill_store, period = CASES[case]
    with DuckDBStore(proj.store_path) as s:
        fill_store(s)
        html = build.build_report(s, proj, tmp_path / "r.html", lang=lang, **period).read_text(
            encoding="utf-8"
        )
    for sid in (
        "volume",
        "a-opinion",
        "a-debt",
        "a-sov",
        "a-aspects",
        "a-motivations",
        "a-spikes",
        "a-people",
        "a-polls",
        "top",
        "alerts",
        "a-lists",
    ):
        assert f'<section id="{sid}">' in html
    if case == "empty period":
        nothing = "Aucune donnée sur la période." if lang == "fr" else "No data over the period."
        assert nothing in visible_text(section(html, "volume"))
    if case == "no sentiment":
        assert "rumeur enrich" in visible_text(section(html, "a-opinion"))


@pytest.mark.slow
def test_no_competitor_and_no_unfavourable_aspect_in_the_period(tmp_path: Path, render) -> None:
    (tmp_path / config.CONFIG_NAME).write_text(
        config.template(name="Solo", brands=(Brand(id="volta", name="Volta Mobile"),)),
        encoding="utf-8",
    )
    proj = config.load(tmp_path)
    with DuckDBStore(proj.store_path) as s:
        _few(s, brands=("volta",))  # unfavourable price talk, before the period
        for i in range(30):  # the period: praise only, aspects judged favourably
            add_mention(
                s,
                f"p{i}",
                sentiment="positive",
                brands=["volta"],
                aspects={"trust": "positive"},
                created_at=T0 + timedelta(days=30, hours=i),
            )
        html = render(
            proj, s, lang="fr", start=T0 + timedelta(days=30), end=T0 + timedelta(days=33)
        )
    aspects = visible_text(section(html, "a-aspects"))
    assert "Aucune mention défavorable ne juge un aspect sur la période." in aspects
    assert "confiance" not in section(html, "a-aspects").split("<table")[0]
    assert "concurrent" in visible_text(section(html, "a-sov"))  # says there is none
    assert "Aucun sondage importé" in visible_text(section(html, "a-polls"))


@pytest.mark.slow  # the shared report fixture or a subprocess: > 5 s here
def test_a_failed_write_keeps_the_previous_report(tmp_path: Path) -> None:
    """The disk fills up (a file-size limit, set by the OS) while the report is written."""
    proj = make_project(tmp_path, rules="")
    with DuckDBStore(proj.store_path) as s:
        fill(s, weeks=3, spike_week=None)
    out = tmp_path / "rapport.html"
    good = "<!doctype html><p>the report of last week</p>"
    out.write_text(good, encoding="utf-8")
    script = textwrap.dedent(f"""
        import resource, signal
        from pathlib import Path
        from rumeur import config
        from rumeur.report import build_report
        from rumeur.storage.duckdb import DuckDBStore
        proj = config.load(Path({str(tmp_path)!r}))
        with DuckDBStore(proj.store_path, read_only=True) as s:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))
            build_report(s, proj, Path({str(out)!r}))
    """)
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert res.returncode != 0 and "File too large" in res.stderr
    assert out.read_text(encoding="utf-8") == good
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".rapport")] == []
    # and a write that succeeds replaces it whole
    with DuckDBStore(proj.store_path) as s:
        build.build_report(s, proj, out)
    assert out.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert resource and signal  # the limits above are the OS's own


def test_adding_a_section_is_one_provider(
    tmp_path: Path, render, monkeypatch: pytest.MonkeyPatch
) -> None:
    import types

    from rumeur.report.blocks import Para, Span, Table

    mod = types.ModuleType("rumeur_test_section")

    def sections(ctx: build.ReportContext) -> list[build.Section]:
        ctx.t.add("fr", {"audit_title": "Audit d'exemple"})
        ctx.t.add("en", {"audit_title": "Sample audit"})
        return [
            build.Section(
                "audit",
                ctx.t["audit_title"],
                [
                    Para([Span("<script>alert(1)</script>", href="javascript:alert(1)")]),
                    Table(["x"], [[ctx.fmt.pct(0.5)]]),
                ],
                summary="ok",
                order=75,
            )
        ]

    mod.sections = sections  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "rumeur_test_section", mod)
    monkeypatch.setattr(build, "PROVIDERS", [*build.PROVIDERS, "rumeur_test_section:sections"])
    proj = make_project(tmp_path, rules="")
    with DuckDBStore(proj.store_path) as s:
        _few(s)
        html = render(proj, s, lang="fr")
    audit = section(html, "audit")
    assert "Audit d'exemple" in visible_text(audit) and "<td>50,0\u00a0%</td>" in audit
    assert "&lt;script&gt;" in audit and "<script>" not in html and "javascript" not in html
    assert html.index('id="a-polls"') < html.index('id="audit"') < html.index('id="quarantine"')


def test_no_html_is_built_in_python() -> None:
    """Sections and charts hold data; only the templates write markup (autoescaped)."""
    import ast
    import re

    folder = Path(build.__file__).parent
    tag = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")
    found = []
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and id(node) not in docstrings and tag.search(text):
                found.append(f"{path.name}:{node.lineno}: {text[:40]!r}")
    assert found == []
    env = build.environment()
    assert env.autoescape is True or env.autoescape("report.html.j2")
