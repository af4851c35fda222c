"""Model instances built from result rows at the cost of a dict.

peewee makes each row of a query into a model instance by calling the
model's constructor with the row as keyword arguments, which sets every
column through its field's descriptor and then clears the dirty set that
those sets filled: most of the cost of reading a 50-row page. When every
column of a result is a field of the model (a plain `Model.select()`, a
query compiled once by `db.compiled`), the instance can take the row's dict
as its data directly: the same `__data__`, no dirty fields, no related
objects, which is all the constructor leaves behind. Anything else (joins,
aliases, computed columns) goes through peewee's own path.
"""
import peewee


class RowObjects(peewee.ModelObjectCursorWrapper):
    def initialize(self):
        super().initialize()
        fields = self.constructor._meta.fields if self.is_model else {}
        columns = self.unique_columns
        self.plain = bool(fields) and len(set(columns)) == len(columns) and all(c in fields for c in columns)

    def process_row(self, row):
        if not self.plain:
            return super().process_row(row)
        instance = self.constructor.__new__(self.constructor)
        instance.__data__ = peewee.ModelDictCursorWrapper.process_row(self, row)
        instance._dirty = set()
        instance.__rel__ = {}
        return instance


class Select(peewee.ModelSelect):
    def _get_model_cursor_wrapper(self, cursor):
        if len(self._from_list) == 1 and not self._joins:
            return RowObjects(cursor, self.model, self._returning, self.model)
        return super()._get_model_cursor_wrapper(cursor)


class Raw(peewee.ModelRaw):
    def _get_model_cursor_wrapper(self, cursor):
        return RowObjects(cursor, self.model, [], self.model)


class FastRowsModel(peewee.Model):
    """A model whose selects and raw queries build their rows as above."""

    @classmethod
    def select(cls, *fields):
        is_default = not fields
        return Select(cls, fields or cls._meta.sorted_fields, is_default=is_default)

    @classmethod
    def raw(cls, sql, *params):
        return Raw(cls, sql, params)
