"""The tsvector literals the PostgreSQL search backend writes (built in Python)."""
from service.search.postgres import MAX_POSITION, tsvector


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
