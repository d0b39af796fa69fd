"""待办 on the home page: a card per queue that holds something for the user, at the top.

A card opens its queue; a queue of one opens that record itself, so a role's next step is one tap away."""

from django.urls import reverse

from zhichuang.core.modules import HomePanel

from . import selectors

CARD_ROWS = 5


def home(user, sections: set[str]) -> list[HomePanel]:
    cards = []
    for c in selectors.queue_counts(user):
        if not c.count:
            continue
        items = selectors.waiting_items(user, c.source, c.queue, c.source.rows(user, c.queue)[:CARD_ROWS])
        url = items[0].url if c.count == 1 else f"{reverse('todo:todo')}?queue={c.queue.key}"
        cards.append({"queue": c.queue, "count": c.label, "items": items, "url": url})
    return [HomePanel("", "todo/home.html", {"cards": cards}, order=1)] if cards else []
