# Shared lit configuration for test/lit and test/pass: loads the build facts and
# defines the substitutions every test uses. The LLVM major comes from
# --param llvm_major=N; each suite runs once per major.
import os
import sys
import lit.formats


def configure(config, lit_config, suite_name):
    site = lit_config.params.get("leakscope_site_config")
    if not site:
        lit_config.fatal("run through ctest, or pass --param leakscope_site_config=BUILD/test/lit.site.cfg.py")
    facts = {}
    exec(open(site).read(), facts)
    major = lit_config.params.get("llvm_major", "19")
    llvm_bin = "/usr/lib/llvm-%s/bin" % major

    config.name = "%s-llvm%s" % (suite_name, major)
    config.test_format = lit.formats.ShTest(execute_external=True)
    config.test_source_root = os.path.dirname(os.path.abspath(__file__)) + "/" + suite_name
    config.test_exec_root = os.path.join(facts["build_dir"], "test", "%s-llvm%s" % (suite_name, major))
    config.environment["PATH"] = os.pathsep.join([llvm_bin, facts["bin_dir"], config.environment.get("PATH", os.environ["PATH"])])
    config.environment["LEAKSCOPE_LLVM"] = major
    for var in ("HOME", "TMPDIR"):
        if var in os.environ:
            config.environment[var] = os.environ[var]
    config.available_features.add("llvm-%s" % major)

    tools = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lit", "tools")
    plugin = os.path.join(facts["lib_dir"], "LeakScopePass-%s.so" % major)
    subs = [
        ("%clangxx", os.path.join(facts["bin_dir"], "leakscope-clang++") + " --llvm=" + major),
        ("%clang", os.path.join(facts["bin_dir"], "leakscope-clang") + " --llvm=" + major),
        ("%plain_clangxx", os.path.join(llvm_bin, "clang++")),
        ("%leakscope", os.path.join(facts["bin_dir"], "leakscope")),
        ("%opt", os.path.join(llvm_bin, "opt") + " -load-pass-plugin " + plugin),
        ("%expect_exit", os.path.join(tools, "expect-exit")),
        ("%resource_dir_without_sanitizer", os.path.join(tools, "resource-dir-without-sanitizer")),
        ("%libdir", facts["lib_dir"]),
        ("%rt_so", os.path.join(facts["lib_dir"], "libleakscope_rt.so")),
        ("%check_report", "python3 " + os.path.join(tools, "check_report.py")),
        ("%check_html", "python3 " + os.path.join(tools, "check_html.py")),
        ("%plugin", plugin),
        ("%llvm_major", major),
        # This lit, runnable on another suite (tests of the test set-up itself).
        ("%lit", "%s %s --param llvm_major=%s --param leakscope_site_config=%s"
         % (sys.executable, os.path.abspath(sys.argv[0]), major, os.path.abspath(site))),
    ]
    config.substitutions.extend(subs)
