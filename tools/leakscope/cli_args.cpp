#include "cli_args.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

namespace leakscope::tool {

int UsageError(const std::string &message) {
  fprintf(stderr, "LeakScope: %s\n", message.c_str());
  return 2;
}

int MatchOption(const Args &args, size_t *i, std::initializer_list<const char *> names,
                std::string *value) {
  const std::string &a = args[*i];
  for (const char *name : names) {
    size_t n = strlen(name);
    if (a == name) {
      if (*i + 1 >= args.size()) return -1;
      *value = args[++*i];
      return 1;
    }
    if (a.size() > n && a.compare(0, n, name) == 0 && a[n] == '=') {
      *value = a.substr(n + 1);
      return 1;
    }
  }
  return 0;
}

bool WantsHelp(const Args &args) {
  for (const std::string &a : args) {
    if (a == "--") return false;
    if (a == "--help" || a == "-h") return true;
  }
  return false;
}

bool ParseDuration(const std::string &s, double *seconds) {
  if (s.empty()) return false;
  char *end = nullptr;
  double v = strtod(s.c_str(), &end);
  if (end == s.c_str() || !(v > 0) || v > 1e7) return false;
  std::string unit(end);
  double scale;
  if (unit.empty() || unit == "s") scale = 1;
  else if (unit == "ms") scale = 0.001;
  else if (unit == "m" || unit == "min") scale = 60;
  else if (unit == "h") scale = 3600;
  else return false;
  *seconds = v * scale;
  return true;
}

bool ParseSize(const std::string &s, int64_t *bytes) {
  if (s.empty() || !isdigit((unsigned char)s[0])) return false;
  char *end = nullptr;
  unsigned long long v = strtoull(s.c_str(), &end, 10);
  std::string unit(end);
  for (char &c : unit) c = char(tolower((unsigned char)c));
  int64_t scale;
  if (unit.empty() || unit == "b") scale = 1;
  else if (unit == "k" || unit == "kb" || unit == "kib") scale = int64_t(1) << 10;
  else if (unit == "m" || unit == "mb" || unit == "mib") scale = int64_t(1) << 20;
  else if (unit == "g" || unit == "gb" || unit == "gib") scale = int64_t(1) << 30;
  else return false;
  if (v > (unsigned long long)(INT64_MAX / scale)) return false;
  *bytes = int64_t(v) * scale;
  return true;
}

bool ParseCount(const std::string &s, long *n) {
  if (s.empty() || !isdigit((unsigned char)s[0])) return false;
  char *end = nullptr;
  long v = strtol(s.c_str(), &end, 10);
  if (*end || v <= 0 || v > 1000000000) return false;
  *n = v;
  return true;
}

}  // namespace leakscope::tool
