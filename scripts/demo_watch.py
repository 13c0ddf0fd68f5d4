"""Demo: ``rumeur watch`` against local doubles of Mastodon, Bluesky, Reddit, YouTube, an
RSS feed and a signed webhook, with fictional posts arriving live and 10% of requests
failing (the watcher retries them).

    python scripts/demo_watch.py                 # Ctrl-C to stop
    python scripts/demo_watch.py --seconds 30    # stop by itself

It writes a project in ``./rumeur-demo-watch/`` (rumeur.toml, secrets.toml, the store);
afterwards: ``rumeur sources -p rumeur-demo-watch`` and
``rumeur mentions -p rumeur-demo-watch``. Nothing leaves this machine (127.0.0.1 only).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from rumeur.connectors.doubles import payloads, store_payloads
from rumeur.connectors.doubles.server import ApiDouble
from rumeur.connectors.webhook import sign

WEBHOOK_PORT = 8788
WEBHOOK_SECRET = "demo-webhook-secret-change-me"

PROJECT = """[project]
name = "Démo veille Fibrelia"

[[brands]]
id = "fibrelia"
name = "Fibrelia"
handles = ["@fibrelia"]
own_accounts = ["@fibrelia_sav", "appstore:{app_id}"]

[secrets]
file = "secrets.toml"

[[sources]]
name = "mastodon-fibrelia"
type = "mastodon"
base_url = "{url}"
hashtag = "fibrelia"
interval = "5s"

[[sources]]
name = "bluesky-fibrelia"
type = "bluesky"
base_url = "{url}"
identifier = "veille.bsky.social"
query = "fibrelia"
interval = "5s"

[[sources]]
name = "reddit-france"
type = "reddit"
base_url = "{url}"
auth_url = "{url}/api/v1/access_token"
client_id = "demo-client-id"
username = "veille_bot"
query = "fibrelia"
interval = "10s"

[[sources]]
name = "youtube-fibrelia"
type = "youtube"
base_url = "{url}/youtube/v3"
query = "fibrelia"
interval = "15s"

[[sources]]
name = "actu-fibrelia"
type = "rss"
url = "{url}/feed.xml"
interval = "10s"

[[sources]]
name = "avis-app-ios"            # owned channel: the brand's app reviews and its answers
type = "appstore"
base_url = "{url}"
app_id = "{app_id}"
issuer_id = "{issuer}"
key_id = "{kid}"
private_key_file = "keys/AuthKey_{kid}.p8"   # a throw-away test key, made by the demo
brand = "fibrelia"
interval = "30s"

[[sources]]
name = "avis-clients"
type = "webhook"
platform = "reviews"
port = {port}
"""

SECRETS = """["bluesky-fibrelia"]
app_password = "demo-app-password"

["reddit-france"]
client_secret = "demo-client-secret"
password = "demo-reddit-password"

["youtube-fibrelia"]
api_key = "demo-youtube-key"

["avis-clients"]
secret = "{secret}"
"""


def push_review(i: int) -> None:
    body = json.dumps(payloads.webhook_item(i), ensure_ascii=False).encode()
    ts = int(time.time())
    req = urllib.request.Request(
        f"http://127.0.0.1:{WEBHOOK_PORT}/hooks/avis-clients", data=body, method="POST",
        headers={"Content-Type": "application/json", "X-Rumeur-Timestamp": str(ts),
                 "X-Rumeur-Signature": sign(WEBHOOK_SECRET, ts, body)},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            print(f"webhook push {i}: {resp.status} {resp.read().decode()}", flush=True)
    except OSError as exc:
        print(f"webhook push {i}: {exc}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description="rumeur watch against local API doubles")
    ap.add_argument("--folder", type=Path, default=Path("rumeur-demo-watch"))
    ap.add_argument("--seconds", type=float, default=0, help="stop after (0: Ctrl-C)")
    ap.add_argument("--items", type=int, default=400)
    ap.add_argument("--fail-rate", type=float, default=0.1)
    args = ap.parse_args()
    double = ApiDouble(items=args.items, arrival=3.0, fail_rate=args.fail_rate).start()
    args.folder.mkdir(parents=True, exist_ok=True)
    keys = double.stores.keys  # the double checks the App Store JWTs with its public half
    keys.write(args.folder / "keys", double.url + "/token")
    (args.folder / "rumeur.toml").write_text(
        PROJECT.format(url=double.url, port=WEBHOOK_PORT, app_id=store_payloads.APP_ID,
                       issuer=keys.issuer_id, kid=keys.key_id),
        encoding="utf-8",
    )  # fmt: skip
    (args.folder / "secrets.toml").write_text(SECRETS.format(secret=WEBHOOK_SECRET))
    print(f"API doubles on {double.url}; project in {args.folder}/", flush=True)
    watch = subprocess.Popen(
        [sys.executable, "-m", "rumeur", "watch", "-p", str(args.folder)], env=os.environ
    )
    started = time.monotonic()
    i = 0
    try:
        while watch.poll() is None:
            time.sleep(4)
            push_review(i)
            i += 1
            if args.seconds and time.monotonic() - started > args.seconds:
                break
    except KeyboardInterrupt:
        pass
    finally:
        if watch.poll() is None:
            watch.send_signal(signal.SIGTERM)
            watch.wait(timeout=30)
        double.stop()
    served = sum(len(v) for v in double.served.values())
    print(f"\nserved {served} items ({double.faults} injected failures).")
    print(f"Next: rumeur sources -p {args.folder}")


if __name__ == "__main__":
    main()
