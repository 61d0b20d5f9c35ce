// The leakscope subcommands as a table, and the one argument parser they share.
//
// A Command names its options once (OptionSpec: names, value kind, help text); from that
// the parser accepts "NAME VALUE" and "NAME=VALUE", checks each value's syntax
// (durations, byte sizes, counts: trailing garbage is an error, so "10x" is not 10),
// answers -h/--help with the command's help text, and turns anything else into a
// one-line "LeakScope: CMD: ..." error naming the bad text. A command's run function
// gets the parsed Invocation; it checks only what the table cannot say (how many
// operands, which options go together).
#pragma once

#include <stdint.h>

#include <string>
#include <vector>

namespace leakscope::tool {

using Args = std::vector<std::string>;

// Prints "LeakScope: <message>" to stderr; returns 2 (bad usage) for convenience.
int UsageError(const std::string &message);

enum class ValueKind {
  kFlag,      // no value
  kText,      // any text
  kCount,     // a positive integer (ParseCount)
  kDuration,  // 10s, 500ms, 5m (ParseDuration)
  kSize,      // 4096, 64k, 10m (ParseSize)
};

struct OptionSpec {
  // "-o", "--output": the first is the option's key; a one-dash long name ("-sample",
  // pprof's spelling) is accepted but not listed in the help.
  std::vector<std::string> names;
  ValueKind kind = ValueKind::kFlag;
  std::string placeholder;         // "FILE" in the help's "-o FILE"
  std::string needs;               // what a value must be, for errors: "a positive number"
  std::string help;                // the help column; '\n' continues on the next line
};

struct Invocation;

struct Command {
  std::string name;                  // "top"
  std::string brief;                 // "FILE [-n N] [--sample TYPE]" in leakscope --help
  std::string summary;               // one line in leakscope --help
  std::string synopsis;              // the help's usage line(s) after "leakscope NAME "
  std::string description;           // the help's paragraph
  std::vector<OptionSpec> options;
  std::string examples;              // lines of the help's "examples:" section
  bool operands_end_options = false; // run: the first operand and all after it are the program's
  int (*run)(const Invocation &) = nullptr;
};

struct OptionValue {
  std::string key;     // the option's first name
  std::string text;    // the value as given ("" for a flag)
  long count = 0;      // kCount
  double seconds = 0;  // kDuration
  int64_t bytes = 0;   // kSize
};

struct Invocation {
  const Command *command = nullptr;
  std::vector<OptionValue> options;   // in command-line order
  std::vector<std::string> operands;  // everything that is not an option

  bool Has(const std::string &key) const;
  // The last value given for `key`, or nullptr.
  const OptionValue *Last(const std::string &key) const;
  std::string Text(const std::string &key, const std::string &otherwise = "") const;
  long Count(const std::string &key, long otherwise) const;
  double Seconds(const std::string &key, double otherwise) const;
  int64_t Bytes(const std::string &key, int64_t otherwise) const;
  // "LeakScope: CMD: message" on stderr; returns 2.
  int Error(const std::string &message) const;
};

// Parses `args` (after the command name) against `c`. Returns -1 with *out filled when
// the command should run, else the exit status: 0 after printing the help, 2 after a
// usage error.
int ParseInvocation(const Command &c, const Args &args, Invocation *out);
// The command's --help text.
std::string HelpText(const Command &c);
// leakscope --help: every command's name, brief and summary.
std::string UsageText(const std::vector<const Command *> &table);
// Runs the command named args[0] from `table` (or prints the usage).
int RunCommandLine(const std::vector<const Command *> &table, const Args &args);

// "10s", "500ms", "5m", "1h", "2.5" (seconds).
bool ParseDuration(const std::string &s, double *seconds);
// "1000", "64k", "10MB", "1MiB", "2g" (k/m/g are powers of 1024).
bool ParseSize(const std::string &s, int64_t *bytes);
bool ParseCount(const std::string &s, long *n);  // a positive integer

}  // namespace leakscope::tool
