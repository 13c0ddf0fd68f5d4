"""Size of the demo report against the 250 KB target, section by section.

    python benchmarks/report_size.py [FOLDER] [--mentions 24000] [--lang fr]

Uses the demo project in FOLDER when it exists (``rumeur demo FOLDER`` made it), else
generates one there (a few minutes). Rewrites the report in each language and prints its
size, the target, each section's share, the number of mentions shown in the appendix and
the time the report took. The report's size hardly grows with the corpus: the appendix
shows at most 200 mentions and charts have one point per day or week.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from rumeur import config
from rumeur.report import build_report
from rumeur.storage.duckdb import DuckDBStore

TARGET = 250_000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=".bench/demo")
    ap.add_argument("--mentions", type=int, default=24_000)
    ap.add_argument("--lang", action="append")
    args = ap.parse_args()
    folder = Path(args.folder)
    if not (folder / config.CONFIG_NAME).exists():
        from rumeur.workspace import Workspace

        print(f"generating the demo in {folder} ({args.mentions} mentions)...", flush=True)
        Workspace.demo(folder, mentions=args.mentions)
    proj = config.load(folder)
    worst = 0
    for lang in args.lang or ["fr", "en"]:
        with DuckDBStore(proj.store_path, read_only=True) as store:
            t = time.perf_counter()
            out = build_report(store, proj, folder / f"report-size-{lang}.html", lang=lang)
            took = time.perf_counter() - t
        html = out.read_text(encoding="utf-8")
        size = len(html.encode("utf-8"))
        worst = max(worst, size)
        marks = [(m.start(), m.group(1)) for m in re.finditer(r'<section id="([^"]+)"', html)]
        print(f"\n[{lang}] {size / 1000:.1f} KB (target ≤ {TARGET / 1000:.0f} KB: "
              f"{'met' if size <= TARGET else 'MISSED'}), built in {took:.1f} s")  # fmt: skip
        for (start, sid), (end, _) in zip(marks, [*marks[1:], (len(html), "")], strict=True):
            part = len(html[start:end].encode("utf-8"))
            print(f"  {sid:<14} {part / 1000:7.1f} KB  {100 * part / size:5.1f} %")
        appendix = html[html.index('<section id="a-lists"') :]
        print(f"  appendix: {appendix.count('<details')} lists, "
              f"{appendix.count('<tr>') - appendix.count('<thead>')} mentions shown")  # fmt: skip
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
