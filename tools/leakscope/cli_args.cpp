#include "cli_args.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>

namespace leakscope::tool {

int UsageError(const std::string &message) {
  fprintf(stderr, "LeakScope: %s\n", message.c_str());
  return 2;
}

namespace {

const OptionSpec *FindOption(const Command &c, const std::string &arg, std::string *value, bool *has_value,
                             std::string *name) {
  for (const OptionSpec &o : c.options)
    for (const std::string &n : o.names) {
      if (arg == n) return *has_value = false, *name = n, &o;
      if (o.kind != ValueKind::kFlag && arg.size() > n.size() && arg.compare(0, n.size(), n) == 0 &&
          arg[n.size()] == '=') {
        *value = arg.substr(n.size() + 1);
        *has_value = true;
        *name = n;
        return &o;
      }
    }
  return nullptr;
}

bool CheckValue(const OptionSpec &o, OptionValue *v) {
  switch (o.kind) {
    case ValueKind::kFlag:
    case ValueKind::kText: return true;
    case ValueKind::kCount: return ParseCount(v->text, &v->count);
    case ValueKind::kDuration: return ParseDuration(v->text, &v->seconds);
    case ValueKind::kSize: return ParseSize(v->text, &v->bytes);
  }
  return false;
}

}  // namespace

int Invocation::Error(const std::string &message) const {
  return UsageError(command->name + ": " + message);
}

const OptionValue *Invocation::Last(const std::string &key) const {
  for (auto it = options.rbegin(); it != options.rend(); ++it)
    if (it->key == key) return &*it;
  return nullptr;
}

bool Invocation::Has(const std::string &key) const { return Last(key) != nullptr; }

std::string Invocation::Text(const std::string &key, const std::string &otherwise) const {
  const OptionValue *v = Last(key);
  return v ? v->text : otherwise;
}

long Invocation::Count(const std::string &key, long otherwise) const {
  const OptionValue *v = Last(key);
  return v ? v->count : otherwise;
}

double Invocation::Seconds(const std::string &key, double otherwise) const {
  const OptionValue *v = Last(key);
  return v ? v->seconds : otherwise;
}

int64_t Invocation::Bytes(const std::string &key, int64_t otherwise) const {
  const OptionValue *v = Last(key);
  return v ? v->bytes : otherwise;
}

int ParseInvocation(const Command &c, const Args &args, Invocation *out) {
  *out = Invocation();
  out->command = &c;
  // The first problem is reported, but only after the whole line was seen: --help
  // anywhere (before "--", and for run before the program) wins over it.
  std::string problem;
  bool options_done = false;
  for (size_t i = 0; i < args.size(); i++) {
    const std::string &a = args[i];
    if (options_done) {
      out->operands.push_back(a);
      continue;
    }
    if (a == "--") {
      options_done = true;
      continue;
    }
    if (a == "-h" || a == "--help") return fputs(HelpText(c).c_str(), stdout), 0;
    std::string value, name;
    bool has_value = false;
    const OptionSpec *o = FindOption(c, a, &value, &has_value, &name);
    if (!o) {
      if (a.size() > 1 && a[0] == '-') {
        if (problem.empty()) problem = "unknown option '" + a + "' (see leakscope " + c.name + " --help)";
        continue;
      }
      out->operands.push_back(a);
      if (c.operands_end_options) options_done = true;
      continue;
    }
    OptionValue v;
    v.key = o->names[0];
    if (o->kind != ValueKind::kFlag) {
      if (!has_value) {
        if (i + 1 >= args.size()) {
          if (problem.empty()) problem = name + " needs " + o->needs;
          continue;
        }
        value = args[++i];
      }
      v.text = value;
      if (!CheckValue(*o, &v)) {
        if (problem.empty()) problem = name + " needs " + o->needs + ", got '" + value + "'";
        continue;
      }
    }
    out->options.push_back(std::move(v));
  }
  if (!problem.empty()) return out->Error(problem);
  return -1;
}

std::string HelpText(const Command &c) {
  std::string h = "usage: leakscope " + c.name + " ";
  for (char ch : c.synopsis) {
    h += ch;
    if (ch == '\n') h += "       leakscope " + c.name + " ";
  }
  h += "\n\n" + c.description + "\n";
  if (!c.options.empty()) {
    std::vector<std::string> left;
    size_t width = 0;
    for (const OptionSpec &o : c.options) {
      std::string l;
      // "-sample" beside "--sample" is pprof's spelling, accepted but not listed.
      for (const std::string &n : o.names)
        if (n.size() <= 2 || n[1] == '-') l += (l.empty() ? "" : ", ") + n;
      if (o.kind != ValueKind::kFlag) l += " " + o.placeholder;
      width = std::max(width, l.size());
      left.push_back(l);
    }
    h += "\n";
    for (size_t k = 0; k < c.options.size(); k++) {
      std::string line = "  " + left[k] + std::string(width - left[k].size() + 3, ' ');
      for (char ch : c.options[k].help) {
        if (ch == '\n') {
          h += line + "\n";
          line = std::string(width + 5, ' ');
        } else {
          line += ch;
        }
      }
      h += line + "\n";
    }
  }
  if (!c.examples.empty()) {
    h += "\nexamples:\n";
    std::string line;
    for (char ch : c.examples + "\n") {
      if (ch != '\n') {
        line += ch;
        continue;
      }
      if (!line.empty()) h += "  " + line + "\n";
      line.clear();
    }
  }
  return h;
}

std::string UsageText(const std::vector<const Command *> &table) {
  std::string u = "usage: leakscope <command> [options]\n\ncommands:\n";
  size_t width = 0;
  for (const Command *c : table) width = std::max(width, c->name.size() + 1 + c->brief.size());
  for (const Command *c : table) {
    std::string l = c->name + " " + c->brief;
    u += "  " + l + std::string(width - l.size() + 3, ' ') + c->summary + "\n";
  }
  u += "\nCompile with leakscope-clang / leakscope-clang++ (drop-in for clang / clang++).\n"
       "Run 'leakscope <command> --help' for a command's options and examples.\n";
  return u;
}

int RunCommandLine(const std::vector<const Command *> &table, const Args &args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    fputs(UsageText(table).c_str(), args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  for (const Command *c : table) {
    if (c->name != args[0]) continue;
    Invocation in;
    int status = ParseInvocation(*c, Args(args.begin() + 1, args.end()), &in);
    return status >= 0 ? status : c->run(in);
  }
  return UsageError("unknown command '" + args[0] + "' (run 'leakscope --help')");
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
