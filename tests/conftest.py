import os

os.environ.setdefault("ZHICHUANG_TESTING", "1")
os.environ.setdefault("ZHICHUANG_VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test"))
