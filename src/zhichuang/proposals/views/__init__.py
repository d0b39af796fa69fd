"""Proposal pages, one module per area: lists, submission, files, detail (and its steps), benefits,
rewards, campaigns, settings and the public showcase. common holds what they share.

Views are thin: they parse forms, call selectors (reads, always with the user) and services
(writes), and show ApplicationErrors as form errors or messages.
"""
