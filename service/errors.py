"""The domain's errors: what a records, search or extraction operation refuses.

They know no HTTP: `service/http/errors.py` maps each to its problem+json
status (NotFound 404, InvalidRecord 422, Conflict and StillReferenced 409,
InvalidQuery 400, OverBudget 422). `errors` names the fields at fault, as
{field: [message]}; `extra` carries members the problem body adds.
"""


class DomainError(Exception):
    kind = None

    def __init__(self, detail, *, errors=None, **extra):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.extra = extra


class NotFound(DomainError):
    """No such row (or one outside the scope it was asked under)."""


class InvalidRecord(DomainError):
    """A body whose values break a rule of the data model, or name missing rows."""
    kind = "invalid-body"


class Conflict(DomainError):
    """A unique key already taken, or a state the operation cannot apply to."""
    kind = "conflict"


class StillReferenced(DomainError):
    """A delete refused because other rows still point at the row."""
    kind = "referenced"


class InvalidQuery(DomainError):
    """A query parameter the domain cannot answer (a search with no word)."""
    kind = "invalid-parameter"

    def __init__(self, detail, *, field="q", **extra):
        super().__init__(detail, errors={field: [detail]}, **extra)


class OverBudget(DomainError):
    """Work that would pass a bound set to keep the service responsive."""
    kind = "over-budget"
