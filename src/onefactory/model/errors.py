"""Errors of the domain, raised by every layer and mapped to HTTP by the API.

```
OneFactoryError
├── InvalidData        a value breaks a rule (HTTP 422)
│   ├── ImportRejected a file with one or more bad rows (HTTP 422, lists every row)
│   ├── BatchRejected  a posted batch with one or more bad results (HTTP 422, lists every result)
│   └── IdempotencyKeyReused  a key already used for a different request (HTTP 422)
├── NotFound           no such record, or not visible to the caller (HTTP 404)
├── Conflict           a state or version clash (HTTP 409)
│   ├── InvalidTransition  a lifecycle step not allowed from the current state
│   └── PreconditionFailed a request's If-Match names another version (HTTP 412)
├── Forbidden          authenticated but not allowed (HTTP 403)
├── Unauthorized       no or bad credentials (HTTP 401)
├── Infeasible         a plan cannot meet its constraints (HTTP 422)
└── BackendError       a backing service failed
    ├── StoreUnavailable
    ├── BrokerUnavailable
    ├── OpcUaUnavailable
    └── SolverUnavailable
```
"""

from __future__ import annotations

from dataclasses import dataclass


class OneFactoryError(Exception):
    """Root of every error onefactory raises on purpose."""


class InvalidData(OneFactoryError):
    """A value breaks a rule; the message names the field and the value."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one row of an imported file.

    ``row`` is the data row number (1 = first row after the header); ``line`` is
    the physical line or sheet row in the file, so a user can find it in Excel.
    """

    row: int
    column: str | None
    reason: str
    value: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = f"row {self.row}" + (f" (file line {self.line})" if self.line else "")
        col = f", column {self.column!r}" if self.column else ""
        val = f", value {self.value!r}" if self.value is not None else ""
        return f"{where}{col}{val}: {self.reason}"


class ImportRejected(InvalidData):
    """A file was refused; ``errors`` lists every bad row. Nothing was stored."""

    def __init__(self, errors: list[RowError], *, source: str = "file") -> None:
        self.errors = list(errors)
        head = "; ".join(str(e) for e in self.errors[:5])
        more = f" (and {len(self.errors) - 5} more)" if len(self.errors) > 5 else ""
        super().__init__(f"{source} rejected, {len(self.errors)} error(s): {head}{more}")


@dataclass(frozen=True, slots=True)
class ResultError:
    """One problem in one result of a batch: ``index`` is its 0-based position, ``at`` names it
    (``results[1]``, or ``row 2`` in a file) and ``field`` is the field's path (``results[1].sample_size``)."""

    index: int
    at: str
    field: str
    reason: str
    value: str | None = None

    def __str__(self) -> str:
        return f"{self.at}: {self.reason}"


class BatchRejected(InvalidData):
    """A batch was refused; ``errors`` lists every bad result, in batch order. Nothing was stored."""

    def __init__(self, errors: list[ResultError]) -> None:
        self.errors = sorted(errors, key=lambda e: e.index)
        head = "; ".join(str(e) for e in self.errors[:5])
        more = f" (and {len(self.errors) - 5} more)" if len(self.errors) > 5 else ""
        text = head if len(self.errors) == 1 else f"{len(self.errors)} errors: {head}{more}"
        super().__init__(text, field=self.errors[0].field)


class IdempotencyKeyReused(InvalidData):
    """An ``Idempotency-Key`` already used by the member for a different request; nothing was done."""

    def __init__(self, key: str) -> None:
        super().__init__(
            f"Idempotency-Key {key!r} was already used for a different request; use a new key",
            field="Idempotency-Key",
        )
        self.key = key


class NotFound(OneFactoryError):
    """No such record, or it is not visible to the caller."""


class Conflict(OneFactoryError):
    """The request clashes with the current state (version, duplicate, state)."""


class InvalidTransition(Conflict):
    """A lifecycle step that is not allowed from the current state."""


class PreconditionFailed(Conflict):
    """The version the caller expected (``If-Match``) is not the current one (RFC 9110: 412)."""


class Unauthorized(OneFactoryError):
    """Missing or unknown credentials."""


class Forbidden(OneFactoryError):
    """The caller is known but may not do this."""


class Infeasible(OneFactoryError):
    """A plan cannot meet its constraints; ``binding`` names them."""

    def __init__(self, message: str, binding: list[str] | None = None) -> None:
        super().__init__(message)
        self.binding = binding or []


class BackendError(OneFactoryError):
    """A backing service (database, broker, solver) failed."""


class StoreUnavailable(BackendError):
    """The database cannot be reached or used."""


class BrokerUnavailable(BackendError):
    """The MQTT broker cannot be reached or started."""


class OpcUaUnavailable(BackendError):
    """A member's OPC UA server cannot be reached, or refused the session."""


class SolverUnavailable(BackendError):
    """A requested solver is not installed."""
