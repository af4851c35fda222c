"""The tsvector literals the PostgreSQL search backend writes (built in Python)."""
import struct

import pytest

from service.search.postgres import MAX_POSITION, tsvector

from .conftest import postgres_url


def test_positions_run_on_across_weighted_streams():
    assert tsvector([(["سوريا", "ايران", "سوريا"], "A"), (["الاسد"], "B")]) == \
        "'سوريا':1A,3A 'ايران':2A 'الاسد':4B"


def test_quotes_and_backslashes_are_escaped():
    assert tsvector([(["it's", "a\\b"], "D")]) == "'it''s':1D 'a\\\\b':2D"


def test_a_lexeme_keeps_its_first_256_positions_and_positions_stop_at_the_limit():
    literal = tsvector([(["كلمة"] * 300, "A")])
    assert literal.count(",") == 255 and literal.startswith("'كلمة':1A,2A,")
    long = tsvector([(["x"] * (MAX_POSITION - 1) + ["y", "z"], "A")])
    assert long.endswith(f"'y':{MAX_POSITION}A 'z':{MAX_POSITION}A")


def test_no_terms_is_an_empty_vector():
    assert tsvector([([], "A")]) == ""


def test_streams_past_the_limit_keep_the_last_position():
    literal = tsvector([(["a"] * 10, "A"), (["b", "c"] * (MAX_POSITION // 2), "B"), (["d", "e"], "D")])
    assert literal.endswith(f"'d':{MAX_POSITION}D 'e':{MAX_POSITION}D")
    assert literal.startswith("'a':1A,2A,3A,4A,5A,6A,7A,8A,9A,10A 'b':11B,13B,")


EDGE_STREAMS = [
    [(["سوريا", "ايران", "سوريا"], "A"), (["الاسد"], "B")],
    [(["it's", "a\\b", "tab\there"], "D")],
    [(["كلمة"] * 300, "A")],
    [([], "A")],
    # past the position limit, a lexeme's repeated last position in two weights
    [(["x", "y"] * (MAX_POSITION // 2) + ["x"] * 5, "B"), (["x", "z"] * 3, "A")],
    [(["x"] * (MAX_POSITION + 300), "D"), (["x", "w"], "B")],
]


@pytest.mark.skipif(not postgres_url(), reason="PostgreSQL reads the binary form")
def test_the_binary_form_is_the_literal_s_vector(app):
    from service.db import copy_binary, database
    from service.search.postgres import tsvector_bytes
    with app.app_context():
        with database.atomic() as transaction:
            database.execute_sql("CREATE TEMPORARY TABLE vectors (id INTEGER, terms TSVECTOR, exact TSVECTOR)")
            rows = []
            for key, streams in enumerate(EDGE_STREAMS):
                vector = tsvector_bytes(streams)
                rows.append(b"".join([struct.pack(">hii", 3, 4, key), struct.pack(">i", len(vector)), vector,
                                      struct.pack(">i", len(vector)), vector]))
            copy_binary("vectors", ["id", "terms", "exact"], rows)
            for key, streams in enumerate(EDGE_STREAMS):
                same = database.execute_sql("SELECT terms = %s::tsvector AND terms::text = %s::tsvector::text "
                                            "FROM vectors WHERE id = %s", (tsvector(streams), tsvector(streams), key))
                assert same.fetchone() == (True,), streams[0][0][:3]
            transaction.rollback()
        database.close()
