"""The proposals' demo data: three years of proposals for the demo city (generator.demo_proposals, the step
declared in proposals/module.py), with their words (vocabulary.py)."""
