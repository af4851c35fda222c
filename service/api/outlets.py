"""News outlets and agencies (SANA, Tasnim, Al-Alam …)."""
from schemas.places import OutletQuery

from ..http.blueprint import ApiBlueprint
from ..http.collection import Collection
from ..http.routes import crud_routes
from ..records import outlet_records

blp = ApiBlueprint("outlets", __name__, url_prefix="/api/v1/outlets",
                   description="News outlets and agencies")

outlets = Collection(outlet_records, "outlets.get_outlet")
crud_routes(blp, outlets, query=OutletQuery, singular="outlet", plural="outlets")
