"""Background tasks: thin wrappers over the index services."""

from django.tasks import task

from . import services


@task()
def index_proposal(proposal_id: int) -> None:
    """Bring the similar-proposal index up to date with one proposal (queued on commit of a submit or edit)."""
    services.index_proposal(proposal_id=proposal_id)


@task()
def rebuild_index() -> int:
    """Rebuild the whole index (the command does the same with a progress bar)."""
    return services.index_rebuild()
