from django.apps import AppConfig


class BenchConfig(AppConfig):
    """`manage.py bench`: the benchmark of issue 10. No models; its floor views are routed only
    by its own URL configuration (ticms.bench.urls), never by the project's."""

    name = "ticms.bench"
    label = "bench"
    verbose_name = "Benchmark"
