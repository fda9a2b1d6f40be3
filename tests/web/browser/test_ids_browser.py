"""Every stored article id is reachable in a real browser: from its search hit to its page, back
through the language switch, and at the JSON API.

Ids come from the input (a JSONL ``id`` is kept), so they may be ``.`` or ``..`` (segments
browsers remove from a URL, even spelled ``%2e``), hold ``/``, ``?``, ``#``, ``%`` or spaces, or
be Urdu.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from akhbar.pipeline import IngestOptions, ingest
from akhbar.pipeline.prepare import PrepareConfig
from akhbar.store import Store
from tests.web.browser.conftest import open_context, serving

#: Odd ids, each with a word only its article holds (to find it by search) and its own text.
ODD_IDS = {
    ".": ("لاہور", "لاہور میں بارش نے گرمی کا زور توڑ دیا۔"),
    "..": ("کراچی", "کراچی کی بندرگاہ پر نئے جہاز لنگر انداز ہوئے۔"),
    "a/b": ("پشاور", "پشاور کے بازاروں میں عید کی رونق عروج پر ہے۔"),
    "%2e": ("کوئٹہ", "کوئٹہ میں برف باری سے سڑکیں بند ہو گئیں۔"),
    "?x": ("ملتان", "ملتان کے آموں کی برآمد میں اضافہ ہوا۔"),
    "خبر/۱۲": ("سیالکوٹ", "سیالکوٹ کی فٹبال صنعت نے نیا ریکارڈ قائم کیا۔"),
    "~.": ("سکھر", "سکھر بیراج سے پانی کا اخراج بڑھا دیا گیا۔"),
    "#top": ("بہاولپور", "بہاولپور کے صحرا میں جیپ ریلی کا انعقاد ہوا۔"),
    "a b%": ("مردان", "مردان میں کسانوں نے گنے کی قیمت پر احتجاج کیا۔"),
    "../..": ("گلگت", "گلگت بلتستان میں سیاحوں کی آمد شروع ہو گئی۔"),
}


@pytest.fixture(scope="module")
def odd_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("odd-ids")
    src = folder / "odd.jsonl"
    rows = [
        {"id": aid, "source": "odd.test", "title": f"عنوان {word}", "text": text}
        for aid, (word, text) in ODD_IDS.items()
    ]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    db = folder / "odd.db"
    with Store.open(db) as store:
        options = IngestOptions(workers=1, prepare=PrepareConfig(entities=False))
        summary = ingest([str(src)], store, options)
        assert summary.stored + summary.near_duplicates == len(ODD_IDS), summary.to_dict()
        assert sorted(a.id for a in store.iter_articles()) == sorted(ODD_IDS)  # ids kept
    with serving(db) as url:
        yield url


@pytest.mark.parametrize("article_id", list(ODD_IDS))
def test_an_odd_id_is_reachable_from_its_hit_in_a_browser(
    browser: Any, odd_server: str, article_id: str
) -> None:
    word, text = ODD_IDS[article_id]
    context, watch = open_context(browser, odd_server)
    try:
        page = context.new_page()
        page.goto(f"{odd_server}/?q={quote(word)}")
        hit = page.locator("ol.hits .hit-title a")
        assert hit.count() == 1
        with page.expect_navigation() as nav:
            hit.click()
        assert nav.value.status == 200, (page.url, nav.value.status)
        assert word in page.locator("h1.article-title").inner_text()
        assert text in page.locator("main").inner_text()
        # The language switch links back to the same article.
        with page.expect_navigation() as nav:
            page.locator("a.lang").click()
        assert nav.value.status == 200, page.url
        assert "lang=en" in page.url
        assert word in page.locator("h1.article-title").inner_text()
        # The API answers at the same path under /api.
        path = urlsplit(page.url).path
        api = page.request.get(f"{odd_server}/api{path}")
        assert api.status == 200, (path, api.status)
        assert api.json()["id"] == article_id
        assert not watch.outside
        assert not watch.dialogs
    finally:
        context.close()


def test_odd_ids_in_the_api_by_hand(odd_server: str) -> None:
    # A client that writes the path segment itself (no browser): the same rule.
    import httpx

    from akhbar.web.ids import id_segment

    for article_id in ODD_IDS:
        r = httpx.get(f"{odd_server}/api/articles/{id_segment(article_id)}", timeout=10)
        assert r.status_code == 200, (article_id, r.status_code)
        assert r.json()["id"] == article_id
