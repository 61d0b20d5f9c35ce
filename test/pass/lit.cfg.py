# IR tests of the pass: opt -load-pass-plugin PLUGIN -passes=leakscope | FileCheck.
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import lit_common
lit_common.configure(config, lit_config, "pass")
config.suffixes = [".ll"]
