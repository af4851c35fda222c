"""Countries, outlets and topics: the small kinds other records point at."""
from schemas.places import CountrySchema, OutletSchema, TopicSchema

from ..models import Country, Outlet, Topic
from .base import Records


class Countries(Records):
    model = Country
    schema = CountrySchema
    default_sort = ("code",)


class Outlets(Records):
    model = Outlet
    schema = OutletSchema


class Topics(Records):
    model = Topic
    schema = TopicSchema


country_records = Countries()
outlet_records = Outlets()
topic_records = Topics()
