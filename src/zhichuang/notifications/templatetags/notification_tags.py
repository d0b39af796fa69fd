from django import template

from ..selectors import UNREAD_CAP, unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    """The top bar's bell with the unread count: one capped, indexed count per page."""
    user = context["request"].user
    unread = unread_count(user=user) if user.is_authenticated else 0
    return {"unread": unread, "many": unread >= UNREAD_CAP}
