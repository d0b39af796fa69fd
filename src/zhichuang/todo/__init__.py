"""待办: what waits on each person, across every workflow, and what they have done and started.

    queues.py     Source, Queue: a module declares, per workflow, which states wait on whom
    selectors.py  waiting / done / started for a user, the counts, and a record's next step
    services.py   chase(): 催办, once a day per record, the holders told
    models.py     Chase: the record of each chase

A workflow state waits on the holders of the queue's permissions at the queue's level (the enterprise for
its proposals, the district for a recommendation to it): the people notifications.routing calls the
nearest, not everyone above who could also act. A district or the city sees its units' late items as
督办 on its home page, not in its own 待办.
"""
