"""The demo corpus: three fictional French operators, 90 days, ~24,000 mentions.

``generate(out_dir, seed=42, n_mentions=24000, end=None, days=90)`` writes, deterministically
(same arguments → byte-identical files, ``end`` defaults to 2025-10-31 23:59 UTC), in about
2 s for 24,000 mentions:

Brands (:data:`BRANDS`, :class:`rumeur.config.Brand`): **Volta Mobile** (``volta``, ours),
**Nexa Télécom** (``nexa``) and **Cerise** (``cerise``, competitors). "cerise" is also the
fruit: the corpus holds non-brand uses ("tarte à la cerise", "la cerise sur le gâteau"...),
each inside one of the ``exclude`` phrases of the cerise brand.

Files (``DemoCorpus.files``, in this order)
-------------------------------------------
``mastodon.jsonl``
    One Mastodon REST API **Status** per line (``GET /api/v1/timelines/tag/...`` shape):
    ``id`` (string, snowflake-like, grows with time), ``created_at`` (``2025-09-27T05:47:12.123Z``),
    ``in_reply_to_id``, ``in_reply_to_account_id``, ``uri``, ``url``, ``content`` (HTML
    ``<p>`` with ``<br />``, mention ``h-card`` links, hashtag links, link spans), ``language``,
    ``replies_count``, ``reblogs_count``, ``favourites_count``, ``visibility``, ``sensitive``,
    ``spoiler_text``, ``edited_at``, ``reblog``, ``application``, ``media_attachments``,
    ``mentions`` [{id, username, url, acct}], ``tags`` [{name, url}], ``emojis``, ``card``,
    ``poll`` and ``account`` {id, username, acct (``user@instance`` when remote), display_name,
    locked, bot, discoverable, group, created_at, note, url, uri, avatar..., followers_count,
    following_count, statuses_count, last_status_at, emojis, fields (brand and news accounts
    carry a ``verified_at`` link field)}. Three lines are deliberately truncated JSON.
``bluesky.jsonl``
    One ``app.bsky.feed.defs#postView`` per line, as in ``app.bsky.feed.searchPosts``
    ``posts[]``: ``uri`` (``at://did:plc:.../app.bsky.feed.post/<TID>``), ``cid``,
    ``author`` {did, handle (``name.bsky.social``), displayName, labels, createdAt},
    ``record`` {``$type`` app.bsky.feed.post, text, createdAt, langs, reply {root, parent}
    {uri, cid}, facets (UTF-8 byte offsets; mention/link/tag features)}, ``replyCount``,
    ``repostCount``, ``likeCount``, ``quoteCount``, ``indexedAt``, ``labels``. A PostView has
    no follower count: the ground truth gives them under ``generator.bluesky_followers``
    (DID → followers); an importer should leave followers unknown.
``avis_clients.csv``
    A French review-site export: UTF-8 **with BOM**, ``;`` delimiter, CRLF, first line
    ``Auteur;Date;Note;Titre;Avis;Source;Lien``, newest first. ``Date`` is relative to the
    corpus end for the last 3 days (``Il y a 35 minutes``, ``Il y a 15 heures``,
    ``il y a 2 jours``), else ``18 juil. 2025`` (date only) or ``12/03/2025 14:05``
    (Europe/Paris wall time). ``Note`` 1–5 with a decimal comma (``4,5``, ``4``). ``Avis``
    may span several lines (quoted). ``Lien`` is the row's stable key.
``veille_export.csv``
    A listening-tool export (most of the volume): UTF-8, ``,`` delimiter, headers
    ``id,platform,url,author_id,author,author_name,followers,verified,created_at,text,likes,
    shares,replies,views,in_reply_to,thread_id,language``; platforms twitter, facebook,
    instagram, tiktok, youtube, forum, news; ``created_at`` ISO 8601 with the Paris offset
    (``2025-09-27T07:47:12.123000+02:00``); ``verified`` true/false; ``views`` empty where
    the platform shows none; ``in_reply_to`` the parent's ``id``; ``thread_id`` the root's
    ``id`` (a root's own id). Fifteen broken rows: ten with empty ``text``, five with an
    unparseable ``created_at``.

``ground_truth.json`` (not an import file)
-----------------------------------------
``generator`` (seed, n_mentions, start, end, days, bluesky_followers), ``brands``,
``files``, ``ambiguous_word`` {word, brand, exclude, non_brand_mention_ids}, ``events``
[{id, type (bad_buzz | fake_praise | brand_spam | intrusive_ads | review_bomb |
sockpuppet_ring), brand, start, end, cause,
cause_keywords, hashtags, mention_ids, n_mentions, and per type: first_posts, amplifier,
amplifier_account, brand_statements, peak_window_start / accounts / account, spam_replies /
brands}], ``care_exchanges`` [{brand, care_account, platform, file, question_id, answer_id
or null, response_seconds or null}], ``spam_accounts``, ``fake_accounts``, ``broken``
[{file, id or line, reason}] and ``mentions`` {external id: {file, platform, created_at,
author, sentiment (positive/negative/neutral), language, brands, kind, aspect?,
motivation? (promotion/practical/exclusive/exchange), event?, non_brand_word?, reply_to?,
thread_id?}}. External ids: veille ``id``, Mastodon status ``id``, Bluesky ``uri``,
review ``Lien``.
"""

from rumeur.demo.brands import BRANDS
from rumeur.demo.generator import DemoCorpus, generate

__all__ = ["BRANDS", "DemoCorpus", "generate"]
