from enum import StrEnum


class TrainingPerm(StrEnum):
    VIEW = "training.view"  # the trainings and 师带徒 pairs organised or held in scope
    MANAGE = "training.manage"  # organise trainings (sessions, attendance, completion); confirm and assess pairs
