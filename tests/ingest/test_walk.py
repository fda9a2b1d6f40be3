"""read_any over folders and archives: sniffing, order, and hostile archives."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import tarfile
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from akhbar.article import Article, Rejected
from akhbar.ingest import IngestSettings, read_any
from akhbar.ingest.walk import OUTSIDE_LINK

from .conftest import NEWS, CrawlFixture

SEED = NEWS / "seed" / "000_b9714f12a68fc25f.txt"
A = "پہلی خبر کا متن۔".encode()
B = "دوسری خبر کا متن۔".encode()
CSV = "title,content\nسرخی,تیسری خبر۔\n".encode()


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _tar(members: list[tarfile.TarInfo | tuple[str, bytes]], mode: str = "w:gz") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as t:  # type: ignore[call-overload]
        for m in members:
            if isinstance(m, tarfile.TarInfo):
                t.addfile(m)
            else:
                info = tarfile.TarInfo(m[0])
                info.size = len(m[1])
                t.addfile(info, io.BytesIO(m[1]))
    return buf.getvalue()


def _special(name: str, kind: bytes, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    return info


def _summary(results: list[Article | Rejected]) -> list[tuple[str, str]]:
    return [
        ("A", r.raw_ref or "") if isinstance(r, Article) else ("R", f"{r.ref} | {r.reason}")
        for r in results
    ]


def test_folder_sorted_recursive_and_junk(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_bytes(B)
    (tmp_path / "a.txt").write_bytes(A)
    (tmp_path / "c.csv").write_bytes(CSV)
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "__MACOSX" / "._a.txt").write_bytes(b"\x00\x05\x16\x07")
    (tmp_path / "empty.txt").write_bytes(b"  \n\xc2\xa0\n")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    skips: Counter[str] = Counter()
    out = list(read_any(tmp_path, skips=skips))
    assert _summary(out) == [
        ("A", f"{tmp_path}/a.txt"),
        ("A", f"{tmp_path}/b/2.txt"),
        ("A", f"{tmp_path}/c.csv:row 1"),
        ("R", f"{tmp_path}/empty.txt | empty"),
        ("R", f"{tmp_path}/photo.jpg | unsupported file type .jpg"),
    ]
    assert skips == Counter({"hidden file": 1, "OS junk": 1})
    assert _summary(list(read_any(tmp_path))) == _summary(out)  # deterministic


def test_zip_with_hostile_members(tmp_path: Path) -> None:
    data = _zip(
        {
            "news/a.txt": A,
            "../evil.txt": b"x",
            "/etc/passwd.txt": b"x",
            "C:\\windows\\evil.txt": b"x",
            "__MACOSX/news/._a.txt": b"\x00",
            "news/.hidden.txt": B,
            "news/sub/": b"",
        }
    )
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a") as z:  # a symlink member (Unix mode bits in external_attr)
        info = zipfile.ZipInfo("news/link.txt")
        info.create_system = 3
        info.external_attr = (0o120777) << 16
        z.writestr(info, "/etc/passwd")
    p = tmp_path / "dump.zip"
    p.write_bytes(buf.getvalue())
    skips: Counter[str] = Counter()
    out = list(read_any(p, skips=skips))
    reasons = {r.ref.split("!", 1)[1]: r.reason for r in out if isinstance(r, Rejected)}
    assert reasons == {
        "../evil.txt": "unsafe member: path traversal (..)",
        "/etc/passwd.txt": "unsafe member: absolute path",
        "C:\\windows\\evil.txt": "unsafe member: absolute path",
        "news/link.txt": "unsafe member: symlink",
    }
    arts = [r for r in out if isinstance(r, Article)]
    assert [a.raw_ref for a in arts] == [f"{p}!news/a.txt"]
    assert skips == Counter({"OS junk": 1, "hidden file": 1})


def test_tar_links_devices_traversal(tmp_path: Path) -> None:
    data = _tar(
        [
            ("./news/a.txt", A),
            ("../../evil.txt", b"x"),
            ("/abs.txt", b"x"),
            _special("news/sym.txt", tarfile.SYMTYPE, "/etc/passwd"),
            _special("news/hard.txt", tarfile.LNKTYPE, "news/a.txt"),
            _special("dev/null", tarfile.CHRTYPE),
            _special("fifo", tarfile.FIFOTYPE),
            ("news/b.txt", B),
        ]
    )
    p = tmp_path / "dump.tar.gz"
    p.write_bytes(data)
    out = list(read_any(p))
    assert _summary(out) == [
        ("A", f"{p}!./news/a.txt"),
        ("R", f"{p}!../../evil.txt | unsafe member: path traversal (..)"),
        ("R", f"{p}!/abs.txt | unsafe member: absolute path"),
        ("R", f"{p}!news/sym.txt | unsafe member: symlink"),
        ("R", f"{p}!news/hard.txt | unsafe member: hard link"),
        ("R", f"{p}!dev/null | unsafe member: device or special file"),
        ("R", f"{p}!fifo | unsafe member: device or special file"),
        ("A", f"{p}!news/b.txt"),
    ]


@pytest.mark.parametrize("mode", ["w", "w:gz", "w:bz2", "w:xz"])
def test_tar_compressions(tmp_path: Path, mode: str) -> None:
    p = tmp_path / "x.bin"  # no telling extension: sniffed from content
    p.write_bytes(_tar([("a.txt", A), ("b.csv", CSV)], mode))
    out = list(read_any(p))
    assert [type(r).__name__ for r in out] == ["Article", "Article"], out


def test_zip_bomb_guard(tmp_path: Path) -> None:
    settings = IngestSettings(max_member_bytes=1_000_000, ratio_min_bytes=100_000, max_ratio=50)
    data = _zip({"bomb.txt": b"\x00" * 900_000, "big.txt": A * 200_000, "ok.txt": A})
    p = tmp_path / "bomb.zip"
    p.write_bytes(data)
    out = list(read_any(p, settings=settings))
    s = _summary(out)
    assert s[0][0] == "R"
    assert "big.txt" in s[0][1]
    assert "too large" in s[0][1]
    assert s[1][0] == "R"
    assert "bomb.txt" in s[1][1]
    assert "compression ratio" in s[1][1]
    assert s[2] == ("A", f"{p}!ok.txt")


def test_total_budget(tmp_path: Path) -> None:
    settings = IngestSettings(max_total_bytes=len(A) * 2 + 1)
    p = tmp_path / "many.zip"
    p.write_bytes(_zip({f"{i}.txt": A for i in range(4)}))
    out = list(read_any(p, settings=settings))
    assert [type(r).__name__ for r in out] == ["Article", "Article", "Rejected", "Rejected"]
    assert all("total size limit" in r.reason for r in out if isinstance(r, Rejected))


def test_nested_archives_and_depth(tmp_path: Path) -> None:
    inner = _zip({"inner.txt": A})
    middle = _tar([("inner.zip", inner), ("m.txt", B)])
    outer = _zip({"middle.tar.gz": middle, "o.csv": CSV})
    p = tmp_path / "outer.zip"
    p.write_bytes(outer)
    out = list(read_any(p))
    assert _summary(out) == [
        ("A", f"{p}!middle.tar.gz!inner.zip!inner.txt"),
        ("A", f"{p}!middle.tar.gz!m.txt"),
        ("A", f"{p}!o.csv:row 1"),
    ]
    shallow = list(read_any(p, settings=IngestSettings(max_depth=2)))
    assert _summary(shallow)[0] == (
        "R",
        f"{p}!middle.tar.gz!inner.zip | nested archive too deep (depth 3 > limit 2)",
    )


def test_single_compressed_files(tmp_path: Path, crawl: CrawlFixture) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(A))
    (tmp_path / "b.csv.bz2").write_bytes(bz2.compress(CSV))
    (tmp_path / "c.warc.gz").write_bytes(crawl.gzipped)
    (tmp_path / "d.gz").write_bytes(b"\x1f\x8b\x08\x00broken")
    out = list(read_any(tmp_path))
    s = _summary(out)
    assert s[0] == ("A", f"{tmp_path}/a.txt.gz")
    assert s[1] == ("A", f"{tmp_path}/b.csv.bz2:row 1")
    assert [k for k, _ in s[2:4]] == ["A", "A"]
    assert "#<urn:uuid:" in s[2][1]
    assert s[4][0] == "R"
    assert s[4][1].startswith(f"{tmp_path}/d.gz | broken gzip stream")


def test_broken_archives_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "a.zip").write_bytes(b"PK\x03\x04 truncated")
    (tmp_path / "b.tar.gz").write_bytes(gzip.compress(b"not a tar" * 10))
    out = list(read_any(tmp_path))
    assert [type(r).__name__ for r in out] == ["Rejected", "Rejected"]
    assert out[0].ref == f"{tmp_path}/a.zip"  # type: ignore[union-attr]


def test_forced_format_and_arguments(tmp_path: Path) -> None:
    p = tmp_path / "feed.dat"
    p.write_bytes("id;headline;story\n5;سرخی;متن۔\n".encode())
    [a] = list(read_any(p, fmt="csv", source="my-outlet"))
    assert isinstance(a, Article)
    assert (a.id, a.title, a.source) == ("5", "سرخی", "my-outlet")
    [t] = list(read_any(p, fmt="text"))
    assert isinstance(t, Article)
    assert t.paragraphs == ("id;headline;story", "5;سرخی;متن۔")
    with pytest.raises(ValueError, match="unknown format"):
        read_any(p, fmt="pdf")
    with pytest.raises(ValueError, match="unknown encoding"):
        read_any(p, encoding="no-such-codec")
    missing = list(read_any(tmp_path / "nope.txt"))
    assert len(missing) == 1
    assert isinstance(missing[0], Rejected)


def test_real_news_folder_totals() -> None:
    """Everything under shared/data/news except the 72k-line JSONL (tested on its own)."""
    counts: Counter[str] = Counter()
    for sub in ["seed", "outlets-2024", "urdupoint-2023-sample.csv", "bend-the-truth"]:
        for r in read_any(NEWS / sub):
            counts["article" if isinstance(r, Article) else f"rejected: {r.reason}"] += 1
    assert counts == Counter({"article": 1 + 2509 + 399 + 1300, "rejected: empty text": 32})


def _refs_are_storable(out: list[Article | Rejected]) -> list[str]:
    """Every ref, checked to be writable to the store, JSON and a terminal (UTF-8, no controls)."""
    refs = [r.raw_ref or "" if isinstance(r, Article) else r.ref for r in out]
    for ref in refs:
        ref.encode("utf-8")  # raises on the lone surrogates of a non-UTF-8 file name
        assert not any(ord(c) < 0x20 for c in ref), ref
    return refs


def test_non_utf8_and_control_file_names(tmp_path: Path) -> None:
    # A file named in cp1256 (unzipped from an old Windows archive) came through as a str with
    # lone surrogates, which the store cannot write: the whole batch was rolled back and the run
    # stopped.  A newline in a name broke the CLI's one-line messages.
    seed = SEED.read_bytes()
    folder = tmp_path / "in"
    folder.mkdir()
    urdu_cp1256 = "خبر".encode("cp1256")
    with open(bytes(folder) + b"/" + urdu_cp1256 + b".txt", "wb") as f:
        f.write(seed)
    (folder / "two\nlines.txt").write_bytes(A)
    out = list(read_any(folder))
    assert [type(r).__name__ for r in out] == ["Article", "Article"], out
    refs = _refs_are_storable(out)
    assert refs == [f"{folder}/two\\nlines.txt", f"{folder}/\\xce\\xc8\\xd1.txt"]
    [seed_article] = [r for r in out if isinstance(r, Article) and r.title]
    [expected] = list(read_any(SEED))
    assert isinstance(expected, Article)
    assert seed_article.paragraphs == expected.paragraphs


def test_non_utf8_member_names_in_tar_and_zip(tmp_path: Path) -> None:
    raw = "خبر".encode("cp1256") + b".txt"
    info = tarfile.TarInfo(raw.decode("utf-8", "surrogateescape"))
    info.size = len(A)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as t:
        t.addfile(info, io.BytesIO(A))
    (tmp_path / "old.tar").write_bytes(buf.getvalue())
    # A zip tool that writes UTF-8 names without setting the UTF-8 flag (zipfile reads cp437).
    # zipfile flags every non-ASCII name it writes, so write an ASCII one of the same length and
    # put the UTF-8 bytes in its place (the name is in the local header and central directory).
    utf8 = "خبر.txt".encode()
    placeholder = b"x" * (len(utf8) - 4) + b".txt"
    unflagged = _zip({placeholder.decode(): B}).replace(placeholder, utf8)
    assert unflagged.count(utf8) == 2
    (tmp_path / "unflagged.zip").write_bytes(unflagged)
    out = list(read_any(tmp_path))
    assert [type(r).__name__ for r in out] == ["Article", "Article"], out
    refs = _refs_are_storable(out)
    assert refs == [f"{tmp_path}/old.tar!\\xce\\xc8\\xd1.txt", f"{tmp_path}/unflagged.zip!خبر.txt"]


def test_fifo_in_a_folder_does_not_hang_and_devices_are_not_read(tmp_path: Path) -> None:
    # Opening a FIFO with no writer blocks forever: one named pipe in a folder hung the ingest.
    # A device (/dev/zero) would be read without end.
    import os
    import threading

    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    os.mkfifo(tmp_path / "b_pipe.txt")
    result: list[Article | Rejected] = []
    worker = threading.Thread(target=lambda: result.extend(read_any(tmp_path)), daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive(), "read_any blocked on the FIFO"
    assert isinstance(result[0], Article)
    assert result[1] == Rejected(str(tmp_path / "b_pipe.txt"), "not a regular file (FIFO)")
    if Path("/dev/null").exists():
        assert list(read_any("/dev/null")) == [Rejected("/dev/null", "not a regular file (device)")]


def test_a_link_out_of_the_folder_is_not_followed(tmp_path: Path) -> None:
    """A crawl unpacked from a hostile tar may hold links to the user's files (a private key,
    /etc/passwd): inside a folder read, a link to a file outside it is skipped and counted; a
    link within the folder is read; a file named on its own is read wherever it lives."""
    src, outside = tmp_path / "crawl", tmp_path / "private"
    (src / "sub").mkdir(parents=True)
    outside.mkdir()
    (outside / "key.txt").write_bytes(B)
    (src / "a.txt").write_bytes(A)
    (src / "sub" / "key.txt").symlink_to(outside / "key.txt")
    (src / "again.txt").symlink_to(src / "a.txt")
    (src / "up.txt").symlink_to(Path("..") / "private" / "key.txt")  # relative, still outside
    skips: Counter[str] = Counter()
    out = list(read_any(src, skips=skips))
    assert _summary(out) == [("A", f"{src}/a.txt"), ("A", f"{src}/again.txt")]
    assert skips == Counter({OUTSIDE_LINK: 2})
    assert _summary(list(read_any(src / "sub" / "key.txt"))) == [("A", f"{src}/sub/key.txt")]
    # The folder itself reached by a link: its own files are inside it.
    (tmp_path / "alias").symlink_to(src)
    assert len(list(read_any(tmp_path / "alias"))) == 2


def test_content_says_compressed_but_the_name_does_not(tmp_path: Path) -> None:
    # A feed saved gzipped under its plain name (an HTTP download kept raw) was rejected as
    # 'undecodable'; a .tar.gz named .zip as 'broken zip'.
    (tmp_path / "a_feed.csv").write_bytes(gzip.compress(CSV))
    (tmp_path / "b_dump.zip").write_bytes(_tar([("in/a.txt", A)]))
    (tmp_path / "c_zipped.json").write_bytes(_zip({"b.txt": B}))
    out = list(read_any(tmp_path))
    assert [r.raw_ref if isinstance(r, Article) else r for r in out] == [
        f"{tmp_path}/a_feed.csv:row 1",
        f"{tmp_path}/b_dump.zip!in/a.txt",
        f"{tmp_path}/c_zipped.json!b.txt",
    ]
    assert [r.paragraphs for r in out if isinstance(r, Article)] == [
        ("تیسری خبر۔",),
        (A.decode(),),
        (B.decode(),),
    ]


def test_empty_archives_say_so(tmp_path: Path) -> None:
    # An archive with nothing in it yielded no record: the run's summary never named it.
    (tmp_path / "a.zip").write_bytes(_zip({}))
    (tmp_path / "b.tar.gz").write_bytes(_tar([]))
    assert list(read_any(tmp_path)) == [
        Rejected(f"{tmp_path}/a.zip", "empty zip (no members)"),
        Rejected(f"{tmp_path}/b.tar.gz", "empty tar (no members)"),
    ]


def test_a_broken_tar_is_one_line(tmp_path: Path) -> None:
    # tarfile names each method it tried on a line of its own: the reason, which the CLI prints
    # as one line and the store logs, ran over five.
    (tmp_path / "c.tar").write_bytes(b"")
    [r] = list(read_any(tmp_path / "c.tar"))
    assert isinstance(r, Rejected)
    assert r.reason.startswith("broken tar: ")
    assert "\n" not in r.reason
    assert "method tar: ReadError('empty file')" in r.reason


def test_an_rss_feed_is_named_as_such(tmp_path: Path) -> None:
    # A feed saved from a news site: its <pubDate>/<description> made it look like a page, and
    # it was rejected as 'no article text found' (or read as one article of raw XML).
    items = "".join(
        f"<item><title>خبر {i}</title><link>https://www.express.pk/story/{i}</link>"
        f"<pubDate>Wed, 05 Jun 2024 14:30:00 +0500</pubDate><description><![CDATA[<p>"
        f"{B.decode()}</p>]]></description></item>"
        for i in range(3)
    )
    rss = f'<?xml version="1.0"?>\n<rss version="2.0"><channel>{items}</channel></rss>'
    entry = f"<entry><content>{B.decode()}</content></entry>"
    atom = f'<feed xmlns="http://www.w3.org/2005/Atom">{entry}</feed>'
    for name, text in (("feed.xml", rss), ("feed.rss", rss), ("feed", rss), ("atom.xml", atom)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        [r] = list(read_any(tmp_path / name))
        assert isinstance(r, Rejected), (name, r)
        assert r.reason.startswith("an RSS/Atom feed: not a format akhbar reads"), r


def test_a_file_whose_extension_says_otherwise_is_read_by_its_content(tmp_path: Path) -> None:
    # A scraper's plain-text article saved as .html was 'no article text found' (trafilatura
    # reads text without tags as nothing); JSON Lines saved as .csv was 'no text column in
    # header ['{"id": 1', ...]'.
    seed = Path(__file__).resolve().parents[2] / "akhbar" / "demo" / "news" / "seed.txt"
    (tmp_path / "seed.html").write_bytes(seed.read_bytes())
    rows = [{"id": "j1", "text": A.decode()}, {"id": "j2", "text": B.decode()}]
    (tmp_path / "rows.csv").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    (tmp_path / "array.csv").write_text(json.dumps(rows), "utf-8")
    out = list(read_any(tmp_path))
    assert all(isinstance(r, Article) for r in out), out
    by_ref = {r.raw_ref: r for r in out if isinstance(r, Article)}
    assert [by_ref[f"{tmp_path}/rows.csv:line {i}"].id for i in (1, 2)] == ["j1", "j2"]
    assert [by_ref[f"{tmp_path}/array.csv:item {i}"].id for i in (1, 2)] == ["j1", "j2"]
    [from_txt] = list(read_any(seed))
    assert isinstance(from_txt, Article)
    page = by_ref[f"{tmp_path}/seed.html"]
    assert (page.title, page.paragraphs, page.published) == (
        from_txt.title,
        from_txt.paragraphs,
        from_txt.published,
    )
    # Forced, the format is taken as given.
    [forced] = list(read_any(tmp_path / "seed.html", fmt="html"))
    assert isinstance(forced, Rejected)


def test_zstd_7z_and_rar_files_are_named_unsupported(tmp_path: Path) -> None:
    # A crawl.warc.zst was 'undecodable: looks binary, not text: NUL byte at byte 9'.
    for name, magic, kind in [
        ("crawl.warc.zst", b"\x28\xb5\x2f\xfd", "zstd"),
        ("news", b"\x28\xb5\x2f\xfd", "zstd"),
        ("dump.7z", b"7z\xbc\xaf\x27\x1c", "7-Zip"),
        ("dump.bin", b"Rar!\x1a\x07\x00", "RAR"),
    ]:
        (tmp_path / name).write_bytes(magic + bytes(range(256)) * 4)
        [r] = list(read_any(tmp_path / name))
        assert isinstance(r, Rejected), r
        assert r.reason.startswith("unsupported file type"), r
        assert r.reason.endswith(f"({kind}-compressed: decompress it first)"), r
    # In an archive too.
    (tmp_path / "a.zip").write_bytes(_zip({"x.csv.zst": b"\x28\xb5\x2f\xfd" + b"\x00" * 64}))
    [r] = list(read_any(tmp_path / "a.zip"))
    assert r == Rejected(
        f"{tmp_path}/a.zip!x.csv.zst",
        "unsupported file type .zst (zstd-compressed: decompress it first)",
    )


@pytest.mark.parametrize(
    ("name", "layers"),
    [
        ("a.csv.gz.gz", (gzip.compress, gzip.compress)),
        ("a.csv.bz2.gz", (bz2.compress, gzip.compress)),
        ("a.csv.gz", (gzip.compress, gzip.compress)),  # gzipped again, the name not changed
    ],
)
def test_a_file_compressed_twice_is_read(
    tmp_path: Path, name: str, layers: tuple[Callable[[bytes], bytes], ...]
) -> None:
    # The second layer read the name's next suffix (.gz) as the format of the plain bytes
    # under it: "broken gzip stream: Not a gzipped file".
    data = CSV
    for compress in layers:
        data = compress(data)
    (tmp_path / name).write_bytes(data)
    assert _summary(list(read_any(tmp_path))) == [("A", f"{tmp_path}/{name}:row 1")]
