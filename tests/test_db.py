"""service.db helpers that every resource relies on."""
import pytest

from service.db import compiled
from service.models import Country, Outlet


def test_compiled_sql_is_reused_with_new_values(app):
    with app.app_context():
        Country.create(code="SY", name_ar="سوريا", name_en="Syria")
        Country.create(code="IR", name_ar="إيران", name_en="Iran")
        shape = ("test", "country by code")
        by_code = lambda code: compiled(shape, lambda: Country.select().where(Country.code == code), [code])
        assert [c.name_ar for c in by_code("SY")] == ["سوريا"]
        # The second call binds its own value to the SQL the first compiled.
        assert [c.name_ar for c in by_code("IR")] == ["إيران"]
        assert list(by_code("XX")) == []


def test_a_shape_that_binds_other_values_fails_at_once(app):
    with app.app_context():
        query = lambda: Outlet.select().where((Outlet.name == "سانا") & (Outlet.id > 0))
        with pytest.raises(ValueError, match="binds"):
            compiled(("test", "outlet with a constant"), query, ["سانا"])
