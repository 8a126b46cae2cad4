def test_a_new_topic_is_offered_in_the_filters_once_committed(
    db, django_capture_on_commit_callbacks
):
    from goodword.topics.queries import topic_choices
    from goodword.topics.services import get_or_create_topic

    before = topic_choices()  # the shared list is kept now
    with django_capture_on_commit_callbacks(execute=True):
        topic = get_or_create_topic("Orgelbau")
    assert (topic.slug, "Orgelbau") not in before
    assert (topic.slug, "Orgelbau") in topic_choices()
