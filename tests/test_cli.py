"""The command line, end to end through typer's runner and once through the real console script."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from akhbar import cli
from akhbar.cli import app

SEED = Path(__file__).resolve().parents[1] / "akhbar" / "demo" / "news" / "seed.txt"
runner = CliRunner()


def run(*args: str, input: bytes | str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_normalize_reads_stdin_and_maps_arabic_letters() -> None:
    # Arabic-keyboard yeh/kaf and Persian digits become Urdu letters and ASCII digits.
    code, out, _ = run("normalize", "-", input="كيا ۲۰۲۱")
    assert code == 0
    assert out == "کیا 2021\n"


def test_normalize_keyboard_puts_back_letters_an_arabic_layout_lacks() -> None:
    # Line by line: the first was typed on an Arabic layout (no پ ٹ ے keys), the second on an
    # Urdu keyboard (its ے says so) and keeps its words.
    typed = "باكستان كي تيم ني دالر\nکب تک ٹیم بنے گی\n"
    code, out, _ = run("normalize", "-", "--keyboard", input=typed)
    assert code == 0
    assert out == "پاکستان کی ٹیم نے ڈالر\nکب تک ٹیم بنے گی\n"
    code, out, _ = run("normalize", "-", input=typed)
    assert out.splitlines()[0] == "باکستان کی تیم نی دالر"


def test_tokenize_conllu_on_seed() -> None:
    code, out, _ = run("tokenize", str(SEED), "--format", "conllu")
    assert code == 0
    blocks = [b for b in out.strip().split("\n\n") if b]
    texts = [line for line in out.splitlines() if line.startswith("# text = ")]
    assert len(texts) == len(blocks)
    # The dateline and the headline are sentences of their own.
    assert texts[0] == "# text = Apr ۱۳, ۲۰۲۱ ۱۹:۵۶ Asia/Tehran"
    assert texts[1].startswith("# text = • ایران روس")
    # Every block's FORMs, joined as SpaceAfter says, give back its # text line exactly.
    for block in blocks:
        lines = block.splitlines()
        text = next(x for x in lines if x.startswith("# text = "))[len("# text = ") :]
        rebuilt = []
        for row in (x.split("\t") for x in lines if not x.startswith("#")):
            rebuilt.append(row[1] + ("" if "SpaceAfter=No" in row[9] else " "))
        assert "".join(rebuilt).rstrip() == text
    # Run-together words are split; the first part has SpaceAfter=No.
    rows = [x.split("\t") for x in out.splitlines() if x and not x.startswith("#")]
    forms = [r[1] for r in rows]
    i = forms.index("ڈاکٹر")
    assert forms[i + 1] == "حسن"
    assert "SpaceAfter=No" in rows[i][9]
    # The normalized form is in MISC when it differs: Persian digits become ASCII.
    assert any(r[1] == "۲۰۲۱" and "Norm=2021" in r[9] for r in rows)
    # The NBSP-only line makes no sentence.
    assert all(t[len("# text = ") :].strip() for t in texts)


def test_tokenize_text_format_separates_paragraphs() -> None:
    code, out, _ = run(
        "tokenize", "-", "--format", "text", input="پہلا جملہ۔ دوسرا جملہ۔\n\nنیا پیرا"
    )
    assert code == 0
    assert out == "پہلا جملہ ۔\nدوسرا جملہ ۔\n\nنیا پیرا\n"


def test_tokenize_jsonl_offsets_point_into_the_input() -> None:
    text = "صدرایران نے کہا۔"
    code, out, _ = run("tokenize", "-", "--format", "jsonl", input=text)
    assert code == 0
    for line in out.splitlines():
        rec = json.loads(line)
        for tok in rec["tokens"]:
            assert text[tok["start"] : tok["end"]] == tok["text"]


def test_analyze_json_on_seed_finds_dateline_and_number_words() -> None:
    code, out, _ = run("analyze", str(SEED), "--json")
    assert code == 0
    d = json.loads(out)
    assert d["language"]["lang"] == "ur"
    assert "2021-04-13T19:56:00+04:30" in [x["value"] for x in d["dates"]]
    assert 2231 in [x["value"] for x in d["numbers"]]


def test_analyze_human_output() -> None:
    code, out, _ = run("analyze", str(SEED))
    assert code == 0
    assert "language" in out
    assert "ur" in out


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("\ufeffپاکستان زندہ باد".encode("utf-16-le"))
    code, out, _ = run("normalize", str(path))
    assert code == 0
    assert out == "پاکستان زندہ باد\n"


def test_invalid_utf8_names_file_and_position(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes("پاکستان".encode() + b"\xff\xfe\x00junk" + b"\x00" * 40)
    code, _, err = run("tokenize", str(path))
    assert code == 2
    assert "bad.txt" in err
    assert "byte" in err


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = run("analyze", str(tmp_path / "nope.txt"))
    assert code == 2
    assert "nope.txt" in err


@pytest.mark.parametrize("encoding", ["cp1256", "utf-8"])
def test_encoding_override(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "enc.txt"
    path.write_bytes("خبر".encode(encoding))
    code, out, _ = run("normalize", str(path), "--encoding", encoding)
    assert code == 0
    assert out == "خبر\n"


def test_console_script_is_installed() -> None:
    exe = Path(sys.executable).parent / "akhbar"
    proc = subprocess.run(
        [str(exe), "normalize", "-"], input="ي".encode(), capture_output=True, check=False
    )
    assert proc.returncode == 0
    assert proc.stdout.decode("utf-8") == "ی\n"


def _blas_threads_after_main(env_value: str | None) -> int:
    """numpy's BLAS threads in a fresh process that ran the console entry point (its command
    replaced by nothing) and then imported numpy, with OPENBLAS_NUM_THREADS as given."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if env_value is not None:
        env["OPENBLAS_NUM_THREADS"] = env_value
    code = (
        "import sys; from akhbar import cli; assert 'numpy' not in sys.modules; "
        "cli.app = lambda: None; cli.main(); "
        "from threadpoolctl import threadpool_info; import numpy; "
        "print([p['num_threads'] for p in threadpool_info() if p['user_api'] == 'blas'][0])"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=True, env=env, text=True
    )
    return int(proc.stdout.strip())


def test_console_script_runs_blas_on_one_thread_unless_told() -> None:
    # A started OpenBLAS thread busy-waits after its work: the commands use one unless the
    # environment asks for more.
    assert _blas_threads_after_main(None) == 1
    assert _blas_threads_after_main("2") == 2


def test_ner_json_offsets_and_titles() -> None:
    code, out, _ = run("ner", str(SEED), "--json")
    assert code == 0
    entities = json.loads(out)
    text = SEED.read_text(encoding="utf-8")
    for e in entities:
        assert text[e["start"] : e["end"]] == e["text"]
    people = [e for e in entities if e["type"] == "PERSON"]
    assert any("روحانی" in e["text"] and e["title"] == "ڈاکٹر" for e in people)
    assert any("لاؤروف" in e["text"] for e in people)


def test_ner_conll_one_tag_per_token_line() -> None:
    conll = "روس\tNNP\nکے\nوزیر\nخارجہ\nسرگئی\nلاؤروف\n\nماسکو\n"
    code, out, _ = run("ner", "-", "--conll", input=conll)
    assert code == 0
    lines = out.split("\n")
    tokens = [x.split("\t")[0] for x in lines if x]
    assert tokens == ["روس", "کے", "وزیر", "خارجہ", "سرگئی", "لاؤروف", "ماسکو"]
    tags = [x.split("\t")[1] for x in lines if x]
    assert all(t == "O" or t[:2] in {"B-", "I-"} for t in tags)
    assert tags[-1] == "B-LOCATION"
    # The blank line between sentences is kept.
    assert lines[6] == ""


def test_eval_retrieval_command(tmp_path: Path) -> None:
    # Each seed paragraph is a document; its first words are the known-item query.
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n")[1:] if len(p) > 200]
    docs = tmp_path / "docs.jsonl"
    queries = tmp_path / "queries.jsonl"
    docs.write_text(
        "".join(json.dumps({"id": f"p{i}", "text": p}) + "\n" for i, p in enumerate(paragraphs)),
        encoding="utf-8",
    )
    queries.write_text(
        "".join(
            json.dumps({"qid": f"q{i}", "query": " ".join(p.split()[:8]), "target": f"p{i}"}) + "\n"
            for i, p in enumerate(paragraphs)
        ),
        encoding="utf-8",
    )
    code, out, err = run(
        "eval", "retrieval", "--docs", str(docs), "--queries", str(queries), "--json"
    )
    assert code == 0, err
    report = json.loads(out)
    assert report["queries"] == len(paragraphs)
    assert report["metrics"]["mrr@10"] > 0.8
    code, _, err = run(
        "eval", "retrieval", "--docs", str(tmp_path / "no.jsonl"), "--queries", str(queries)
    )
    assert code == 2
    assert "no.jsonl" in err
    # A folder for a file, and a file without queries: errors, not figures.
    code, _, err = run("eval", "retrieval", "--docs", str(tmp_path), "--queries", str(queries))
    assert code == 2
    assert f"{tmp_path}: not a file" in err
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    code, out, err = run("eval", "retrieval", "--docs", str(docs), "--queries", str(empty))
    assert code == 2, out
    assert "empty.jsonl: no queries" in err


def test_eval_retrieval_names_bad_lines_and_goes_on(tmp_path: Path) -> None:
    # One malformed query line aborted the whole run ("q.jsonl:2: not JSON"), figures lost.
    docs = tmp_path / "docs.jsonl"
    queries = tmp_path / "q.jsonl"
    texts = ["لاہور میں بارش ہوئی اور موسم خوشگوار ہو گیا۔", "کراچی میں گرمی کی شدید لہر جاری ہے۔"]
    good_docs = [json.dumps({"id": f"d{i}", "text": t}) for i, t in enumerate(texts)]
    docs.write_text("\n".join([good_docs[0], "{oops", good_docs[1], "[1]"]) + "\n", "utf-8")
    good_queries = [
        json.dumps({"qid": "1", "query": "بارش", "target": "d0"}),
        json.dumps({"qid": "2", "query": "گرمی", "target": "d1"}),
    ]
    lines = [good_queries[0], "{bad", '{"qid": "3", "query": "x"}', good_queries[1]]
    queries.write_text("\n".join(lines) + "\n", "utf-8")
    code, out, err = run(
        "eval", "retrieval", "--docs", str(docs), "--queries", str(queries), "--json"
    )
    assert code == 0, err
    report = json.loads(out)
    assert report["queries"] == 2
    assert report["stored"] == 2
    assert [s.partition(": ")[0] for s in report["skipped_queries"]] == [
        f"{queries}:line 2",
        f"{queries}:line 3",
    ]
    assert [s.partition(": ")[0] for s in report["skipped_docs"]] == [
        f"{docs}:line 2",
        f"{docs}:line 4",
    ]
    for line in report["skipped_queries"] + report["skipped_docs"]:
        assert f"akhbar: warning: {line}\n" in err
    assert "query line lacks target" in report["skipped_queries"][1]
    code, out, err = run("eval", "retrieval", "--docs", str(docs), "--queries", str(queries))
    assert code == 0, err
    assert "2 malformed query lines skipped" in out
    assert "2 document lines rejected" in out
    queries.write_text("\n".join([*good_queries, "{bad"]) + "\n", "utf-8")
    code, out, err = run("eval", "retrieval", "--docs", str(docs), "--queries", str(queries))
    assert code == 0, err
    assert "1 malformed query line skipped" in out  # (not "1 ... lines")


# ---- hostile stores: show, stats, export ----------------------------------------------------

HOSTILE_SOURCE = "[/]"  # rich markup that closes nothing
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m"  # terminal title, clear screen, C1 CSI


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-hostile")
    rows = [
        {
            "id": "esc/1",
            "source": HOSTILE_SOURCE,
            "title": f"عنوان {ESCAPES}",
            "text": f"پہلا پیراگراف {ESCAPES} لاہور کی خبر۔",
        },
        {"id": "plain", "source": "[bold red]red[/bold red]", "text": "کراچی کی ایک اور خبر۔"},
    ]
    src = folder / "hostile.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = folder / "h.db"
    code, _, err = run("ingest", str(src), "--db", str(db))
    assert code == 0, err
    return db


def test_show_never_writes_terminal_escapes(hostile_db: Path) -> None:
    code, out, err = run("show", "esc/1", "--db", str(hostile_db))
    assert code == 0, err
    assert "عنوان" in out
    assert "پہلا پیراگراف" in out
    assert not any(c in out for c in "\x1b\x07\x9b"), repr(out)
    code, out, _ = run("show", "esc/1", "--db", str(hostile_db), "--json")
    assert code == 0
    assert ESCAPES in json.loads(out)["title"]  # the data itself is kept as stored
    # The entity page lists the article's title among its latest.
    code, out, err = run("entity", "لاہور", "--db", str(hostile_db))
    assert code == 0, err
    assert "esc/1" in out
    assert not any(c in out for c in "\x1b\x07\x9b"), repr(out)


def test_stats_shows_source_names_as_text(hostile_db: Path) -> None:
    code, out, err = run("stats", "--db", str(hostile_db))
    assert code == 0, err
    assert "Traceback" not in out + err
    assert HOSTILE_SOURCE in out
    assert "[bold red]red[/bold red]" in out


def test_stats_shows_the_published_days_and_json_the_instants(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    code, _, err = run("ingest", str(SEED), "--db", db)
    assert code == 0, err
    code, out, err = run("stats", "--db", db)
    assert code == 0, err
    # the seed's dateline: 13 April 2021, 19:56 in Tehran (+04:30) = 15:26 UTC
    assert "published 2021-04-13 … 2021-04-13 (UTC)" in out
    code, out, _ = run("stats", "--db", db, "--json")
    assert json.loads(out)["published_first_utc"].startswith("2021-04-13T15:26:00")


def test_stats_writes_the_instants_as_export_does(tmp_path: Path) -> None:
    # stats wrote the store's sort key (`2020-01-02T00:00:00.000000+00:00`) where show and
    # export write ISO 8601 without the microseconds.
    db = str(tmp_path / "s.db")
    src = tmp_path / "in.jsonl"
    rows = [
        {"id": "a", "text": "پہلی خبر کا متن۔", "published": "2020-01-02"},
        {"id": "b", "text": "دوسری خبر کا متن۔", "published": "2021-04-13T07:46:40.5+05:00"},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code, _, err = run("ingest", str(src), "--db", db, "--no-entities")
    assert code == 0, err
    code, out, err = run("export", "-", "--db", db)
    assert code == 0, err
    exported = sorted(json.loads(line)["published_utc"] for line in out.splitlines())
    code, out, err = run("stats", "--db", db, "--json")
    assert code == 0, err
    stats = json.loads(out)
    assert [stats["published_first_utc"], stats["published_last_utc"]] == exported
    assert exported == ["2020-01-02T00:00:00+00:00", "2021-04-13T02:46:40+00:00"]


def _dated_rows(folder: Path) -> Path:
    """A CSV of three dated rows (real Geo Urdu text: the ingest keeps text of two sentences
    and more) and the seed, whose dateline writes its zone (Asia/Tehran)."""
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    sentences = [s.strip() + "۔" for s in SEED.read_text(encoding="utf-8").split("۔")[2:8]]
    rows = [
        ("ٹائم زون کے بغیر", "2024-06-05 10:15", " ".join(sentences[0:2])),
        ("صرف تاریخ", "5 جون 2024", " ".join(sentences[2:4])),
        ("اپنا زون", "2024-06-05T10:15:00+00:00", " ".join(sentences[4:6])),
    ]
    path = folder / "rows.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([("title", "date", "content"), *rows])
    return folder


@pytest.mark.parametrize(
    ("zone", "offset"), [("Asia/Karachi", timedelta(hours=5)), ("-03:30", timedelta(hours=-3.5))]
)
def test_ingest_timezone_is_the_zone_of_dates_written_without_one(
    tmp_path: Path, zone: str, offset: timedelta
) -> None:
    from akhbar.store import Store

    src = _dated_rows(tmp_path / "in")
    db = tmp_path / "tz.db"
    code, _, err = run("ingest", str(src), "--db", str(db), "--no-entities", "--timezone", zone)
    assert code == 0, err
    with Store.open(db) as store:
        got = {a.title: a.published for a in store.iter_articles()}
    assert len(got) == 4
    for title, naive in (("ٹائم زون کے بغیر", datetime(2024, 6, 5, 10, 15)),
                         ("صرف تاریخ", datetime(2024, 6, 5))):  # fmt: skip
        value = got[title]
        assert value is not None
        assert value.utcoffset() == offset
        assert value.replace(tzinfo=None) == naive
    # a zone written with the date wins over --timezone
    own = got["اپنا زون"]
    assert own is not None
    assert own.utcoffset() == timedelta(0)
    seed = next(v for k, v in got.items() if k not in ("ٹائم زون کے بغیر", "صرف تاریخ", "اپنا زون"))
    assert seed is not None
    assert seed.utcoffset() == timedelta(hours=4.5)
    # parse reads with the same option
    code, out, err = run("parse", str(src / "rows.csv"), "--timezone", zone)
    assert code == 0, err
    first = datetime.fromisoformat(json.loads(out)[0]["published"])
    assert first.utcoffset() == offset


def test_ingest_without_timezone_takes_utc(tmp_path: Path) -> None:
    src = _dated_rows(tmp_path / "in")
    code, out, err = run("parse", str(src / "rows.csv"))
    assert code == 0, err
    assert json.loads(out)[0]["published"] == "2024-06-05T10:15:00+00:00"


@pytest.mark.parametrize(
    "zone", ["Asia/Nowhere", "PST", "+25:00", "../../etc/passwd", "", "\udcff"]
)
def test_a_bad_timezone_is_refused_before_anything_is_read(tmp_path: Path, zone: str) -> None:
    src = _dated_rows(tmp_path / "in")
    db = tmp_path / "never.db"
    for args in (["ingest", str(src), "--db", str(db)], ["parse", str(src / "rows.csv")]):
        code, out, err = run(*args, "--timezone", zone)
        assert code == 2, (args, err)
        assert err.startswith("akhbar: error: --timezone "), err
        assert "not a time zone" in err
        assert "Traceback" not in err
        assert out == ""
    assert not db.exists()


def test_annotate_if_outdated_runs_only_after_an_upgrade(tmp_path: Path) -> None:
    from akhbar.store import Store

    db = str(tmp_path / "a.db")
    code, _, err = run("ingest", str(SEED), "--db", db)
    assert code == 0, err
    # annotated by this akhbar already: nothing to do, and the counts of the store
    code, out, err = run("annotate", "--db", db, "--if-outdated", "--json")
    assert code == 0, err
    done = json.loads(out)
    assert done["current"] is True
    assert done["articles"] == 0
    assert done["entities"] > 0
    assert done["mentions"] > 0
    code, _, err = run("annotate", "--db", db, "--if-outdated")
    assert code == 0
    assert "nothing to do" in err
    # as a store annotated by an older akhbar records it: the article is annotated again
    with Store.open(Path(db)) as store:
        store.connection.execute("UPDATE entity_model SET annotation = 'older'")
    code, out, err = run("annotate", "--db", db, "--if-outdated", "--json")
    assert code == 0, err
    again = json.loads(out)
    assert again["articles"] == 1
    assert again["current"] is False
    code, out, _ = run("stats", "--db", db, "--json")
    assert not json.loads(out)["entities_annotation"]["warning"]


def test_export_to_a_folder_or_a_missing_folder_is_a_clear_error(
    hostile_db: Path, tmp_path: Path
) -> None:
    for target, fmt in [
        (str(tmp_path), "jsonl"),
        (str(tmp_path / "no" / "such" / "x.jsonl"), "jsonl"),
        (str(tmp_path), "parquet"),
        # a folder not made yet: the export was written to a file of its name
        (f"{tmp_path}/new/", "jsonl"),
        (f"{tmp_path}/new/", "parquet"),
    ]:
        code, _, err = run("export", target, "--db", str(hostile_db), "--format", fmt)
        assert code == 2, (target, fmt, err)
        assert "Traceback" not in err
        assert err.startswith("akhbar: error: "), err
        assert target in err, err
    assert not (tmp_path / "new").exists()


def test_export_never_writes_over_the_store(tmp_path: Path) -> None:
    # `akhbar export --db a.db a.db` (a slip of the arguments) truncated the store to nothing.
    db = tmp_path / "a.db"
    code, _, err = run("ingest", str(SEED), "--db", str(db), "--no-entities")
    assert code == 0, err
    (tmp_path / "link.db").symlink_to(db)
    os.link(db, tmp_path / "hard.db")
    before = db.read_bytes()
    for target in [db, tmp_path / "link.db", tmp_path / "hard.db", tmp_path / "x" / ".." / "a.db",
                   tmp_path / "a.db-wal", tmp_path / "a.db.index" / "x.jsonl"]:  # fmt: skip
        for fmt in ("jsonl", "parquet"):
            code, _, err = run("export", str(target), "--db", str(db), "--format", fmt)
            assert code == 2, (target, fmt, err)
            assert err.startswith(f"akhbar: error: {target}: is the store"), err
    assert db.read_bytes() == before
    code, out, err = run("stats", "--db", str(db), "--json")
    assert code == 0, err
    assert json.loads(out)["articles"] == 1
    code, _, err = run("export", str(tmp_path / "out.jsonl"), "--db", str(db))
    assert code == 0, err
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").count("\n") == 1


def test_arguments_that_are_not_utf8_are_clear_errors(hostile_db: Path, tmp_path: Path) -> None:
    # On Linux an argument may hold any bytes; Python passes the invalid ones as lone
    # surrogates (U+DC80-U+DCFF), which no store, query or terminal can take as text.
    bad = "\udcff"
    db = ["--db", str(hostile_db)]
    for args in [
        ["show", bad, *db],
        ["entity", bad, *db],
        ["search", bad, *db],
        ["search", "--batch", str(tmp_path / bad), *db],
        ["export", str(tmp_path / "no" / bad), *db],
    ]:
        code, out, err = run(*args)
        assert code in (1, 2), (args, code, out, err)
        assert err.startswith("akhbar: error: "), (args, err)
        assert "Traceback" not in err


# ---- another program's database as --db: refused, left as it was ---------------------------


def test_ingest_names_and_options_that_are_not_utf8(tmp_path: Path) -> None:
    # A file named in a legacy code page (unzipped from Windows) given as an argument: the run
    # was refused with "'utf-8' codec can't encode character '\\udcff'", though the same file
    # in a folder is read.  A --source of such bytes is refused clearly, before any run.
    name = tmp_path / "خبر\udcff.txt"
    shutil.copy(SEED, name)
    db = str(tmp_path / "a.db")
    code, out, err = run("ingest", str(name), "--db", db, "--no-entities", "--json")
    assert code == 0, err
    assert json.loads(out)["stored"] == 1
    for args in (["--source", "\udcff"], ["--map", "text=\udcff"]):
        for command in ("ingest", "parse"):
            code, _, err = run(
                command, str(SEED), *args, *(["--db", db] if command == "ingest" else [])
            )
            assert code == 2, (command, args, err)
            assert err.startswith(f"akhbar: error: {args[0]} "), err
            assert "not UTF-8 text" in err
    code, out, _ = run("stats", "--db", db, "--json")
    assert json.loads(out)["runs"] == 1


@pytest.mark.parametrize(
    "command",
    [
        ["ingest", "{src}", "--no-entities"],
        ["ingest", "{src}", "--engine", "ray"],  # refused before the pipeline runs
        ["build", "--from-parquet", "{folder}"],
        ["annotate"],
        ["index"],
        ["index", "--rebuild"],
        ["stats"],
        ["search", "خبر"],
    ],
)
@pytest.mark.parametrize("via", ["--db", "$AKHBAR_DB"])
def test_another_programs_database_is_refused_and_left_byte_for_byte(
    tmp_path: Path, command: list[str], via: str
) -> None:
    import sqlite3

    theirs = tmp_path / "their app.sqlite"
    with sqlite3.connect(theirs) as raw:
        raw.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        raw.execute("INSERT INTO invoices (total) VALUES (9.5)")
    raw.close()
    src = tmp_path / "news.jsonl"
    src.write_text(json.dumps({"id": "1", "text": "ایک خبر۔"}) + "\n", encoding="utf-8")
    before = {f.name: f.read_bytes() for f in tmp_path.iterdir()}
    args = [a.format(src=src, folder=tmp_path) for a in command]
    if via == "--db":
        result = runner.invoke(app, [*args, "--db", str(theirs)])
    else:
        result = runner.invoke(app, args, env={"AKHBAR_DB": str(theirs)})
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert result.stderr.startswith(f"akhbar: error: {theirs}: not an akhbar store"), result.stderr
    assert "another program's SQLite database" in result.stderr
    assert {f.name: f.read_bytes() for f in tmp_path.iterdir()} == before  # no -wal, no .index


def test_the_list_of_commands_gives_each_its_summary_on_one_line() -> None:
    # Each command's row in `akhbar --help` is the first paragraph of its docstring as one
    # line (a wide terminal): not broken where the docstring's source lines break.
    import inspect

    result = runner.invoke(app, ["--help"], env={"COLUMNS": "1000"})
    assert result.exit_code == 0
    rows = {
        line.strip("│ ").split(" ", 1)[0]: line.strip("│ ").split(" ", 1)[1].strip()
        for line in result.stdout.splitlines()
        if line.startswith("│ ") and not line.startswith("│ -")
    }
    for name in ("search", "stats", "reanalyze", "eval"):
        command = next(
            (c for c in app.registered_commands if c.callback and c.callback.__name__ == name),
            None,
        )
        doc = command.callback.__doc__ if command and command.callback else None
        summary = (
            " ".join(inspect.cleandoc(doc).split("\n\n")[0].split())
            if doc
            else "Measure quality on your own data."
        )
        assert rows.get(name) == summary, name
    assert len(rows["search"]) < 300  # (the syntax; the retries are told by `search --help`)


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_an_interrupted_export_leaves_no_half_written_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    # Ctrl-C in the middle of an export left the rows written so far under the name asked
    # for, a file that looked complete (and an older export there was already truncated).
    import akhbar.export

    db = tmp_path / "a.db"
    rows = [{"id": f"n{i}", "text": f"خبر نمبر {i} کا متن یہاں ہے۔"} for i in range(30)]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code, _, err = run("ingest", str(src), "--db", str(db), "--no-entities")
    assert code == 0, err
    out = tmp_path / "out" / f"corpus.{fmt}"
    out.parent.mkdir()
    code, _, err = run("export", str(out), "--db", str(db), "--format", fmt)
    assert code == 0, err
    before = out.read_bytes()
    real = akhbar.export.record
    seen: list[str] = []

    def interrupted(article: akhbar.export.Article, **kw: Any) -> dict[str, object]:
        seen.append(article.id)
        if len(seen) == 20:
            raise KeyboardInterrupt
        return real(article, **kw)

    monkeypatch.setattr(akhbar.export, "record", interrupted)
    for target in (out, out.with_name(f"new.{fmt}")):
        seen.clear()
        code, _, err = run("export", str(target), "--db", str(db), "--format", fmt)
        assert code == 130, err
        assert "interrupted" in err
        assert len(seen) == 20
    assert out.read_bytes() == before  # the older export is kept whole
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # nothing else left
    monkeypatch.setattr(akhbar.export, "record", real)
    longest = out.with_name("خ" * 120 + f".{fmt}")  # 248 bytes: a name the system takes
    code, _, err = run("export", str(longest), "--db", str(db), "--format", fmt)
    assert code == 0, err
    assert longest.stat().st_size > 0


def test_tokenize_memory_stays_that_of_the_text() -> None:
    # `akhbar tokenize` made every sentence's tokens and output lines before writing one:
    # 5 MB of news took 900 MB.  Written a sentence at a time, the peak is the text's own
    # (the runner keeps the output in memory too: about the text's size in --format text).
    import tracemalloc

    from akhbar.text.segment import segment

    paragraph = max(SEED.read_text(encoding="utf-8").split("\n\n"), key=len).strip()
    text = "\n\n".join([paragraph] * (300_000 // len(paragraph)))
    tracemalloc.start()
    try:
        code, out, err = run("tokenize", "-", "--format", "text", input=text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 0, err
    assert len([line for line in out.splitlines() if line]) == len(segment(text))
    assert peak < 30 * len(text.encode()), (peak, len(text))  # it was 50 times


def test_export_to_a_pipe_closed_early_stops_quietly(tmp_path: Path) -> None:
    # `akhbar export | head` printed "akhbar: error: -: cannot write: Broken pipe" as if the
    # export had failed; a reader that has read enough is no error.
    db = tmp_path / "a.db"
    rows = [{"id": f"n{i}", "text": f"خبر نمبر {i} کا متن یہاں ہے۔ " * 20} for i in range(400)]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code, _, err = run("ingest", str(src), "--db", str(db), "--no-entities")
    assert code == 0, err
    exe = Path(sys.executable).parent / "akhbar"
    proc = subprocess.Popen(
        [str(exe), "export", "-", "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # as `head -1` does
    err = proc.stderr.read().decode("utf-8")
    proc.wait(timeout=60)
    assert json.loads(first)["id"] == "n0"
    assert "error" not in err, err
    assert "Traceback" not in err, err


def test_stats_counts_the_articles_of_each_quality_flag(tmp_path: Path) -> None:
    # A corpus builder could not learn from `akhbar stats` that most of a store is flagged
    # (on the shared news, 72,391 of 76,604 articles too_short): the flags were nowhere.
    from akhbar.store import Store

    db = tmp_path / "a.db"
    long = " ".join(f"لفظ{i}" for i in range(60)) + "۔"
    rows = [
        {"id": "short", "text": "ایک مختصر خبر۔"},
        {"id": "long", "text": long},
        {"id": "english", "text": "An English text about the weather in Lahore today."},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code, _, err = run("ingest", str(src), "--db", str(db), "--no-entities")
    assert code == 0, err
    code, out, err = run("stats", "--db", str(db), "--json")
    assert code == 0, err
    counted = json.loads(out)["flags"]
    expected: dict[str, int] = {}
    with Store.open(db, readonly=True) as store:
        for article in store.iter_articles():
            for flag in store.flags(article.id) or ():
                expected[flag] = expected.get(flag, 0) + 1
    assert counted == expected
    assert expected["too_short"] >= 2
    assert "not_urdu" in expected
    code, out, err = run("stats", "--db", str(db))
    assert code == 0, err
    assert "too_short" in out
    for article_id in ("short", "long"):  # and `akhbar show` says which an article has
        code, out, err = run("show", article_id, "--db", str(db), "--json")
        assert code == 0, err
        with Store.open(db, readonly=True) as store:
            assert json.loads(out)["flags"] == list(store.flags(article_id) or ())
    code, out, err = run("show", "short", "--db", str(db))
    assert "flags: too_short" in out


def test_analyze_json_is_written_a_sentence_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # `akhbar analyze --json` built every sentence's tokens and the whole document before
    # writing one byte: 1 MB of news took 350 MB (akhbar.text.analyze.iter_json's test
    # measures the memory; here, that the command writes as it goes, and the same document)
    import akhbar.cli
    from akhbar.text.analyze import analyze

    paragraph = max(SEED.read_text(encoding="utf-8").split("\n\n"), key=len).strip()
    text = "\n\n".join([paragraph] * 20)
    writes: list[str] = []
    monkeypatch.setattr(akhbar.cli, "_out", writes.append)
    code, _, err = run("analyze", "-", "--json", input=text)
    assert code == 0, err
    document = analyze(text).to_dict()
    assert json.loads("".join(writes)) == document
    assert len(writes) > len(document["sentences"])


@pytest.mark.parametrize("command", ["tokenize", "normalize"])
def test_a_full_disk_on_stdout_is_one_line_not_a_traceback(tmp_path: Path, command: str) -> None:
    # `akhbar tokenize x > /dev/full` ended in a traceback (the write failed at the buffer's
    # flush, outside any command's error handling).
    src = tmp_path / "a.txt"
    src.write_text("یہ ایک خبر ہے۔\n" * 50, encoding="utf-8")
    exe = Path(sys.executable).parent / "akhbar"
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [str(exe), command, str(src)], stdout=full, stderr=subprocess.PIPE, check=False
        )
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 2, err
    assert err == "akhbar: error: standard output: cannot write: No space left on device\n"


def test_another_files_os_error_is_not_called_a_write_to_standard_output(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only a failed write to standard output is reported as one; any other ``OSError`` that
    reaches ``main`` (a bug: commands report the files they read) keeps its own traceback."""

    def fails() -> None:
        raise PermissionError(13, "Permission denied", "/some/input.db")

    monkeypatch.setattr(cli, "app", fails)
    with pytest.raises(PermissionError):
        cli.main()


def test_export_to_a_full_disk_names_the_output(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "n1", "text": "خبر کا متن یہاں ہے۔ " * 20}) + "\n", "utf-8")
    code, _, err = run("ingest", str(src), "--db", str(db), "--no-entities")
    assert code == 0, err
    exe = Path(sys.executable).parent / "akhbar"
    for out, named in (("-", "standard output"), ("/dev/full", "/dev/full")):
        with open("/dev/full", "w") as full:
            proc = subprocess.run(
                [str(exe), "export", out, "--db", str(db)],
                stdout=full,
                stderr=subprocess.PIPE,
                check=False,
            )
        err = proc.stderr.decode("utf-8")
        assert proc.returncode == 2, err
        assert err == f"akhbar: error: {named}: cannot write: No space left on device\n"
