"""A MiniLM biaffine dependency parser, the teacher for the core's parser (training extra).

The core's CNN transition parser levels off at LAS 0.82-0.83 on EWT dev (decision 0002), below the issue's
0.84. A parser with a pretrained encoder does better but is too slow for the product (the core must parse
5,000 words a second on one core). The usual way across is distillation: the strong, slow parser parses a
large amount of raw text and the fast one learns from its trees as well as from the gold ones.

This module is the strong parser: all-MiniLM-L6-v2 (each word read at its first word piece, the sentence's
``[CLS]`` piece standing for the root) with the biaffine scorers of Dozat and Manning (2017): two MLPs give
each word a representation as a dependent and as a head, a biaffine product scores every (dependent, head)
pair, and a bilinear product per relation labels the chosen arc. Trees are decoded as maximum spanning
trees with a single root (Chu-Liu/Edmonds, :func:`spanning_tree`). It trains on the UD English-EWT and GUM
training sentences with their full relation labels (``nmod:poss``), the labels the core recipe uses.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspin.conllu import Sentence
from unspin.evaluate.progress import tracked

SEED = 0
EPOCHS = 4
BATCH = 32
ENCODER_LEARNING_RATE = 5e-5
SCORER_LEARNING_RATE = 1e-3
WARMUP_STEPS = 200
ARC_SIZE = 256
RELATION_SIZE = 128
DROPOUT = 0.2
MAX_PIECES = 256
"""Longer sentences are left out of training and cut for parsing (their last words then hang off the root)."""
RECORD_FILE = "parser.json"
WEIGHTS_FILE = "scorers.pt"


@dataclass(frozen=True)
class TreeExample:
    """A sentence's words and, for training, each word's head (1-based, 0 = root) and relation."""

    words: tuple[str, ...]
    heads: tuple[int, ...] = ()
    relations: tuple[str, ...] = ()


def tree_examples(sentences: Iterable[Sentence]) -> list[TreeExample]:
    """Training examples from CoNLL-U sentences (their syntactic words; multiword tokens split)."""
    return [
        TreeExample(tuple(w.form for w in s.words), tuple(w.head for w in s.words), tuple(w.deprel for w in s.words))
        for s in sentences
        if s.words
    ]


def spanning_tree(scores: np.ndarray) -> np.ndarray:
    """The highest-scoring tree over ``n + 1`` nodes (node 0 the root) with exactly one word on the root.

    ``scores[d, h]`` scores word ``d`` taking head ``h``. Returns ``heads`` with ``heads[0] = 0``. When the
    unconstrained tree puts several words on the root (rare once trained), each word is tried as the only
    one and the best tree kept.
    """
    scores = np.array(scores, dtype=np.float64)
    n = scores.shape[0]
    if n == 1:
        return np.zeros(1, dtype=np.int64)
    np.fill_diagonal(scores, -np.inf)
    scores[0, :] = -np.inf
    scores[0, 0] = 0.0
    heads = _chu_liu_edmonds(scores)
    roots = np.nonzero(heads[1:] == 0)[0] + 1
    if len(roots) <= 1:
        return heads
    best, best_score = heads, -np.inf
    for root in range(1, n):
        only = scores.copy()
        only[1:, 0] = -np.inf
        only[root, 0] = scores[root, 0]
        tree = _chu_liu_edmonds(only)
        total = only[np.arange(1, n), tree[1:]].sum()
        if total > best_score:
            best, best_score = tree, total
    return best


def _chu_liu_edmonds(scores: np.ndarray) -> np.ndarray:
    """Maximum spanning arborescence rooted at node 0 of a dense score matrix (rows: dependents)."""
    heads = scores.argmax(axis=1)
    heads[0] = 0
    cycle = _cycle(heads)
    if cycle is None:
        return heads
    in_cycle = np.zeros(len(heads), dtype=bool)
    in_cycle[cycle] = True
    rest = np.nonzero(~in_cycle)[0]
    outgoing = scores[np.ix_(rest, cycle)]  # a word outside taking its head inside the cycle
    entering = scores[np.ix_(cycle, rest)] - scores[cycle, heads[cycle]][:, None]  # a cycle word's new head
    size = len(rest)
    contracted = np.full((size + 1, size + 1), -np.inf)
    contracted[:size, :size] = scores[np.ix_(rest, rest)]
    contracted[:size, size] = outgoing.max(axis=1)
    contracted[size, :size] = entering.max(axis=0)
    sub = _chu_liu_edmonds(contracted)
    result = heads.copy()
    for i, node in enumerate(rest):
        result[node] = rest[sub[i]] if sub[i] < size else cycle[outgoing[i].argmax()]
    outside_head = sub[size]
    result[cycle[entering[:, outside_head].argmax()]] = rest[outside_head]
    return result


def _cycle(heads: np.ndarray) -> np.ndarray | None:
    """The nodes of one cycle among the head links (node 0 excluded), or None when there is none."""
    state = np.zeros(len(heads), dtype=np.int8)  # 0 unseen, 1 on the current path, 2 done
    state[0] = 2
    for start in range(1, len(heads)):
        path = []
        node = start
        while state[node] == 0:
            state[node] = 1
            path.append(node)
            node = heads[node]
        if state[node] == 1:
            return np.array(path[path.index(node) :], dtype=np.int64)
        for visited in path:
            state[visited] = 2
    return None


def build_parser(relations: Sequence[str], seed: int = SEED) -> Any:
    """A new biaffine parser on the packaged MiniLM (its scorers seeded)."""
    import torch

    from unspin.train.encoder_export import minilm_dir, offline

    offline()
    from transformers import AutoModel

    torch.manual_seed(seed)
    encoder = AutoModel.from_pretrained(minilm_dir(), attn_implementation="eager")
    return _parser_class()(encoder, list(relations))


def _parser_class() -> type:
    """The torch module (defined on first use, so that importing this module needs no torch)."""
    import torch
    from torch import nn

    class Mlp(nn.Module):
        def __init__(self, inputs: int, outputs: int) -> None:
            super().__init__()
            self.layer = nn.Linear(inputs, outputs)
            self.dropout = nn.Dropout(DROPOUT)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.dropout(nn.functional.leaky_relu(self.layer(x), 0.1))

    class BiaffineParser(nn.Module):
        def __init__(self, encoder: Any, relations: list[str]) -> None:
            super().__init__()
            self.encoder = encoder
            self.relations = relations
            hidden = encoder.config.hidden_size
            self.arc_dependent, self.arc_head = Mlp(hidden, ARC_SIZE), Mlp(hidden, ARC_SIZE)
            self.relation_dependent, self.relation_head = Mlp(hidden, RELATION_SIZE), Mlp(hidden, RELATION_SIZE)
            self.arc_weight = nn.Parameter(torch.zeros(ARC_SIZE + 1, ARC_SIZE))
            self.relation_weight = nn.Parameter(torch.zeros(len(relations), RELATION_SIZE + 1, RELATION_SIZE + 1))
            self.dropout = nn.Dropout(DROPOUT)

        def words(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
            """Each word's state (first piece), position 0 the root ([CLS])."""
            states = self.encoder(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
            states = self.dropout(states.last_hidden_state)
            index = batch["first_pieces"].unsqueeze(-1).expand(-1, -1, states.shape[-1])
            return torch.gather(states, 1, index)

        def arc_scores(self, words: torch.Tensor, word_mask: torch.Tensor) -> torch.Tensor:
            """``scores[b, d, h]``: word d of sentence b taking head h (the root or a word; padding masked out)."""
            mask = word_mask.clone()
            mask[:, 0] = True
            dependent = self.arc_dependent(words)
            dependent = torch.cat([dependent, torch.ones_like(dependent[..., :1])], dim=-1)
            scores = torch.einsum("bdi,ij,bhj->bdh", dependent, self.arc_weight, self.arc_head(words))
            return scores.masked_fill(~mask.unsqueeze(1), float("-inf"))

        def relation_scores(self, words: torch.Tensor, heads: torch.Tensor) -> torch.Tensor:
            """``scores[b, d, r]``: relation r on the arc from word d to its head ``heads[b, d]``."""
            dependent = self.relation_dependent(words)
            head = torch.gather(self.relation_head(words), 1, heads.unsqueeze(-1).expand(-1, -1, RELATION_SIZE))
            ones = torch.ones_like(dependent[..., :1])
            dependent, head = torch.cat([dependent, ones], dim=-1), torch.cat([head, ones], dim=-1)
            return torch.einsum("bdi,rij,bdj->bdr", dependent, self.relation_weight, head)

        def loss(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
            words = self.words(batch)
            mask = batch["word_mask"]
            arcs = self.arc_scores(words, mask)
            relations = self.relation_scores(words, batch["heads"])
            arc_loss = nn.functional.cross_entropy(arcs[mask], batch["heads"][mask])
            relation_loss = nn.functional.cross_entropy(relations[mask], batch["relations"][mask])
            return arc_loss + relation_loss

    return BiaffineParser


def encode(tokenizer: Any, examples: Sequence[TreeExample], relations: Sequence[str] = ()) -> dict[str, Any]:
    """Padded model inputs for a batch of sentences (with gold heads and relation indices when
    ``relations`` is given). Word i (1-based) sits at position i; position 0 is the root."""
    import torch

    encoded = tokenizer(
        [list(e.words) for e in examples],
        is_split_into_words=True,
        truncation=True,
        max_length=MAX_PIECES,
        padding=True,
        return_tensors="pt",
    )
    width = max(len(e.words) for e in examples) + 1
    first = torch.zeros(len(examples), width, dtype=torch.long)
    mask = torch.zeros(len(examples), width, dtype=torch.bool)
    for row in range(len(examples)):
        seen: set[int] = set()
        for piece, word in enumerate(encoded.word_ids(row)):
            if word is not None and word not in seen:
                seen.add(word)
                first[row, word + 1] = piece
                mask[row, word + 1] = True
    batch = {
        "input_ids": encoded["input_ids"],
        "attention_mask": encoded["attention_mask"],
        "first_pieces": first,
        "word_mask": mask,
    }
    if relations:
        index = {r: i for i, r in enumerate(relations)}
        heads = torch.zeros(len(examples), width, dtype=torch.long)
        labels = torch.zeros(len(examples), width, dtype=torch.long)
        for row, example in enumerate(examples):
            heads[row, 1 : len(example.heads) + 1] = torch.tensor(example.heads)
            labels[row, 1 : len(example.relations) + 1] = torch.tensor([index.get(r, 0) for r in example.relations])
        batch["heads"], batch["relations"] = heads, labels
    return batch


def parse(
    model: Any, tokenizer: Any, sentences: Sequence[Sequence[str]], batch_size: int = 64, description: str = "parsing"
) -> list[TreeExample]:
    """Trees for sentences of words: heads by :func:`spanning_tree`, relations by the labeller on them, with
    progress by batch under ``description``. Words past :data:`MAX_PIECES` pieces (rare) hang off the root word
    as ``dep``."""
    import torch

    model.eval()
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    results: dict[int, TreeExample] = {}
    chunks = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]
    with torch.no_grad():
        for chunk in tracked(chunks, description):
            examples = [TreeExample(tuple(sentences[i])) for i in chunk]
            batch = encode(tokenizer, examples)
            words = model.words(batch)
            mask = batch["word_mask"]
            arcs = torch.log_softmax(model.arc_scores(words, mask), dim=-1).numpy()
            heads = torch.zeros(mask.shape, dtype=torch.long)
            for row, i in enumerate(chunk):
                seen = int(mask[row].sum())
                tree = spanning_tree(arcs[row, : seen + 1, : seen + 1])
                root = int(np.nonzero(tree[1:] == 0)[0][0]) + 1 if seen else 0
                heads[row, 1 : seen + 1] = torch.from_numpy(tree[1:])
                heads[row, seen + 1 : len(sentences[i]) + 1] = root
            labels = model.relation_scores(words, heads).argmax(dim=-1).numpy()
            for row, i in enumerate(chunk):
                count = len(sentences[i])
                seen = int(mask[row].sum())
                row_heads = tuple(int(h) for h in heads[row, 1 : count + 1])
                names = [model.relations[int(r)] for r in labels[row, 1 : count + 1]]
                names = [
                    "root" if h == 0 else ("dep" if k >= seen else name)
                    for k, (h, name) in enumerate(zip(row_heads, names, strict=True))
                ]
                results[i] = TreeExample(tuple(sentences[i]), row_heads, tuple(names))
    return [results[i] for i in range(len(sentences))]


@dataclass(frozen=True)
class Attachments:
    """Unlabelled and labelled attachment scores over words."""

    words: int
    heads_right: int
    both_right: int

    @property
    def uas(self) -> float:
        return self.heads_right / self.words if self.words else 0.0

    @property
    def las(self) -> float:
        return self.both_right / self.words if self.words else 0.0


def attachment_scores(gold: Sequence[TreeExample], predicted: Sequence[TreeExample]) -> Attachments:
    """UAS and LAS of ``predicted`` against ``gold`` (the same sentences), relation subtypes kept."""
    words = heads = both = 0
    for g, p in zip(gold, predicted, strict=True):
        for gh, gr, ph, pr in zip(g.heads, g.relations, p.heads, p.relations, strict=True):
            words += 1
            heads += gh == ph
            both += gh == ph and gr == pr
    return Attachments(words, heads, both)


def train_parser_teacher(
    out_dir: Path,
    train: Sequence[TreeExample],
    dev: Sequence[TreeExample],
    *,
    epochs: int = EPOCHS,
) -> dict[str, Any]:
    """Train the teacher on ``train``, score it on ``dev`` (gold words and sentences), save it under
    ``out_dir`` (tokenizer, encoder, scorers, record). Returns the record."""
    import random

    import torch

    from unspin.train.encoder_export import load_minilm_tokenizer

    tokenizer = load_minilm_tokenizer()
    relations = sorted({r for example in train for r in example.relations})
    model = build_parser(relations)
    usable = [e for e in train if len(tokenizer(list(e.words), is_split_into_words=True)["input_ids"]) <= MAX_PIECES]
    encoder_parameters = list(model.encoder.parameters())
    encoder_ids = {id(p) for p in encoder_parameters}
    scorer_parameters = [p for p in model.parameters() if id(p) not in encoder_ids]
    optimizer = torch.optim.AdamW(
        [
            {"params": encoder_parameters, "lr": ENCODER_LEARNING_RATE},
            {"params": scorer_parameters, "lr": SCORER_LEARNING_RATE},
        ],
        weight_decay=0.01,
    )
    steps = epochs * -(-len(usable) // BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / WARMUP_STEPS) * max(0.0, 1 - step / steps)
    )
    shuffler = random.Random(SEED)
    started = time.perf_counter()
    history = []
    for epoch in range(epochs):
        model.train()
        order = sorted(usable, key=lambda e: len(e.words))
        batches = [order[i : i + BATCH] for i in range(0, len(order), BATCH)]
        shuffler.shuffle(batches)  # batches of similar lengths, in random order: little padding
        for batch in tracked(batches, f"parser teacher epoch {epoch + 1}/{epochs}"):
            loss = model.loss(encode(tokenizer, batch, relations))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
        scores = attachment_scores(dev, parse(model, tokenizer, [e.words for e in dev]))
        history.append({"epoch": epoch + 1, "dev_uas": round(scores.uas, 4), "dev_las": round(scores.las, 4)})
        print(f"epoch {epoch + 1}: dev UAS {scores.uas:.4f} LAS {scores.las:.4f}", flush=True)
    record = {
        "sentences": len(usable),
        "left_out_longer_than_pieces": len(train) - len(usable),
        "relations": len(relations),
        "epochs": epochs,
        "steps": steps,
        "seed": SEED,
        "encoder_learning_rate": ENCODER_LEARNING_RATE,
        "scorer_learning_rate": SCORER_LEARNING_RATE,
        "seconds": round(time.perf_counter() - started),
        "dev": history,
    }
    save_teacher(model, tokenizer, Path(out_dir), record)
    return record


def save_teacher(model: Any, tokenizer: Any, out_dir: Path, record: dict[str, Any]) -> None:
    import torch

    out_dir.mkdir(parents=True, exist_ok=True)
    model.encoder.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    scorers = {k: v for k, v in model.state_dict().items() if not k.startswith("encoder.")}
    torch.save({"relations": model.relations, "state": scorers}, out_dir / WEIGHTS_FILE)
    (out_dir / RECORD_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def load_teacher(folder: Path) -> tuple[Any, Any]:
    """A saved teacher and its tokenizer, ready to parse."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    from unspin.train.encoder_export import offline

    offline()
    saved = torch.load(Path(folder) / WEIGHTS_FILE)
    encoder = AutoModel.from_pretrained(folder, attn_implementation="eager")
    model = _parser_class()(encoder, saved["relations"])
    model.load_state_dict(saved["state"], strict=False)
    return model.eval(), AutoTokenizer.from_pretrained(folder)
