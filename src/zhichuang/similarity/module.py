from zhichuang.core.modules import DemoStep, Module

module = Module(
    label="similarity",
    # The search index of every declared document kind, from the demo's data.
    demo=(DemoStep("similarity", derived=("build_similarity_index",), order=90),),
)
