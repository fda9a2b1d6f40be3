"""The API described: an OpenAPI 3.1 document (``/openapi.json``) and a docs page (``/api``).

The document is written by hand here, next to nothing else, and a test checks it against the
app's routes both ways.  The docs page is rendered on the server from the same document: no
script, no external requests, every string escaped.

>>> doc = openapi_document()
>>> doc["openapi"], sorted(doc["paths"])[:2]
('3.1.0', ['/api', '/api/articles/{article_id}'])
>>> "<script" in docs_html(doc, "n0nce")
False
"""

from __future__ import annotations

from html import escape
from typing import Any

from akhbar import __version__
from akhbar.search import MAX_QUERY_CHARS
from akhbar.web.problems import PROBLEM_TYPES
from akhbar.web.service import (
    ENTITY_FACET_DEPTH,
    ENTITY_TYPES,
    MAX_DEPTH,
    MAX_ENTITY_LIMIT,
    MAX_FILTER_CHARS,
    MAX_PER_PAGE,
)
from akhbar.web.uploads import UploadLimits

__all__ = ["docs_html", "openapi_document"]


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }


def _json(description: str, schema: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _text(max_length: int) -> dict[str, Any]:
    return {"type": "string", "maxLength": max_length}


_COUNTS = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"value": {"type": ["string", "null"]}, "count": {"type": "integer"}},
    },
}
_SPANS = {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}}


def _obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


_S = {"type": "string"}
_SN = {"type": ["string", "null"]}
_I = {"type": "integer"}


def _schemas() -> dict[str, Any]:
    fragment = _obj(paragraph=_I, start=_I, end=_I, text=_S, highlights=_SPANS)
    hit = _obj(
        id=_S,
        title=_SN,
        url=_SN,
        source=_SN,
        published={"type": ["string", "null"], "format": "date-time"},
        lang=_SN,
        score={"type": "number"},
        snippet=_obj(text=_S, highlights=_SPANS, fragments={"type": "array", "items": fragment}),
        title_highlights=_SPANS,
        similar=_I,
        cluster_id=_SN,
    )
    entity_row = _obj(id=_I, type=_S, name=_S, english=_SN, wikidata=_SN, mentions=_I, articles=_I)
    return {
        "Problem": {
            "type": "object",
            "required": ["type", "title", "status", "detail"],
            "properties": {
                "type": _S,
                "title": _S,
                "status": _I,
                "detail": _S,
                "parameter": _S,
            },
        },
        "SearchResult": _obj(
            query=_S,
            relaxed_query={
                "type": ["string", "null"],
                "description": "Set when `query` matched nothing and holds phrases: the query "
                "run instead, the phrases as words (excluded phrases and filters kept); every "
                "other field describes its results. Null with `exact=true`.",
            },
            entity_query={
                "type": ["string", "null"],
                "description": "Set when `query` (and its phrases as words) matched nothing "
                "and writes names in Latin letters that are entities of the archive: the query "
                "run instead, those names as `entity:` filters (`Lavrov` as "
                '`entity:"سرگئی لاوروف"`); every other field describes its results. Null '
                "with `exact=true`.",
            },
            suggested_query={
                "type": ["string", "null"],
                "description": "Set when nothing was found and the words of `query` that no "
                "article holds are each one letter from words articles hold: `query` with "
                "those words (a spelling suggestion, not run; `پاکستن` -> `پاکستان`).",
            },
            variants={
                "type": "object",
                "additionalProperties": {"type": "array", "items": _S},
                "description": "Each name of the query run (a word, a name written joined, "
                "an acronym typed as its letters, words typed one after the other) that the "
                "archive also spells otherwise, as typed, with those spellings, which it "
                "matched too (`یوکرائن`: [`یوکرین`]; "
                "`انڈیا`: [`بھارت`, `ہندوستان`] for a place of the gazetteer; `یو اے ای`: "
                "[`متحدہ عرب امارات`]). Empty with `exact=true`.",
            },
            restored_query={
                "type": ["string", "null"],
                "description": "Set when `q` was typed on an Arabic or Persian keyboard: `q` "
                "as searched, with the Urdu letters that keyboard has no key for put back "
                "where the lexicon says so (باكستان is searched as پاكستان).",
            },
            empty_because={
                "type": "array",
                "items": _obj(
                    kind={
                        "type": "string",
                        "enum": ["source", "language", "date", "entity", "filters", "words"],
                    },
                    text=_S,
                    values={"type": "array", "items": _S},
                    known=_COUNTS,
                    more=_I,
                    first=_SN,
                    last=_SN,
                ),
                "description": "Only when nothing was found and the query has filters "
                "(empty otherwise): why. A note per filter no article passes alone (`kind` "
                "`source`, `language`, `entity`: `values` are its values; `date`: `values` "
                'are the range\'s start, inclusive, and end, exclusive, `""` when open), with '
                "what the archive holds instead (`known`: its sources or languages, most "
                "articles first, at most 10, `more` the others; `first`/`last`: the days it "
                "runs from and to, UTC). Else one note: `filters` (each filter of a value "
                "alone matches articles, no article passes them all together) or `words` "
                "(the words alone find articles, none of which pass the filters). `text`: the "
                "note in English.",
            },
            q=_SN,
            filters=_obj(**{f: _SN for f in ("source", "lang", "entity", "after", "before")}),
            total=_I,
            total_is_exact={"type": "boolean"},
            total_articles=_I,
            page=_I,
            per_page=_I,
            pages=_I,
            hits={"type": "array", "items": hit},
            facets=_obj(
                sources=_COUNTS,
                months=_COUNTS,
                languages=_COUNTS,
                entities={
                    "type": "array",
                    "items": _obj(id=_I, type=_S, name=_S, english=_SN, count=_I),
                },
            ),
        ),
        "Article": _obj(
            id=_S,
            title=_SN,
            url=_SN,
            source=_SN,
            published=_SN,
            lang=_SN,
            tags={"type": "array", "items": _S},
            category=_SN,
            author=_SN,
            paragraphs={"type": "array", "items": _S},
            entities={
                "type": "array",
                "items": _obj(
                    paragraph=_I,
                    start=_I,
                    end=_I,
                    entity=_I,
                    type=_S,
                    name=_S,
                    english=_SN,
                    text=_S,
                ),
            },
            cluster_id=_SN,
            cluster_members={
                "type": "array",
                "items": _obj(id=_S, title=_SN, source=_SN, published=_SN),
            },
        ),
        "EntityList": _obj(type=_SN, q=_SN, entities={"type": "array", "items": entity_row}),
        "Entity": _obj(
            id=_I,
            type=_S,
            name=_S,
            english=_SN,
            wikidata=_SN,
            mentions=_I,
            articles=_I,
            variants={"type": "array", "items": _obj(text=_S, mentions=_I)},
            titles={"type": "array", "items": _obj(title=_S, mentions=_I)},
            months={"type": "array", "items": _obj(month=_S, mentions=_I)},
            cooccurring={
                "type": "array",
                "items": _obj(id=_I, type=_S, name=_S, english=_SN, articles=_I),
            },
            related={
                "type": "array",
                "description": "for a person: other persons the linker kept apart that may be "
                "the same one (relation: same, the same name; spelling, another spelling of "
                "the full name; part, one name is the given name or surname alone, or the "
                "other with shared name words put in)",
                "items": _obj(id=_I, type=_S, name=_S, english=_SN, mentions=_I, relation=_S),
            },
            latest={
                "type": "array",
                "items": _obj(
                    id=_S,
                    title=_SN,
                    published=_SN,
                    mentions=_I,
                    context={
                        "type": ["object", "null"],
                        "description": "the sentence of the entity's first mention in the "
                        "article (cut around it when long), with the mention's offsets in it",
                        "properties": {"text": _S, "start": _I, "end": _I},
                    },
                ),
            },
        ),
        "Stats": _obj(
            articles=_I,
            sources=_COUNTS,
            languages=_COUNTS,
            published_first=_SN,
            published_last=_SN,
            months=_COUNTS,
            undated=_I,
            clusters=_I,
            clustered_articles=_I,
            entities=_I,
            mentions=_I,
            top_entities={
                "type": "object",
                "additionalProperties": {"type": "array", "items": entity_row},
            },
            runs=_I,
            recent_runs={
                "type": "array",
                "items": _obj(id=_I, started=_S, ended=_SN, status=_S),
            },
        ),
        "Health": _obj(status=_S, articles=_I, analysis=_S),
        "IngestSummary": _obj(
            run=_I,
            status=_S,
            read=_I,
            stored=_I,
            duplicates=_I,
            near_duplicates=_I,
            rejected=_I,
            rejected_by_reason={"type": "object", "additionalProperties": _I},
            skipped={"type": "object", "additionalProperties": _I},
            reanalyzed=_I,
            seconds={"type": "number"},
            articles_per_second={"type": "number"},
            files={"type": "array", "items": _obj(name=_S, bytes=_I)},
        ),
    }


def openapi_document(limits: UploadLimits | None = None) -> dict[str, Any]:
    """The OpenAPI 3.1 description of every JSON route (and of the docs page itself)."""
    lim = limits or UploadLimits()
    bad = _problem(
        "A malformed or out-of-range parameter, one given twice, or one this path does not "
        "take; `detail` and `parameter` name it."
    )
    too_long = _problem(f"A query over {MAX_QUERY_CHARS} characters or an over-long URL.")
    busy = _problem("Too many requests are waiting for the store; retry after `Retry-After` s.")
    filters = [
        _query(
            "source",
            "Only this source (its name, or dot-separated labels of it).",
            _text(MAX_FILTER_CHARS),
        ),
        _query("lang", "Only this language code (`ur`).", _text(MAX_FILTER_CHARS)),
        _query(
            "entity",
            "Only articles mentioning this entity (any spelling or English name; every "
            "entity of that whole name).",
            _text(MAX_FILTER_CHARS),
        ),
        _query(
            "after",
            "Published on or after this date (`2021-04-01`, `2021-04`, `2021`, `13 اپریل 2021`): "
            "an article's date as its source wrote it, in the source's time zone.",
            _text(MAX_FILTER_CHARS),
        ),
        _query("before", "Published before this date.", _text(MAX_FILTER_CHARS)),
    ]
    paths: dict[str, Any] = {
        "/api/search": {
            "get": {
                "summary": "Search the archive",
                "description": (
                    "Hits (near-duplicates collapsed) with highlighted snippets, facets over every "
                    "match, and paging. `q` is the query language: words, "
                    '`"phrases"`, `+required`, `-excluded`, `a OR b`, `title:`, `source:`, '
                    '`lang:`, `entity:`, `after:`, `before:`, `date:`; inside quotes `""` '
                    'is a quote (`source:"say ""hi"" tv"`); an acronym typed as its letters '
                    "(`پی سی بی`) is one name. Filter parameters are added to `q` "
                    "as quoted values. "
                    f"Paging stops at hit {MAX_DEPTH}."
                ),
                "operationId": "search",
                "parameters": [
                    _query("q", "The query (query language).", _text(MAX_QUERY_CHARS)),
                    *filters,
                    _query(
                        "page",
                        "Page number, from 1.",
                        {"type": "integer", "minimum": 1, "default": 1},
                    ),
                    _query(
                        "per_page",
                        "Hits per page.",
                        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 10},
                    ),
                    _query(
                        "facets",
                        "`entities`: also the entities most mentioned in the top "
                        f"{ENTITY_FACET_DEPTH} hits (`facets.entities`: id, type, name, "
                        "english, count of those hits naming it). Sources, months and "
                        "languages always come.",
                        {"type": "string", "enum": ["entities"]},
                    ),
                    _query(
                        "exact",
                        "`true`: the query runs as typed. By default a query with phrases "
                        "that matches nothing is run again with the phrases as words, and "
                        "`relaxed_query` says so; one that still matches nothing, with its "
                        "names in Latin letters as `entity:` filters, and `entity_query` says "
                        "so.",
                        {"type": "boolean", "default": False},
                    ),
                ],
                "responses": {
                    "200": _json("One page of results.", "SearchResult"),
                    "400": bad,
                    "414": too_long,
                    "503": busy,
                },
            }
        },
        "/api/articles/{article_id}": {
            "get": {
                "summary": "One article",
                "description": (
                    "Original paragraphs, entity mentions with offsets, near-duplicates."
                ),
                "operationId": "article",
                "parameters": [
                    {
                        "name": "article_id",
                        "in": "path",
                        "required": True,
                        "schema": _S,
                        "description": (
                            "The id, percent-encoded as one path segment (`/` as `%2F`). An id "
                            "that is `.` or `..` after any `~`s is written with one more `~` in "
                            "front (`~.`, `~..`, `~~.`): URL normalization removes `.` and `..` "
                            "segments."
                        ),
                    }
                ],
                "responses": {
                    "200": _json("The article.", "Article"),
                    "400": bad,
                    "404": _problem("No article with that id."),
                    "503": busy,
                },
            }
        },
        "/api/entities": {
            "get": {
                "summary": "Entities: the most mentioned, or those a name may mean",
                "operationId": "entities",
                "parameters": [
                    _query(
                        "type", "Only this type.", {"type": "string", "enum": list(ENTITY_TYPES)}
                    ),
                    _query(
                        "q",
                        "A name: any spelling or keyboard, a surname, English, a Q-id.",
                        _text(MAX_FILTER_CHARS),
                    ),
                    _query(
                        "limit",
                        "How many.",
                        {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": MAX_ENTITY_LIMIT,
                            "default": 50,
                        },
                    ),
                ],
                "responses": {
                    "200": _json("Entities, most mentioned first.", "EntityList"),
                    "400": bad,
                    "503": busy,
                },
            }
        },
        "/api/entities/{entity_id}": {
            "get": {
                "summary": "One entity",
                "description": (
                    "Variants, English name, mentions per month, co-occurring entities, "
                    "latest articles."
                ),
                "operationId": "entity",
                "parameters": [
                    {
                        "name": "entity_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "responses": {
                    "200": _json("The entity.", "Entity"),
                    "400": bad,
                    "404": _problem("No entity with that id."),
                    "503": busy,
                },
            }
        },
        "/api/stats": {
            "get": {
                "summary": "The corpus overview",
                "operationId": "stats",
                "responses": {
                    "200": _json("Counts and histograms.", "Stats"),
                    "400": bad,
                    "503": busy,
                },
            }
        },
        "/api/ingest": {
            "post": {
                "summary": "Upload files to ingest (needs the API key)",
                "description": (
                    "Disabled (403) unless the server was started with an API key; send it in the "
                    "`X-API-Key` header. Files as `multipart/form-data` parts (any field name; "
                    "`source` optional; `timezone` optional: the zone of dates written without "
                    "one, an IANA name such as `Asia/Karachi` or a UTC offset such as `+05:00`, "
                    "default UTC, as `akhbar ingest --timezone`; a value that is no zone is a 400 "
                    "naming the field, and nothing is stored): plain file names only, at most "
                    f"{lim.max_files} files and {lim.max_bytes} bytes in all."
                ),
                "operationId": "ingest",
                "security": [{"apiKey": []}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "file": {
                                        "type": "array",
                                        "items": {
                                            "type": "string",
                                            "contentMediaType": "application/octet-stream",
                                        },
                                    },
                                    "source": _text(MAX_FILTER_CHARS),
                                    "timezone": _text(64),
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": _json("What the run did.", "IngestSummary"),
                    "400": bad,
                    "401": _problem("Missing or wrong API key."),
                    "403": _problem("Ingest is disabled (no API key configured)."),
                    "413": _problem("The body is over its bound."),
                    "415": _problem("Not multipart/form-data."),
                    "503": _problem("Another ingest is running."),
                },
            }
        },
        "/healthz": {
            "get": {
                "summary": "Liveness: the store answers",
                "operationId": "health",
                "responses": {"200": _json("OK.", "Health")},
            }
        },
        "/openapi.json": {
            "get": {
                "summary": "This document",
                "operationId": "openapi",
                "responses": {
                    "200": {"description": "OpenAPI 3.1.", "content": {"application/json": {}}}
                },
            }
        },
        "/api": {
            "get": {
                "summary": "The API docs page (HTML, rendered from this document)",
                "operationId": "docs",
                "responses": {"200": {"description": "HTML.", "content": {"text/html": {}}}},
            }
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "akhbar",
            "version": __version__,
            "summary": "Search and explore an archive of Urdu news.",
            "description": (
                "Read-only JSON over one akhbar store. Errors are RFC 9457 problem details "
                "(`application/problem+json`) with a 4xx status for any bad input."
            ),
            "license": {"name": "see the project", "identifier": "MIT"},
        },
        "paths": paths,
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}},
        },
    }


_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#1b1b1b}
code,pre{font-family:ui-monospace,monospace;background:#f3f3f3;padding:0 .2em}
h2{margin-top:2rem;border-top:1px solid #ccc;padding-top:1rem}
.m{font-weight:bold;color:#fff;background:#2a6;padding:0 .4em;border-radius:3px}
.m.post{background:#c60}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}
"""


def _schema_label(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    kind = schema.get("type", "")
    parts = [" | ".join(kind) if isinstance(kind, list) else str(kind)]
    for key in ("minimum", "maximum", "maxLength", "default"):
        if key in schema:
            parts.append(f"{key} {schema[key]}")
    if "enum" in schema:
        parts.append("one of " + ", ".join(map(str, schema["enum"])))
    return ", ".join(p for p in parts if p)


def docs_html(doc: dict[str, Any], nonce: str) -> str:
    """The docs page: every path, its parameters and responses, and the problem types."""
    e = escape
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(doc['info']['title'])} API</title>",
        f'<style nonce="{e(nonce)}">{_CSS}</style></head><body>',
        f"<h1>{e(doc['info']['title'])} API <small>{e(doc['info']['version'])}</small></h1>",
        f"<p>{e(doc['info']['description'])}</p>",
        '<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>',
    ]
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            anchor = e(str(op.get("operationId", path)))
            out.append(
                f'<h2 id="{anchor}"><span class="m {e(method)}">{e(method.upper())}</span> '
                f"<code>{e(path)}</code></h2>"
            )
            out.append(f"<p><strong>{e(op.get('summary', ''))}</strong></p>")
            if op.get("description"):
                out.append(f"<p>{e(op['description'])}</p>")
            params = op.get("parameters", [])
            if params:
                out.append("<table><tr><th>parameter</th><th>in</th><th>schema</th><th></th></tr>")
                for p in params:
                    out.append(
                        f"<tr><td><code>{e(p['name'])}</code></td><td>{e(p['in'])}</td>"
                        f"<td>{e(_schema_label(p.get('schema', {})))}</td>"
                        f"<td>{e(p.get('description', ''))}</td></tr>"
                    )
                out.append("</table>")
            out.append("<ul>")
            for status, resp in op.get("responses", {}).items():
                kinds = ", ".join(resp.get("content", {}))
                out.append(
                    f"<li><code>{e(status)}</code> {e(resp.get('description', ''))} "
                    f"<small>{e(kinds)}</small></li>"
                )
            out.append("</ul>")
    out.append('<h2 id="problems">Problem types</h2><table>')
    out.append("<tr><th>type</th><th>status</th><th>title</th><th>when</th></tr>")
    for slug, (status, title, when) in PROBLEM_TYPES.items():
        out.append(
            f'<tr id="problem-{e(slug)}"><td><code>/api#problem-{e(slug)}</code></td>'
            f"<td>{status}</td><td>{e(title)}</td><td>{e(when)}</td></tr>"
        )
    out.append("</table></body></html>")
    return "\n".join(out)
