"""A merged record's URLs lead to its survivor: 308 for every read under its old id.

A blueprint whose routes take a participant id opts in with
`redirect_merged(blp, "participant_id", survivor_of)`. A GET or HEAD of
/participants/{old}/… answers 308 Permanent Redirect to the same route and
query under the survivor's id, with a problem body that says so (a client
that does not follow redirects still learns where the record went). Writes
are not redirected: the records layer refuses them with a 409 naming the
survivor, after authentication, as any other write is refused.
"""
from flask import request, url_for

from .errors import problem

MERGED_KIND = "merged"


def redirect_merged(blueprint, key, survivor_of):
    """Answer reads of a merged record under `blueprint` with a 308 to its survivor.

    `key`: the route parameter naming the record; `survivor_of(id)`: the id it
    now lives on as, or None when it is not merged."""

    @blueprint.before_request
    def to_the_survivor():
        old = (request.view_args or {}).get(key)
        if old is None or request.method not in ("GET", "HEAD"):
            return None
        survivor = survivor_of(old)
        if survivor is None:
            return None
        location = url_for(request.endpoint, **{**request.view_args, key: survivor})
        if request.query_string:
            location += "?" + request.query_string.decode("latin-1")
        return problem(308, kind=MERGED_KIND, title="Merged into another record",
                       detail=f"Participant {old} was merged into participant {survivor}; "
                              f"its own history stays at /api/v1/revisions?resource=participant&id={old}.",
                       headers={"Location": location}, merged_into_id=survivor)

    return to_the_survivor
