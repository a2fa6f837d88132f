"""A coded error catalogue: every error says what went wrong and how to fix it.

The CLI turns a :class:`NewskgError` into one line and an exit code in one place
(`newskg.cli.app.main`); `--debug` shows the traceback instead.
"""
from __future__ import annotations


class NewskgError(Exception):
    """Base error: `code` is stable (for scripts), `hint` says how to fix it."""

    code = "E000"
    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message


class InputError(NewskgError):
    """An article file that cannot be read; the file name is part of the message."""

    code = "E100"
    exit_code = 2


class ModelError(NewskgError):
    """No usable spaCy pipeline."""

    code = "E200"
    exit_code = 3


class StoreError(NewskgError):
    """The store cannot be opened or is in use."""

    code = "E300"
    exit_code = 4


class QueryError(NewskgError):
    """A SPARQL query that does not parse, or a bad parameter."""

    code = "E400"
    exit_code = 5


class ShapeViolation(NewskgError):
    """A graph that does not conform to the shipped SHACL shapes."""

    code = "E500"
    exit_code = 6


class GoldError(NewskgError):
    """A gold annotation folder that cannot be used for evaluation."""

    code = "E600"
    exit_code = 7


class VizError(NewskgError):
    """A network that cannot be drawn as asked: unknown entity or relation type, bad date, empty network."""

    code = "E700"
    exit_code = 8


class ServeError(NewskgError):
    """The endpoint cannot start: port in use, bad address, a store that does not open."""

    code = "E800"
    exit_code = 9


class PushError(NewskgError):
    """The external store cannot be reached or refuses the upload."""

    code = "E850"
    exit_code = 10
