"""Django's model backend, with the user that every signed-in request loads read by fixed SQL.

`ModelBackend.get_user` builds `User.objects.get(pk=…)` anew on each request, and compiling that
query is most of its cost. Measured with `BENCHMARK=1 manage.py bench_overrides` (bench app):
0.28-0.30 ms of CPU per call through the ORM against 0.17-0.18 ms here. A raw queryset still builds
the model the ORM way (column to field mapping, the database's value converters), so the user is
the same object either way (tests/config/test_auth.py). What this relies on in Django is pinned by
tests/config/test_django_internals.py, which fails when an upgrade changes it.
"""

from functools import lru_cache

from django.contrib.auth import backends, get_user_model
from django.db import connection


@lru_cache(maxsize=1)
def user_by_id_sql() -> str:
    meta = get_user_model()._meta
    quote = connection.ops.quote_name
    # Names from the user model's own metadata, never from input; the id is a parameter.
    columns = ", ".join(quote(field.column) for field in meta.concrete_fields)
    return f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.raw(user_by_id_sql(), [user_id])
        user = next(iter(users), None)
        return user if user is not None and self.user_can_authenticate(user) else None
