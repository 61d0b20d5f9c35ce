// pprof profile.proto decoding. Two passes: the first decodes every message into raw
// tables (ids and string indices as they are in the file), the second resolves them and
// rejects any dangling reference. A profile is small next to memory (one sample per
// allocation stack), so the whole file is held in memory.
#include "profile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include <fstream>
#include <sstream>
#include <unordered_set>

#include "names.h"

namespace leakscope::tool {

namespace {

// Largest decompressed size accepted: a guard against gzip bombs, far above any real
// heap profile.
constexpr size_t kMaxProfileBytes = size_t(1) << 31;

// Largest sum of the absolute sample values of one sample type. The views add values
// up (per site, per stack, in total) and diff subtracts one profile's sums from
// another's; with every sum bounded by 2^61 none of that can overflow an int64_t.
// A real heap profile is nowhere near it (2^61 bytes is 2 EiB).
constexpr uint64_t kMaxValueSum = uint64_t(1) << 61;

struct Error {
  std::string what;
};

// A string from the file as an error message may quote it: printable ASCII as it is,
// anything else (a newline would break the one-line message) as \xNN, at most 64 bytes.
static std::string Printable(const std::string &s) {
  std::string out;
  for (size_t i = 0; i < s.size() && i < 64; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += (char)c;
    } else {
      char buf[8];
      snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (s.size() > 64) out += "...";
  return out;
}

// A view of protobuf wire data. Every read checks bounds and throws Error, which the
// top-level parse turns into a one-line message.
class Wire {
 public:
  Wire(const char *p, size_t n, size_t base = 0) : p_(reinterpret_cast<const uint8_t *>(p)), n_(n), base_(base) {}
  bool done() const { return pos_ >= n_; }
  size_t offset() const { return base_ + pos_; }

  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= n_) throw Error{"truncated varint at byte " + std::to_string(offset())};
      uint8_t b = p_[pos_++];
      v |= uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    throw Error{"varint longer than 10 bytes at byte " + std::to_string(offset())};
  }
  // Reads a field key; returns false at the end.
  bool Key(uint32_t *field, uint32_t *wire_type) {
    if (done()) return false;
    uint64_t k = Varint();
    *field = uint32_t(k >> 3);
    *wire_type = uint32_t(k & 7);
    if (*field == 0) throw Error{"field number 0 at byte " + std::to_string(offset())};
    return true;
  }
  Wire Bytes() {
    uint64_t len = Varint();
    if (len > n_ - pos_) throw Error{"length " + std::to_string(len) + " runs past the end at byte " + std::to_string(offset())};
    Wire w(reinterpret_cast<const char *>(p_ + pos_), len, offset());
    pos_ += len;
    return w;
  }
  std::string String() {
    Wire w = Bytes();
    return std::string(reinterpret_cast<const char *>(w.p_), w.n_);
  }
  void Skip(uint32_t wire_type) {
    switch (wire_type) {
      case 0: Varint(); return;
      case 1: Advance(8); return;
      case 2: Bytes(); return;
      case 5: Advance(4); return;
      default:
        throw Error{"bad wire type " + std::to_string(wire_type) + " at byte " + std::to_string(offset())};
    }
  }
  // A repeated integer field, packed (wire type 2) or not (0).
  void Repeated(uint32_t wire_type, std::vector<uint64_t> *out) {
    if (wire_type == 0) {
      out->push_back(Varint());
    } else if (wire_type == 2) {
      Wire w = Bytes();
      while (!w.done()) out->push_back(w.Varint());
    } else {
      throw Error{"bad wire type for a repeated integer at byte " + std::to_string(offset())};
    }
  }
  uint64_t Uint(uint32_t wire_type) {
    if (wire_type != 0) throw Error{"expected an integer at byte " + std::to_string(offset())};
    return Varint();
  }

 private:
  void Advance(size_t k) {
    if (k > n_ - pos_) throw Error{"truncated field at byte " + std::to_string(offset())};
    pos_ += k;
  }
  const uint8_t *p_;
  size_t n_;
  size_t base_;
  size_t pos_ = 0;
};

struct RawLabel {
  uint64_t key = 0, str = 0;
  int64_t num = 0;
};
struct RawSample {
  std::vector<uint64_t> locs, values;
  std::vector<RawLabel> labels;
};
struct RawLine {
  uint64_t function_id = 0;
  int64_t line = 0;
};
struct RawLocation {
  uint64_t id = 0, address = 0, mapping_id = 0;
  std::vector<RawLine> lines;
};
struct RawFunction {
  uint64_t id = 0, name = 0, system_name = 0, filename = 0;
};
struct RawMapping {
  uint64_t id = 0, start = 0, filename = 0;
};
struct RawProfile {
  std::vector<std::pair<uint64_t, uint64_t>> sample_types;
  std::vector<RawSample> samples;
  std::vector<RawLocation> locations;
  std::vector<RawFunction> functions;
  std::vector<RawMapping> mappings;
  std::vector<std::string> strings;
  std::vector<uint64_t> comments;
  uint64_t default_sample_type = 0;
  int64_t time_nanos = 0, duration_nanos = 0;
};

void DecodeProfile(Wire w, RawProfile *p) {
  uint32_t f, t;
  while (w.Key(&f, &t)) {
    switch (f) {
      case 1: {  // sample_type
        if (t != 2) throw Error{"sample_type is not a message"};
        Wire m = w.Bytes();
        std::pair<uint64_t, uint64_t> vt{0, 0};
        uint32_t f2, t2;
        while (m.Key(&f2, &t2)) {
          if (f2 == 1) vt.first = m.Uint(t2);
          else if (f2 == 2) vt.second = m.Uint(t2);
          else m.Skip(t2);
        }
        p->sample_types.push_back(vt);
        break;
      }
      case 2: {  // sample
        if (t != 2) throw Error{"sample is not a message"};
        Wire m = w.Bytes();
        RawSample s;
        uint32_t f2, t2;
        while (m.Key(&f2, &t2)) {
          if (f2 == 1) m.Repeated(t2, &s.locs);
          else if (f2 == 2) m.Repeated(t2, &s.values);
          else if (f2 == 3) {
            if (t2 != 2) throw Error{"label is not a message"};
            Wire l = m.Bytes();
            RawLabel label;
            uint32_t f3, t3;
            while (l.Key(&f3, &t3)) {
              if (f3 == 1) label.key = l.Uint(t3);
              else if (f3 == 2) label.str = l.Uint(t3);
              else if (f3 == 3) label.num = int64_t(l.Uint(t3));
              else l.Skip(t3);
            }
            s.labels.push_back(label);
          } else {
            m.Skip(t2);
          }
        }
        p->samples.push_back(std::move(s));
        break;
      }
      case 3: {  // mapping
        if (t != 2) throw Error{"mapping is not a message"};
        Wire m = w.Bytes();
        RawMapping mp;
        uint32_t f2, t2;
        while (m.Key(&f2, &t2)) {
          if (f2 == 1) mp.id = m.Uint(t2);
          else if (f2 == 2) mp.start = m.Uint(t2);
          else if (f2 == 5) mp.filename = m.Uint(t2);
          else m.Skip(t2);
        }
        p->mappings.push_back(mp);
        break;
      }
      case 4: {  // location
        if (t != 2) throw Error{"location is not a message"};
        Wire m = w.Bytes();
        RawLocation loc;
        uint32_t f2, t2;
        while (m.Key(&f2, &t2)) {
          if (f2 == 1) loc.id = m.Uint(t2);
          else if (f2 == 2) loc.mapping_id = m.Uint(t2);
          else if (f2 == 3) loc.address = m.Uint(t2);
          else if (f2 == 4) {
            if (t2 != 2) throw Error{"line is not a message"};
            Wire l = m.Bytes();
            RawLine line;
            uint32_t f3, t3;
            while (l.Key(&f3, &t3)) {
              if (f3 == 1) line.function_id = l.Uint(t3);
              else if (f3 == 2) line.line = int64_t(l.Uint(t3));
              else l.Skip(t3);
            }
            loc.lines.push_back(line);
          } else {
            m.Skip(t2);
          }
        }
        p->locations.push_back(std::move(loc));
        break;
      }
      case 5: {  // function
        if (t != 2) throw Error{"function is not a message"};
        Wire m = w.Bytes();
        RawFunction fn;
        uint32_t f2, t2;
        while (m.Key(&f2, &t2)) {
          if (f2 == 1) fn.id = m.Uint(t2);
          else if (f2 == 2) fn.name = m.Uint(t2);
          else if (f2 == 3) fn.system_name = m.Uint(t2);
          else if (f2 == 4) fn.filename = m.Uint(t2);
          else m.Skip(t2);
        }
        p->functions.push_back(fn);
        break;
      }
      case 6:
        if (t != 2) throw Error{"string_table entry is not a string"};
        p->strings.push_back(w.String());
        break;
      case 9: p->time_nanos = int64_t(w.Uint(t)); break;
      case 10: p->duration_nanos = int64_t(w.Uint(t)); break;
      case 13: w.Repeated(t, &p->comments); break;
      case 14: p->default_sample_type = w.Uint(t); break;
      default: w.Skip(t); break;
    }
  }
}

void Resolve(const RawProfile &raw, Profile *out) {
  if (raw.strings.empty() || !raw.strings[0].empty())
    throw Error{"string table missing or does not start with \"\""};
  auto str = [&](uint64_t i, const char *what) -> const std::string & {
    if (i >= raw.strings.size())
      throw Error{std::string(what) + " refers to string " + std::to_string(i) + " of " + std::to_string(raw.strings.size())};
    return raw.strings[i];
  };
  if (raw.sample_types.empty()) throw Error{"no sample types"};
  for (auto &vt : raw.sample_types)
    out->sample_types.push_back({str(vt.first, "sample_type"), str(vt.second, "sample_type unit")});
  out->default_sample_type = str(raw.default_sample_type, "default_sample_type");
  out->time_nanos = raw.time_nanos;
  out->duration_nanos = raw.duration_nanos;
  for (uint64_t c : raw.comments) out->comments.push_back(str(c, "comment"));

  std::unordered_map<uint64_t, const RawFunction *> functions;
  for (const RawFunction &f : raw.functions) {
    if (f.id == 0) throw Error{"function with id 0"};
    if (!functions.emplace(f.id, &f).second) throw Error{"duplicate function id " + std::to_string(f.id)};
  }
  std::unordered_map<uint64_t, const RawMapping *> mappings;
  for (const RawMapping &m : raw.mappings) mappings.emplace(m.id, &m);

  for (const RawLocation &loc : raw.locations) {
    if (loc.id == 0) throw Error{"location with id 0"};
    std::vector<Frame> frames;
    for (const RawLine &l : loc.lines) {
      auto it = functions.find(l.function_id);
      if (it == functions.end())
        throw Error{"location " + std::to_string(loc.id) + " refers to missing function " + std::to_string(l.function_id)};
      Frame fr;
      fr.function = str(it->second->name, "function name");
      if (fr.function.empty()) fr.function = str(it->second->system_name, "function system_name");
      fr.file = str(it->second->filename, "function filename");
      fr.line = l.line;
      frames.push_back(std::move(fr));
    }
    if (frames.empty()) {  // unsymbolized: name the address, and the module when known
      Frame fr;
      char buf[32];
      snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)loc.address);
      fr.function = buf;
      auto m = mappings.find(loc.mapping_id);
      if (m != mappings.end()) fr.file = str(m->second->filename, "mapping filename");
      frames.push_back(std::move(fr));
    }
    if (!out->locations.emplace(loc.id, std::move(frames)).second)
      throw Error{"duplicate location id " + std::to_string(loc.id)};
  }

  size_t n = out->sample_types.size();
  std::vector<uint64_t> abs_sums(n, 0);
  for (size_t i = 0; i < raw.samples.size(); i++) {
    const RawSample &rs = raw.samples[i];
    if (rs.values.size() != n)
      throw Error{"sample " + std::to_string(i) + " has " + std::to_string(rs.values.size()) +
                  " values for " + std::to_string(n) + " sample types"};
    for (size_t k = 0; k < n; k++) {
      int64_t v = int64_t(rs.values[k]);
      uint64_t mag = v < 0 ? 0 - uint64_t(v) : uint64_t(v);
      if (mag > kMaxValueSum || (abs_sums[k] += mag) > kMaxValueSum)
        throw Error{"the values of sample type " + Printable(out->sample_types[k].type) + " add up to more than 2^61 (at sample " +
                    std::to_string(i) + ")"};
    }
    Sample s;
    for (uint64_t id : rs.locs) {
      if (!out->locations.count(id))
        throw Error{"sample " + std::to_string(i) + " refers to missing location " + std::to_string(id)};
      s.location_ids.push_back(id);
    }
    for (uint64_t v : rs.values) s.values.push_back(int64_t(v));
    for (const RawLabel &l : rs.labels) {
      const std::string &key = str(l.key, "label key");
      if (l.str) s.str_labels[key] = str(l.str, "label value");
      else s.num_labels[key] = l.num;
    }
    out->samples.push_back(std::move(s));
  }
}

bool Gunzip(const std::string &in, std::string *out, std::string *error) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return *error = "zlib init failed", false;
  z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.data()));
  z.avail_in = uInt(in.size());
  char buf[1 << 16];
  int rc;
  do {
    z.next_out = reinterpret_cast<Bytef *>(buf);
    z.avail_out = sizeof(buf);
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      if (rc == Z_BUF_ERROR) *error = "truncated gzip data";
      else *error = std::string("corrupt gzip data: ") + (z.msg ? z.msg : "inflate failed");
      return false;
    }
    out->append(buf, sizeof(buf) - z.avail_out);
    if (out->size() > kMaxProfileBytes) {
      inflateEnd(&z);
      return *error = "decompresses to more than 2 GiB", false;
    }
  } while (rc != Z_STREAM_END);
  inflateEnd(&z);
  return true;
}

}  // namespace

bool ParseProfile(const std::string &bytes, Profile *out, std::string *error) {
  if (bytes.empty()) return *error = "empty file", false;
  std::string unzipped;
  const std::string *data = &bytes;
  if (bytes.size() >= 2 && uint8_t(bytes[0]) == 0x1f && uint8_t(bytes[1]) == 0x8b) {
    if (!Gunzip(bytes, &unzipped, error)) return false;
    data = &unzipped;
  }
  try {
    RawProfile raw;
    DecodeProfile(Wire(data->data(), data->size()), &raw);
    *out = Profile();
    Resolve(raw, out);
  } catch (const Error &e) {
    *error = e.what;
    return false;
  } catch (const std::bad_alloc &) {
    *error = "out of memory while decoding";
    return false;
  }
  return true;
}

bool ReadProfile(const std::string &path, Profile *out, std::string *error) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0)
    return *error = "LeakScope: cannot open " + path + ": " + strerror(errno), false;
  if (S_ISDIR(st.st_mode)) return *error = "LeakScope: " + path + " is a directory, not a profile", false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return *error = "LeakScope: cannot open " + path + ": " + strerror(errno), false;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return *error = "LeakScope: cannot read " + path, false;
  std::string why;
  if (!ParseProfile(ss.str(), out, &why)) {
    *error = "LeakScope: " + path + ": not a pprof profile (" + why + ")";
    return false;
  }
  return true;
}

int Profile::SampleIndex(const std::string &name) const {
  for (size_t i = 0; i < sample_types.size(); i++)
    if (sample_types[i].type == name) return int(i);
  return -1;
}

std::string Profile::DefaultSampleType() const {
  if (!default_sample_type.empty() && SampleIndex(default_sample_type) >= 0) return default_sample_type;
  return sample_types.back().type;
}

std::vector<Frame> Profile::Stack(const Sample &s) const {
  std::vector<Frame> out;
  for (uint64_t id : s.location_ids) {
    const std::vector<Frame> &frames = locations.at(id);
    out.insert(out.end(), frames.begin(), frames.end());
  }
  return out;
}

bool IsAllocatorFrame(const Frame &f) {
  static const std::unordered_set<std::string> kExact = {
      "malloc", "calloc", "realloc", "reallocarray", "free", "aligned_alloc", "posix_memalign",
      "memalign", "valloc", "pvalloc", "strdup", "strndup", "__strdup", "__libc_malloc",
      "__libc_calloc", "__libc_realloc", "__libc_memalign"};
  const std::string &n = f.function;
  if (kExact.count(n)) return true;
  for (const char *prefix : {"operator new", "operator delete", "__leakscope", "leakscope::", "__interceptor_"})
    if (n.rfind(prefix, 0) == 0) return true;
  return false;
}

// Standard-library code inlined into the program (std::vector growing, std::map
// inserting) is where memory is asked for, but not where a reader can act: a site is
// the first frame past it.
static bool IsLibraryFrame(const Frame &f) {
  for (const char *prefix : {"/usr/include/", "/usr/lib/", "/usr/local/include/"})
    if (f.file.rfind(prefix, 0) == 0) return true;
  // A function template's name starts with its return type: "void std::vector<...>::...".
  std::string name = QualifiedFunctionName(f.function);
  return name.rfind("std::", 0) == 0 || name.rfind("__gnu_cxx::", 0) == 0;
}

std::vector<Frame> ProgramStack(const std::vector<Frame> &leaf_first) {
  // A sample may have no locations at all (pprof reads such profiles): it still holds
  // its value, so it gets a site of its own instead of vanishing from the totals.
  if (leaf_first.empty()) {
    Frame none;
    none.function = kNoStackFunction;
    return {none};
  }
  size_t i = 0;
  while (i + 1 < leaf_first.size() && IsAllocatorFrame(leaf_first[i])) i++;
  size_t j = i;
  while (j + 1 < leaf_first.size() && IsLibraryFrame(leaf_first[j])) j++;
  if (!IsLibraryFrame(leaf_first[j])) i = j;  // all library code: keep the leaf
  return std::vector<Frame>(leaf_first.begin() + i, leaf_first.end());
}

std::string FrameLocation(const Frame &f) {
  if (f.file.empty()) return "";
  return f.line > 0 ? f.file + ":" + std::to_string(f.line) : f.file;
}

std::string FrameKey(const Frame &f) {
  std::string loc = FrameLocation(f);
  return loc.empty() ? f.function : f.function + " " + loc;
}

std::string FormatValue(int64_t v, const std::string &unit) {
  if (unit != "bytes") return std::to_string(v);
  const char *suffix[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  uint64_t mag = v < 0 ? 0 - uint64_t(v) : uint64_t(v);  // also for INT64_MIN
  double x = double(mag);
  int i = 0;
  while (x >= 1024 && i < 6) x /= 1024, i++;
  char buf[48];
  if (i == 0) snprintf(buf, sizeof(buf), "%s%lluB", v < 0 ? "-" : "", (unsigned long long)mag);
  else snprintf(buf, sizeof(buf), "%s%.2f%s", v < 0 ? "-" : "", x, suffix[i]);
  return buf;
}

int ResolveSample(const Profile &p, const std::string &path, const std::string &name, std::string *error) {
  std::string want = name.empty() ? p.DefaultSampleType() : name;
  int i = p.SampleIndex(want);
  if (i < 0) {
    std::string have;
    for (const ValueType &vt : p.sample_types) have += (have.empty() ? "" : ", ") + vt.type;
    *error = "LeakScope: " + path + " has no sample type '" + want + "' (it has: " + have + ")";
  }
  return i;
}

}  // namespace leakscope::tool
