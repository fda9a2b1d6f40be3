"""The ``akhbar`` command line: a thin layer that reads input, calls the library, formats output."""

from __future__ import annotations

import contextlib
import errno
import inspect
import json
import os
import re
import sys
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn

import typer

from akhbar import __version__

app = typer.Typer(
    name="akhbar",
    help="akhbar (اخبار): clean, annotate and search raw Urdu news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

FileArg = Annotated[
    str, typer.Argument(help="Input file, or - for standard input.", show_default=True)
]
EncodingOpt = Annotated[
    str | None,
    typer.Option("--encoding", help="Input encoding (default: detect UTF-8/UTF-16 BOM/cp1256)."),
]
TimezoneOpt = Annotated[
    str | None,
    typer.Option(
        "--timezone",
        help="Zone of dates written without one: an IANA name (Asia/Karachi) or a UTC offset "
        "(+05:00); default UTC. A zone written with the date wins.",
    ),
]


def _printable(text: str) -> str:
    """``text`` with each lone surrogate (an argument's bytes that are not UTF-8, as Python
    passes them) as U+FFFD, one for one: a terminal cannot be written a surrogate."""
    return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"akhbar: error: {_printable(message)}", err=True)
    raise typer.Exit(code)


def _read_input(file: str, encoding: str | None) -> str:
    """Read and decode FILE (or stdin for ``-``), turning bad bytes into a clear error."""
    from akhbar.ingest.decode import DecodeError, decode_bytes

    try:
        if file == "-":
            data, name = sys.stdin.buffer.read(), "<stdin>"
        else:
            path = Path(file)
            data, name = path.read_bytes(), str(path)
    except OSError as exc:
        _fail(f"{file}: cannot read: {exc.strerror or exc}")
    try:
        return decode_bytes(data, name=name, encoding=encoding)
    except DecodeError as exc:
        _fail(str(exc))
    except LookupError:
        _fail(f"unknown encoding {encoding!r}")


def _out(text: str) -> None:
    sys.stdout.write(text)


class Digits(StrEnum):
    ascii = "ascii"
    urdu = "urdu"
    arabic = "arabic"
    keep = "keep"


@app.command()
def normalize(
    file: FileArg = "-",
    encoding: EncodingOpt = None,
    strip_diacritics: Annotated[
        bool, typer.Option("--strip-diacritics", help="Remove harakat (as for matching).")
    ] = False,
    digits: Annotated[
        Digits, typer.Option(help="Script all digits are written in.")
    ] = Digits.ascii,
    keyboard: Annotated[
        bool,
        typer.Option(
            "--keyboard",
            help="Put back, line by line, the Urdu letters an Arabic or Persian keyboard has "
            "no key for (باكستان → پاکستان), as search does for queries.",
        ),
    ] = False,
) -> None:
    """Normalize Urdu text: Urdu letters, composed hamza, one digit script, clean spacing."""
    from akhbar.text.normalize import NormConfig
    from akhbar.text.normalize import normalize as run

    config = NormConfig(diacritics=strip_diacritics, digits=digits.value)
    raw = _read_input(file, encoding)
    if keyboard:
        from akhbar.text.keyboard import restore_keyboard

        raw = "".join(restore_keyboard(line) for line in raw.splitlines(keepends=True))
    text = run(raw, config)
    _out(text if text.endswith("\n") or not text else text + "\n")


class TokenFormat(StrEnum):
    conllu = "conllu"
    jsonl = "jsonl"
    text = "text"


def _misc_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\p").replace("\t", " ").replace("\n", " ")


@app.command()
def tokenize(
    file: FileArg = "-",
    format: Annotated[TokenFormat, typer.Option("--format", "-f")] = TokenFormat.conllu,
    encoding: EncodingOpt = None,
    no_repair: Annotated[
        bool, typer.Option("--no-repair", help="Do not split words run together.")
    ] = False,
) -> None:
    """Split text into paragraphs, sentences and words (FORM = exact original text).

    Written a sentence at a time: memory stays that of the text, however long.
    """
    from akhbar.text.segment import iter_segment

    text = _read_input(file, encoding)
    previous_para = -1
    for number, sent in enumerate(iter_segment(text, repair=not no_repair), 1):
        new_par = sent.paragraph != previous_para
        previous_para = sent.paragraph
        lines: list[str] = []
        if format is TokenFormat.conllu:
            if new_par:
                lines.append(f"# newpar id = p{sent.paragraph + 1}")
            lines.append(f"# sent_id = {number}")
            lines.append("# text = " + " ".join(text[sent.start : sent.end].split()))
            for i, tok in enumerate(sent.tokens, 1):
                misc = [] if tok.space_after else ["SpaceAfter=No"]
                if tok.norm != tok.text:
                    misc.append("Norm=" + _misc_escape(tok.norm))
                lines.append(f"{i}\t{tok.text}\t_\t_\t_\t_\t_\t_\t_\t{'|'.join(misc) or '_'}")
            lines.append("")
        elif format is TokenFormat.jsonl:
            record: dict[str, Any] = {
                "sentence": number,
                "paragraph": sent.paragraph,
                "start": sent.start,
                "end": sent.end,
                "text": text[sent.start : sent.end],
                "tokens": [t._asdict() for t in sent.tokens],
            }
            lines.append(json.dumps(record, ensure_ascii=False))
        else:
            if new_par and number > 1:
                lines.append("")
            lines.append(" ".join(t.text for t in sent.tokens))
        _out("".join(line + "\n" for line in lines))


@app.command()
def analyze(
    file: FileArg = "-",
    as_json: Annotated[bool, typer.Option("--json", help="Print the analysis as JSON.")] = False,
    encoding: EncodingOpt = None,
) -> None:
    """Analyze text: language, sentences, tokens, numbers and dates.

    With --json, written a sentence at a time: memory stays that of the text, however long.
    """
    from akhbar.text.analyze import analyze as run
    from akhbar.text.analyze import iter_json

    text = _read_input(file, encoding)
    if as_json:
        for piece in iter_json(text):
            _out(piece)
        _out("\n")
        return
    _print_analysis(run(text).to_dict())


def _print_analysis(d: dict[str, Any]) -> None:
    """Human-readable analysis: a summary line, the sentences, then numbers and dates."""
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    lang = d["language"]
    n_tokens = sum(len(s["tokens"]) for s in d["sentences"])
    console.print(
        f"[bold]language[/] {lang['lang']} ({lang['confidence']:.2f})  "
        f"[bold]paragraphs[/] {d['paragraphs']}  [bold]sentences[/] {len(d['sentences'])}  "
        f"[bold]tokens[/] {n_tokens}"
    )
    sentences = Table("#", "¶", "span", "tokens", "sentence", show_lines=False, expand=True)
    for i, s in enumerate(d["sentences"], 1):
        sentences.add_row(
            str(i),
            str(s["paragraph"] + 1),
            f"{s['start']}-{s['end']}",
            str(len(s["tokens"])),
            " ".join(s["text"].split()),
        )
    console.print(sentences)
    repaired = [
        t["text"]
        for s in d["sentences"]
        for t in s["tokens"]
        if not t["space_after"] and t["kind"] == "word"
    ]
    if repaired:
        console.print("[bold]joined words split[/] " + " · ".join(repaired))
    for title, rows in (("numbers", d["numbers"]), ("dates", d["dates"])):
        if not rows:
            continue
        table = Table("span", "text", "value", "kind", title=title, title_justify="left")
        for r in rows:
            table.add_row(f"{r['start']}-{r['end']}", r["text"], str(r["value"]), r["kind"])
        console.print(table)


# ---------------------------------------------------------------------------------------------
# The store: ingest, parse, stats, show, export
# ---------------------------------------------------------------------------------------------

DbOpt = Annotated[
    str | None, typer.Option("--db", help="Store file (default: $AKHBAR_DB, else ./akhbar.db).")
]


def _open_store(db: str | None, *, create: bool = False, readonly: bool = False) -> Any:
    from akhbar.store import Store, StoreError, resolve_db_path

    path = resolve_db_path(db)
    try:
        return Store.open(path, create=create, readonly=readonly)
    except FileNotFoundError:
        _fail(f"{path}: no akhbar store here (run `akhbar ingest` first, or pass --db)")
    except StoreError as exc:
        _fail(str(exc))


def _settings(zone: str | None) -> Any:
    """The readers' settings for ``--timezone`` (``IngestSettings``); a name that is no zone
    fails here, before anything is read."""
    from akhbar.ingest.settings import settings_for_zone

    try:
        return settings_for_zone(zone)
    except ValueError as exc:
        _fail(f"--timezone {exc}")


def _check_utf8(source: str | None, pairs: list[str]) -> None:
    """Refuse a ``--source`` or ``--map`` that is not UTF-8 text (an argument of other bytes,
    which no store can hold)."""
    if source is not None and _has_surrogate(source):
        _fail(f"--source {source!r}: not UTF-8 text")
    for pair in pairs:
        if _has_surrogate(pair):
            _fail(f"--map {pair!r}: not UTF-8 text")


def _parse_map(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip():
            _fail(f"--map {pair!r}: expected field=column (e.g. text=Clean_Data)")
        out[field.strip()] = column.strip()
    return out


class Format(StrEnum):
    auto = "auto"
    text = "text"
    csv = "csv"
    jsonl = "jsonl"
    json = "json"
    parquet = "parquet"
    html = "html"
    warc = "warc"
    zip = "zip"
    tar = "tar"


class Engine(StrEnum):
    local = "local"
    ray = "ray"


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or archives to read.")],
    db: DbOpt = None,
    source: Annotated[str | None, typer.Option(help="Source name for every article.")] = None,
    format: Annotated[Format, typer.Option("--format", help="Input format.")] = Format.auto,
    map: Annotated[
        list[str], typer.Option("--map", help="Column override, field=column (repeatable).")
    ] = [],  # noqa: B006 (typer reads the default, never mutates it)
    encoding: EncodingOpt = None,
    tz_name: TimezoneOpt = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Analysis processes.")] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    entities: Annotated[
        bool,
        typer.Option(
            "--entities/--no-entities",
            help="Recognize and link named entities (slower; `akhbar annotate` adds them later).",
        ),
    ] = True,
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine",
            help="local: processes on this machine; ray: a Ray Data pipeline writing Parquet "
            "shards, then a bulk load (same store; needs the ray extra).",
        ),
    ] = Engine.local,
    address: Annotated[
        str | None,
        typer.Option(
            "--address",
            help="With --engine ray: the Ray cluster (auto, ray://host:10001); default: a local "
            "Ray with --workers CPUs.",
        ),
    ] = None,
    parquet_dir: Annotated[
        str | None,
        typer.Option(
            "--parquet-dir",
            help="With --engine ray: keep the Parquet shards here (path or fsspec URL; default: "
            "a temporary folder, removed afterwards). Never read as input, even inside an "
            "input folder.",
        ),
    ] = None,
) -> None:
    """Read Urdu news from any source into the store: clean, analyzed, deduplicated.

    PATHS may be fsspec URLs (s3://…, file://…) with --engine ray.
    """
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from akhbar.pipeline import IngestOptions, IngestSummary
    from akhbar.pipeline import ingest as run
    from akhbar.pipeline.prepare import PrepareConfig
    from akhbar.store import StoreError

    _check_utf8(source, map)
    settings = _settings(tz_name)
    urls = [p for p in paths if "://" in p]
    if urls and engine is Engine.local:
        _fail(f"URLs are read by --engine ray: {', '.join(urls)}")
    missing = [p for p in paths if "://" not in p and not Path(p).exists()]
    if missing:
        _fail(f"no such file or folder: {', '.join(missing)}")
    options = IngestOptions(
        source=source,
        fmt=format.value,
        column_map=_parse_map(map) or None,
        encoding=encoding,
        workers=workers,
        prepare=PrepareConfig(entities=entities),
        settings=settings,
        sync_index=False,  # synced below, for either engine, with a message if it fails
    )
    err = Console(stderr=True, highlight=False)
    if engine is Engine.ray:
        from akhbar.scale import MissingExtraError, require

        try:  # a missing extra leaves no store behind
            require("ray", "ray.data", "pyarrow", "fsspec")
        except MissingExtraError as exc:
            _fail(str(exc))
        _open_store(db, create=True).close()  # refuse a foreign --db before the pipeline runs
        summary = _ingest_ray(paths, db, options, address, parquet_dir, err)
        _sync_index(db, err)
        _report_ingest(summary, as_json, err)
        return
    with _open_store(db, create=True) as store:
        columns = (
            SpinnerColumn(),
            TextColumn("{task.completed:,} records"),
            TextColumn("{task.fields[stored]:,} stored"),
            TextColumn("{task.fields[rate]:,.0f} records/s"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("ingest", total=None, stored=0, rate=0.0)

            def show(s: IngestSummary) -> None:
                bar.update(task, completed=s.read, stored=s.stored + s.near_duplicates, rate=s.rate)

            try:
                summary = run(paths, store, options, progress=show)
            except ValueError as exc:
                _fail(str(exc))
            except StoreError as exc:
                _fail(f"store error, the run stopped (everything committed is kept): {exc}")
            except KeyboardInterrupt:
                err.print("interrupted: everything committed is kept; run the same command again")
                raise typer.Exit(130) from None
    _sync_index(db, err, summary.spans)  # the spans the ingest encoded: not tokenized again
    summary.spans = {}
    _report_ingest(summary, as_json, err)


def _sync_index(db: str | None, err: Any, spans: Mapping[str, bytes] | None = None) -> None:
    """Bring the search index up to date after a load (``spans``: what the ingest kept, see
    ``IngestSummary.spans``); a failure leaves the store as it is (search falls back to FTS5)
    and says how to retry."""
    from akhbar.search.index import SearchIndexError, sync
    from akhbar.store import StoreError, resolve_db_path

    try:
        sync(resolve_db_path(db), spans=spans)
    except (SearchIndexError, StoreError, OSError) as exc:
        err.print(f"the search index was not updated ({exc}); run `akhbar index` to retry")


def _report_ingest(summary: Any, as_json: bool, err: Any) -> None:
    """Print an ingest summary (``IngestSummary``) as JSON on stdout or a line on stderr."""
    if as_json:
        _out(json.dumps(summary.to_dict(), ensure_ascii=False) + "\n")
        return
    d = summary.to_dict()
    err.print(
        f"read {d['read']:,} · stored {d['stored']:,} · duplicates {d['duplicates']:,} · "
        f"near-duplicates {d['near_duplicates']:,} · rejected {d['rejected']:,} "
        f"in {d['seconds']:.1f}s ({d['articles_per_second']:,.0f} records/s)"
    )
    for reason, n in d["rejected_by_reason"].items():
        err.print(f"  rejected {n:,}: {reason}")
    for reason, n in d["skipped"].items():
        err.print(f"  skipped {n:,}: {reason}")
    if d.get("reanalyzed"):
        err.print(f"  re-analyzed first {d['reanalyzed']:,} articles stored by an older akhbar")


def _ingest_ray(
    paths: list[str],
    db: str | None,
    options: Any,
    address: str | None,
    parquet_dir: str | None,
    err: Any,
) -> Any:
    """``ingest --engine ray`` (its extra checked by the caller): the Ray Data pipeline to
    Parquet, then the bulk load."""
    import shutil
    import tempfile

    from akhbar.pipeline.local import store_files
    from akhbar.scale.pipeline import PipelineError, run_ray
    from akhbar.store import resolve_db_path

    out = parquet_dir or tempfile.mkdtemp(prefix="akhbar-parquet-")
    try:
        try:
            pipe = run_ray(
                paths, out, options, address=address, workers=options.workers,
                progress=err.is_terminal,
                exclude=store_files(resolve_db_path(db)),  # `akhbar ingest .` beside the store
            )  # fmt: skip
        except (PipelineError, ValueError, ConnectionError) as exc:
            _fail(str(exc))
        summary = _bulk_load(out, db, err)
    finally:
        if parquet_dir is None:
            shutil.rmtree(out, ignore_errors=True)
    summary.seconds += pipe.seconds  # end to end, as the local engine reports it
    return summary


def _bulk_load(directory: str, db: str | None, err: Any) -> Any:
    from akhbar.scale import MissingExtraError, require

    try:
        require("pyarrow", "fsspec")
    except MissingExtraError as exc:
        _fail(str(exc))
    from akhbar.scale.bulk import BulkLoadError, bulk_load
    from akhbar.store import StoreError

    with _open_store(db, create=True) as store:
        try:
            return bulk_load(directory, store, sync_index=False)  # the CLI syncs, with a message
        except BulkLoadError as exc:
            _fail(f"nothing was loaded: {exc}")
        except StoreError as exc:
            _fail(f"store error, the load stopped (everything committed is kept): {exc}")
        except KeyboardInterrupt:
            err.print("interrupted: everything committed is kept; run the same command again")
            raise typer.Exit(130) from None


@app.command()
def build(
    from_parquet: Annotated[
        str,
        typer.Option(
            "--from-parquet",
            help="Folder (path or fsspec URL) of Parquet shards from `akhbar ingest --engine ray "
            "--parquet-dir`.",
        ),
    ],
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Build the store from a pipeline run's Parquet shards (replayed in input order)."""
    from rich.console import Console

    err = Console(stderr=True, highlight=False)
    summary = _bulk_load(from_parquet, db, err)
    _sync_index(db, err)
    _report_ingest(summary, as_json, err)


@app.command()
def parse(
    file: Annotated[str, typer.Argument(help="File, folder or archive to read.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (the default).")] = True,
    format: Annotated[Format, typer.Option("--format", help="Input format.")] = Format.auto,
    source: Annotated[str | None, typer.Option(help="Source name for every article.")] = None,
    map: Annotated[list[str], typer.Option("--map", help="Column override, field=column.")] = [],  # noqa: B006
    encoding: EncodingOpt = None,
    tz_name: TimezoneOpt = None,
) -> None:
    """Show the article(s) one file yields, as a JSON list (nothing is stored)."""
    from akhbar.article import Rejected
    from akhbar.ingest import read_any
    from akhbar.text.langid import identify_language

    if not Path(file).exists():
        _fail(f"no such file or folder: {file}")
    _check_utf8(source, map)
    settings = _settings(tz_name)
    try:
        records = list(
            read_any(
                [file],
                fmt=format.value,
                source=source,
                column_map=_parse_map(map) or None,
                encoding=encoding,
                settings=settings,
            )
        )
    except ValueError as exc:
        _fail(str(exc))
    out = []
    for r in records:
        if isinstance(r, Rejected):
            from akhbar.search.display import terminal_safe

            typer.echo(f"akhbar: rejected: {terminal_safe(_printable(r.describe()))}", err=True)
            continue
        d = r.to_dict()
        lang = r.lang or identify_language(((r.title or "") + "\n" + r.text)[:4000]).lang
        out.append(
            {
                "id": d["id"],
                "url": d["url"],
                "source": d["source"],
                "title": d["title"],
                "paragraphs": d["paragraphs"],
                "published": d["published"],
                "published_utc": d["published_utc"],
                "tags": d["tags"],
                "lang": lang,
                "category": d["category"],
                "author": d["author"],
                "raw_ref": d["raw_ref"],
            }
        )
    _out(json.dumps(out, ensure_ascii=False, indent=2 if as_json else None) + "\n")


def _entities_annotation(store: Any) -> dict[str, Any]:
    """Which annotation made the store's entities (``recorded``), this akhbar's (``current``)
    and, when they differ, the warning naming ``akhbar annotate``; the recognizer is loaded
    (to compute ``current``) only when the store has entities."""
    recorded = store.entity_annotation()
    if recorded is None:
        return {"recorded": None, "current": None, "warning": ""}
    from akhbar.entities.link import annotation_id, annotation_warning
    from akhbar.entities.ner import default_recognizer

    current = annotation_id(default_recognizer())
    warning = annotation_warning(store.connection, store.path, current)
    return {"recorded": recorded, "current": current, "warning": warning}


@app.command()
def stats(
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Counts: articles per source, language and quality flag, date range, clusters,
    rejections, which analysis version analyzed the articles and which annotation recognized
    their entities."""
    with _open_store(db, readonly=True) as store:
        d = store.stats()
        d["entities_annotation"] = _entities_annotation(store)
    if as_json:
        _out(json.dumps(d, ensure_ascii=False, indent=2) + "\n")
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from akhbar.search.display import terminal_safe

    console = Console(highlight=False)
    console.print(
        f"[bold]{d['articles']:,}[/] articles · {d['clusters']:,} near-duplicate clusters "
        f"({d['clustered_articles']:,} articles) · {d['runs']} ingest runs"
    )
    # the days (UTC) in the terminal; --json keeps the instants
    first, last = (
        d[k][:10] if d[k] else "-" for k in ("published_first_utc", "published_last_utc")
    )
    console.print(f"published {first} … {last} (UTC)")
    analysis = d["analysis"]
    versions = ", ".join(f"{n:,} at {v}" for v, n in analysis["articles"].items()) or "-"
    console.print(f"analysis version {analysis['current']} (articles: {versions})")
    if analysis["outdated"]:
        console.print(
            f"[bold]{analysis['outdated']:,} articles were analyzed by another akhbar[/]: "
            "searches can miss them; run `akhbar reanalyze`",
            markup=True,
        )
    if d["entities_annotation"]["warning"]:
        warning = Text(terminal_safe(d["entities_annotation"]["warning"]), style="bold")
        console.print(warning, soft_wrap=True)  # the command in it stays on one line
    for title, rows in (
        ("source", d["sources"]),
        ("language", d["languages"]),
        ("quality flag", d["flags"]),
        ("rejected (reason)", d["rejections"]),
    ):
        if rows:
            table = Table(title, "count", title_justify="left")
            for key, n in rows.items():
                # Text, not markup: a source may be named "[/]" or "[bold]".
                table.add_row(Text(terminal_safe(key or "(none)")), f"{n:,}")
            console.print(table)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id.")],
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one stored article: metadata, quality flags, paragraphs, and its near-duplicates
    (earliest published first, undated last)."""
    if _has_surrogate(article_id):  # (not UTF-8: no stored id is)
        _fail(f"no article with id {article_id!r}")
    with _open_store(db, readonly=True) as store:
        article = store.get(article_id)
        if article is None:
            _fail(f"no article with id {article_id!r}")
        members = store.cluster_articles(article.cluster_id) if article.cluster_id else []
        flags = store.flags(article.id) or ()
    d = article.to_dict()
    d["flags"] = list(flags)
    d["cluster_members"] = [m.id for m in members]  # (itself too, earliest published first)
    if as_json:
        _out(json.dumps(d, ensure_ascii=False, indent=2) + "\n")
        return
    from akhbar.search.display import terminal_safe

    keys = ("id", "source", "url", "published", "lang", "cluster_id")
    lines = [f"{k}: {d[k]}" for k in keys]
    if flags:
        lines.append("flags: " + ", ".join(flags))
    if d["title"]:
        lines.insert(0, d["title"])
    lines.append("")
    lines.extend(p + "\n" for p in d["paragraphs"])
    others = [m for m in members if m.id != article.id]
    if others:
        lines.append("similar (earliest published first):")
        lines.extend(
            f"  {m.published or '-':25} {m.source or '-'}  {m.id}  {m.title or ''}" for m in others
        )
    _out(terminal_safe("\n".join(lines)) + "\n")  # stored text is never a terminal command


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    parquet = "parquet"


@app.command()
def export(
    output: Annotated[str, typer.Argument(help="Output file, or - for stdout (jsonl).")] = "-",
    db: DbOpt = None,
    format: Annotated[ExportFormat, typer.Option("--format")] = ExportFormat.jsonl,
) -> None:
    """Export every article (JSONL or Parquet) with its flags, near-duplicates and entities.

    `akhbar ingest` reads the export back: the same articles, ids and dates.

    Written whole or not at all: an interrupted export leaves no file (an older one stays).
    """
    from akhbar.export import export_file, records, write_jsonl

    if output != "-" and (Path(output).is_dir() or output.endswith(("/", os.sep))):
        _fail(f"{output}: is a folder; name the file to write")
    if output != "-" and _is_store_file(Path(output), db):
        _fail(f"{output}: is the store (or one of its files); name another file to write")
    if output == "-" and format is ExportFormat.parquet:
        _fail("parquet needs an output file")
    with _open_store(db, readonly=True) as store:
        try:
            if output == "-":
                n = write_jsonl(records(store), sys.stdout)
            else:
                parquet = format is ExportFormat.parquet
                fmt: Literal["jsonl", "parquet"] = "parquet" if parquet else "jsonl"
                n = export_file(records(store), Path(output), fmt)
        except ImportError:
            _fail("parquet export needs pyarrow: pip install 'akhbar[parquet]'")
        except BrokenPipeError:  # the reader has read enough (`| head`): click exits quietly
            raise
        except OSError as exc:
            where = "standard output" if output == "-" else output
            _fail(f"{where}: cannot write: {exc.strerror or exc}")
        except KeyboardInterrupt:
            typer.echo("akhbar: interrupted: no file was written", err=True)
            raise typer.Exit(130) from None
    typer.echo(f"exported {n:,} articles", err=True)


def _is_store_file(output: Path, db: str | None) -> bool:
    """True if writing ``output`` would overwrite the store ``db`` names: the file itself (by
    any path, a symlink or hard link to it too), its WAL, shared-memory or journal file, or
    anything in its search index folder."""
    from akhbar.pipeline.local import store_files
    from akhbar.store import resolve_db_path

    *files, index = store_files(resolve_db_path(db))
    target = output.resolve()
    for part in files:
        try:
            if target == part.resolve() or (output.exists() and output.samefile(part)):
                return True
        except OSError:  # (a part that does not exist: compared by path only)
            continue
    return target.is_relative_to(index.resolve())


class Bidi(StrEnum):
    auto = "auto"
    on = "on"
    off = "off"


@app.command()
def index(
    db: DbOpt = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Build a new index from scratch, then switch to it.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Bring the search index (DB.index/ beside the store) up to date with the store."""
    from akhbar.search.index import SearchIndexError, sync
    from akhbar.store import NotAStoreError, StoreError, resolve_db_path

    path = resolve_db_path(db)
    try:
        stats = sync(path, rebuild=rebuild)
    except FileNotFoundError:
        _fail(f"{path}: no akhbar store here (run `akhbar ingest` first, or pass --db)")
    except NotAStoreError as exc:  # no index is made for it, none was ever in use
        _fail(str(exc))
    except (StoreError, SearchIndexError, OSError) as exc:
        _fail(f"the index was not updated (the last complete one stays in use): {exc}")
    except KeyboardInterrupt:
        typer.echo("interrupted: what was committed is kept; run the same command again", err=True)
        raise typer.Exit(130) from None
    if as_json:
        _out(json.dumps(stats.to_dict(), ensure_ascii=False) + "\n")
        return
    how = f"rebuilt ({stats.reason})" if stats.rebuilt else "updated"
    _out(
        f"index {how}: {stats.added:,} added, {stats.updated:,} re-indexed, "
        f"{stats.documents:,} articles, {stats.seconds:.1f}s ({stats.path})\n"
    )
    if stats.advice:
        typer.echo(f"note: {stats.advice}", err=True)


def _batch_line(
    archive: Any, line: str, limit: int, exact: bool, offset: int = 0
) -> dict[str, Any]:
    """One ``--batch`` output record (an error record for a malformed query)."""
    from akhbar.search import QueryError

    try:
        result = archive.search(
            line,
            limit=limit,
            offset=offset,
            facets=False,
            exact=exact,
        )
    except QueryError as exc:
        return {"query": line, "error": str(exc)}
    return {
        "query": line,
        "relaxed_query": result.relaxed_query,
        "restored_query": result.restored_query,
        "entity_query": result.entity_query,
        "suggested_query": result.suggested_query,
        "variants": {word: list(forms) for word, forms in result.variants},
        "empty_because": [n.to_dict() for n in result.empty_because],
        "total": result.total,
        "hits": [
            {"id": h.id, "score": h.score, "title": h.title, "snippet": h.snippet.text}
            for h in result.hits
        ],
    }


@app.command(context_settings={"ignore_unknown_options": True})
def search(
    query: Annotated[str | None, typer.Argument(help="What to look for (see the syntax).")] = None,
    db: DbOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-k", min=0, max=1000, help="Hits.")] = 10,
    offset: Annotated[
        int, typer.Option("--offset", min=0, max=2**63 - 1, help="Hits to skip.")
    ] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    batch: Annotated[
        str | None,
        typer.Option("--batch", help="File (or -) with one query a line; prints JSON lines."),
    ] = None,
    bidi: Annotated[
        Bidi,
        typer.Option(help="Reorder right-to-left text for display (auto: when a terminal)."),
    ] = Bidi.auto,
    exact: Annotated[
        bool,
        typer.Option(
            "--exact",
            help="Run the query as typed: one that matches nothing is not run again with its "
            '"phrases" as words, nor with its names in Latin letters as entity: filters; a '
            "name matches only its spelling typed.",
        ),
    ] = False,
) -> None:
    """Search the store: words, "phrases", +required, -excluded, OR, source: title: lang:
    entity: after: before: date: (e.g. after:2021-04 or after:"13 اپریل 2021": an article's
    date as its source wrote it, in its zone; in quotes, "" is a quote: source:"say ""hi""
    tv").

    A query with phrases that matches nothing is run
    again with the phrases as words; one that still matches nothing, with the names it writes
    in Latin letters (Lavrov) as entity: filters; a name the archive also spells otherwise
    (یوکرائن, یوکرین) finds those spellings too; each says so (--exact: not).  A search with
    filters that finds nothing says which filter no article passes and what the archive holds
    (its sources, languages, dates)."""
    from akhbar.search import QueryError, open_archive
    from akhbar.store import StoreError, resolve_db_path

    if (query is None) == (batch is None):
        _fail("give a QUERY or --batch FILE (not both)")
    path = resolve_db_path(db)
    try:
        archive = open_archive(path)
    except FileNotFoundError:
        _fail(f"{path}: no akhbar store here (run `akhbar ingest` first, or pass --db)")
    except StoreError as exc:
        _fail(str(exc))
    with archive:
        warning = archive.analysis_warning()
        if warning:
            typer.echo(f"akhbar: warning: {warning}", err=True)
        if batch is not None:
            text = _read_input(batch, None)
            # (lines end at \n, \r\n or \r only: splitlines() also cut a query at U+2028,
            # U+0085 or \x1c-\x1e, giving two records for one line)
            lines = re.split(r"\r\n|\r|\n", text)
            if lines[-1] == "":
                lines.pop()
            for line in lines:
                record = _batch_line(archive, line, limit, exact, offset)
                _out(json.dumps(record, ensure_ascii=False) + "\n")
            return
        assert query is not None
        try:
            result = archive.search(
                query,
                limit=limit,
                offset=offset,
                exact=exact,
            )
        except QueryError as exc:
            typer.echo(f"akhbar: error: {exc.message} (position {exc.position})", err=True)
            typer.echo(_printable(exc.pointer(query)), err=True)
            raise typer.Exit(2) from None
    if as_json:
        _out(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    _print_search(result, bidi)


def _print_search(result: Any, bidi: Bidi) -> None:
    """Hits for a terminal: highlighted (styles, never markup from article text), RTL-aware."""
    from rich.console import Console
    from rich.text import Text

    from akhbar.search.display import hit_text, terminal_safe, wrap_visual

    console = Console(highlight=False, markup=False)
    reorder = bidi is Bidi.on or (bidi is Bidi.auto and console.is_terminal)
    if not console.is_terminal:  # a pipe or file: one line per paragraph, no wrapping
        console = Console(highlight=False, markup=False, width=100_000)
    width = min(console.width, 100_000) if console.is_terminal else 100_000
    if reorder and not console.is_terminal:
        width = 100
    notices = []
    if result.restored_query is not None:
        notices.append(
            "typed on an Arabic or Persian keyboard; searched as: "
            f"{terminal_safe(result.restored_query)}"
        )
    if result.relaxed_query is not None:
        notices.append(
            f"no hits for {terminal_safe(result.query)}; showing the hits of its phrases as "
            f"words: {terminal_safe(result.relaxed_query)} (--exact: no retry)"
        )
    if result.entity_query is not None:
        notices.append(
            f"no hits for {terminal_safe(result.query)}; showing the articles that mention the "
            f"names it writes in Latin letters: {terminal_safe(result.entity_query)} "
            "(--exact: no retry)"
        )
    if result.variants:
        also = "; ".join(
            f"{terminal_safe(word)}: {', '.join(terminal_safe(f) for f in forms)}"
            for word, forms in result.variants
        )
        notices.append(f"also searched, other spellings: {also} (--exact: not)")
    if result.suggested_query is not None:
        notices.append(f"did you mean: {terminal_safe(result.suggested_query)}")
    notices.extend(f"found nothing: {terminal_safe(n.text)}" for n in result.empty_because)
    for notice in notices:
        line = Text(notice, style="italic", end="")
        console.print(wrap_visual(line, width, reorder=reorder), soft_wrap=True)
    first, last = result.offset + 1, result.offset + len(result.hits)
    shown = f"{first}–{last} of " if result.hits else ""
    console.print(Text(f"{shown}{result.total:,} hits ({result.total_articles:,} articles)"))
    for rank, hit in enumerate(result.hits, start=first):
        console.print(hit_text(rank, hit, width, reorder=reorder), soft_wrap=True)
        console.print()
    if result.facets and result.hits:
        f = result.facets
        for name, rows in (
            ("sources", f.sources),
            ("months", f.months),
            ("languages", f.languages),
        ):
            items = " · ".join(f"{r.value or '-'} {r.count:,}" for r in rows[:12])
            line = Text(f"{name}: ", style="bold", end="") + Text(terminal_safe(items), end="")
            console.print(wrap_visual(line, width, reorder=False), soft_wrap=True)


@app.command()
def ner(
    file: FileArg = "-",
    as_json: Annotated[bool, typer.Option("--json", help="Print the entities as JSON.")] = False,
    conll: Annotated[
        bool,
        typer.Option(
            "--conll",
            help="Input is one token per line (first column), blank line between sentences; "
            "output token<TAB>BIO-tag.",
        ),
    ] = False,
    encoding: EncodingOpt = None,
) -> None:
    """Recognize named entities (PERSON, LOCATION, ORGANIZATION, NUMBER, TIME, ARTIFACT)."""
    from akhbar.entities import conll_tag, recognize
    from akhbar.entities.ner import conll_lines

    text = _read_input(file, encoding)
    if conll:  # one output line per input line
        _out("".join(f"{line}\n" for line in conll_tag(conll_lines(text))))
        return
    entities = recognize(text)
    if as_json:
        _out(json.dumps([e._asdict() for e in entities], ensure_ascii=False, indent=2) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("span", "type", "entity", "title", title_justify="left")
    for e in entities:
        table.add_row(f"{e.start}-{e.end}", e.type, e.text, e.title or "")
    Console(highlight=False, markup=False).print(table)


# ---------------------------------------------------------------------------------------------
# Entities: annotate, entities, entity
# ---------------------------------------------------------------------------------------------


class EntityType(StrEnum):
    PERSON = "PERSON"
    LOCATION = "LOCATION"
    ORGANIZATION = "ORGANIZATION"


@app.command()
def annotate(
    db: DbOpt = None,
    batch: Annotated[int, typer.Option(min=1, max=100_000, help="Articles per transaction.")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    if_outdated: Annotated[
        bool,
        typer.Option(
            "--if-outdated",
            help="Only when the store's entities were made by another model, rules, linker "
            "or gazetteer than this akhbar's (after an upgrade); else say so and do nothing.",
        ),
    ] = False,
) -> None:
    """Re-run entity recognition and linking over every stored article (after a model update).

    The old entities stay visible until the new ones replace them in one step; an interrupted
    run resumes when started again.
    """
    from akhbar.entities.link import annotate as run

    with _open_store(db) as store:
        total = store.count()

        def show(done: int) -> None:
            if not as_json and sys.stderr.isatty():
                typer.echo(f"\r{done:,}/{total:,} articles", err=True, nl=False)

        try:
            summary = run(store, batch_size=batch, progress=show, if_outdated=if_outdated)
        except KeyboardInterrupt:
            typer.echo("\ninterrupted: run `akhbar annotate` again to resume", err=True)
            raise typer.Exit(130) from None
    if as_json:
        _out(json.dumps(summary._asdict(), ensure_ascii=False) + "\n")
        return
    if summary.current:
        typer.echo("entities are this akhbar's annotation already: nothing to do", err=True)
        return
    typer.echo(
        f"annotated {summary.articles:,} articles{' (resumed)' if summary.resumed else ''}: "
        f"{summary.entities:,} entities, {summary.mentions:,} mentions",
        err=True,
    )


@app.command()
def reanalyze(
    db: DbOpt = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Analysis processes.")] = 2,
    batch: Annotated[int, typer.Option(min=1, max=100_000, help="Articles per transaction.")] = 256,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Re-analyze the articles an older akhbar analyzed (after an upgrade changed the analyzer),
    from their stored original text, then rebuild the search index.

    Searches miss words whose keys changed until this has run (`akhbar stats` says how many
    articles are outdated).  Each batch commits on its own; an interrupted run resumes when
    started again.
    """
    from akhbar.pipeline import ReanalyzeSummary
    from akhbar.pipeline import reanalyze as run
    from akhbar.store import StoreError

    with _open_store(db) as store:
        total = store.analysis_status().outdated

        def show(s: ReanalyzeSummary) -> None:
            if not as_json and sys.stderr.isatty():
                typer.echo(f"\r{s.articles:,}/{total:,} articles", err=True, nl=False)

        try:
            summary = run(store, workers=workers, batch_size=batch, progress=show)
        except StoreError as exc:
            _fail(f"store error (every batch committed is kept; run again to resume): {exc}")
        except KeyboardInterrupt:
            typer.echo("\ninterrupted: run `akhbar reanalyze` again to resume", err=True)
            raise typer.Exit(130) from None
    if as_json:
        _out(json.dumps(summary.to_dict(), ensure_ascii=False) + "\n")
    else:
        d = summary.to_dict()
        typer.echo(
            f"re-analyzed {d['articles']:,} articles (analysis version {d['version']}) in "
            f"{d['seconds']:.1f}s ({d['articles_per_second']:,.0f} articles/s)"
            + (
                f"; {d['duplicates']:,} are now exact duplicates of older ones (kept)"
                if d["duplicates"]
                else ""
            )
            + ("; search index rebuilt" if d["index_rebuilt"] else ""),
            err=True,
        )
    if summary.index_error:
        typer.echo(
            f"the search index was not rebuilt ({summary.index_error}); run `akhbar index`",
            err=True,
        )


@app.command("entities")
def entities_cmd(
    db: DbOpt = None,
    type: Annotated[
        EntityType | None,
        typer.Option("--type", case_sensitive=False, help="Only this type (any case)."),
    ] = None,
    top: Annotated[int, typer.Option("--top", "-n", min=1, max=100_000, help="How many.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The most mentioned entities in the store."""
    from akhbar.entities.explore import top_entities

    with _open_store(db, readonly=True) as store:
        rows = top_entities(store.connection, type=type.value if type else None, top=top)
    if as_json:
        _out(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("#", "type", "entity", "english", "wikidata", "mentions", "articles")
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["type"],
            r["name"],
            r["english"] or "",
            r["wikidata"] or "",
            f"{r['mentions']:,}",
            f"{r['articles']:,}",
        )
    Console(highlight=False, markup=False).print(table)


@app.command("entity")
def entity_cmd(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="Any spelling, English name, Q-id, or a first name alone (its one person, "
            "else the candidates).",
        ),
    ],
    db: DbOpt = None,
    latest: Annotated[
        int,
        typer.Option(
            "--latest",
            "-n",
            min=1,
            max=1000,
            help="How many of the latest articles mentioning it to list (newest first).",
        ),
    ] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """One entity: variants, English name, Wikidata id, mentions per month, co-occurring
    entities, the persons that may be the same one, and latest articles.  An ambiguous NAME
    lists the most mentioned candidates and how many more (exit code 1): name one by a fuller
    name or its #ID.  A bare first name also means the persons it begins when they are far
    more mentioned than its namesake.  A name far more often one entity's than the others' is
    that one, and the others are named after it."""
    from akhbar.entities.explore import (
        SHOWN_CANDIDATES,
        AmbiguousEntity,
        UnknownEntity,
        entity_details,
        resolve_chosen,
    )

    if _has_surrogate(name):  # (not UTF-8: no stored name is)
        _fail(f"no entity named {name!r}", 1)
    with _open_store(db, readonly=True) as store:
        try:
            found, others = resolve_chosen(store.connection, name)
        except UnknownEntity as exc:
            _fail(exc.message, 1)
        except AmbiguousEntity as exc:
            if as_json:  # (the candidates most mentioned first, at most 50; total: all)
                cands = [c._asdict() for c in exc.candidates]
                listed = {"ambiguous": name, "total": exc.total, "candidates": cands}
                _out(json.dumps(listed, ensure_ascii=False) + "\n")
                raise typer.Exit(1) from None
            typer.echo(f"akhbar: {name!r} is ambiguous: {exc.total:,} entities", err=True)
            for c in exc.candidates[:SHOWN_CANDIDATES]:
                extra = " ".join(x for x in (c.english, c.wikidata) if x)
                typer.echo(f"  #{c.id}\t{c.type}\t{c.name}\t{extra}\t{c.mentions:,}", err=True)
            if exc.total > SHOWN_CANDIDATES:
                more = exc.total - SHOWN_CANDIDATES
                typer.echo(f"  … and {more:,} more, less mentioned", err=True)
            typer.echo(f"akhbar: {exc.hint}", err=True)
            raise typer.Exit(1) from None
        d = entity_details(store.connection, found.id, latest=latest)
    if as_json:  # with the name's other entities, far less mentioned (``also_named``)
        d["also_named"] = [c._asdict() for c in others]
        _out(json.dumps(d, ensure_ascii=False, indent=2) + "\n")
        return
    lines = [
        f"{d['name']}  [{d['type']}]  #{d['id']}",
        f"english: {d['english'] or '-'}   wikidata: {d['wikidata'] or '-'}",
        f"mentions: {d['mentions']:,} in {d['articles']:,} articles",
        "variants: " + " · ".join(f"{v['text']} {v['mentions']:,}" for v in d["variants"]),
    ]
    if others:  # the name's other entities, far less mentioned: the user may want one
        lines.append(
            "also named so: "
            + " · ".join(f"{c.name} (#{c.id}, {c.type.lower()}) {c.mentions:,}" for c in others)
        )
    if d["titles"]:
        lines.append(
            "titles: " + " · ".join(f"{t['title']} {t['mentions']:,}" for t in d["titles"])
        )
    lines.append("per month: " + " · ".join(f"{m['month']} {m['mentions']:,}" for m in d["months"]))
    lines.append(
        "with: "
        + " · ".join(
            f"{c['name']} ({c['english'] or c['type'].lower()}) {c['articles']:,}"
            for c in d["cooccurring"]
        )
    )
    if d["related"]:
        lines.append(
            "maybe the same: "
            + " · ".join(
                f"{r['name']} (#{r['id']}, {r['relation']}) {r['mentions']:,}" for r in d["related"]
            )
        )
    lines.append("latest:")
    for a in d["latest"]:
        lines.append(f"  {a['published'] or '-':25} {a['id']}  {a['title'] or ''}")
        if a["context"]:
            lines.append(f"      {a['context']['text']}")
    from akhbar.search.display import terminal_safe

    _out(terminal_safe("\n".join(lines)) + "\n")  # stored titles are never terminal commands


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port.")] = 8000,
    api_key_env: Annotated[
        str | None,
        typer.Option(
            "--api-key-env",
            metavar="VAR",
            help="Environment variable holding an API key (16+ printable ASCII characters): "
            "enables uploads "
            "to POST /api/ingest. Without it the server is read-only.",
        ),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes.")] = 1,
    threads: Annotated[
        int,
        typer.Option(
            min=0,
            max=256,
            help="Store threads a process; 0 runs searches on the event loop, one at a time "
            "(fastest for CPU-bound search: use --workers for parallelism).",
        ),
    ] = 8,
) -> None:
    """Serve the web page and the JSON API (docs at /api) over the store."""
    from akhbar.store import StoreError, analysis_warning, resolve_db_path
    from akhbar.web.app import serve as run

    path = resolve_db_path(db)
    if not path.is_file():
        _fail(f"{path}: no akhbar store here (run `akhbar ingest` first, or pass --db)")

    def announce(url: str) -> None:
        typer.echo(_printable(f"akhbar: serving {path} at {url} (API docs at {url}api)"), err=True)
        with _open_store(str(path), readonly=True) as store:
            warnings = [
                analysis_warning(store.connection, path),  # (this one also in /healthz)
                _entities_annotation(store)["warning"],
            ]
        for warning in filter(None, warnings):
            typer.echo(_printable(f"akhbar: warning: {warning}"), err=True)

    try:
        run(
            path,
            host=host,
            port=port,
            api_key_env=api_key_env,
            workers=workers,
            threads=threads,
            announce=announce,
        )
    except (ValueError, StoreError) as exc:
        _fail(str(exc))


eval_app = typer.Typer(help="Measure quality on your own data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("retrieval")
def eval_retrieval(
    docs: Annotated[str, typer.Option("--docs", help='JSONL of {"id", "text"} documents.')],
    queries: Annotated[str, typer.Option("--queries", help='JSONL of {"qid", "query", "target"}.')],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Ingest processes.")] = 2,
) -> None:
    """Known-item retrieval: MRR@10, Recall@10/100 and nDCG@10 over a temporary store.

    A malformed query or document line is named on stderr and left out; the report counts them.
    """
    from akhbar.search.evaluate import run_eval_cli

    def warn(line: str) -> None:
        typer.echo(_printable(f"akhbar: warning: {line}"), err=True)

    for path in (docs, queries):
        if not Path(path).is_file():
            _fail(f"{path}: not a file" if Path(path).exists() else f"no such file: {path}")
    try:
        _out(run_eval_cli(docs, queries, as_json, workers=workers, warn=warn) + "\n")
    except ValueError as exc:
        _fail(str(exc))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"akhbar {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """akhbar (اخبار): clean, annotate and search raw Urdu news."""


def _short_helps(typer_app: typer.Typer) -> None:
    """Give each command of ``typer_app`` (and of its groups) the first paragraph of its
    docstring as one flowing line for the list of commands (``akhbar --help``): that list
    prints a docstring's line breaks as they are, mid-sentence, where a command's own help
    reflows them."""
    for info in typer_app.registered_commands:
        doc = info.help or (info.callback.__doc__ if info.callback is not None else None)
        if info.short_help is None and doc:
            info.short_help = " ".join(inspect.cleandoc(doc).split("\n\n")[0].split())
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _short_helps(group.typer_instance)


_short_helps(app)


#: Threads of numpy's OpenBLAS in the command's processes, unless the environment says: one.
#: Each started OpenBLAS thread busy-waits ~0.1 s of CPU after its work (at numpy's import
#: too), and akhbar's matrix products (the NER scorer's) are small: ``akhbar ner`` on 36k
#: words gives the same output in the same time with one thread, for ~20% less CPU.
BLAS_THREADS = "1"


def main() -> None:
    """Console-script entry point."""
    # Before anything imports numpy (this module does not), so that it takes effect; the
    # command's worker processes (ingest, serve) inherit it.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", BLAS_THREADS)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
    try:
        try:
            app()
        finally:  # (what is still buffered fails here, not in a traceback at exit)
            sys.stdout.flush()
    except BrokenPipeError:  # the reader has read enough (`| head`): quietly, as click does
        _drop_stdout()
        sys.exit(1)
    except OSError as exc:  # a full disk (`> /dev/full`): one line, not a traceback
        if exc.filename is not None or exc.errno not in _WRITE_ERRORS:
            raise  # another file's error (a bug to report as it is), not standard output's
        _drop_stdout()
        typer.echo(f"akhbar: error: standard output: cannot write: {exc.strerror or exc}", err=True)
        sys.exit(2)


#: What a failed write to standard output raises (no file name: the stream has none).
_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EPIPE})


def _drop_stdout() -> None:
    """Point standard output at the null device, so that the flush at exit of what is still
    buffered does not fail again (Python's advice for SIGPIPE)."""
    with contextlib.suppress(OSError, ValueError):  # (no file descriptor: a test's stream)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
