"""The permissions of proposals (五小 and rational suggestions). A worker's own proposals are theirs by membership."""

from enum import StrEnum


class ProposalPerm(StrEnum):
    VIEW = "proposals.view"
    MANAGE = "proposals.manage"  # accept, campaigns, scorecards, reward rules, implementation, payouts
    EVALUATE = "proposals.evaluate"
    VERIFY_BENEFITS = "proposals.verify_benefit"
    RECOMMEND = "proposals.recommend"
