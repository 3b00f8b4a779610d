from django.apps import AppConfig


class ReplicationConfig(AppConfig):
    name = "konstruktor.replication"
    verbose_name = "Подбор и тиражирование практик"
