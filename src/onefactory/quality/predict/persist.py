"""Fitted models as bytes for the store, checked by their SHA-256 on the way back.

Only load bytes this platform wrote: the format is a Python pickle.
"""

from __future__ import annotations

import hashlib
import pickle

from onefactory.model import InvalidData

from .estimator import DefectRiskModel


def model_bytes(model: DefectRiskModel) -> tuple[bytes, str]:
    """The fitted model as bytes, and their SHA-256 (hex)."""
    blob = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
    return blob, hashlib.sha256(blob).hexdigest()


def load_model(blob: bytes, sha256: str) -> DefectRiskModel:
    """The model back from :func:`model_bytes`; refuses bytes whose hash does not match."""
    digest = hashlib.sha256(blob).hexdigest()
    if digest != sha256:
        raise InvalidData(f"stored model bytes do not match their hash ({digest[:12]} != {sha256[:12]})")
    model = pickle.loads(blob)  # noqa: S301 - bytes written by model_bytes and checked by hash above
    if not isinstance(model, DefectRiskModel):
        raise InvalidData(f"stored bytes hold a {type(model).__name__}, not a DefectRiskModel")
    return model
