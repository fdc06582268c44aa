"""One exception hierarchy for unspin.

Every error carries a short machine-readable ``code`` and a message that ends with what to do about it.
Third-party exceptions are translated into these at the boundary where they occur, so callers (the CLI,
the batch runner) only ever catch :class:`UnspinError`.
"""

from __future__ import annotations


class UnspinError(Exception):
    """Base of every error unspin raises on purpose."""

    code = "unspin_error"

    def __init__(self, message: str, *, fix: str = "", code: str | None = None) -> None:
        self.reason = message
        self.fix = fix
        if code is not None:
            self.code = code
        super().__init__(f"{message} {fix}".strip())


class InputError(UnspinError):
    """The article or corpus given to unspin cannot be read or analysed as it is."""

    code = "bad_input"


class ConfigError(UnspinError):
    """The pipeline configuration is inconsistent (unknown stage, missing requirement, bad option)."""

    code = "bad_config"


class ModelError(UnspinError):
    """A model or data artefact a stage needs is missing or unreadable."""

    code = "model_missing"


class StoreError(UnspinError):
    """Reading or writing a result store failed."""

    code = "store_error"
