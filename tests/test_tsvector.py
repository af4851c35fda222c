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
