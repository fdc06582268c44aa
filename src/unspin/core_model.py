"""The core spaCy pipeline (tokens, sentences, tags, lemmas, parse, named entities), loaded once per process.

``load_core(None)`` loads the pipeline shipped inside the package (``unspin/models/core``, trained by
``unspin train core``); a name that is a folder loads the spaCy pipeline saved there, and any other name is
taken as an installed spaCy package (``en_core_web_sm``), for users who have one. :func:`core_label` maps
the pipeline's entity labels to ours, so that OntoNotes-style pipelines can stand in for the shipped one.
Every loaded pipeline with a parser gets the UD punctuation rule right after it (:mod:`unspin.punct_attachment`);
every one with an NER gets the GeoNames place ruler after it (:mod:`unspin.place_ruler`), then the given-name
person ruler (:mod:`unspin.person_ruler`), the demonym retyper (:mod:`unspin.group_ruler`), the storm-name
retyper (:mod:`unspin.storm_ruler`), the trimmer of
titles and run-on edges (:mod:`unspin.name_edges`), the filter that drops e-mail and web addresses from its
entities (:mod:`unspin.address_filter`) and, last, the filter that drops entities holding no noun
(:mod:`unspin.word_class_filter`). Every loaded pipeline's models multiply matrices with numpy's
BLAS on one thread (:mod:`unspin.blas_ops`: twice as fast), and their maxout layers keep only each unit's best piece
when predicting (:mod:`unspin.maxout_inference`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, get_type_hints

from unspin.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span
    from thinc.api import Model

SHIPPED_DIR = Path(__file__).resolve().parent / "models" / "core"
"""Where ``ship_core`` puts the trained pipeline inside the package."""

TEACHER_RECORD = "teacher.json"
"""The file that marks a folder of `unspin train ner-teacher`: such a folder can be named as a core to score the
teacher on its own (`unspin eval ner --core FOLDER`); it names entities only."""

CORE_LABELS: Mapping[str, str] = {
    # ours (the core recipe's labels)
    "PERSON": "PERSON",
    "ORG": "ORG",
    "PLACE": "PLACE",
    "GROUP": "GROUP",
    "EVENT": "EVENT",
    # OntoNotes (spaCy's en_core_web_* pipelines)
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "NORP": "GROUP",
    # CoNLL / WikiNER style (spaCy's xx_ent_wiki_sm and similar)
    "PER": "PERSON",
}
"""A pipeline's entity label -> ours; labels not listed (DATE, MONEY, MISC, ...) are dropped."""

_LOADED: dict[str, Language] = {}

Factory = TypeVar("Factory", bound=Callable[..., Any])


def core_label(label: str) -> str | None:
    """Our entity label for a core pipeline's label, or None when we have no such type."""
    return CORE_LABELS.get(label)


def _is_path(name: str) -> bool:
    return "/" in name or "\\" in name or name.startswith((".", "~")) or Path(name).exists()


def _key(name: str | None) -> str:
    if name is None:
        return str(SHIPPED_DIR)
    return str(Path(name).expanduser().resolve()) if _is_path(name) else name


def load_core(name: str | None = None) -> Language:
    """The core pipeline called ``name`` (None: the shipped one), loaded on first use and then reused.

    Raises ModelError, with the fix, when the shipped pipeline is not there yet, when a folder holds no
    spaCy pipeline, or when no such spaCy package is installed.
    """
    key = _key(name)
    if key not in _LOADED:
        from unspin.address_filter import add_address_filter
        from unspin.blas_ops import run_on_blas
        from unspin.group_ruler import add_group_ruler
        from unspin.maxout_inference import predict_maxout_in
        from unspin.name_edges import add_name_edges
        from unspin.person_ruler import add_person_ruler
        from unspin.place_ruler import add_place_ruler
        from unspin.punct_attachment import add_punct_attachment
        from unspin.sentence_continuations import add_sentence_continuations
        from unspin.storm_ruler import add_storm_ruler
        from unspin.word_class_filter import add_word_class_filter

        loaded = predict_maxout_in(run_on_blas(_load(name, key)))
        nlp = add_place_ruler(add_punct_attachment(add_sentence_continuations(loaded)))
        named = add_name_edges(add_storm_ruler(add_group_ruler(add_person_ruler(nlp))))
        _LOADED[key] = add_word_class_filter(add_address_filter(named))
    return _LOADED[key]


def component_factory(name: str) -> Callable[[Factory], Factory]:
    """spaCy's ``Language.factory(name)`` for a factory whose module postpones its annotations.

    spaCy validates a factory's arguments against its annotations; the confection that spaCy 3.8.6 installs
    (0.1) cannot resolve an annotation left as a string (``nlp: "Language"``), so they are resolved here first.
    """
    from spacy.language import Language

    def register(factory: Factory) -> Factory:
        factory.__annotations__ = get_type_hints(factory)
        return Language.factory(name)(factory)

    return register


def add_once(nlp: Language, factory: str, name: str, *, needs: str, **position: Any) -> Language:
    """``nlp`` with the component made by ``factory`` added as ``name`` where ``position`` says (spaCy's
    ``add_pipe`` keywords), unchanged when ``nlp`` lacks the component ``needs`` or already has ``name``."""
    if needs in nlp.pipe_names and name not in nlp.pipe_names:
        nlp.add_pipe(factory, name=name, **position)
    return nlp


def model_nodes(nlp: Language) -> Iterator[Model]:
    """Every node of every component's model, shared encoders included (a node reached twice comes twice)."""
    from thinc.api import Model

    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            yield from model.walk()


def without_entities(doc: Doc, dropped: Callable[[Span], bool]) -> Doc:
    """The Doc without the entities ``dropped`` picks (their words stay, unlabelled): the filters after the NER."""
    kept = [ent for ent in doc.ents if not dropped(ent)]
    if len(kept) < len(doc.ents):
        doc.set_ents(kept, default="outside")
    return doc


def proper_noun_runs(doc: Doc, taken: set[int]) -> Iterator[tuple[int, int]]:
    """Word ranges ``[start, end)`` of consecutive proper nouns (by the core's tagger) that start with a letter
    and hold no word in ``taken``: where the rulers after the NER look for names it missed."""
    start = None
    for token in [*doc, None]:
        inside = token is not None and token.pos_ == "PROPN" and token.i not in taken and token.text[:1].isalpha()
        if inside and start is None:
            start = token.i  # type: ignore[union-attr]
        elif not inside and start is not None:
            yield start, token.i if token is not None else len(doc)
            start = None


def _load(name: str | None, key: str) -> Language:
    import spacy

    if name is None:
        if not (SHIPPED_DIR / "config.cfg").exists():
            raise ModelError(
                f"The core pipeline is not shipped yet (nothing at {SHIPPED_DIR}).",
                fix="run `unspin train core` and ship it (unspin.train.core_recipe.ship_core), or pass --core "
                "NAME|PATH (an installed spaCy pipeline or a trained model folder).",
            )
        return _spacy_load(SHIPPED_DIR, "the shipped core pipeline")
    if _is_path(name):
        path = Path(key)
        if (path / TEACHER_RECORD).exists():
            return _teacher_pipeline(path)
        if not (path / "config.cfg").exists():
            raise ModelError(
                f"{name} is not a spaCy pipeline folder (no config.cfg there).",
                fix="Point --core at a trained model folder (e.g. OUTPUT/model-best of `unspin train core`).",
            )
        return _spacy_load(path, name)
    if not spacy.util.is_package(name):
        raise ModelError(
            f"No spaCy pipeline package called {name!r} is installed, and no folder has that name.",
            fix=f"Install it (python -m spacy download {name}) or pass a model folder path to --core.",
        )
    return _spacy_load(name, name)


def _teacher_pipeline(path: Path) -> Language:
    from unspin.train.ner_teacher import teacher_pipeline

    try:
        return teacher_pipeline(path)  # loads torch and transformers: the training extra
    except ImportError as error:
        raise ModelError(
            f"{path} is an NER teacher, which runs on the training extra: {error}",
            fix='pip install -e ".[train]"',
        ) from error


def _spacy_load(target: str | Path, what: str) -> Language:
    import spacy

    import unspin.spelling_vectors  # noqa: F401  (registers the vectors class the shipped config names)

    try:
        return spacy.load(target)
    except (OSError, ValueError, KeyError) as error:
        raise ModelError(
            f"Could not load {what}: {error}",
            fix="Retrain it with `unspin train core`, or check that it matches the installed spaCy version.",
        ) from None


def describe_core(nlp: Language) -> str:
    """One line for ``unspin check``: the pipeline's name, version, components and static vectors."""
    meta = nlp.meta
    line = f"{meta.get('lang', '?')}_{meta.get('name', '?')} {meta.get('version', '?')}: {', '.join(nlp.pipe_names)}"
    rows, width = nlp.vocab.vectors.shape
    if rows:
        spelled = ", other words spelled" if getattr(nlp.vocab.vectors, "spelling", None) is not None else ""
        line += f"; static vectors {rows:,} x {width}{spelled}"
    return line
