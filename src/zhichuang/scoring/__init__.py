"""Scorecards, shared by every module that scores: proposals' evaluations today; contests, studio
reviews and named-method recognition next (see scorecards.py)."""
