"""Topics that statements are tagged with."""
from schemas.places import TopicQuery

from ..http.blueprint import ApiBlueprint
from ..http.collection import Collection
from ..http.routes import crud_routes
from ..records import topic_records

blp = ApiBlueprint("topics", __name__, url_prefix="/api/v1/topics",
                   description="Topics that statements are tagged with")

topics = Collection(topic_records, "topics.get_topic")
crud_routes(blp, topics, query=TopicQuery, singular="topic", plural="topics")
