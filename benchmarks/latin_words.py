"""How well the search reads a word typed in Latin letters as the Urdu word it spells
(:func:`akhbar.search.romanized.read_latin`): lists written down by hand for this benchmark
(language facts, not read from the code under test).

* :data:`LOANWORDS`: English words the Urdu news writes in Urdu letters, with the spellings
  it uses (``cricket`` ``کرکٹ``);
* :data:`ROMAN_URDU`: Urdu words as a Pakistani reader types them in Latin letters (``hukumat``
  ``حکومت``);
* :data:`ENGLISH`: common English words of the news, with the Urdu spelling of the word
  itself where the news writes it so (``government`` ``گورنمنٹ``), and ``-`` where the news
  says it with a word of its own (``price``: ``قیمت``; any reading of those is wrong).

* :data:`IZAFAT`: Urdu compounds typed with their izafat (``wazir-e-azam``, also with spaces);
* :data:`NAMES`: persons of the news, typed as English writes their names (``Biden``), and
  with ``--db`` the loanwords and Roman Urdu words capitalised (a phone types a search's
  first word so).

For each word: *right* (the first reading is one of the listed spellings, spaces left out;
for a ``-`` word, no reading), *wrong* (another word), *none*.  With ``--db STORE``, the
search's reading (``Archive.search(word)``'s ``variants``: the first reading the store holds;
or, when the search found nothing and ran again with the word as an ``entity:`` filter, that
entity's name, right when one of its words is a listed spelling; of several entities, the
first) instead of the lexicon's first, and the time a first reading takes (cold caches), in the
same run.

    .venv/bin/python benchmarks/latin_words.py [--db STORE]

Results: benchmarks/RETRIEVAL.md ("Words typed in Latin letters").
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.search.romanized import read_latin  # noqa: E402


def _pairs(text: str) -> dict[str, tuple[str, ...]]:
    out = {}
    for item in text.split():
        word, spellings = item.split(":")
        out[word] = tuple(spellings.split("|"))
    return out


#: English words of the news written in Urdu letters, with the spellings the news uses.
LOANWORDS = _pairs(
    """
    cricket:کرکٹ police:پولیس news:نیوز petrol:پٹرول|پیٹرول budget:بجٹ school:اسکول|سکول
    hospital:ہسپتال|اسپتال vaccine:ویکسین university:یونیورسٹی election:الیکشن wicket:وکٹ
    market:مارکیٹ mobile:موبائل team:ٹیم match:میچ court:کورٹ bank:بینک|بنک dollar:ڈالر
    video:ویڈیو|وڈیو film:فلم bowler:بولر|باؤلر series:سیریز vote:ووٹ gas:گیس company:کمپنی
    internet:انٹرنیٹ corona:کورونا|کرونا virus:وائرس polio:پولیو assembly:اسمبلی senate:سینیٹ
    commission:کمیشن airport:ایئرپورٹ|ائیرپورٹ doctor:ڈاکٹر media:میڈیا social:سوشل
    report:رپورٹ program:پروگرام drama:ڈرامہ|ڈراما stock:اسٹاک|سٹاک index:انڈیکس tax:ٹیکس
    traffic:ٹریفک train:ٹرین bus:بس car:کار computer:کمپیوٹر phone:فون tweet:ٹویٹ|ٹوئٹ
    channel:چینل ticket:ٹکٹ tennis:ٹینس hockey:ہاکی football:فٹبال olympic:اولمپک medal:میڈل
    captain:کپتان coach:کوچ stadium:اسٹیڈیم|سٹیڈیم final:فائنل cup:کپ league:لیگ
    record:ریکارڈ innings:اننگز party:پارٹی interview:انٹرویو
    """
)
#: Urdu words typed in Latin letters, with their Urdu spelling.
ROMAN_URDU = _pairs(
    """
    hukumat:حکومت wazir:وزیر intikhabat:انتخابات adalat:عدالت fauj:فوج siyasat:سیاست mulk:ملک
    shehar:شہر awam:عوام qaum:قوم zalzala:زلزلہ barish:بارش mehngai:مہنگائی sarhad:سرحد
    jang:جنگ aman:امن dehshat:دہشت qatl:قتل giraftar:گرفتار ehtijaj:احتجاج muzahira:مظاہرہ
    sadar:صدر qanoon:قانون insaf:انصاف kisan:کسان sehat:صحت taleem:تعلیم bijli:بجلی pani:پانی
    qeemat:قیمت
    """
)
#: Urdu compounds typed in Latin letters with their izafat (unwritten in Urdu), with the Urdu
#: spelling (spaces left out: either the joined or the spaced one is right).
IZAFAT = _pairs(
    """
    wazir-e-azam:وزیراعظم quaid-e-azam:قائداعظم wazir-e-kharja:وزیرخارجہ
    wazir-e-khazana:وزیرخزانہ wazir-e-ala:وزیراعلی|وزیراعلیٰ wazir-e-dakhla:وزیرداخلہ
    wazir-e-difa:وزیردفاع tehreek-e-insaf:تحریکانصاف jamaat-e-islami:جماعتاسلامی
    hizb-e-ikhtilaf:حزباختلاف sadr-e-mumlikat:صدرمملکت mashriq-e-wusta:مشرقوسطی|مشرقوسطیٰ
    khatm-e-nabuwwat:ختمنبوت qaid-e-hizb-e-ikhtilaf:قائدحزباختلاف
    """
)
#: Persons in the news, their names typed in Latin letters as English writes them, with the
#: spellings the Urdu news uses (a word with a capital is a name first).
NAMES = _pairs(
    """
    Trump:ٹرمپ Biden:بائیڈن Modi:مودی Putin:پیوٹن|پوتن Macron:میکرون Erdogan:اردگان|اردوان
    Zardari:زرداری Bilawal:بلاول Shehbaz:شہباز Nawaz:نواز Maryam:مریم Kohli:کوہلی
    Babar:بابر Rizwan:رضوان Afridi:آفریدی Tendulkar:ٹنڈولکر Amitabh:امیتابھ Obama:اوباما
    Hillary:ہیلری|ہلیری Musk:مسک Zuckerberg:زکربرگ Merkel:مرکل Khamenei:خامنہای
    Rouhani:روحانی Zarif:ظریف Lavrov:لاوروف|لاؤروف|لاروف Boris:بورس Johnson:جانسن Ghani:غنی
    Karzai:کرزئی Malala:ملالہ Ronaldo:رونالڈو Messi:میسی Federer:فیڈرر Nadal:نڈال
    Djokovic:جوکووچ|جوکووک Sharapova:شراپووا Kejriwal:کیجریوال Rahul:راہل|راہول Salman:سلمان
    """
)
#: Common English words of the news, with the Urdu spelling of the word itself where the
#: Urdu news writes it so (``government`` ``گورنمنٹ``), ``-`` where it says it with an Urdu
#: word of its own (``price``: ``قیمت``): a reading of those is always a wrong one.
ENGLISH = _pairs(
    """
    price:- prices:- killed:- flood:- floods:- rain:- earthquake:- talks:- said:-
    says:- year:- years:- soldiers:- arrested:- electricity:- century:سنچری
    attack:اٹیک army:آرمی prime:پرائم today:ٹوڈے day:ڈے days:ڈیز time:ٹائم city:سٹی|سیٹی
    government:گورنمنٹ minister:منسٹر president:پریزیڈنٹ|پریذیڈنٹ country:کنٹری world:ورلڈ
    state:اسٹیٹ|سٹیٹ week:ویک month:منتھ protest:پروٹیسٹ economy:اکانومی injured:انجرڈ
    strike:اسٹرائیک|سٹرائیک border:بارڈر water:واٹر weather:ویدر women:وومن children:چلڈرن
    case:کیس inflation:انفلیشن
    """
)


def _tally(
    name: str, words: Mapping[str, tuple[str, ...]], first: Callable[[str], str | None]
) -> None:
    right, wrong, none = [], [], []
    for word, spellings in words.items():
        got = first(word)
        # (an entity: filter is right when the entity's name holds a listed spelling; of
        # entities one OR another, the first)
        entity = got.split(" OR ")[0].removeprefix("entity:") if got else ""
        ok = got in spellings or (
            got is not None
            and got.startswith("entity:")
            and bool(set(entity.split()) & set(spellings))
        )
        if spellings == ("-",):
            (right if got is None else wrong).append((word, got))
        else:
            (none if got is None else right if ok else wrong).append((word, got))
    print(f"{name}: {len(right)} right, {len(wrong)} wrong, {len(none)} none of {len(words)}")
    if wrong:
        print("  wrong: " + ", ".join(f"{w} {g}" for w, g in wrong))
    if none:
        print("  none: " + ", ".join(w for w, _ in none))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="a store: the search's reading instead")
    args = parser.parse_args(argv)
    if args.db is None:

        def first(word: str) -> str | None:
            got = read_latin(word)
            return got[0].replace(" ", "") if got else None

    else:
        from akhbar.search import Archive

        archive = Archive.open(args.db)
        times: list[float] = []

        def first(word: str) -> str | None:
            start = time.perf_counter()
            result = archive.search(word, limit=1, facets=False, snippets=False)
            times.append(time.perf_counter() - start)
            got = dict(result.variants).get(word, ())
            if got:
                return got[0].replace(" ", "")
            # found nothing as typed, and run again with its name as an entity: filter
            return result.entity_query.replace('"', "") if result.entity_query else None

    _tally("loanwords", LOANWORDS, first)
    _tally("Roman Urdu", ROMAN_URDU, first)
    _tally("common English words (right: the word itself, or none where `-`)", ENGLISH, first)
    _tally("izafat compounds, hyphens", IZAFAT, first)
    spaced = {w.replace("-", " "): v for w, v in IZAFAT.items()}
    _tally("izafat compounds, spaces", spaced, first)
    if args.db is not None:
        # A phone types a search's first word with a capital; a name is typed so anyway.
        _tally("loanwords, capitalised", {w.capitalize(): v for w, v in LOANWORDS.items()}, first)
        _tally("Roman Urdu, capitalised", {w.capitalize(): v for w, v in ROMAN_URDU.items()}, first)
        _tally("persons' names", NAMES, first)
        times.sort()
        print(
            f"search of one word, first time: median {times[len(times) // 2] * 1000:.0f} ms, "
            f"max {times[-1] * 1000:.0f} ms ({len(times)} searches)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
