// A reader for pprof profile.proto files (what the runtime's snapshots and Go's heap
// profiles are), and the few views of a profile the subcommands share.
//
// The reader is hand-written protobuf decoding (field numbers from profile.proto) so the
// tool needs nothing but zlib. It accepts gzipped (starts 1f 8b) or raw protobuf, packed
// or unpacked repeated integers, and validates every cross-reference: after ReadProfile
// succeeds, every string index, location id and function id a sample reaches is valid and
// every sample has one value per sample type, and the absolute values of each sample
// type add up to at most 2^61, so no sum or difference a view computes overflows.
// Anything else is rejected with a one-line reason, so no subcommand ever walks a
// dangling id.
#pragma once

#include <stdint.h>

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace leakscope::tool {

struct ValueType {
  std::string type;  // "inuse_space"
  std::string unit;  // "bytes"
};

// One frame of a stack, after inline expansion.
struct Frame {
  std::string function;  // demangled name, or "0xADDR" for an unsymbolized location
  std::string file;      // may be empty
  int64_t line = 0;      // 0 when unknown
};

struct Sample {
  std::vector<uint64_t> location_ids;  // leaf first
  std::vector<int64_t> values;         // one per sample type
  std::map<std::string, int64_t> num_labels;
  std::map<std::string, std::string> str_labels;
};

struct Profile {
  std::vector<ValueType> sample_types;
  std::vector<Sample> samples;
  // Location id -> its frames, innermost (inlined) first.
  std::unordered_map<uint64_t, std::vector<Frame>> locations;
  std::string default_sample_type;
  int64_t time_nanos = 0;
  int64_t duration_nanos = 0;
  std::vector<std::string> comments;

  // Index of the sample type named `name`; -1 when absent.
  int SampleIndex(const std::string &name) const;
  // The sample type a viewer shows by default: default_sample_type, else the last one
  // (as pprof does), which for heap profiles is inuse_space.
  std::string DefaultSampleType() const;
  // The sample's frames, leaf first, inline frames expanded.
  std::vector<Frame> Stack(const Sample &s) const;
};

// Reads and validates FILE. On failure returns false with a one-line message in *error,
// e.g. "LeakScope: x.pb.gz: not a pprof profile (truncated gzip data)".
bool ReadProfile(const std::string &path, Profile *out, std::string *error);
// Decodes raw or gzipped bytes; *error gets the reason only (no prefix, no path).
bool ParseProfile(const std::string &bytes, Profile *out, std::string *error);

// True for frames that belong to the allocator rather than to the program (malloc,
// operator new, the runtime's own functions): views skip them so a site is the
// program's code that asked for memory.
bool IsAllocatorFrame(const Frame &f);
// The stack without the allocator frames at its leaf end, nor the standard-library
// frames above them. Never empty: an all-allocator stack keeps its outermost frame, an
// all-library one its first library frame, and a sample without locations gets the one
// frame kNoStackFunction.
std::vector<Frame> ProgramStack(const std::vector<Frame> &leaf_first);
constexpr const char kNoStackFunction[] = "(no stack)";
// "function file:line", the key of an allocation site in every view.
std::string FrameKey(const Frame &f);
std::string FrameLocation(const Frame &f);  // "file:line", or "" when unknown

// Human-readable value: "1.50MB", "512B" for bytes, plain numbers otherwise.
std::string FormatValue(int64_t v, const std::string &unit);
// Checks a --sample name against the profile; returns the index or -1 with *error set.
int ResolveSample(const Profile &p, const std::string &path, const std::string &name,
                  std::string *error);

}  // namespace leakscope::tool
