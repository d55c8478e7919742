from django.apps import AppConfig


class BenchConfig(AppConfig):
    """What only the benchmark uses: the floor view and its table, the bench_* commands.

    Installed only when BENCHMARK=1 (config/settings.py), so production never has it."""

    name = "bench"
    verbose_name = "Benchmark"
    default_auto_field = "django.db.models.BigAutoField"
