"""Tests for akhbar.entities.ner: the shipped model (checksums, exact reproduction of the
trainer, determinism), a quality gate on IL-NER dev, the seed article, titles, offsets, CoNLL I/O.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.entities import Entity, ModelError, Recognizer, conll_tag, recognize, tag_tokens
from akhbar.entities.evaluate import bio_spans, read_conll, read_uner, score
from akhbar.entities.features import OFFSETS, split_compound

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
DEV = DATA / "ner" / "il-ner-urdu" / "dev.txt"
MODEL = ROOT / "akhbar" / "entities" / "model"
SEED = ROOT / "akhbar" / "demo" / "news" / "seed.txt"

# Pinned floors (measured on IL-NER dev with the shipped model, CRF + BiLSTM scorer: micro
# 84.94, PERSON 62.8, LOCATION 77.8, ORGANIZATION 34.1; the CRF alone had 84.10 / 63.3 / 76.3 /
# 33.3; with the post-decoding rules of akhbar/entities/rules.py, which tag_token_sentences
# runs: 85.56 / 62.8 / 80.3 / 34.1; with the office's place moved out of a name, وزیر اعلیٰ
# پنجاب مریم نواز: 85.84 / 64.5 / 80.7 / 34.1; with known_name: 86.05 / 64.5 / 81.5 / 34.1;
# with the neural encoder pretrained as a language model on the news: 86.59 / 68.3 / 80.5 /
# 35.9; trained with mention replacement: 86.94 / 74.2 / 80.8 / 34.1; with 79 more places in
# places.tsv: 87.04 / 74.2 / 81.2 / 34.1).  Raise them when the
# model improves, never lower them — but for LOCATION, lowered once from 0.81 to 0.80 with the
# pretrained encoder: one or two of its 152 places lost against four persons gained, micro
# +0.54 and every CV fold up (benchmarks/NER.md, round 12); and for ORGANIZATION, lowered once
# from 0.35 to 0.34 with mention replacement: one organisation of dev's lost, while
# ORGANIZATION by CV went 35.3 -> 38.6 and on UNER 61.6 -> 62.6 (round 14).
MICRO_FLOOR = 0.869
TYPE_FLOORS = {"PERSON": 0.73, "LOCATION": 0.80, "ORGANIZATION": 0.34}
# UNER (Urdu news annotated by other people, BBC-style: held out, never trained on), its
# PERSON / LOCATION / ORGANIZATION spans only (its numbers and dates follow other conventions):
# micro 65.93, PERSON 56.7, LOCATION 76.6, ORGANIZATION 60.6 before known_name; 69.04 / 65.2 /
# 76.7 / 60.6 with it; 70.50 / 68.4 / 76.7 / 61.6 with the pretrained encoder; 72.16 / 70.5 /
# 78.2 / 62.6 with mention replacement; 72.27 / 70.8 / 78.2 / 62.6 with known_pair, the
# all-rounder's and umpire's titles and the known names rebuilt; 72.85 / 72.3 / 78.2 / 62.6
# with known_pair parting lists of names (2026-12-05); 73.41 / 72.9 / 78.9 / 63.0 with
# time_words, not_place and known_surname (2026-12-05, twenty-first session); 73.69 / 73.6 /
# 78.9 / 63.0 with surname_context; 74.11 / 73.6 / 79.8 / 63.0 with thirteen country names as
# the news spells them; 74.19 / 73.7 / 79.9 / 63.0 with five persons read as places listed
# 74.39 / 73.7 / 79.9 / 64.2 with three armed groups listed and 74.58 / 73.7 / 80.3 / 64.2
# with places.tsv (twenty-second session); 74.65 / 73.7 / 80.5 / 64.2 with 79 more places in it
# and 74.96 / 73.7 / 81.2 / 64.2 with 40 world cities; 75.02 / 73.8 / 81.3 / 64.2 with the
# known names rebuilt and Bannu (twenty-third session).
UNER = DATA / "ner" / "uner" / "uner.txt"
UNER_MICRO_FLOOR = 0.745
UNER_TYPE_FLOORS = {"PERSON": 0.73, "LOCATION": 0.81, "ORGANIZATION": 0.635}
# The model must stay small and inspectable (CRF 1.1 MB + neural scorer 4.0 MB: int8 word
# vectors of 25,960 news words, float32 LSTM weights).
MAX_MODEL_BYTES = 6_000_000


def _split(sent: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """IL-NER compounds → words, B-X on the first word and I-X on the rest (as training does)."""
    out = []
    for tok, tag in sent:
        parts = split_compound(tok)
        out.append((parts[0], tag))
        out.extend((p, "O" if tag == "O" else "I-" + tag[2:]) for p in parts[1:])
    return out


@pytest.fixture(scope="module")
def dev() -> list[list[tuple[str, str]]]:
    return read_conll(DEV).sentences


@pytest.fixture(scope="module")
def rec() -> Recognizer:
    return Recognizer().load()


# -- the model files ---------------------------------------------------------------------------


def test_model_checksums_match_model_json() -> None:
    meta = json.loads((MODEL / "model.json").read_text(encoding="utf-8"))
    assert {"weights.tsv", "wordclasses.tsv"} <= set(meta["files"])
    # Every file the model reads is checksummed (only model.json and the card are not).
    shipped = {p.name for p in MODEL.iterdir() if p.name not in ("model.json", "MODEL_CARD.md")}
    assert shipped == set(meta["files"])
    if meta.get("neural"):
        assert meta["neural"]["file"] in meta["files"]
    for name, digest in meta["files"].items():
        assert hashlib.sha256((MODEL / name).read_bytes()).hexdigest() == digest, name


def test_model_is_small_text_with_a_card() -> None:
    total = sum(p.stat().st_size for p in MODEL.iterdir())
    assert total < MAX_MODEL_BYTES
    for p in MODEL.iterdir():
        if p.suffix == ".npz":
            # numpy arrays only: loads without pickles, no object arrays
            with np.load(p, allow_pickle=False) as z:
                assert all(z[k].dtype != object for k in z.files)
        else:
            p.read_text(encoding="utf-8")  # every other file is text
    card = (MODEL / "MODEL_CARD.md").read_text(encoding="utf-8")
    for needed in ("## Data", "## Features", "## Scores", "IL-NER"):
        assert needed in card


def test_tampered_model_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "model"
    shutil.copytree(MODEL, copy)
    with open(copy / "weights.tsv", "a", encoding="utf-8") as fh:
        fh.write("S\t0|w=x\tB-PERSON\t1.0\n")
    with pytest.raises(ModelError, match="checksum mismatch"):
        Recognizer(copy).load()


def test_model_with_other_feature_offsets_is_refused(tmp_path: Path) -> None:
    # Weights only make sense with the feature offsets they were trained with (model.json).
    copy = tmp_path / "model"
    shutil.copytree(MODEL, copy)
    meta = json.loads((copy / "model.json").read_text(encoding="utf-8"))
    meta["offsets"]["2"] = ["w="]
    (copy / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="offsets"):
        Recognizer(copy).load()


def _pair_model(tmp_path: Path, *, pairs: bool) -> Path:
    """A hand-written two-label model whose only evidence for PERSON is the pair (word, نے)."""
    d = tmp_path / "pairmodel"
    d.mkdir()
    (d / "weights.tsv").write_text(
        "L\tO\tB-PERSON\n"
        "T\tO\tO\t0.0\n"
        "S\tbias\tO\t1.0\n"
        "S\tP+|زید|نے\tB-PERSON\t3.0\n"  # token زید followed by نے
        "S\tP-|کہ|زید\tO\t5.0\n",  # ... unless preceded by کہ
        encoding="utf-8",
    )
    (d / "wordclasses.tsv").write_text("# none\n", encoding="utf-8")
    meta = {
        "labels": ["O", "B-PERSON"],
        "pairs": pairs,
        "offsets": {str(k): None if v is None else list(v) for k, v in OFFSETS.items()},
        "files": {
            n: hashlib.sha256((d / n).read_bytes()).hexdigest()
            for n in ("weights.tsv", "wordclasses.tsv")
        },
    }
    (d / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    return d


def test_pair_features_score_the_left_and_right_word_of_a_pair(tmp_path: Path) -> None:
    rec = Recognizer(_pair_model(tmp_path, pairs=True))
    # P+|زید|نے adds 3 to B-PERSON on زید (beats the bias 1 on O) ...
    assert rec.tag_words(["زید", "نے", "کہا"]) == ["B-PERSON", "O", "O"]
    # ... only when نے follows; P-|کہ|زید adds 5 to O on زید when کہ precedes.
    assert rec.tag_words(["زید", "کہا"]) == ["O", "O"]
    assert rec.tag_words(["کہ", "زید", "نے"]) == ["O", "O", "O"]
    # Batched and one-by-one tagging agree.
    sents = [["زید", "نے"], ["کہ", "زید", "نے"], ["زید"]]
    assert rec.tag_sentences(sents) == [rec.tag_words(s) for s in sents]


def test_pair_weights_without_the_pairs_flag_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="word-pair"):
        Recognizer(_pair_model(tmp_path, pairs=False)).load()


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no NER model"):
        Recognizer(tmp_path).load()


def test_model_labels_cover_the_six_types(rec: Recognizer) -> None:
    types = {lab[2:] for lab in rec.labels if lab != "O"}
    assert types == {"PERSON", "LOCATION", "ORGANIZATION", "NUMBER", "TIME", "ARTIFACT"}


# -- exact reproduction of the trainer, determinism --------------------------------------------


def test_shipped_inference_reproduces_the_trainers_dev_predictions(
    rec: Recognizer, dev: list[list[tuple[str, str]]]
) -> None:
    # model.json holds the sha256 of python-crfsuite's own tags on dev (written at training).
    h = hashlib.sha256()
    for sent in dev:
        tags = rec.tag_words([w for w, _ in _split(sent)])
        h.update((" ".join(tags) + "\n").encode())
    assert h.hexdigest() == rec.meta["dev_predictions_sha256"]


def test_tagging_is_deterministic_and_batch_independent(dev: list[list[tuple[str, str]]]) -> None:
    sents = [[w for w, _ in _split(s)] for s in dev[:200]]
    a = Recognizer().tag_sentences(sents)
    fresh = Recognizer()
    b = [fresh.tag_words(s) for s in sents]
    c = Recognizer().tag_sentences(list(reversed(sents)))[::-1]
    assert a == b == c


def test_raw_text_reads_a_year_with_its_sign_as_the_training_data_writes_it(
    rec: Recognizer,
) -> None:
    # IL-NER writes 2018ء as one token; our tokenizer cuts the sign off.  Raw text must be tagged
    # as the same words in IL-NER's tokens are (cut off, the signs ran the years together).
    text = "وہ 2018ء میں وزیر اعظم بنے اور 2022ء تک رہے اور سن 1962ء جو 1955ء میں"
    words = text.split()
    tags = rec.tag_token_sentences([words])[0]
    expected = [(" ".join(words[a:b]), k) for k, a, b in bio_spans(tags)]
    assert [(e.text, e.type) for e in rec.recognize(text)] == expected
    years = [e.text for e in rec.recognize(text) if e.type == "TIME"]
    assert all(y.count("ء") <= 1 for y in years), years


# -- quality gate ------------------------------------------------------------------------------


def test_quality_gate_on_il_ner_dev(rec: Recognizer, dev: list[list[tuple[str, str]]]) -> None:
    gold = [[t for _, t in s] for s in dev]
    pred = rec.tag_token_sentences([[w for w, _ in s] for s in dev])
    s = score(gold, pred)
    assert s["micro"].f1 >= MICRO_FLOOR, s["micro"]
    for kind, floor in TYPE_FLOORS.items():
        assert s[kind].f1 >= floor, (kind, s[kind])


def test_quality_gate_on_news_annotated_by_others(rec: Recognizer) -> None:
    names = {"PERSON", "LOCATION", "ORGANIZATION"}
    sents = read_uner(UNER)
    assert len(sents) == 1637

    def kept(tags: list[str]) -> list[str]:
        return [t if t[2:] in names else "O" for t in tags]

    gold = [kept([t for _, t in s]) for s in sents]
    pred = [kept(t) for t in rec.tag_token_sentences([[w for w, _ in s] for s in sents])]
    s = score(gold, pred)
    assert s["micro"].f1 >= UNER_MICRO_FLOOR, s["micro"]
    for kind, floor in UNER_TYPE_FLOORS.items():
        assert s[kind].f1 >= floor, (kind, s[kind])


# -- the seed article --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> tuple[str, list[Entity]]:
    text = SEED.read_text(encoding="utf-8")
    return text, recognize(text)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        pytest.param("سرگئی لاوروف", "PERSON", id="lavrov-waw"),
        pytest.param("سرگئی لاؤروف", "PERSON", id="lavrov-hamza-waw"),
        pytest.param("محمد جواد ظریف", "PERSON", id="zarif"),
        pytest.param("ایران", "LOCATION", id="iran"),
        pytest.param("روس", "LOCATION", id="russia"),
        pytest.param("تہران", "LOCATION", id="tehran"),
        pytest.param("ماسکو", "LOCATION", id="moscow"),
        pytest.param("واشنگٹن", "LOCATION", id="washington"),
        pytest.param("افغانستان", "LOCATION", id="afghanistan"),
        # The model misses ویانا (rare in the news, unseen in IL-NER); the gazetteer rule finds
        # it since place_types.tsv types Vienna as a place.
        pytest.param("ویانا", "LOCATION", id="vienna"),
        # آستانہ اجلاس 'the Astana meeting': a gazetteer place before an event noun with no
        # postposition (place_event, 2026-12-03).
        pytest.param("آستانہ", "LOCATION", id="astana-before-event-noun"),
        # سلامتی کونسل (the UN Security Council): the model misses it; it is a listed
        # organisation (data/organizations.tsv), which gazetteer_organization tags (2026-12-03).
        pytest.param("سلامتی کونسل", "ORGANIZATION", id="security-council"),
        pytest.param(
            "نطنز",
            "LOCATION",
            id="natanz",
            marks=pytest.mark.xfail(
                # No general rule finds it (benchmarks/NER.md, twelfth session): an unknown word
                # before a facility noun is half the time no place (ایئرمکس پلانٹس, اسکینرز کی
                # تنصیب); before a nuclear one it is, but that fires 4 times in the news.
                reason="Natanz is in no gazetteer; only its context (کی ایٹمی تنصیبات) says place",
                strict=True,
            ),
        ),
    ],
)
def test_seed_article_entities(seed: tuple[str, list[Entity]], name: str, kind: str) -> None:
    _, ents = seed
    assert any(e.text == name and e.type == kind for e in ents), [(e.text, e.type) for e in ents]


def test_seed_rouhani_gets_title_from_glued_dakter(seed: tuple[str, list[Entity]]) -> None:
    # صدرایران ڈاکٹرحسن روحانی: the tokenizer cuts ڈاکٹر|حسن; ڈاکٹر is the title, not the name.
    _, ents = seed
    assert any(e.text == "حسن روحانی" and e.type == "PERSON" and e.title == "ڈاکٹر" for e in ents)


def test_seed_every_rouhani_is_a_full_name(seed: tuple[str, list[Entity]]) -> None:
    text, ents = seed
    n = text.count("روحانی")
    assert sum(e.text.endswith("حسن روحانی") for e in ents if e.type == "PERSON") == n


def test_seed_titles_attached_not_included(seed: tuple[str, list[Entity]]) -> None:
    _, ents = seed
    people = [e for e in ents if e.type == "PERSON"]
    assert any(e.text == "سرگئی لاوروف" and e.title == "وزیر خارجہ" for e in people)
    for e in people:
        assert not e.text.startswith(("وزیر", "ڈاکٹر", "صدر")), e


def test_seed_offsets_slice_back(seed: tuple[str, list[Entity]]) -> None:
    text, ents = seed
    assert ents
    for e in ents:
        assert text[e.start : e.end] == e.text
        assert e.text == e.text.strip()
    assert [e.start for e in ents] == sorted(e.start for e in ents)


# -- titles -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        pytest.param("وزیر اعظم شہباز شریف نے کہا", "شہباز شریف", "وزیر اعظم", id="spaced-pm"),
        # The model finds no person here (names unseen in IL-NER); the title_person rule does.
        pytest.param(
            "چیف جسٹس قاضی فائز عیسیٰ نے کہا", "قاضی فائز عیسیٰ", "چیف جسٹس", id="chief-justice"
        ),
        pytest.param("مولانا فضل الرحمان نے کہا", "فضل الرحمان", "مولانا", id="maulana"),
        pytest.param("وزیر خارجہ اسحاق ڈار نے کہا", "اسحاق ڈار", "وزیر خارجہ", id="two-word-title"),
    ],
)
def test_title_attached_to_person(text: str, name: str, title: str) -> None:
    people = [e for e in recognize(text) if e.type == "PERSON"]
    assert [(e.text, e.title) for e in people] == [(name, title)]


def test_title_inside_predicted_span_is_moved_out(rec: Recognizer) -> None:
    # Force the situation by hand: a PERSON span that starts with a title word.
    words = ["جنرل", "عاصم", "منیر"]
    tags, titles = rec._fix_titles(words, ["B-PERSON", "I-PERSON", "I-PERSON"])
    assert tags == ["O", "B-PERSON", "I-PERSON"]
    assert titles == {1: (0, 1)}


def test_title_cut_in_two_by_the_model_is_moved_out_whole(rec: Recognizer) -> None:
    # The model's [سی] [ای او وسیم خان] (CEO): the title's head tagged as a body, its tail
    # taken into the name.  Forced by hand, as the model's own tags may change.
    words = ["پی", "سی", "بی", "کے", "سی", "ای", "او", "وسیم", "خان", "نے"]
    tags = ["B-ORGANIZATION", "I-ORGANIZATION", "I-ORGANIZATION", "O", "B-ORGANIZATION"]
    tags += ["B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "O"]
    fixed, titles = rec._fix_titles(words, list(tags))
    assert fixed[:4] == tags[:4]
    assert fixed[4:] == ["O", "O", "O", "B-PERSON", "I-PERSON", "O"]
    assert titles == {7: (4, 7)}


def test_title_head_left_untagged_keeps_the_name(rec: Recognizer) -> None:
    # وزیر [اعظم سواتی]: the model took اعظم as the name (Azam Swati, a minister), not as the
    # tail of وزیر اعظم 'prime minister'; only a head the model tagged apart is a cut title.
    words = ["وفاقی", "وزیر", "اعظم", "سواتی", "نے"]
    tags = ["O", "O", "B-PERSON", "I-PERSON", "O"]
    fixed, titles = rec._fix_titles(words, list(tags))
    assert fixed == tags
    assert titles == {2: (1, 2)}


def test_title_tail_that_is_no_name_is_moved_out_with_its_head(rec: Recognizer) -> None:
    # صدر [مملکت آصف علی زرداری]: the model took مملکت ('the state') into the name; no listed
    # person's name holds it, so the title صدر مملکت is left out whole (the shared news: 2 such
    # spans among 1,857 sentences with a title of several words, and nothing else changed)
    words = ["صدر", "مملکت", "آصف", "علی", "زرداری", "نے", "دستخط", "کیے"]
    tags = ["O", "B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "O", "O", "O"]
    fixed, titles = rec._fix_titles(words, list(tags))
    assert fixed == ["O", "O", "B-PERSON", "I-PERSON", "I-PERSON", "O", "O", "O"]
    assert titles == {2: (0, 2)}
    people = [
        (e.text, e.title)
        for e in recognize("صدر مملکت عارف علوی نے خطاب کیا")
        if e.type == "PERSON"
    ]
    assert people == [("عارف علوی", "صدر مملکت")]


def test_a_function_word_after_a_title_starts_no_name() -> None:
    # صدر مملکت ہی ...: 'only the president of the state can ...', not a person ہی ٹھوس وجوہات
    text = "صدر مملکت ہی ٹھوس وجوہات کی بنا پر بورڈ کو گھر بھجوا سکتے ہیں"
    assert [e.text for e in recognize(text) if e.type == "PERSON"] == []


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("غزل گائیک غلام علی کا کنسرٹ منسوخ", "غلام علی", "گائیک"),
        ("کامیڈین بھارتی سنگھ کی شادی کی تاریخ طے پا گئی", "بھارتی سنگھ", "کامیڈین"),
        ("اداکار دیو آنند نے 104 فلموں میں کام کیا", "دیو آنند", "اداکار"),
    ],
)
def test_an_occupation_before_a_name_is_its_title(text: str, name: str, title: str) -> None:
    # Sentences of the Express headlines where the model took the occupation into the name.
    people = [(e.text, e.title) for e in recognize(text) if e.type == "PERSON"]
    assert people == [(name, title)]


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        # the shared news: ریٹائرڈ after a title was read into the name (ریٹائرڈ محمد شعیب)
        (
            "اور جسٹس ریٹائرڈ تصدق حسین جیلانی کے نام پر غور کیا گیا",
            "تصدق حسین جیلانی",
            "جسٹس ریٹائرڈ",
        ),
        ("جرمن چانسلر انجیلا مرکل نے کہا", "انجیلا مرکل", "چانسلر"),
        # a title written with its space left out
        ("وزیرخزانہ اسحاق ڈار نے کہا کہ معیشت بہتر ہو رہی ہے", "اسحاق ڈار", "وزیرخزانہ"),
    ],
)
def test_retired_chancellor_and_glued_titles_are_titles(text: str, name: str, title: str) -> None:
    people = [(e.text, e.title) for e in recognize(text) if e.type == "PERSON"]
    assert people == [(name, title)]


@pytest.mark.parametrize(
    "text",
    [
        "وزیر داخلہ دہشت گردی کے واقعات پر قابو نہیں پا سکے",
        "سرمایہ کاری کانفرنس، وزیر خزانہ صدارت کرینگے، بڑے سرمایہ کار",
        "ریٹائرڈ ملازمین نے احتجاج کیا",
    ],
)
def test_common_words_after_a_title_are_no_person(text: str) -> None:
    # title_person: a slot of words the news uses often and no listed person's name holds
    assert [e.text for e in recognize(text) if e.type == "PERSON"] == []


def test_tag_tokens_never_tags_a_title_as_person() -> None:
    tags = tag_tokens(["ڈاکٹر", "عارف", "علوی", "نے", "کہا"])
    assert tags == ["O", "B-PERSON", "I-PERSON", "O", "O"]


def test_tag_tokens_rouhani_after_title() -> None:
    # The CRF + BiLSTM model alone finds no person in this bare sentence; title_person does.
    tags = tag_tokens(["ڈاکٹر", "حسن", "روحانی", "نے", "کہا"])
    assert tags == ["O", "B-PERSON", "I-PERSON", "O", "O"]
    assert tag_tokens(["صدر", "حسن", "روحانی", "نے", "کہا"])[1:3] == ["B-PERSON", "I-PERSON"]


def test_tag_tokens_two_word_name_after_title() -> None:
    # The model tags only بائیڈن (جو is also 'who'); title_extend adds the first name.
    assert tag_tokens(["صدر", "جو", "بائیڈن", "نے", "کہا"]) == [
        "O",
        "B-PERSON",
        "I-PERSON",
        "O",
        "O",
    ]


# -- pre-tokenized input and CoNLL I/O ---------------------------------------------------------


def test_tag_tokens_keeps_compounds_as_one_token() -> None:
    tags = tag_tokens(["وہ", "اتر_پردیش", "میں", "ہیں"])
    assert len(tags) == 4
    assert tags[1] == "B-LOCATION"


def test_tag_tokens_empty() -> None:
    assert tag_tokens([]) == []


def test_conll_tag_round_trip(dev: list[list[tuple[str, str]]], rec: Recognizer) -> None:
    sents = dev[:60]
    lines = []
    for s in sents:
        lines += [f"{w}\tX\tignored" for w, _ in s]
        lines.append("")
    out = list(conll_tag(lines))
    # Same tokens in the same order, one blank line per sentence, tags as tag_tokens gives.
    expected = []
    for s in sents:
        words = [w for w, _ in s]
        expected += [f"{w}\t{t}" for w, t in zip(words, rec.tag_tokens(words), strict=True)]
        expected.append("")
    assert out == expected
    back = [line.split("\t")[0] for line in out]
    assert back == [line.split("\t")[0] for line in lines]


def test_conll_tag_handles_missing_final_blank_and_extra_blanks() -> None:
    # One output line per input line: the output can be pasted beside the input.
    lines = ["", "لاہور", "", "", "کراچی"]
    out = list(conll_tag(lines))
    assert [line.split("\t")[0] for line in out] == lines
    assert out[1] == f"لاہور\t{tag_tokens(['لاہور'])[0]}"


def test_conll_tag_output_lines_up_with_any_input(rec: Recognizer) -> None:
    sentence = ["وزیر", "خارجہ", "سرگئی", "لاوروف", "نے", "ماسکو", "میں", "کہا"]
    tags = rec.tag_tokens(sentence)
    lines = [
        "# sent_id = 1",  # a CoNLL-U comment: passed through, not a token
        "#",
        *[f"{w}\tX\tY" for w in sentence[:4]],
        *[f"  {w}   X  " for w in sentence[4:]],  # spaces, not tabs, between columns
        "   ",  # whitespace only: a sentence break
        "",
        "\u00a0",
        "روس",
        "",
    ]
    out = list(conll_tag(lines))
    assert len(out) == len(lines)
    assert out[:2] == ["# sent_id = 1", "#"]
    assert out[2:10] == [f"{w}\t{t}" for w, t in zip(sentence, tags, strict=True)]
    assert out[10:13] == ["", "", ""]
    assert out[13] == f"روس\t{rec.tag_tokens(['روس'])[0]}"
    assert out[14] == ""


def test_conll_tag_takes_the_whole_tab_column() -> None:
    # A first column holding a space (or NBSP) is one token, read as its words by the model.
    for sep in (" ", "\u00a0"):
        out = list(conll_tag(["وزیر\tO", "اعظم\tO", f"شہباز{sep}شریف\tB-NEP", "نے\tO"]))
        assert out[2] == f"شہباز{sep}شریف\tB-PERSON"
    assert tag_tokens(["اسلام آباد", "میں"]) == [
        tag_tokens(["اسلام_آباد", "میں"])[0],
        "O",
    ]
    assert tag_tokens(["اسلام آباد", "میں"])[0] == "B-LOCATION"


def test_cli_conll_lines_up_with_crlf_and_line_separators() -> None:
    from typer.testing import CliRunner

    from akhbar.cli import app

    # CRLF ends, blank lines kept (two in a row, and after the last sentence); a U+2028 or
    # U+0085 inside a token is no line break.
    text = "روس\tX\r\nاور\tO\r\n\r\n\r\nماسکو\u2028x\tB\r\nمیں\u0085\tO\r\n\r\n"
    result = CliRunner().invoke(app, ["ner", "-", "--conll"], input=text.encode("utf-8"))
    assert result.exit_code == 0
    out = result.stdout.split("\n")
    assert out[-1] == ""  # the output ends with a line end
    lines = text.split("\r\n")
    assert len(out) == len(lines)
    assert [x.split("\t")[0] for x in out] == [x.split("\t")[0].strip() for x in lines]


def test_recognize_a_very_long_word_in_linear_time() -> None:
    # Hostile input: one 300,000-letter "word" took about a minute (the tokenizer tried every
    # cut of it against the lexicon, each cut copying the word); now well under a second.
    import time

    text = "ا" * 300_000 + " روس اور ایران"
    started = time.perf_counter()
    found = recognize(text)
    assert time.perf_counter() - started < 10
    assert [e.text for e in found][-1] == "ایران"
    assert all(text[e.start : e.end] == e.text for e in found)


@pytest.mark.parametrize(
    ("text", "place", "name", "title"),
    [
        ("وزیر اعلیٰ پنجاب مریم نواز نے کہا۔", "پنجاب", "مریم نواز", "وزیر اعلیٰ پنجاب"),
        ("گورنر سندھ کامران ٹیسوری نے کہا۔", "سندھ", "کامران ٹیسوری", "گورنر سندھ"),
        ("وزیراعظم پاکستان شہباز شریف نے کہا۔", "پاکستان", "شہباز شریف", "وزیراعظم پاکستان"),
    ],
)
def test_the_place_of_an_office_is_no_part_of_the_name(
    text: str, place: str, name: str, title: str
) -> None:
    found = [(e.text, e.type, e.title) for e in recognize(text)]
    assert (name, "PERSON", title) in found
    assert (place, "LOCATION", None) in found


def test_a_first_name_that_is_a_place_stays_in_the_name() -> None:
    # Giorgia Meloni: جارجیا is also Georgia, but a one-word name is never left.
    people = [e.text for e in recognize("وزیر اعظم جارجیا میلونی نے کہا۔") if e.type == "PERSON"]
    assert people == ["جارجیا میلونی"]


def test_invisible_marks_neither_hide_a_title_nor_edge_an_entity() -> None:
    # Scraped text carries right-to-left marks and embeddings around words.
    plain = "صدر پیوٹن نے روس اور ایران کا دورہ کیا"
    marked = "\u200fصدر\u200f پیوٹن\u200f نے \u202bروس\u202c اور ایران\u200e کا دورہ کیا"
    want = [(e.text, e.type, e.title) for e in recognize(plain)]
    assert ("پیوٹن", "PERSON", "صدر") in want
    found = recognize(marked)
    assert [(e.text, e.type, e.title) for e in found] == want
    assert all(marked[e.start : e.end] == e.text for e in found)


def test_recognize_tags_a_long_text_in_bounded_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    # The model holds ~7 kB a token of scores: 1 MB of text took 1.9 GB when all its
    # sentences (or one endless sentence) were tagged at once.
    from akhbar.entities import ner

    rec = Recognizer()
    sizes: list[tuple[int, int]] = []
    tag = rec.tag_sentences

    def spy(sents: list[list[str]]) -> list[list[str]]:
        sizes.append((sum(map(len, sents)), max(map(len, sents), default=0)))
        return tag(sents)

    monkeypatch.setattr(rec, "tag_sentences", spy)
    sentence = "وزیر خارجہ سرگئی لاوروف نے ماسکو میں ایران کے بارے میں کہا۔ "
    text = sentence * 4000  # about 50,000 tokens
    found = rec.recognize(text)
    assert len(sizes) > 1
    assert max(total for total, _ in sizes) <= ner.MAX_BATCH_TOKENS
    # Batching changes nothing: every sentence gets what it gets alone.
    one = [(e.start, e.end, e.type, e.title) for e in rec.recognize(sentence)]
    n = len(sentence)
    assert len(found) == 4000 * len(one)
    assert all((e.start % n, e.end % n or n, e.type, e.title) in one for e in found)

    sizes.clear()
    endless = "روس اور ایران " * 5000  # 15,000 tokens, no sentence end
    found = rec.recognize(endless)
    assert max(longest for _, longest in sizes) <= ner.MAX_SENTENCE_TOKENS
    assert all(endless[e.start : e.end] == e.text for e in found)


def test_tag_tokens_of_an_endless_sentence_in_bounded_pieces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A CoNLL "sentence" of 150,000 tokens (no blank line) took 1.8 GB.
    from akhbar.entities import ner

    rec = Recognizer()
    longest: list[int] = []
    tag = rec.tag_sentences

    def spy(sents: list[list[str]]) -> list[list[str]]:
        longest.append(max(map(len, sents), default=0))
        return tag(sents)

    monkeypatch.setattr(rec, "tag_sentences", spy)
    sentence = ["وزیر", "خارجہ", "سرگئی", "لاوروف", "نے", "ماسکو", "میں", "کہا", "،"]
    tokens = sentence * 1000
    tags = rec.tag_tokens(tokens)
    assert len(tags) == len(tokens)
    assert max(longest) <= ner.MAX_SENTENCE_TOKENS
    # Away from the cuts, every repeat is tagged as the sentence alone.
    alone = rec.tag_tokens(sentence)
    assert tags[: len(sentence)] == alone
    assert tags[-len(sentence) :] == alone


# -- properties --------------------------------------------------------------------------------

WORDS = [
    "ایران",
    "روس",
    "کے",
    "وزیر",
    "خارجہ",
    "سرگئی",
    "لاوروف",
    "نے",
    "۲۰۲۱",
    "ماسکو",
    "میں",
    "کہا",
]
SEPS = [" ", "  ", "\u00a0", "، ", "۔ ", "\n\n", ""]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPS)), max_size=25))
def test_entities_always_slice_back(parts: list[tuple[str, str]]) -> None:
    text = "".join(w + s for w, s in parts)
    ents = recognize(text)
    for e in ents:
        assert text[e.start : e.end] == e.text
        assert 0 <= e.start < e.end <= len(text)
        if e.title is not None:
            assert e.type == "PERSON"
            assert e.title in text[: e.start]


@pytest.mark.parametrize(
    ("words", "tags"),
    [
        # the model's person is a title and a place: the office's place, its holder unnamed
        (["صدر", "امریکا", "نے"], ["B-PERSON", "I-PERSON", "O"]),
        (["امیر", "کویت", "نے"], ["O", "B-PERSON", "O"]),
    ],
)
def test_a_place_after_a_title_alone_is_a_place(
    rec: Recognizer, words: list[str], tags: list[str]
) -> None:
    fixed, titles = rec._fix_titles(words, list(tags))
    assert fixed == ["O", "B-LOCATION", "O"]
    assert titles == {}


def test_a_place_after_a_title_that_is_a_listed_surname_stays_a_person(rec: Recognizer) -> None:
    # وزیراعظم کیمرون is David Cameron (listed), not Cameroon
    fixed, titles = rec._fix_titles(["وزیراعظم", "کیمرون", "نے"], ["O", "B-PERSON", "O"])
    assert fixed == ["O", "B-PERSON", "O"]
    assert titles == {1: (0, 1)}
