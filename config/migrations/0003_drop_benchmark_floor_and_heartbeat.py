"""The benchmark floor moved to the bench app (installed only for `make bench`) and the worker
heartbeat, which only a test used, is gone: both tables are dropped."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('loupe', '0002_benchmark_floor'),
    ]

    operations = [
        migrations.DeleteModel(
            name='BenchmarkFloorRow',
        ),
        migrations.DeleteModel(
            name='WorkerHeartbeat',
        ),
    ]
