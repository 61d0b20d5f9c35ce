// The unit-test binary runs on the LeakScope runtime; googletest keeps some memory
// until exit, so the binary's own exit-time check is off.
extern "C" const char *__leakscope_default_options() { return "leak_check_at_exit=0:epoch_period_ms=0"; }
