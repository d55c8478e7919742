"""manage.py bench_overrides prints what each override of a Django internal costs, and ours."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_it_prints_both_costs_for_the_user_load_and_the_cache_get():
    out = StringIO()
    call_command("bench_overrides", calls=50, stdout=out)
    text = out.getvalue()
    assert re.search(r"user load\s+Django\s+\d+ us\s+config.auth\s+\d+ us", text)
    assert re.search(r"cache GET\s+Django\s+\d+ us\s+config.cache\s+\d+ us", text)
