"""Hand-written SQL that names tables and columns as the models do."""

from django.db import connection
from django.db.models import Model


class Table:
    """A model's table in SQL: str() is its quoted table name, `.field` a field's quoted column
    (`Table(Scorecard).interview` is "interview_id"), so hand-written SQL follows the models."""

    def __init__(self, model: type[Model]):
        self._model = model

    def __str__(self) -> str:
        return connection.ops.quote_name(self._model._meta.db_table)

    def __getattr__(self, field: str) -> str:
        return connection.ops.quote_name(self._model._meta.get_field(field).column)

    def columns(self, *fields: str) -> str:
        return ", ".join(getattr(self, field) for field in fields)
