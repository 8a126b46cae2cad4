"""Moderation with reasons: moderators, the report queue, actions on documented grounds, notices
to the member and the reporters, appeals, and the public moderation log (docs/moderation.md).

Layer: above `asks | directory`, below `circles`. Every moderation action lands in
`ModerationAction`, the audit log; the public log is a view of it without names.

For the apps above (circles, projects, ...): put your own removals into the moderation log with

    from goodword.moderation.services import record_action
    from goodword.moderation.models import Action, Ground

    record_action(
        moderator,                 # the member who decided (e.g. the circle's moderator)
        Action.REMOVE,             # REMOVE, HIDE or WARN (what your app itself did)
        Ground.SPAM,               # one of the documented grounds (`Ground`, docs/moderation.md)
        "Public reason text",      # required, shown in the public log: no names, nothing private
        subject_member,            # whom it concerns (may be None for content without author)
        content_kind="circle_post",  # your app's word for the thing, e.g. "circle_membership"
        content_id=post.pk,          # optional
        source="circles",            # your app label
    )

Call it inside the transaction of your own write (it joins it: no log entry without the
removal, no removal without the log entry). It validates ground and reason (`ValidationError`
with the field name, in the caller's language), writes the entry and fires
`core.hooks.MEMBER_SANCTIONED` for HIDE and WARN. It neither notifies the member nor applies an
effect: your app hides or removes its own thing and tells its member how to object there.
"""
