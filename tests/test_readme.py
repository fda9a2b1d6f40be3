"""The README's Python examples run, and its two set-up commands are the Makefile's targets."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_readme_python_examples_run() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert blocks, "README has no python example"
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    for i, block in enumerate(blocks):
        runner.run(parser.get_doctest(block, {}, f"README[{i}]", "README.md", 0))
    assert runner.failures == 0


def test_readme_python_scripts_run_on_a_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The examples written as scripts (no >>>) open ./akhbar.db: they ran nowhere, so one
    # could name a function that does not exist and nobody would know.
    from akhbar.pipeline import IngestOptions, ingest
    from akhbar.pipeline.prepare import PrepareConfig
    from akhbar.store import Store

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    scripts = [b for b in re.findall(r"```python\n(.*?)```", readme, flags=re.S) if ">>>" not in b]
    assert len(scripts) >= 2
    with Store.open(tmp_path / "akhbar.db") as store:
        options = IngestOptions(prepare=PrepareConfig(entities=False), sync_index=False)
        ingest([ROOT / "akhbar" / "demo" / "news" / "seed.txt"], store, options)
    monkeypatch.chdir(tmp_path)
    for i, script in enumerate(scripts):
        exec(compile(script, f"README.md python block {i}", "exec"), {})
    assert capsys.readouterr().out.strip()  # the export example printed its article


def test_readme_opens_with_the_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", readme, flags=re.S)
    assert first_block is not None
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert commands == ["make demo", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo:", makefile, flags=re.M)
    assert re.search(r"^test:", makefile, flags=re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
