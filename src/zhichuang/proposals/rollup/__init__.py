"""The statistics rollup of proposals: per organisation path and year, the counts and sums the statistics
page reads (models.py), kept equal to the proposals by services.py, which proposals/listeners.py runs
after every committed workflow step. See docs/statistics.md.

The tables keep their names (statistics_statcell …): the models moved here from the statistics app
without moving any data (proposals migration 0011, statistics 0003).
"""
