"""What every operation of the contract says because of a mechanism that covers many routes.

Three of the service's mechanisms apply by path, not per route, so they are
declared here, by the same rule, rather than in each route:

- reads under /api/ need a key when the operator sets
  REQUIRE_AUTH_FOR_READS=1 (http/auth.py): each such read declares its
  security as optional, `[{}, {bearerAuth: [read]}]`, and a 401, so a
  generated client can send a key and knows the refusal;
- requests under /api/ are rate limited (http/ratelimit.py): each declares a 429;
- the probes, the spec and the pages outside /api/ need no key: `security: []`.

Writes declare their own scope where they are routed (`auth.requires`), and
every operation names its own operationId (`ApiBlueprint.route`): one that
does not stops the spec from being built, so no name falls back to a
Python function's.
"""
from copy import deepcopy

from apispec import BasePlugin

from ..http.auth import API_PREFIX

READ_SECURITY = [{}, {"bearerAuth": ["read"]}]
READ_METHODS = ("get", "head")


class ConventionsPlugin(BasePlugin):
    def operation_helper(self, operations, rule, **kwargs):
        under_api = rule.rule.startswith(API_PREFIX)
        for method, operation in operations.items():
            if not operation.get("operationId"):
                raise KeyError(f"{method.upper()} {rule.rule} ({rule.endpoint}) has no operationId: "
                               "give its route operation_id=")
            if not under_api:
                operation.setdefault("security", [])
                continue
            if method in READ_METHODS:
                operation.setdefault("security", deepcopy(READ_SECURITY))  # no YAML aliases
                declare(operation, 401, "UNAUTHORIZED")
            declare(operation, 429, "TOO_MANY_REQUESTS")


def declare(operation, status, response):
    """Add an error response the route did not declare (its keys are ints or strings here)."""
    responses = operation.setdefault("responses", {})
    if status not in responses and str(status) not in responses:
        responses[status] = response
