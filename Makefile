# akhbar — one entry point for every developer task.  `make demo`, `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: browser loadgen install test demo bench lint format typecheck lexicon gazetteer known-names train-ner train-search-vectors clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench,ray]'
	touch $(STAMP)

test: install browser
	$(BIN)/python -m pytest -n 2

# The browser tests drive Debian's chromium; install it once if it is missing (root or sudo).
CHROMIUM ?= /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || { SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The text core on the bundled seed article, the bundled sample ingested into demo.db, then
# search and entities from the command line, then the web page and API on http://127.0.0.1:8000/.
DEMO_DB ?= demo.db
demo: install
	$(BIN)/akhbar analyze akhbar/demo/news/seed.txt
	$(BIN)/akhbar ingest akhbar/demo/news --db $(DEMO_DB)
	$(BIN)/akhbar annotate --db $(DEMO_DB) --if-outdated  # a demo.db of an older checkout
	$(BIN)/akhbar index --db $(DEMO_DB)
	$(BIN)/akhbar stats --db $(DEMO_DB)
	$(BIN)/akhbar search 'لاوروف' --db $(DEMO_DB) --limit 3
	$(BIN)/akhbar entity 'Lavrov' --db $(DEMO_DB)
	$(BIN)/akhbar serve --db $(DEMO_DB)

# Speed benchmarks against the peers (spaCy, urduhack in their own venv); writes benchmarks/RESULTS.md.
bench: install loadgen
	$(BIN)/python benchmarks/run.py

# wrk drives the web load benchmark (a C client: it leaves the two cores to the server).
loadgen:
	@command -v wrk >/dev/null || { SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }

# Rebuild the word lexicon shipped in akhbar/text/data (and the compounds written joined or
# spaced, akhbar/search/data/compounds.tsv, and the loanwords spelled several ways,
# spellings.tsv) and the keyboard repair's word pairs
# (keyboard_context.tsv.gz), and the acronyms the query parser knows (akhbar/search/data:
# acronyms.tsv, letter_words.tsv), from ../shared/data.
lexicon: install
	$(BIN)/python scripts/build_lexicon.py
	$(BIN)/python scripts/build_keyboard_context.py
	$(BIN)/python scripts/build_acronyms.py

# Rebuild the entity gazetteer (akhbar/entities/data): type its places from GeoNames and the
# shared news (place_types.tsv; needs the gazetteer extra), then gazetteer.tsv, then the English
# spelling costs learned from its names (romanize_costs.tsv, which the search's reading of
# words typed in Latin letters uses; also after an edit of romanize.tsv).
gazetteer: install
	$(BIN)/python -m pip install --quiet -e '.[gazetteer]'
	$(BIN)/python scripts/build_place_types.py
	$(BIN)/python scripts/build_gazetteer.py
	$(BIN)/python scripts/train_romanize.py

# Retrain the shipped NER model from ../shared/data/ner (CRF + neural scorer; needs the
# train-neural extra: CPU torch, one thread): the neural encoder first as a language model on
# the shared news (about 17 minutes), then on IL-NER; then the names it tags in the news (the
# known_name rule's list) and the model card's scores with that list.
NER_LM ?= build/ner-lm.pt
train-ner: install
	$(BIN)/python -m pip install --quiet -e '.[train-neural]'
	mkdir -p $(dir $(NER_LM))
	OMP_NUM_THREADS=1 $(BIN)/python scripts/train_ner.py --pretrain-lm $(NER_LM)
	OMP_NUM_THREADS=1 $(BIN)/python scripts/train_ner.py --lm $(NER_LM)
	$(BIN)/python scripts/build_known_names.py
	$(BIN)/python scripts/train_ner.py --rescore-only

# Rebuild akhbar/entities/data/known_names.tsv: the names the shipped model tags with one type
# in the shared news (the known_name rule's list).
known-names: install
	$(BIN)/python scripts/build_known_names.py

# Train search's word vectors (akhbar/search/data/search_vectors.*; only for the query
# expansion that SearchConfig.expand_neighbours turns on, off by default; needs the train extra).
train-search-vectors: install
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python scripts/train_search_vectors.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
