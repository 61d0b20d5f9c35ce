// A minimal protobuf and pprof reader for the tests, written independently of the
// runtime's encoder: it decodes the wire format field by field and rebuilds a Profile
// with plain std containers, so the tests compare what pprof would see.
#pragma once

#include <stdint.h>
#include <zlib.h>

#include <map>
#include <string>
#include <vector>

namespace proto_reader {

struct Field {
  uint32_t number = 0, wire = 0;
  uint64_t varint = 0;     // wire 0
  std::string bytes;       // wire 2
};

inline bool ReadVarint(const uint8_t *&p, const uint8_t *end, uint64_t *v) {
  *v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p >= end) return false;
    uint8_t b = *p++;
    *v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

// Splits a message into fields; false on malformed input.
inline bool Parse(const std::string &msg, std::vector<Field> *out) {
  const uint8_t *p = (const uint8_t *)msg.data(), *end = p + msg.size();
  while (p < end) {
    uint64_t tag;
    if (!ReadVarint(p, end, &tag)) return false;
    Field f;
    f.number = (uint32_t)(tag >> 3);
    f.wire = tag & 7;
    if (f.number == 0) return false;
    if (f.wire == 0) {
      if (!ReadVarint(p, end, &f.varint)) return false;
    } else if (f.wire == 2) {
      uint64_t len;
      if (!ReadVarint(p, end, &len) || len > (uint64_t)(end - p)) return false;
      f.bytes.assign((const char *)p, len);
      p += len;
    } else {
      return false;  // the profile uses no other wire types
    }
    out->push_back(f);
  }
  return true;
}

// A repeated varint field, packed (wire 2) or not (wire 0).
inline void AppendVarints(const Field &f, std::vector<uint64_t> *out) {
  if (f.wire == 0) {
    out->push_back(f.varint);
    return;
  }
  const uint8_t *p = (const uint8_t *)f.bytes.data(), *end = p + f.bytes.size();
  uint64_t v;
  while (p < end && ReadVarint(p, end, &v)) out->push_back(v);
}

inline bool Gunzip(const std::string &in, std::string *out) {
  z_stream z = {};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return false;
  z.next_in = (Bytef *)in.data();
  z.avail_in = (uInt)in.size();
  char buf[65536];
  int r;
  do {
    z.next_out = (Bytef *)buf;
    z.avail_out = sizeof(buf);
    r = inflate(&z, Z_NO_FLUSH);
    if (r != Z_OK && r != Z_STREAM_END) {
      inflateEnd(&z);
      return false;
    }
    out->append(buf, sizeof(buf) - z.avail_out);
  } while (r != Z_STREAM_END);
  bool all_used = z.avail_in == 0;
  inflateEnd(&z);
  return all_used;
}

struct Line {
  uint64_t function_id = 0;
  int64_t line = 0;
};
struct Location {
  uint64_t id = 0, mapping_id = 0, address = 0;
  std::vector<Line> lines;
};
struct Function {
  uint64_t id = 0;
  std::string name, system_name, filename;
};
struct Mapping {
  uint64_t id = 0, start = 0, limit = 0, offset = 0;
  std::string filename, build_id;
  bool has_functions = false, has_filenames = false, has_line_numbers = false,
       has_inline_frames = false;
};
struct Sample {
  std::vector<uint64_t> location_ids;
  std::vector<int64_t> values;
  std::map<std::string, std::string> str_labels;
  std::map<std::string, int64_t> num_labels;
};
struct Profile {
  std::vector<std::pair<std::string, std::string>> sample_types;  // type, unit
  std::vector<Sample> samples;
  std::map<uint64_t, Mapping> mappings;
  std::map<uint64_t, Location> locations;
  std::map<uint64_t, Function> functions;
  std::vector<std::string> strings;
  std::pair<std::string, std::string> period_type;
  int64_t period = 0, time_nanos = 0;
  std::vector<std::string> comments;
  std::string default_sample_type;
  std::string error;  // set when the input is malformed

  // Function names of a sample's frames, leaf first (every inline frame).
  std::vector<std::string> Stack(const Sample &s) const {
    std::vector<std::string> out;
    for (uint64_t id : s.location_ids) {
      auto l = locations.find(id);
      if (l == locations.end()) continue;
      for (const Line &ln : l->second.lines) {
        auto f = functions.find(ln.function_id);
        out.push_back(f == functions.end() ? "?" : f->second.name);
      }
    }
    return out;
  }
};

inline Profile Decode(const std::string &data) {
  Profile p;
  std::vector<Field> top;
  if (!Parse(data, &top)) {
    p.error = "malformed profile";
    return p;
  }
  // Strings first: every other field refers to them by index.
  for (const Field &f : top)
    if (f.number == 6) p.strings.push_back(f.bytes);
  auto str = [&](uint64_t i) -> std::string {
    if (i >= p.strings.size()) {
      p.error = "string index out of range";
      return "";
    }
    return p.strings[i];
  };
  for (const Field &f : top) {
    std::vector<Field> sub;
    if (f.wire == 2 && f.number != 6 && !Parse(f.bytes, &sub)) {
      p.error = "malformed field " + std::to_string(f.number);
      return p;
    }
    switch (f.number) {
      case 1: {
        uint64_t t = 0, u = 0;
        for (const Field &g : sub) (g.number == 1 ? t : u) = g.varint;
        p.sample_types.push_back({str(t), str(u)});
        break;
      }
      case 2: {
        Sample s;
        for (const Field &g : sub) {
          if (g.number == 1) AppendVarints(g, &s.location_ids);
          if (g.number == 2) {
            std::vector<uint64_t> v;
            AppendVarints(g, &v);
            for (uint64_t x : v) s.values.push_back((int64_t)x);
          }
          if (g.number == 3) {
            std::vector<Field> lab;
            Parse(g.bytes, &lab);
            uint64_t key = 0, sv = 0, nv = 0;
            bool has_str = false;
            for (const Field &h : lab) {
              if (h.number == 1) key = h.varint;
              if (h.number == 2) sv = h.varint, has_str = true;
              if (h.number == 3) nv = h.varint;
            }
            if (has_str) s.str_labels[str(key)] = str(sv);
            else s.num_labels[str(key)] = (int64_t)nv;
          }
        }
        p.samples.push_back(s);
        break;
      }
      case 3: {
        Mapping m;
        for (const Field &g : sub) {
          switch (g.number) {
            case 1: m.id = g.varint; break;
            case 2: m.start = g.varint; break;
            case 3: m.limit = g.varint; break;
            case 4: m.offset = g.varint; break;
            case 5: m.filename = str(g.varint); break;
            case 6: m.build_id = str(g.varint); break;
            case 7: m.has_functions = g.varint; break;
            case 8: m.has_filenames = g.varint; break;
            case 9: m.has_line_numbers = g.varint; break;
            case 10: m.has_inline_frames = g.varint; break;
          }
        }
        if (!m.id || p.mappings.count(m.id)) p.error = "bad mapping id";
        p.mappings[m.id] = m;
        break;
      }
      case 4: {
        Location l;
        for (const Field &g : sub) {
          if (g.number == 1) l.id = g.varint;
          if (g.number == 2) l.mapping_id = g.varint;
          if (g.number == 3) l.address = g.varint;
          if (g.number == 4) {
            std::vector<Field> lf;
            Parse(g.bytes, &lf);
            Line ln;
            for (const Field &h : lf) {
              if (h.number == 1) ln.function_id = h.varint;
              if (h.number == 2) ln.line = (int64_t)h.varint;
            }
            l.lines.push_back(ln);
          }
        }
        if (!l.id || p.locations.count(l.id)) p.error = "bad location id";
        p.locations[l.id] = l;
        break;
      }
      case 5: {
        Function fn;
        for (const Field &g : sub) {
          if (g.number == 1) fn.id = g.varint;
          if (g.number == 2) fn.name = str(g.varint);
          if (g.number == 3) fn.system_name = str(g.varint);
          if (g.number == 4) fn.filename = str(g.varint);
        }
        if (!fn.id || p.functions.count(fn.id)) p.error = "bad function id";
        p.functions[fn.id] = fn;
        break;
      }
      case 9: p.time_nanos = (int64_t)f.varint; break;
      case 11: {
        uint64_t t = 0, u = 0;
        for (const Field &g : sub) (g.number == 1 ? t : u) = g.varint;
        p.period_type = {str(t), str(u)};
        break;
      }
      case 12: p.period = (int64_t)f.varint; break;
      case 13: p.comments.push_back(str(f.varint)); break;
      case 14: p.default_sample_type = str(f.varint); break;
    }
  }
  // Referential integrity, as pprof checks it.
  for (const Sample &s : p.samples) {
    if (s.values.size() != p.sample_types.size()) p.error = "sample with a wrong number of values";
    for (uint64_t id : s.location_ids)
      if (!p.locations.count(id)) p.error = "sample refers to a missing location";
  }
  for (auto &kv : p.locations) {
    if (kv.second.mapping_id && !p.mappings.count(kv.second.mapping_id))
      p.error = "location refers to a missing mapping";
    for (const Line &ln : kv.second.lines)
      if (!p.functions.count(ln.function_id)) p.error = "line refers to a missing function";
  }
  if (p.strings.empty() || !p.strings[0].empty()) p.error = "string table must start with \"\"";
  return p;
}

}  // namespace proto_reader
