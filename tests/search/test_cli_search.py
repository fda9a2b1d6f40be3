"""`akhbar search` and `akhbar search --batch` on a real store."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from akhbar.article import Article
from akhbar.cli import app
from akhbar.pipeline import prepare_batch
from akhbar.search.display import visual_line, visual_order
from akhbar.store import Store

from .conftest import seed_paragraphs

runner = CliRunner()


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_search_prints_hits_with_highlights_in_logical_order(seed_db: Path) -> None:
    code, out, _ = run("search", "لاؤروف", "--db", str(seed_db), "--limit", "2")
    assert code == 0
    assert "of 3 hits" in out
    assert "لاؤروف" in out or "لاوروف" in out  # not a TTY: logical order, text as written
    assert out.count("\n1. ") + out.startswith("1. ") == 1


def test_search_json(seed_db: Path) -> None:
    code, out, _ = run("search", "لاوروف", "--db", str(seed_db), "--json", "--offset", "1")
    assert code == 0
    d = json.loads(out)
    assert d["total"] == 3
    assert len(d["hits"]) == 2
    assert {"sources", "months", "languages"} <= set(d["facets"])
    hit = d["hits"][0]
    assert hit["snippet"]["text"][slice(*hit["snippet"]["highlights"][0])] in ("لاوروف", "لاؤروف")


def test_malformed_query_is_a_clear_error(seed_db: Path) -> None:
    code, _, err = run("search", 'روس "ایران', "--db", str(seed_db))
    assert code == 2
    assert "unterminated phrase" in err
    assert "position 4" in err
    assert err.rstrip().endswith("^")


def test_an_offset_past_64_bits_is_a_usage_error(seed_db: Path) -> None:
    code, _, err = run("search", "روس", "--offset", str(2**64), "--db", str(seed_db))
    assert code == 2
    assert "--offset" in err
    assert "Traceback" not in err


def test_batch_one_json_line_per_query(seed_db: Path, tmp_path: Path) -> None:
    queries = ["لاوروف", '"ٹوٹا', "", "source:seed", "روس"]
    path = tmp_path / "q.txt"
    path.write_text("\n".join(queries) + "\n", encoding="utf-8")
    code, out, _ = run("search", "--batch", str(path), "--db", str(seed_db), "-k", "3", "--json")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [r["query"] for r in lines] == queries
    assert "error" in lines[1]
    assert "error" in lines[2]
    ok = lines[0]
    assert len(ok["hits"]) == 3
    assert set(ok["hits"][0]) >= {"id", "score", "title", "snippet"}
    lavrov = {f"p{i}" for i, p in enumerate(seed_paragraphs()) if "لاوروف" in p or "لاؤروف" in p}
    assert {h["id"] for h in ok["hits"]} == lavrov  # the input ids from the JSONL
    assert len(lines[4]["hits"]) == 3


def test_batch_from_stdin(seed_db: Path) -> None:
    code, out, _ = run("search", "--batch", "-", "--db", str(seed_db), input="روس\nایران\n")
    assert code == 0
    assert len(out.splitlines()) == 2


def test_query_or_batch_required(seed_db: Path) -> None:
    assert run("search", "--db", str(seed_db))[0] == 2
    assert run("search", "x", "--db", str(tmp_missing := seed_db.with_name("none.db")))[0] == 2
    assert not tmp_missing.exists()


def test_article_markup_is_printed_literally(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    with Store.open(db) as store:
        run_id = store.begin_run([], {})
        article = Article(
            id="m1",
            source="x",
            title="[bold red]روس[/bold red] [link=x]",
            paragraphs=("روس [/] نے کہا۔",),
        )
        store.add_batch(run_id, prepare_batch([article]))
    code, out, _ = run("search", "روس", "--db", str(db))
    assert code == 0
    assert "[bold red]روس[/bold red] [link=x]" in out
    assert "روس [/] نے کہا۔" in out


def test_bidi_reordering() -> None:
    # An Urdu line is reversed; Latin letters and digits inside keep their own order.
    assert visual_order("روس") == [2, 1, 0]
    from rich.text import Text

    line = Text("روس 2021 میں")
    line.stylize("bold", 0, 3)
    shown = visual_line(line)
    assert shown.plain == "ںیم 2021 سور"
    bold = [shown.plain[s.start : s.end] for s in shown.spans if str(s.style) == "bold"]
    assert "".join(bold) == "سور"  # the highlight moved with its word


def test_bidi_on_cli(seed_db: Path) -> None:
    code, out, _ = run("search", "لاوروف", "--db", str(seed_db), "--bidi", "on", "-k", "1")
    assert code == 0
    assert "لاؤروف"[::-1] in out  # reversed for a terminal without bidi
    assert "لاؤروف" not in out


def test_cli_ingest_leaves_a_current_search_index(tmp_path: Path) -> None:
    """`akhbar ingest` syncs the index, so search runs on it (not the FTS5 fallback), and a
    second ingest of new articles is searchable through the index too."""
    from akhbar.search.engine import Archive

    seed = Path(__file__).resolve().parents[2] / "akhbar" / "demo" / "news" / "seed.txt"
    db = tmp_path / "x.db"
    code, _, err = run("ingest", str(seed), "--db", str(db), "--no-entities")
    assert code == 0, err
    with Archive.open(db) as archive:
        assert archive.search("لاوروف").total == 1
        assert archive.backend == "index"
    more = tmp_path / "more.jsonl"
    more.write_text(
        json.dumps({"id": "n1", "title": "لاؤروف کا دورہ", "text": "وزیر خارجہ لاؤروف پہنچ گئے۔"})
        + "\n",
        encoding="utf-8",
    )
    code, _, err = run("ingest", str(more), "--db", str(db), "--no-entities")
    assert code == 0, err
    with Archive.open(db) as archive:
        assert {h.id for h in archive.search("لاوروف").hits} >= {"n1"}
        assert archive.backend == "index"


def test_control_characters_in_articles_never_reach_the_terminal(tmp_path: Path) -> None:
    """Article text (title, body, source) with terminal escape sequences (ESC, 8-bit CSI, BEL)
    is printed with them shown as U+FFFD, in either display order; --json keeps the text."""
    db = tmp_path / "esc.db"
    esc = "\x1b]0;pwned\x07 \x1b[2J \x9b31m"
    with Store.open(db) as store:
        run_id = store.begin_run([], {})
        article = Article(
            id="e1",
            source=f"src{esc}",
            title=f"روس {esc}",
            paragraphs=(f"روس نے کہا {esc} اور پھر روس۔",),
        )
        store.add_batch(run_id, prepare_batch([article]))
    for bidi in ("off", "on"):
        code, out, _ = run("search", "روس", "--db", str(db), "--bidi", bidi)
        assert code == 0
        assert "1 hits" in out
        assert not any(c in out for c in "\x1b\x9b\x07"), repr(out)
        assert "\ufffd" in out
    code, out, _ = run("search", "روس", "--db", str(db), "--json")
    assert code == 0
    hit = json.loads(out)["hits"][0]
    assert "\x1b[2J" in hit["snippet"]["text"]


def test_a_query_starting_with_a_minus_is_the_query_not_an_option(seed_db: Path) -> None:
    # "-روس ..." or "-entity:X" first on the command line: the shell hands the CLI a word that
    # starts with '-'; it is the query (an exclusion), as after "--".
    code, out, err = run("search", "-لاوروف روس", "--db", str(seed_db), "--json")
    assert code == 0, err
    given = json.loads(out)
    code, out, _ = run("search", "--db", str(seed_db), "--json", "--", "-لاوروف روس")
    assert code == 0
    assert json.loads(out)["total"] == given["total"]
    _, out, _ = run("search", "روس", "--db", str(seed_db), "--json", "--limit", "100")
    russia = json.loads(out)
    assert given["total"] < russia["total"]
    # a real option that does not exist is still an error
    code, _, _ = run("search", "روس", "--db", str(seed_db), "--no-such-option")
    assert code != 0


def test_search_says_what_it_searched_for_a_query_typed_on_an_arabic_keyboard(
    seed_db: Path,
) -> None:
    # سرگئی typed on an Arabic layout (no گ key, ي for ی): searched as سرگئي, and it says so.
    code, out, _ = run("search", "سركئي", "--db", str(seed_db))
    assert code == 0
    assert "searched as: سرگئي" in out
    code, out, _ = run("search", "سركئي", "--db", str(seed_db), "--json")
    d = json.loads(out)
    assert (d["query"], d["restored_query"]) == ("سركئي", "سرگئي")
    assert d["total"] >= 1
    code, out, _ = run("search", "سرگئی", "--db", str(seed_db))
    assert "searched as" not in out


def test_batch_lines_end_only_at_line_breaks(seed_db: Path) -> None:
    # A query holding U+2028, U+0085 or a file separator (pasted text carries them) is one
    # line and so one record; \r\n and \r end lines too, and no record comes of the last break.
    queries = ["روس\u2028ایران", "لاوروف\x85روس", "روس\x1cایران", "ایران", "روس"]
    text = f"{queries[0]}\n{queries[1]}\r\n{queries[2]}\r{queries[3]}\n{queries[4]}\r\n"
    code, out, _ = run("search", "--batch", "-", "--db", str(seed_db), "-k", "1", input=text)
    assert code == 0
    assert [json.loads(line)["query"] for line in out.rstrip("\n").split("\n")] == queries


def test_batch_takes_the_offset(seed_db: Path) -> None:
    # --offset was taken and left unused: every query's first hits came, not the ones asked.
    def hits(*more: str) -> list[str]:
        code, out, _ = run("search", "--batch", "-", "--db", str(seed_db), *more, input="روس\n")
        assert code == 0
        return [h["id"] for h in json.loads(out)["hits"]]

    first = hits("-k", "3")
    assert len(first) == 3
    assert hits("-k", "2", "--offset", "1") == first[1:]
