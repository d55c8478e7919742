from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "interviews.demo"
    label = "demo"
    verbose_name = "Demo data"
