from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "goodword.topics"
    label = "topics"

    def ready(self) -> None:
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from .models import Topic
        from .queries import forget_topic_choices

        def changed(**kwargs) -> None:
            # Saves and deletes anywhere (admin, merges, tests), not only the service's creation.
            transaction.on_commit(forget_topic_choices)

        post_save.connect(changed, sender=Topic, dispatch_uid="topics.forget_choices.save")
        post_delete.connect(changed, sender=Topic, dispatch_uid="topics.forget_choices.delete")
