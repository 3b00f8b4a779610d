"""The target-group table takes its own app's name; organizations get target groups."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0008_target_group_from_incubator"),
        ("incubator", "0003_target_group_moved_to_organizations"),
    ]

    operations = [
        migrations.AlterModelTable(name="targetgroup", table=None),
        migrations.AddField(
            model_name="organization",
            name="target_groups",
            field=models.ManyToManyField(
                blank=True, related_name="organizations", to="organizations.targetgroup", verbose_name="целевые группы"
            ),
        ),
    ]
