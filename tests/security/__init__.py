"""The attack suite: one test per finding of the security review (issue 9), and the sweeps that keep it so."""
