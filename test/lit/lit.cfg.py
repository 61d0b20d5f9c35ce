# End-to-end tests: compile with leakscope-clang/++, run, check the report.
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import lit_common
lit_common.configure(config, lit_config, "lit")
config.suffixes = [".c", ".cpp", ".test"]
config.excludes = ["Inputs", "tools"]
