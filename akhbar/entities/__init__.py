"""Named entities in Urdu news: recognition (a CRF + BiLSTM model shipped with the package, numpy).

>>> [(e.text, e.type) for e in recognize("ایران اور روس")]
[('ایران', 'LOCATION'), ('روس', 'LOCATION')]
"""

from akhbar.entities.ner import (
    Entity,
    ModelError,
    Recognizer,
    conll_tag,
    default_recognizer,
    model_info,
    recognize,
    tag_tokens,
)

__all__ = [
    "Entity",
    "ModelError",
    "Recognizer",
    "conll_tag",
    "default_recognizer",
    "model_info",
    "recognize",
    "tag_tokens",
]
