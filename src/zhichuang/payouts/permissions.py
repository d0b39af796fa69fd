from enum import StrEnum


class PayoutPerm(StrEnum):
    VIEW = "payouts.view"
    PAY = "payouts.pay"
