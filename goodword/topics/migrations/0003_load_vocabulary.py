"""Load the search vocabulary shipped in `goodword/topics/data/vocabulary.json` and link the
existing topics to it. Running it again (e.g. after a newer file) adds without removing."""

from django.db import migrations


def load(apps, schema_editor):
    from goodword.topics.services import import_vocabulary
    from goodword.topics.vocabulary import load_data

    import_vocabulary(load_data(), apps.get_model("topics", "Concept"), apps.get_model("topics", "Topic"))


class Migration(migrations.Migration):

    dependencies = [
        ("topics", "0002_vocabulary"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
