"""News outlets and agencies (SANA, Tasnim, Al-Alam …)."""
from schemas.places import OutletQuery, OutletSchema

from ..http.blueprint import ApiBlueprint
from ..http.resource import Resource
from ..http.routes import crud_routes
from ..models import Outlet

blp = ApiBlueprint("outlets", __name__, url_prefix="/api/v1/outlets",
                   description="News outlets and agencies")


class Outlets(Resource):
    model = Outlet
    schema = OutletSchema
    endpoint = "outlets.get_outlet"


outlets = Outlets()
crud_routes(blp, outlets, query=OutletQuery, singular="outlet", plural="outlets")
