// The compiled CFI rows against an independent decoder: readelf's interpretation of the
// same .eh_frame (`readelf -wF`, binutils), for the C++ runtime library, libc and this
// test binary. Every PC readelf gives a row for must get the same CFA rule, rbp slot and
// return-address rule from CompileCfi, or kCfaNone where readelf shows a rule outside
// the supported subset (an expression, another register).
#include "stacks/cfi_rules.h"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <stdio.h>
#include <stdlib.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace leakscope;

namespace {

struct Expected {
  uint64_t pc;
  std::string cfa, rbp, ra;
};

// Rows of `readelf -wF FILE` for code at offsets (the modules here are PIE/shared, so
// readelf's addresses are offsets from the load address).
std::vector<Expected> ReadelfRows(const std::string &file) {
  std::vector<Expected> rows;
  std::string cmd = "readelf -wF '" + file + "' 2>/dev/null";
  FILE *f = popen(cmd.c_str(), "r");
  if (!f) return rows;
  char line[4096];
  std::vector<std::string> columns;
  bool in_fde = false;  // a CIE's own rows (its initial state at PC 0) are not code
  while (fgets(line, sizeof line, f)) {
    std::string text = line;
    if (text.find(" CIE") != std::string::npos) in_fde = false;
    if (text.find(" FDE ") != std::string::npos) in_fde = true;
    std::istringstream in(line);
    std::string first;
    in >> first;
    if (first == "LOC") {
      columns.clear();
      std::string c;
      while (in >> c) columns.push_back(c);
      continue;
    }
    if (first.size() != 16 || columns.empty() || !in_fde) continue;
    Expected e = {std::stoull(first, nullptr, 16), "", "u", "u"};
    // Values are single words, except "rN (name)" (a register rule): join those.
    std::vector<std::string> values;
    std::string v;
    while (in >> v) {
      if (v[0] == '(' && !values.empty()) values.back() += " " + v;
      else values.push_back(v);
    }
    for (size_t i = 0; i < values.size() && i < columns.size(); i++) {
      v = values[i];
      if (columns[i] == "CFA") e.cfa = v;
      if (columns[i] == "rbp") e.rbp = v;
      if (columns[i] == "ra") e.ra = v;
    }
    rows.push_back(e);
  }
  pclose(f);
  return rows;
}

struct Module {
  std::string file;
  uptr start, end, hdr;
};

Module ModuleOf(void *addr) {
  dl_find_object fo;
  Dl_info info;
  EXPECT_EQ(_dl_find_object(addr, &fo), 0);
  EXPECT_NE(dladdr(addr, &info), 0);
  std::string file = info.dli_fname;
  if (file.find('/') == std::string::npos) {  // the main program: dladdr names it argv[0]-style
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    file = buf;
  }
  return {file, (uptr)fo.dlfo_map_start, (uptr)fo.dlfo_map_end, (uptr)fo.dlfo_eh_frame};
}

void CheckModule(const Module &m, size_t min_rows) {
  InternalVector<CfiRow> rows;
  CfiStats stats;
  ASSERT_TRUE(CompileCfi(m.start, m.end, m.hdr, &rows, &stats)) << m.file;
  EXPECT_EQ(stats.malformed, 0u) << m.file;
  std::vector<Expected> expected = ReadelfRows(m.file);
  ASSERT_GE(expected.size(), min_rows) << m.file << ": readelf gave too few rows";
  size_t checked = 0, mismatches = 0;
  for (const Expected &e : expected) {
    const CfiRow *r = FindCfiRow(rows.begin(), rows.size(), e.pc);
    ASSERT_NE(r, nullptr) << std::hex << e.pc;
    std::string want_cfa = e.cfa, got;
    bool supported = (e.cfa.rfind("rsp+", 0) == 0 || e.cfa.rfind("rbp+", 0) == 0) &&
                     e.ra == "c-8" &&
                     (e.rbp == "u" || (e.rbp.rfind("c-", 0) == 0));
    if (e.ra == "u") {
      EXPECT_EQ(r->ra, kRaUndefined) << std::hex << e.pc;
      continue;
    }
    checked++;
    if (!supported) {
      if (r->cfa != kCfaNone) mismatches++;
      continue;
    }
    char buf[64];
    snprintf(buf, sizeof buf, "%s+%d", r->cfa == kCfaRsp ? "rsp" : r->cfa == kCfaRbp ? "rbp" : "none",
             r->cfa_off);
    std::string got_rbp = r->rbp_slot ? "c" + std::to_string(8 * r->rbp_slot) : "u";
    if (want_cfa != buf || got_rbp != e.rbp || r->ra != kRaAtCfaMinus8) {
      if (mismatches++ < 5)
        ADD_FAILURE() << m.file << std::hex << " pc " << e.pc << ": readelf " << e.cfa << " rbp "
                      << e.rbp << ", compiled " << buf << " rbp " << got_rbp;
    }
  }
  EXPECT_EQ(mismatches, 0u) << m.file << ": " << checked << " rows checked";
}

}  // namespace

TEST(CfiRules, LibstdcxxMatchesReadelf) {
  void *h = dlopen("libstdc++.so.6", RTLD_NOW | RTLD_NOLOAD);
  ASSERT_NE(h, nullptr);
  void *sym = dlsym(h, "_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE9_M_mutateEmmPKcm");
  ASSERT_NE(sym, nullptr);
  CheckModule(ModuleOf(sym), 10000);
}

TEST(CfiRules, LibcMatchesReadelf) { CheckModule(ModuleOf((void *)&qsort), 10000); }

TEST(CfiRules, TestBinaryMatchesReadelf) {
  CheckModule(ModuleOf((void *)&ReadelfRows), 1000);
}

TEST(CfiRules, GapsBetweenFunctionsHaveNoRule) {
  CfiRow rows[] = {{0x100, 8, kCfaRsp, 0, kRaAtCfaMinus8, 0},
                   {0x110, 16, kCfaRsp, -2, kRaAtCfaMinus8, 0},
                   {0x120, 0, kCfaNone, 0, kRaAtCfaMinus8, 0}};
  EXPECT_EQ(FindCfiRow(rows, 3, 0xff), nullptr);
  EXPECT_EQ(FindCfiRow(rows, 3, 0x100)->cfa_off, 8);
  EXPECT_EQ(FindCfiRow(rows, 3, 0x11f)->cfa_off, 16);
  EXPECT_EQ(FindCfiRow(rows, 3, 0x120)->cfa, kCfaNone);
  EXPECT_EQ(FindCfiRow(rows, 3, 0x5000)->cfa, kCfaNone);
}

TEST(CfiRules, RefusesAMissingOrForeignHeader) {
  InternalVector<CfiRow> rows;
  CfiStats stats;
  static const unsigned char junk[64] = {7, 1, 2, 3};
  EXPECT_FALSE(CompileCfi((uptr)junk, (uptr)junk + sizeof junk, (uptr)junk, &rows, &stats));
  EXPECT_FALSE(CompileCfi((uptr)junk, (uptr)junk + sizeof junk, 0, &rows, &stats));
  EXPECT_TRUE(rows.empty());
}

// What the allocation path does (one FDE at a time, on first use) gives the same rule
// at every PC as the whole-module table.
TEST(CfiRules, OneFdeAtATimeMatchesTheWholeModule) {
  Module m = ModuleOf((void *)&qsort);
  InternalVector<CfiRow> whole, lazy;
  CfiStats stats;
  ASSERT_TRUE(CompileCfi(m.start, m.end, m.hdr, &whole, &stats));
  CfiIndex index;
  ASSERT_TRUE(OpenCfiIndex(m.start, m.end, m.hdr, &index));
  EXPECT_EQ(index.fde_count, stats.fdes);
  size_t compared = 0;
  for (size_t k = 0; k + 1 < whole.size(); k += 7) {
    uptr pc = m.start + whole[k].pc_off + (whole[k + 1].pc_off - whole[k].pc_off) / 2;
    int64_t i = FindFde(index, pc);
    ASSERT_GE(i, 0);
    lazy.clear();
    CfiStats one = {};
    ASSERT_TRUE(CompileFdeRows(index, (u32)i, &lazy, &one));
    const CfiRow *a = FindCfiRow(whole.begin(), whole.size(), pc - m.start);
    const CfiRow *b = FindCfiRow(lazy.begin(), lazy.size(), pc - m.start);
    ASSERT_NE(a, nullptr);
    if (a->cfa == kCfaNone) continue;  // a gap between functions: no FDE to compare
    ASSERT_NE(b, nullptr) << std::hex << pc;
    EXPECT_EQ(a->cfa, b->cfa) << std::hex << pc;
    EXPECT_EQ(a->cfa_off, b->cfa_off) << std::hex << pc;
    EXPECT_EQ(a->rbp_slot, b->rbp_slot) << std::hex << pc;
    EXPECT_EQ(a->ra, b->ra) << std::hex << pc;
    compared++;
  }
  EXPECT_GT(compared, 1000u);
}

// libc is not frame-pointer code (test/lit/unwind/frame_pointer_program.cpp shows the
// positive case: an instrumented program).
TEST(CfiRules, LibcIsNotAllFramePointer) {
  InternalVector<CfiRow> rows;
  CfiStats stats;
  Module libc = ModuleOf((void *)&qsort);
  ASSERT_TRUE(CompileCfi(libc.start, libc.end, libc.hdr, &rows, &stats));
  EXPECT_FALSE(stats.all_frame_pointer);
}
