"""Topics that statements are tagged with."""
from schemas.places import TopicQuery, TopicSchema

from ..http.blueprint import ApiBlueprint
from ..http.resource import Resource
from ..http.routes import crud_routes
from ..models import Topic

blp = ApiBlueprint("topics", __name__, url_prefix="/api/v1/topics",
                   description="Topics that statements are tagged with")


class Topics(Resource):
    model = Topic
    schema = TopicSchema
    endpoint = "topics.get_topic"


topics = Topics()
crud_routes(blp, topics, query=TopicQuery, singular="topic", plural="topics")
