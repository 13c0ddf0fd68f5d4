"""Rebuild src/rumeur/audits/site/data/trackers.json from the ``whotracksme`` package.

The tracker list the site audit matches requests against comes from WhoTracks.me's
tracker database (Cliqz GmbH; the ``whotracksme`` package on PyPI, MIT licence), as
shipped in that package's ``trackerdb.sql``. Rumeur ships only the part it uses: each
tracker domain with its tracker's name, company and category (about 100 KB).

    pip download --no-deps whotracksme -d /tmp/wtm
    python scripts/build_trackers.py /tmp/wtm/whotracksme-*.whl
"""

from __future__ import annotations

import json
import sqlite3
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/rumeur/audits/site/data/trackers.json"


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as z:
        sql = z.read("whotracksme/data/assets/trackerdb.sql").decode("utf-8")
        version = Path(wheel).name.split("-")[1]
    db = sqlite3.connect(":memory:")
    db.executescript(sql)
    rows = db.execute(
        "SELECT d.domain, t.name, coalesce(c.name, ''), coalesce(cat.name, 'unknown') "
        "FROM tracker_domains d JOIN trackers t ON t.id = d.tracker "
        "LEFT JOIN companies c ON c.id = t.company_id "
        "LEFT JOIN categories cat ON cat.id = t.category_id ORDER BY d.domain"
    ).fetchall()
    data = {
        "source": f"WhoTracks.me tracker database, package whotracksme {version} (PyPI)",
        "licence": "MIT (Copyright Cliqz GmbH), see the whotracksme package",
        "domains": {d: [name, company, cat] for d, name, company, cat in rows},
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{OUT}: {len(rows)} domains")


if __name__ == "__main__":
    main(sys.argv[1])
