from django.db import migrations

from konstruktor.consultations.topics import TOPICS


def load(apps, schema_editor):
    from konstruktor.consultations.topics import topics_sync

    topics_sync(topic_model=apps.get_model("consultations", "Topic"))


def unload(apps, schema_editor):
    Topic = apps.get_model("consultations", "Topic")
    Topic.objects.filter(name__in=[name for name, _, _ in TOPICS], consultation__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_consultation_line")]
    operations = [migrations.RunPython(load, unload)]
