"""Countries, keyed by their ISO 3166-1 alpha-2 code (`/countries/SY`)."""
from schemas.places import CountryQuery, CountrySchema

from ..http.blueprint import ApiBlueprint
from ..http.collection import Collection
from ..http.routes import crud_routes
from ..records import country_records

blp = ApiBlueprint("countries", __name__, url_prefix="/api/v1/countries",
                   description="Countries, keyed by ISO 3166-1 alpha-2 code")


class CountryUpdateSchema(CountrySchema):
    """The code is the country's identity: it is not changed, only deleted."""

    class Meta(CountrySchema.Meta):
        exclude = ("code",)


countries = Collection(country_records, "countries.get_country",
                       location_values=lambda row: {"country_code": row.code})
crud_routes(blp, countries, query=CountryQuery, singular="country", plural="countries",
            key="string(length=2):country_code", update_schema=CountryUpdateSchema)
