"""Initiative groups point at organizations.TargetGroup; the incubator no longer owns the model."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("incubator", "0002_load_target_groups"),
        ("organizations", "0008_target_group_from_incubator"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="initiativegroup",
                    name="target_groups",
                    field=models.ManyToManyField(
                        blank=True, to="organizations.targetgroup", verbose_name="целевые группы"
                    ),
                ),
                migrations.DeleteModel(name="TargetGroup"),
            ]
        ),
    ]
