"""The HTML pages: Urdu first, right to left, rendered on the server, complete without JavaScript.

:func:`page_routes` gives the routes ``/`` (search), ``/articles/{id}``, ``/entities``,
``/entities/{id}``, ``/overview`` and the static files under ``/static`` (CSS, one small
script that only adds chart tooltips, the fonts with their licence).  Every page renders from
:class:`~akhbar.web.service.Service`, like the JSON API.

Escaping: the templates autoescape everything.  Text with highlights (search matches, entity
mentions) is built here by slicing the ORIGINAL text at the span offsets and escaping each slice
on its own, so no string from the store is ever marked safe whole:

>>> str(marked('<b>روس</b> & لاؤروف', [(3, 6), (13, 19)]))
'&lt;b&gt;<mark>روس</mark>&lt;/b&gt; &amp; <mark>لاؤروف</mark>'

Charts (articles per month, an entity's mentions per month) are inline SVG drawn here: bar
heights are SVG attributes, never ``style=``, so they pass a strict Content-Security-Policy.

The interface is Urdu; ``?lang=en`` switches it to English (:data:`MESSAGES`, loaded once from
``data/messages.json``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urlencode

import jinja2
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from akhbar.search.query import LATIN_NAME_CHARS, QueryError, parse_query
from akhbar.search.query import quote as quote_value
from akhbar.search.snippets import find_matches
from akhbar.web.api import run_store_work
from akhbar.web.ids import id_from_path, id_segment
from akhbar.web.service import BadRequest, Service, ServiceError

__all__ = [
    "LANGS",
    "MESSAGES",
    "Bar",
    "Chart",
    "Ui",
    "annotated",
    "bar_chart",
    "error_page",
    "marked",
    "month_series",
    "page_routes",
]

HERE = Path(__file__).parent
#: Interface languages, the first the default.
LANGS = ("ur", "en")
Lang = Literal["ur", "en"]
#: Hits on one search page.
PER_PAGE = 10
#: A month histogram longer than this many months is drawn per year instead.
MAX_MONTH_BARS = 120
#: Entity types with a CSS class of their own.
_ENTITY_CLASSES = {"PERSON": "person", "LOCATION": "location", "ORGANIZATION": "organization"}
#: A query of a few plain Urdu words (no syntax, no Latin): worth looking up as a name.
_PLAIN_URDU = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff\s]{1,60}")
#: A name in Latin letters (``Lavrov``, ``Imran Khan``), of at most three words: looked up too.
_PLAIN_LATIN = re.compile(rf"\s*[{LATIN_NAME_CHARS}]+(?:\s+[{LATIN_NAME_CHARS}]+){{0,2}}\s*")
_MONTH_NUMBERS = frozenset(f"{m:02d}" for m in range(1, 13))
_URDU_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

Span = tuple[int, int]


#: The key suffix of a message's form for a count of one (``articles_n`` + ``ONE``).
ONE = "#one"


def _load_messages() -> dict[str, dict[str, str]]:
    raw = json.loads((HERE / "data" / "messages.json").read_text(encoding="utf-8"))
    return {
        lang: {
            **{k: v[lang] for k, v in raw["messages"].items()},
            **{k + ONE: v["one"][lang] for k, v in raw["messages"].items() if "one" in v},
        }
        for lang in LANGS
    }


def _load_month_names() -> dict[str, tuple[str, ...]]:
    raw = json.loads(files("akhbar.text").joinpath("data/months.json").read_text("utf-8"))
    rows = sorted(raw["months"], key=lambda m: int(m["month"]))
    return {
        "ur": tuple(str(m["ur"][0]) for m in rows),
        "en": tuple(str(m["en"][0]).title() for m in rows),
    }


#: The interface text per language: ``MESSAGES["ur"]["nav_search"]``.
MESSAGES = _load_messages()
_MONTHS = _load_month_names()
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


# ---- text with highlights ---------------------------------------------------------------------


def _spans(spans: Iterable[Sequence[int]], lo: int, hi: int) -> list[Span]:
    """``spans`` sorted, clipped to ``[lo, hi)``, overlaps cut off, empty ones dropped."""
    out: list[Span] = []
    last = lo
    for a, b in sorted((int(p[0]), int(p[1])) for p in spans if len(p) >= 2):
        s, e = max(a, last), min(b, hi)
        if s < e:
            out.append((s, e))
            last = e
    return out


def marked(
    text: str, spans: Iterable[Sequence[int]], start: int = 0, end: int | None = None
) -> Markup:
    """``text[start:end]`` escaped, its parts at ``spans`` (offsets into ``text``) in ``<mark>``.

    Spans out of range are clipped, overlapping ones cut; each slice is escaped on its own.

    >>> str(marked("abcdef", [(1, 3), (2, 5)], 0, 4))
    'a<mark>bc</mark><mark>d</mark>'
    """
    end = len(text) if end is None else min(end, len(text))
    pieces: list[str] = []
    pos = start
    for s, e in _spans(spans, start, end):
        pieces.append(escape(text[pos:s]))
        pieces.append(Markup("<mark>%s</mark>") % text[s:e])
        pos = e
    pieces.append(escape(text[pos:end]))
    return Markup("").join(pieces)


def annotated(
    text: str,
    mentions: Sequence[Mapping[str, Any]],
    marks: Sequence[Sequence[int]] = (),
    *,
    link: Callable[[int], str] | None = None,
) -> Markup:
    """A paragraph with each entity mention (``start``, ``end``, ``entity``, ``type``,
    ``name``) as a link to its entity page and the query's matches in ``<mark>``.

    ``link(entity_id)`` makes the href (default ``/entities/ID``).

    >>> m = [{"start": 0, "end": 3, "entity": 7, "type": "LOCATION", "name": "روس"}]
    >>> str(annotated("روس <x>", m))
    '<a class="ent ent-location" href="/entities/7" title="روس">روس</a> &lt;x&gt;'
    """
    href = link or (lambda i: f"/entities/{int(i)}")
    by_span: dict[Span, Mapping[str, Any]] = {}
    for m in mentions:
        by_span.setdefault((int(m["start"]), int(m["end"])), m)
    pieces: list[str] = []
    pos = 0
    for s, e in _spans(by_span, 0, len(text)):
        mention = by_span.get((s, e))
        pieces.append(marked(text, marks, pos, s))
        inner = marked(text, marks, s, e)
        if mention is None:  # a mention cut by an overlapping one: plain text
            pieces.append(inner)
        else:
            cls = _ENTITY_CLASSES.get(str(mention.get("type")), "other")
            tip = str(mention.get("name") or "")
            if mention.get("english"):
                tip = f"{tip} ({mention['english']})"
            pieces.append(
                Markup('<a class="ent ent-%s" href="%s" title="%s">%s</a>')
                % (cls, href(mention["entity"]), tip, inner)
            )
        pos = e
    pieces.append(marked(text, marks, pos, len(text)))
    return Markup("").join(pieces)


# ---- charts -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of a :class:`Chart` (SVG user units; ``href`` None: not a link)."""

    x: float
    y: float
    width: float
    height: float
    count: int
    tip: str
    href: str | None


@dataclass(frozen=True, slots=True)
class Chart:
    """A bar chart laid out for SVG: bars, axis labels ``(x, text)``, the plot's bottom."""

    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]
    top: float
    bottom: float
    peak: int


def month_series(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """``YYYY-MM`` counts in calendar order with the missing months as 0 (per ``YYYY`` when
    the span is longer than :data:`MAX_MONTH_BARS` months); other keys are left out.

    >>> month_series({"2021-04": 2, "2021-01": 1, "undated": 5})
    [('2021-01', 1), ('2021-02', 0), ('2021-03', 0), ('2021-04', 2)]
    >>> month_series({"1990-01": 1, "2021-01": 3})[:2]
    [('1990', 1), ('1991', 0)]
    """
    months: dict[str, int] = {}
    for k, n in counts.items():
        if len(k) == 7 and k[4] == "-" and k[:4].isdigit() and k[5:] in _MONTH_NUMBERS:
            months[k] = months.get(k, 0) + int(n)
    if not months:
        return []
    first, last = min(months), max(months)
    y0, m0, y1, m1 = int(first[:4]), int(first[5:]), int(last[:4]), int(last[5:])
    span = (y1 - y0) * 12 + m1 - m0 + 1
    if span > MAX_MONTH_BARS:
        years: dict[str, int] = {}
        for k, n in months.items():
            years[k[:4]] = years.get(k[:4], 0) + n
        return [(str(y), years.get(str(y), 0)) for y in range(y0, y1 + 1)]
    out = []
    for i in range(span):
        y, m = divmod(m0 - 1 + i, 12)
        key = f"{y0 + y:04d}-{m + 1:02d}"
        out.append((key, months.get(key, 0)))
    return out


def _next_period(key: str) -> str:
    """The month (``YYYY-MM``) or year after ``key``.

    >>> _next_period("2021-12"), _next_period("2021-04"), _next_period("1999")
    ('2022-01', '2021-05', '2000')
    """
    if len(key) == 4:
        return f"{int(key) + 1:04d}"
    y, m = int(key[:4]), int(key[5:])
    return f"{y + m // 12:04d}-{m % 12 + 1:02d}"


def bar_chart(
    points: Sequence[tuple[str, int, str | None, str]],
    *,
    rtl: bool,
    width: int = 640,
    height: int = 170,
    max_ticks: int = 8,
    max_slot: float = 48.0,
) -> Chart:
    """Lay out bars ``(key, count, href, tip)`` in order, first at the right when ``rtl``.

    Axis labels go under the bars whose key starts a year (or every bar of a per-year series),
    at most ``max_ticks`` of them.

    >>> c = bar_chart([("2021-01", 1, None, "a"), ("2021-02", 3, None, "b")], rtl=False)
    >>> [round(b.height) for b in c.bars], c.bars[0].x < c.bars[1].x, c.peak
    ([40, 120], True, 3)
    """
    top, bottom, side = 24.0, float(height - 26), 8.0
    plot = bottom - top
    peak = max((n for _, n, _, _ in points), default=0)
    n = max(len(points), 1)
    slot = min((width - 2 * side) / n, max_slot)
    side = (width - n * slot) / 2  # few bars: centred, not stretched
    gap = min(slot * 0.2, 4.0)
    bars = []
    starts = []
    for i, (key, count, href, tip) in enumerate(points):
        h = plot * count / peak if peak else 0.0
        if count and h < 1.5:
            h = 1.5
        x = side + (n - 1 - i if rtl else i) * slot
        bars.append(Bar(x + gap / 2, bottom - h, max(slot - gap, 0.5), h, count, tip, href))
        if len(key) == 4 or key.endswith("-01") or i == 0:
            starts.append((x + slot / 2, key[:4]))
    if len(starts) > 1 and abs(starts[1][0] - starts[0][0]) < 40:
        del starts[0]  # the first bar's year label would run into the next one
    step = max(1, -(-len(starts) // max_ticks))
    ticks = tuple(starts[::step])
    return Chart(width, height, tuple(bars), ticks, top, bottom, peak)


# ---- the interface language -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ui:
    """What the templates use to say things in the reader's language and to make links."""

    lang: Lang

    @property
    def dir(self) -> str:
        """``rtl`` for Urdu, ``ltr`` for English."""
        return "rtl" if self.lang == "ur" else "ltr"

    @property
    def rtl(self) -> bool:
        """Whether the interface runs right to left."""
        return self.lang == "ur"

    def t(self, key: str, count: int | None = None, **params: Any) -> Markup:
        """Message ``key``, with ``{name}`` placeholders filled in escaped; its form for one
        when ``count`` is 1 and it has one (``1 article``, ``1 خبر``).

        >>> str(Ui("en").t("similar", n="<3>"))
        '&lt;3&gt; similar'
        >>> [str(Ui(lang).t("articles_n", n, n=n)) for lang in ("en", "ur") for n in (1, 2)]
        ['1 article', '2 articles', '1 خبر', '2 خبریں']
        """
        messages = MESSAGES[self.lang]
        text = messages.get(key + ONE, messages[key]) if count == 1 else messages[key]
        return Markup(escape(text)).format(**params)

    def num(self, n: int | float | None) -> str:
        """A number in the interface's digits (Urdu: ۰-۹).

        >>> Ui("ur").num(2021), Ui("en").num(1234)
        ('۲۰۲۱', '1,234')
        """
        if n is None:
            return ""
        text = f"{n:,}" if isinstance(n, int) and (self.lang == "en" or n >= 10000) else str(n)
        if self.lang == "ur":
            text = text.replace(",", "٬").translate(_URDU_DIGITS)
        return text

    def month(self, key: str | None) -> str:
        """``YYYY-MM`` (or ``YYYY``) as words: ``اپریل ۲۰۲۱``; None or other keys: undated.

        >>> Ui("ur").month("2021-04"), Ui("en").month("2021-04"), Ui("en").month(None)
        ('اپریل ۲۰۲۱', 'April 2021', 'undated')
        """
        if not key or not key[:4].isdigit():
            return MESSAGES[self.lang]["undated"]
        year = self.num(int(key[:4])).replace("٬", "").replace(",", "")
        if len(key) >= 7 and key[5:7].isdigit() and 1 <= int(key[5:7]) <= 12:
            return f"{_MONTHS[self.lang][int(key[5:7]) - 1]} {year}"
        return year

    def date(self, iso: str | None, *, time: bool = False) -> str:
        """An ISO 8601 date (in its own offset) as ``۱۳ اپریل ۲۰۲۱``; undated if None or bad.

        >>> Ui("ur").date("2021-04-13T19:56:00+04:30")
        '۱۳ اپریل ۲۰۲۱'
        >>> Ui("en").date("2021-04-13T19:56:00+04:30", time=True)
        '13 April 2021, 19:56'
        """
        if not iso:
            return MESSAGES[self.lang]["undated"]
        try:
            d = datetime.fromisoformat(iso)
        except ValueError:
            return MESSAGES[self.lang]["undated"]
        day = f"{d.day} {_MONTHS[self.lang][d.month - 1]} {d.year}"
        if time and (d.hour or d.minute):
            day += ("، " if self.lang == "ur" else ", ") + f"{d.hour:02d}:{d.minute:02d}"
        return day.translate(_URDU_DIGITS) if self.lang == "ur" else day

    def link(self, path: str, **params: Any) -> str:
        """``path`` with the non-empty ``params`` as its query string (and ``lang=en`` kept).

        >>> Ui("en").link("/", q="روس & x", page=2, source=None)
        '/?q=%D8%B1%D9%88%D8%B3+%26+x&page=2&lang=en'
        """
        pairs = [(k, str(v)) for k, v in params.items() if v is not None and v != ""]
        if self.lang != LANGS[0]:
            pairs.append(("lang", self.lang))
        return path + ("?" + urlencode(pairs) if pairs else "")

    def article_link(self, article_id: str, **params: Any) -> str:
        """The page of one article (its id as one path segment: :func:`id_segment`).

        >>> Ui("ur").article_link(".."), Ui("en").article_link("a/b?")
        ('/articles/~..', '/articles/a%2Fb%3F?lang=en')
        """
        return self.link("/articles/" + id_segment(str(article_id)), **params)

    def entity_link(self, entity_id: int | str) -> str:
        """The page of one entity."""
        return self.link(f"/entities/{int(entity_id)}")

    def other(self) -> str:
        """The other interface language."""
        return "en" if self.lang == "ur" else "ur"


def _ui(request: Request) -> Ui:
    return Ui("en" if request.query_params.get("lang") == "en" else "ur")


def _path_link(path: str) -> str:
    """A link to the request's own path (as the server decoded it) that a browser follows back
    to it: past the first segment every character is quoted, ``/`` too (an article id may hold
    ``?``, ``#``, ``%`` or ``/../``, which a browser would cut off or resolve away; a bare ``.``
    or ``..`` is written as :func:`id_segment` writes that id), and a path that starts ``//``
    keeps its second slash quoted, so the link never names another host.

    >>> _path_link("/articles/../etc/passwd"), _path_link("/articles/q?x#y z")
    ('/articles/..%2Fetc%2Fpasswd', '/articles/q%3Fx%23y%20z')
    >>> _path_link("/articles/.."), _path_link("/articles/~..")
    ('/articles/~..', '/articles/~..')
    >>> _path_link("//evil.example/x")
    '/%2Fevil.example%2Fx'
    """
    head, slash, rest = path.removeprefix("/").partition("/")
    rest = "~" + rest if rest in {".", ".."} else rest
    link = "/" + quote(head, safe="") + slash + quote(rest, safe="")
    return "/%2F" + link[2:] if link.startswith("//") else link


def _render(
    request: Request, template: str, ui: Ui, status_code: int = 200, **context: Any
) -> HTMLResponse:
    nonce = getattr(request.state, "csp_nonce", None)
    html = _ENV.get_template(template).render(
        ui=ui,
        t=ui.t,
        nonce=nonce,
        path=request.url.path,
        path_link=_path_link(request.scope.get("path", "/")),
        query=dict(request.query_params),
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


def error_page(request: Request, exc: ServiceError) -> HTMLResponse:
    """The Urdu (or English) error page for a :class:`ServiceError`, with its status."""
    ui = _ui(request)
    return _render(request, "error.html", ui, exc.status, status=exc.status, detail=exc.detail)


def _date_bound(name: Literal["after", "before"], value: str | None) -> datetime:
    """Where the filter ``name:value`` puts the first (``after``) or the end (``before``) of
    the dates it lets through; no filter (or one that is not a date) none: the earliest or
    the latest datetime.  (A local date, as the bars count, is read as UTC to compare.)

    >>> _date_bound("after", "13 اپریل 2021").isoformat(), _date_bound("before", None).year
    ('2021-04-13T00:00:00+00:00', 9999)
    """
    found = None
    if value:
        try:
            parsed = parse_query(f"{name}:{quote_value(value)}")
            if name == "after":
                found = parsed.published_from or parsed.local_from
            else:
                found = parsed.published_to or parsed.local_to
        except QueryError:
            found = None
    if found is not None:
        return found if found.tzinfo is not None else found.replace(tzinfo=UTC)
    return datetime.min.replace(tzinfo=UTC) if name == "after" else datetime.max.replace(tzinfo=UTC)


def _page_number(value: str | None) -> int:
    if value is None or value == "":
        return 1
    if not (value.isascii() and value.isdigit() and len(value) <= 6):
        raise BadRequest("page: expected a page number (1, 2, …)", parameter="page")
    return int(value)


# ---- the pages --------------------------------------------------------------------------------


def _month_points(
    ui: Ui, counts: Mapping[str, int], link: Callable[[str, str], str] | None
) -> list[tuple[str, int, str | None, str]]:
    """Chart points for month counts: each bar's tooltip, and (if ``link``) a link to the
    search narrowed to its month (``link(after, before)``)."""
    points = []
    for key, n in month_series(counts):
        tip = str(ui.t("chart_label", label=ui.month(key), n=ui.num(n)))
        href = link(key, _next_period(key)) if link and n else None
        points.append((key, n, href, tip))
    return points


class _Pages:
    def __init__(self, service: Service) -> None:
        self.service = service

    def search(self, request: Request) -> HTMLResponse:
        ui = _ui(request)
        params = request.query_params
        q = params.get("q") or ""
        filters = {k: params.get(k) or None for k in ("source", "after", "before", "entity")}
        # A search as typed stays so on its other pages, its facets' narrowings and the
        # articles' pages (their marks): the links carry ``exact``.
        exact = params.get("exact") in ("1", "true")
        exact_param = "1" if exact else None
        try:
            page = _page_number(params.get("page"))
            sources = [s["value"] for s in self.service.stats()["sources"] if s["value"]]
            if not q.strip() and not any(filters.values()):
                return _render(
                    request,
                    "search.html",
                    ui,
                    q=q,
                    filters=filters,
                    result=None,
                    sources=sources,
                    stats=self.service.stats(),
                    suggestions=[],
                    suggested_q=None,
                    chart=None,
                    exact=None,
                )
            result = self.service.search(
                q,
                page=page,
                per_page=PER_PAGE,
                entity_facet=True,
                exact=exact,
                **filters,
            )
        except ServiceError as exc:
            return _render(
                request,
                "error.html",
                ui,
                exc.status,
                status=exc.status,
                detail=exc.detail,
                q=q,
                filters=filters,
            )
        # Names the query may mean, offered as links: plain Urdu words, or a name in Latin
        # letters (its English spelling is matched against the 5,000 most mentioned entities'
        # names: about 40 ms on a store of 500,000 entities, benchmarks/NER.md).
        suggestions: list[dict[str, Any]] = []
        text = result["q"] or ""
        if len(text) <= 60 and (_PLAIN_URDU.fullmatch(text) or _PLAIN_LATIN.fullmatch(text)):
            try:
                suggestions = self.service.entities(q=text, limit=6)["entities"]
            except ServiceError:
                suggestions = []

        def month_link(after: str, before: str) -> str:
            # The bar counts what the search's own after/before leave of its month: where
            # they cut into it, they stay (the month's whole would find more than the bar).
            if _date_bound("after", filters["after"]) > _date_bound("after", after):
                after = filters["after"] or after
            if _date_bound("before", filters["before"]) < _date_bound("before", before):
                before = filters["before"] or before
            link = {**filters, "after": after, "before": before, "exact": exact_param}
            return ui.link("/", q=q, **link)

        facets = result["facets"] or {}
        counts = {f["value"]: f["count"] for f in facets.get("months", []) if f["value"]}
        points = _month_points(ui, counts, month_link)
        chart = (
            bar_chart(points, rtl=ui.rtl, width=320, height=150, max_ticks=4) if points else None
        )
        undated = sum(f["count"] for f in facets.get("months", []) if not f["value"])
        # What a hit's article page highlights: what the hits were found by (the query run,
        # its filters' entity: names too, as the snippets mark them).
        hit_q = result["entity_query"] or result["relaxed_query"] or result["query"]
        # The spelling suggestion's own words: the query searched is q and then the filter
        # parameters as filters, which the suggestion keeps as they are (the link passes them).
        suggested = result.get("suggested_query")
        filters_part = result["query"][len(result["q"] or "") :]
        suggested_q = (
            suggested[: len(suggested) - len(filters_part)]
            if suggested and suggested.endswith(filters_part)
            else None
        )
        return _render(
            request,
            "search.html",
            ui,
            q=q,
            suggested_q=suggested_q or None,
            hit_q=hit_q,
            filters=filters,
            result=result,
            sources=sources,
            stats=None,
            suggestions=suggestions,
            chart=chart,
            undated=undated,
            exact=exact_param,
        )

    def article(self, request: Request) -> HTMLResponse:
        ui = _ui(request)
        try:
            art = self.service.article(id_from_path(request.path_params["article_id"]))
        except ServiceError as exc:
            return error_page(request, exc)
        q = request.query_params.get("q") or ""
        exact = request.query_params.get("exact") in ("1", "true")
        found: list[tuple[str, ...]] = []
        if q:
            try:
                found = self.service.marks(q[:1000], exact=exact, article=art["id"])
            except (ServiceError, LookupError):
                found = []
        by_paragraph: dict[int, list[dict[str, Any]]] = {}
        for m in art["entities"]:
            by_paragraph.setdefault(int(m["paragraph"]), []).append(m)
        paragraphs = [
            annotated(
                text,
                by_paragraph.get(i, []),
                find_matches(text, found) if found else (),
                link=ui.entity_link,
            )
            for i, text in enumerate(art["paragraphs"])
        ]
        title = art["title"] or ""
        title_html = marked(title, find_matches(title, found) if found and title else ())
        mentioned: dict[int, dict[str, Any]] = {}
        for m in art["entities"]:
            e = mentioned.setdefault(int(m["entity"]), {**m, "count": 0})
            e["count"] += 1
        entities = sorted(mentioned.values(), key=lambda e: (-e["count"], e["entity"]))
        return _render(
            request,
            "article.html",
            ui,
            art=art,
            paragraphs=paragraphs,
            title_html=title_html,
            entities=entities,
            q=q,
        )

    def entities(self, request: Request) -> HTMLResponse:
        ui = _ui(request)
        params = request.query_params
        kind = params.get("type") or None
        q = params.get("q") or None
        try:
            listed = self.service.entities(type=kind, q=q, limit=100)
        except ServiceError as exc:
            return error_page(request, exc)
        return _render(request, "entities.html", ui, listed=listed, kind=listed["type"], q=q)

    def entity(self, request: Request) -> HTMLResponse:
        ui = _ui(request)
        try:
            ent = self.service.entity(request.path_params["entity_id"])
        except ServiceError as exc:
            return error_page(request, exc)
        filter_name = self._entity_filter(ent)

        def month_link(after: str, before: str) -> str:
            return ui.link("/", entity=filter_name, after=after, before=before)

        counts = {m["month"]: m["mentions"] for m in ent["months"]}
        points = _month_points(ui, counts, month_link if filter_name else None)
        chart = bar_chart(points, rtl=ui.rtl) if points else None
        undated = counts.get("undated", 0)
        return _render(
            request,
            "entity.html",
            ui,
            ent=ent,
            chart=chart,
            undated=undated,
            filter_name=filter_name,
        )

    def _entity_filter(self, ent: Mapping[str, Any]) -> str:
        """What ``entity=`` names exactly this entity: its Wikidata id, else its Urdu name
        when that resolves to it alone, else ``#ID`` (a name two entities share, a Latin
        name)."""
        if ent.get("wikidata"):
            return str(ent["wikidata"])
        name = str(ent.get("name") or "")
        if _PLAIN_URDU.fullmatch(name):
            try:
                found = self.service.entities(q=name, limit=2)["entities"]
            except ServiceError:
                found = []
            if [e["id"] for e in found] == [ent["id"]]:
                return name
        return f"#{int(ent['id'])}"

    def overview(self, request: Request) -> HTMLResponse:
        ui = _ui(request)
        stats = self.service.stats()

        def month_link(after: str, before: str) -> str:
            return ui.link("/", after=after, before=before)

        counts = {m["value"]: m["count"] for m in stats["months"] if m["value"]}
        points = _month_points(ui, counts, month_link)
        chart = bar_chart(points, rtl=ui.rtl) if points else None
        return _render(request, "overview.html", ui, stats=stats, chart=chart)


def quoted_query(text: str) -> Markup:
    """A query as the page shows it inside a sentence: escaped, isolated from the text around
    it (its direction its own).

    >>> str(quoted_query('"<b>" روس'))
    '<bdi class="query" dir="auto">&#34;&lt;b&gt;&#34; روس</bdi>'
    """
    return Markup('<bdi class="query" dir="auto">%s</bdi>') % text


def empty_note(ui: Ui, note: dict[str, Any]) -> Markup:
    """A note of why a search found nothing (``empty_because``: an
    :class:`akhbar.search.empty.EmptyNote` as JSON) in the interface's language, every value
    escaped and isolated.

    >>> note = {"kind": "source", "values": ["<b>"], "known": [{"value": "geo.tv", "count": 3}],
    ...         "more": 0, "first": None, "last": None}
    >>> print(empty_note(Ui("en"), note))
    No article has source <bdi dir="auto">&lt;b&gt;</bdi>. Sources: <bdi dir="auto">geo.tv</bdi> (3)
    """
    kind = note.get("kind")

    def listed(values: list[Any]) -> Markup:
        sep = "، " if ui.rtl else ", "
        return Markup(sep).join(Markup('<bdi dir="auto">%s</bdi>') % str(v) for v in values)

    if kind == "date":
        start, end = [*(note.get("values") or []), "", ""][:2]
        parts = ([ui.t("empty_from", date=ui.date(start))] if start else []) + (
            [ui.t("empty_before", date=ui.date(end))] if end else []
        )
        span = (
            ui.t("empty_and", a=parts[0], b=parts[1]) if len(parts) == 2 else Markup("").join(parts)
        )
        if not note.get("first"):
            return ui.t("empty_date_none", range=span)
        return ui.t(
            "empty_date", range=span, first=ui.date(note["first"]), last=ui.date(note["last"])
        )
    if kind in ("source", "language"):
        known = [
            Markup('<bdi dir="auto">%s</bdi> (%s)') % (str(c.get("value")), ui.num(c.get("count")))
            for c in note.get("known") or []
        ]
        if note.get("more"):
            known.append(ui.t("empty_more", n=ui.num(note["more"])))
        sep = Markup("، " if ui.rtl else ", ")
        return ui.t(
            f"empty_{kind}",
            values=listed(note.get("values") or []),
            known=sep.join(known) if known else ui.t("empty_none"),
        )
    if kind == "entity":
        return ui.t("empty_entity", values=listed(note.get("values") or []))
    return ui.t("empty_filters" if kind == "filters" else "empty_words")


def filter_value(name: str) -> str:
    """A stored value (a source name) as a filter parameter that selects it: its control
    characters as spaces, which is how the query language reads them (and what a parameter may
    not hold); quotes and the rest are quoted by the service (:func:`search_query`).

    >>> filter_value('say "hi"\\tnow')
    'say "hi" now'
    """
    return _CONTROL_CHARS.sub(" ", name)


_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_ENV.globals["marked"] = marked
_ENV.globals["quoted_query"] = quoted_query
_ENV.globals["empty_note"] = empty_note
_ENV.filters["filter_value"] = filter_value


def _on_store_threads(
    handler: Callable[[Request], HTMLResponse],
) -> Callable[[Request], Awaitable[HTMLResponse]]:
    """``handler`` (which reads the store) as an endpoint that runs it where the API runs its
    store work: on the app's store threads, under the same admission bound (Starlette would
    run a plain function on anyio's default pool of 40 threads, each with its own connections
    and index reader, whatever ``--threads`` says)."""

    async def endpoint(request: Request) -> HTMLResponse:
        return await run_store_work(request, partial(handler, request))

    return endpoint


def page_routes(service: Service) -> list[BaseRoute]:
    """The HTML routes over ``service`` and the static files (mounted at ``/static``)."""
    pages = _Pages(service)
    get = ["GET", "HEAD"]
    return [
        Route("/", _on_store_threads(pages.search), methods=get, name="search_page"),
        Route(
            "/articles/{article_id:path}",
            _on_store_threads(pages.article),
            methods=get,
            name="article_page",
        ),
        Route("/entities", _on_store_threads(pages.entities), methods=get, name="entities_page"),
        Route(
            "/entities/{entity_id}",
            _on_store_threads(pages.entity),
            methods=get,
            name="entity_page",
        ),
        Route("/overview", _on_store_threads(pages.overview), methods=get, name="overview_page"),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]
