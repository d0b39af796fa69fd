"""What can be imported: each kind's columns, and the module that validates and writes its rows."""

from zhichuang.proposals import imports as proposal_imports

from . import organizations, workers
from .columns import ORGANIZATION_COLUMNS, WORKER_COLUMNS
from .enums import ImportKind

IMPORTERS = {
    ImportKind.WORKERS: workers,
    ImportKind.ORGANIZATIONS: organizations,
    ImportKind.PROPOSALS: proposal_imports,
}
COLUMNS = {
    ImportKind.WORKERS: WORKER_COLUMNS,
    ImportKind.ORGANIZATIONS: ORGANIZATION_COLUMNS,
    ImportKind.PROPOSALS: proposal_imports.PROPOSAL_COLUMNS,
}
