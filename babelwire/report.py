"""The JSON shapes of stories and articles, shared by the CLI and the web API.

These schemas are documented in the README and kept stable: add keys, never
rename or drop them.
"""
from __future__ import annotations

from typing import Any, Optional

from babelwire.article import Article
from babelwire.store import Store


def article_json(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "lang": article.lang,
        "lang_score": round(article.lang_score, 4),
        "title": article.title,
        "byline": article.byline,
        "published": article.published,
        "dateline": article.dateline,
        "source": article.source,
        "url": article.url,
        "path": article.path,
        "external_id": article.external_id,
        "wire": article.wire,
        "wire_inferred": article.wire_inferred,
        "credits": article.credits,
        "story": article.story_id,
        "derived_from": article.derived_from,
        "derived_confidence": article.derived_confidence,
        "derivation": article.extra.get("derivation"),
        "text": article.text,
        "paragraphs": article.paragraphs,
        "removed": [{"text": s.text, "reason": s.reason, "start": s.start, "end": s.end} for s in article.removed],
        "repairs": article.repairs,
        "link": {"score": article.link_score, "explanation": article.link_explanation},
        "entities": [{"kind": e.kind, "surface": e.surface, "key": e.key} for e in article.entities],
    }


def story_json(store: Store, story_id: int) -> Optional[dict[str, Any]]:
    row = store.story(story_id)
    if row is None:
        return None
    members = store.articles(story_id=story_id)
    row["members"] = [
        {
            "id": a.id, "lang": a.lang, "title": a.title, "source": a.source, "path": a.path,
            "published": a.published, "byline": a.byline, "wire": a.wire, "wire_inferred": a.wire_inferred,
            "derived_from": a.derived_from, "derived_confidence": a.derived_confidence,
            "link_score": a.link_score,
        }
        for a in members
    ]
    return row
