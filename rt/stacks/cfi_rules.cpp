// Decoding .eh_frame_hdr, CIEs and FDEs (DWARF 4 section 6.4, the LSB's .eh_frame
// format and pointer encodings) into the rows of cfi_rules.h.
#include "stacks/cfi_rules.h"

namespace leakscope {

namespace {

// DW_EH_PE_* pointer encodings: low nibble the format, high bits how it applies.
enum : u8 {
  kPeAbsptr = 0x00, kPeUleb128 = 0x01, kPeUdata2 = 0x02, kPeUdata4 = 0x03, kPeUdata8 = 0x04,
  kPeSleb128 = 0x09, kPeSdata2 = 0x0a, kPeSdata4 = 0x0b, kPeSdata8 = 0x0c,
  kPePcrel = 0x10, kPeDatarel = 0x30, kPeIndirect = 0x80, kPeOmit = 0xff,
};

// x86-64 DWARF register numbers.
constexpr u32 kRegRbp = 6, kRegRsp = 7, kRegRa = 16;

// A bounded reader over [pos, end): every read checks the bound first and sets `bad`
// instead of reading past it, so malformed CFI ends the decoding, never faults.
struct Reader {
  uptr pos, end;
  bool bad = false;

  bool Has(uptr n) {
    if (bad || n > end - pos || pos > end) bad = true;
    return !bad;
  }
  u8 U8() {
    if (!Has(1)) return 0;
    return *(const u8 *)pos++;
  }
  template <typename T>
  T Fixed() {
    if (!Has(sizeof(T))) return 0;
    T v;
    memcpy(&v, (const void *)pos, sizeof(T));
    pos += sizeof(T);
    return v;
  }
  u64 Uleb() {
    u64 v = 0;
    for (u32 shift = 0; shift < 64; shift += 7) {
      u8 b = U8();
      v |= (u64)(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    bad = true;
    return 0;
  }
  int64_t Sleb() {
    int64_t v = 0;
    u32 shift = 0;
    u8 b;
    do {
      b = U8();
      v |= (int64_t)(b & 0x7f) << shift;
      shift += 7;
    } while ((b & 0x80) && shift < 64 && !bad);
    if (shift < 64 && (b & 0x40)) v |= -((int64_t)1 << shift);
    return v;
  }
  // A DW_EH_PE-encoded pointer; `datarel` is the base of datarel encodings.
  uptr Pointer(u8 enc, uptr datarel) {
    if (enc == kPeOmit) return 0;
    uptr here = pos, v;
    switch (enc & 0x0f) {
      case kPeAbsptr: v = Fixed<u64>(); break;
      case kPeUleb128: v = Uleb(); break;
      case kPeUdata2: v = Fixed<u16>(); break;
      case kPeUdata4: v = Fixed<u32>(); break;
      case kPeUdata8: v = Fixed<u64>(); break;
      case kPeSleb128: v = (uptr)Sleb(); break;
      case kPeSdata2: v = (uptr)(int64_t)Fixed<int16_t>(); break;
      case kPeSdata4: v = (uptr)(int64_t)Fixed<int32_t>(); break;
      case kPeSdata8: v = Fixed<u64>(); break;
      default: bad = true; return 0;
    }
    switch (enc & 0x70) {
      case 0: break;
      case kPePcrel: v += here; break;
      case kPeDatarel: v += datarel; break;
      default: bad = true; return 0;  // textrel/funcrel/aligned: not used on x86-64 Linux
    }
    if (enc & kPeIndirect) bad = true;  // only personality pointers use it; never needed here
    return v;
  }
};

struct Cie {
  uptr instructions, instructions_end;
  u64 code_align;
  int64_t data_align;
  u8 fde_encoding;
  bool has_augmentation_data;  // 'z'
  bool ok;
};

// The register state of one row while the instructions run.
struct State {
  u8 cfa;
  int64_t cfa_off;
  bool rbp_saved;
  int64_t rbp_off;   // from the CFA, when saved
  bool rbp_unknown;  // a rule outside the subset for rbp
  bool ra_undefined;
  bool ra_unknown;   // the return address not at CFA - 8
};

class Compiler {
 public:
  Compiler(uptr map_start, uptr map_end, InternalVector<CfiRow> *rows, CfiStats *stats)
      : start_(map_start), end_(map_end), rows_(rows), stats_(stats) {}

  bool ParseCie(uptr at, Cie *cie) {
    *cie = {};
    Reader r{at, end_};
    u64 length = r.Fixed<u32>();
    if (length == 0xffffffff) return false;  // 64-bit DWARF: not emitted for x86-64 code
    if (!r.Has(length)) return false;
    uptr record_end = r.pos + length;
    r.end = record_end;
    if (r.Fixed<u32>() != 0) return false;  // a CIE's id is 0 in .eh_frame
    u8 version = r.U8();
    if (version != 1 && version != 3 && version != 4) return false;
    const char *aug = (const char *)r.pos;
    uptr aug_len = 0;
    while (r.U8()) aug_len++;
    if (version == 4) {
      r.U8();  // address size
      r.U8();  // segment selector size
    }
    cie->code_align = r.Uleb();
    cie->data_align = r.Sleb();
    u64 ra_reg = version == 1 ? r.U8() : r.Uleb();
    if (ra_reg != kRegRa) return false;
    cie->fde_encoding = kPeAbsptr;
    if (aug_len && aug[0] == 'z') {
      cie->has_augmentation_data = true;
      u64 n = r.Uleb();
      uptr data_end = r.pos + n;
      for (uptr i = 1; i < aug_len && !r.bad; i++) {
        switch (aug[i]) {
          case 'R': cie->fde_encoding = r.U8(); break;
          case 'L': r.U8(); break;  // LSDA encoding
          case 'P': {
            u8 enc = r.U8();
            r.Pointer(enc & 0x7f, 0);  // the personality routine: read past it
            r.bad = false;             // an indirect one is fine to skip
            break;
          }
          case 'S': break;  // signal frame: handled by the unwinder (sigreturn trampoline)
          case 'B': break;
          default: r.pos = data_end; i = aug_len; break;  // unknown: skip the rest
        }
      }
      r.pos = data_end;
    } else if (aug_len) {
      return false;  // old-style augmentations ("eh") are not emitted any more
    }
    if (r.bad || r.pos > record_end) return false;
    cie->instructions = r.pos;
    cie->instructions_end = record_end;
    cie->ok = true;
    return true;
  }

  // Decodes the FDE at `at`; appends its rows. False when it is malformed.
  bool CompileFde(uptr at) {
    Reader r{at, end_};
    u64 length = r.Fixed<u32>();
    if (length == 0 || length == 0xffffffff || !r.Has(length)) return false;
    uptr record_end = r.pos + length;
    r.end = record_end;
    uptr cie_ptr_pos = r.pos;
    u32 cie_delta = r.Fixed<u32>();
    if (!cie_delta || cie_delta > cie_ptr_pos - start_) return false;
    uptr cie_at = cie_ptr_pos - cie_delta;
    Cie cie;
    if (cie_at == last_cie_at_) {
      cie = last_cie_;
    } else {
      if (!ParseCie(cie_at, &cie)) return false;
      last_cie_at_ = cie_at;
      last_cie_ = cie;
    }
    uptr pc_begin = r.Pointer(cie.fde_encoding, 0);
    uptr pc_range = r.Pointer(cie.fde_encoding & 0x0f, 0);
    if (r.bad || pc_begin < start_ || pc_begin - start_ >= end_ - start_ ||
        pc_range > end_ - pc_begin)
      return false;
    if (cie.has_augmentation_data) r.pos += r.Uleb();
    if (r.bad || r.pos > record_end) return false;

    // The CIE's initial instructions give the state at pc_begin (and what
    // DW_CFA_restore returns to); the FDE's own follow.
    State initial = {kCfaNone, 0, false, 0, false, false, false};
    fde_first_row_ = rows_->size();
    uptr loc = pc_begin;
    State s = initial;
    fde_body_ = fde_expr_ = fde_rsp_frame_ = fde_other_ = false;
    if (!Run(cie, cie.instructions, cie.instructions_end, &s, &initial, &loc, pc_begin, nullptr))
      return false;
    initial = s;
    fde_begin_ = pc_begin;
    if (!Run(cie, r.pos, record_end, &s, &initial, &loc, pc_begin + pc_range, &pc_begin))
      return false;
    Emit(loc, s);
    // A PLT's FDE (rsp+16, rsp+24 and an expression, no frame-pointer body) makes no
    // calls; any other rule outside the frame-pointer ones makes the module not all
    // frame-pointer.
    bool plt = fde_expr_ && !fde_body_ && !fde_other_;
    if (fde_other_ || ((fde_expr_ || fde_rsp_frame_) && !plt)) stats_->all_frame_pointer = false;
    // The end of this FDE (in a whole-module table, the next FDE's first row replaces
    // it when that starts exactly there).
    CfiRow end = {(u32)(pc_begin + pc_range - start_), 0, kCfaNone, 0, kRaAtCfaMinus8, 0};
    Push(end);
    stats_->fdes++;
    return true;
  }

 private:
  // Runs instructions [p, e); `emit_from` non-null means rows are emitted as the
  // location advances (for the FDE), starting at *emit_from.
  bool Run(const Cie &cie, uptr p, uptr e, State *s, const State *initial, uptr *loc,
           uptr loc_end, const uptr *emit_from) {
    Reader r{p, e};
    State stack[8];
    u32 depth = 0;
    while (r.pos < r.end && !r.bad) {
      u8 op = r.U8();
      u8 low = op & 0x3f;
      uptr advance = 0;
      switch (op & 0xc0) {
        case 0x40: advance = low * cie.code_align; break;                    // advance_loc
        case 0x80: SetOffset(s, low, (int64_t)r.Uleb() * cie.data_align); continue;  // offset
        case 0xc0: Restore(s, initial, low); continue;                       // restore
        default: break;
      }
      if (!advance) {
        switch (op) {
          case 0x00: continue;                                   // nop
          case 0x01: {                                           // set_loc
            uptr to = r.Pointer(cie.fde_encoding, 0);
            if (to < *loc) return false;
            advance = to - *loc;
            break;
          }
          case 0x02: advance = r.U8() * cie.code_align; break;            // advance_loc1
          case 0x03: advance = r.Fixed<u16>() * cie.code_align; break;    // advance_loc2
          case 0x04: advance = r.Fixed<u32>() * cie.code_align; break;    // advance_loc4
          case 0x05: {                                                    // offset_extended
            u64 reg = r.Uleb();
            SetOffset(s, reg, (int64_t)r.Uleb() * cie.data_align);
            continue;
          }
          case 0x06: Restore(s, initial, r.Uleb()); continue;             // restore_extended
          case 0x07: SetUndefined(s, r.Uleb()); continue;                 // undefined
          case 0x08: SetSame(s, r.Uleb()); continue;                      // same_value
          case 0x09: {                                                    // register
            u64 reg = r.Uleb();
            r.Uleb();
            SetUnknown(s, reg);
            continue;
          }
          case 0x0a:                                                      // remember_state
            if (depth == 8) return false;
            stack[depth++] = *s;
            continue;
          case 0x0b:                                                      // restore_state
            if (!depth) return false;
            *s = stack[--depth];
            continue;
          case 0x0c: {                                                    // def_cfa
            u64 reg = r.Uleb();
            DefCfa(s, reg, (int64_t)r.Uleb());
            continue;
          }
          case 0x0d: DefCfa(s, r.Uleb(), s->cfa_off); continue;          // def_cfa_register
          case 0x0e: s->cfa_off = (int64_t)r.Uleb(); continue;            // def_cfa_offset
          case 0x0f: r.pos += r.Uleb(); s->cfa = kCfaNone; continue;       // def_cfa_expression
          case 0x10: {                                                    // expression
            u64 reg = r.Uleb();
            r.pos += r.Uleb();
            SetUnknown(s, reg);
            continue;
          }
          case 0x11: {                                                    // offset_extended_sf
            u64 reg = r.Uleb();
            SetOffset(s, reg, r.Sleb() * cie.data_align);
            continue;
          }
          case 0x12: {                                                    // def_cfa_sf
            u64 reg = r.Uleb();
            DefCfa(s, reg, r.Sleb() * cie.data_align);
            continue;
          }
          case 0x13: s->cfa_off = r.Sleb() * cie.data_align; continue;    // def_cfa_offset_sf
          case 0x14: case 0x15: {                                         // val_offset(_sf)
            u64 reg = r.Uleb();
            if (op == 0x14) r.Uleb(); else r.Sleb();
            SetUnknown(s, reg);
            continue;
          }
          case 0x16: {                                                    // val_expression
            u64 reg = r.Uleb();
            r.pos += r.Uleb();
            SetUnknown(s, reg);
            continue;
          }
          case 0x2e: r.Uleb(); continue;                                  // GNU_args_size
          case 0x2f: {                                                    // GNU_negative_offset_extended
            u64 reg = r.Uleb();
            SetOffset(s, reg, -(int64_t)r.Uleb() * cie.data_align);
            continue;
          }
          default: return false;  // unknown opcode: the rest cannot be trusted
        }
      }
      if (emit_from) Emit(*loc, *s);
      *loc += advance;
      if (*loc > loc_end) return false;
    }
    return !r.bad;
  }

  // Classifies a row for CfiStats::all_frame_pointer (see cfi_rules.h).
  void Classify(const State &s) {
    if (s.ra_undefined) return;  // the outermost frame: the walk ends there anyway
    if (s.ra_unknown) {
      fde_other_ = true;
      return;
    }
    bool rbp_at_16 = s.rbp_saved && s.rbp_off == -16;
    if (s.cfa == kCfaRbp && s.cfa_off == 16 && rbp_at_16) fde_body_ = true;
    else if (s.cfa == kCfaRsp && s.cfa_off == 8) {}  // entry, or after `pop %rbp`
    else if (s.cfa == kCfaRsp && s.cfa_off == 16 && rbp_at_16) {}  // after `push %rbp`
    else if (s.cfa == kCfaNone) fde_expr_ = true;
    else if (s.cfa == kCfaRsp && !s.rbp_saved && (s.cfa_off == 16 || s.cfa_off == 24))
      fde_rsp_frame_ = true;
    else fde_other_ = true;
  }

  void Emit(uptr loc, const State &s) {
    Classify(s);
    CfiRow row = {(u32)(loc - start_), 0, s.cfa, 0, kRaAtCfaMinus8, 0};
    bool ok = s.cfa != kCfaNone && !s.ra_unknown && !s.rbp_unknown &&
              s.cfa_off >= INT32_MIN && s.cfa_off <= INT32_MAX &&
              (!s.rbp_saved || (s.rbp_off % 8 == 0 && s.rbp_off / 8 >= -128 && s.rbp_off / 8 < 0));
    if (s.ra_undefined) {
      row.ra = kRaUndefined;
      row.cfa = s.cfa == kCfaNone ? kCfaRsp : s.cfa;  // the walk ends here either way
    } else if (!ok) {
      row.cfa = kCfaNone;
      stats_->unsupported++;
    } else {
      row.cfa_off = (int32_t)s.cfa_off;
      row.rbp_slot = s.rbp_saved ? (int8_t)(s.rbp_off / 8) : 0;
    }
    Push(row);
  }

  void Push(const CfiRow &row) {
    // A row at the same PC as the previous one replaces it: instructions that did not
    // advance, or (whole-module table) an FDE starting where the previous one ended.
    if (!rows_->empty() && rows_->back().pc_off == row.pc_off &&
        (rows_->size() > fde_first_row_ || whole_module_)) {
      rows_->back() = row;
      return;
    }
    if (!rows_->empty() && rows_->back().pc_off > row.pc_off &&
        (rows_->size() > fde_first_row_ || whole_module_))
      unsorted_ = true;
    rows_->push_back(row);
  }

  static void DefCfa(State *s, u64 reg, int64_t off) {
    s->cfa = reg == kRegRsp ? kCfaRsp : reg == kRegRbp ? kCfaRbp : kCfaNone;
    s->cfa_off = off;
  }
  static void SetOffset(State *s, u64 reg, int64_t off) {
    if (reg == kRegRbp) {
      s->rbp_saved = true;
      s->rbp_off = off;
      s->rbp_unknown = false;
    } else if (reg == kRegRa) {
      s->ra_unknown = off != -8;
      s->ra_undefined = false;
    }
  }
  static void SetUndefined(State *s, u64 reg) {
    if (reg == kRegRa) s->ra_undefined = true;
    if (reg == kRegRbp) s->rbp_unknown = true;
  }
  static void SetSame(State *s, u64 reg) {
    if (reg == kRegRbp) {
      s->rbp_saved = false;
      s->rbp_unknown = false;
    }
  }
  static void SetUnknown(State *s, u64 reg) {
    if (reg == kRegRbp) s->rbp_unknown = true;
    if (reg == kRegRa) s->ra_unknown = true;
  }
  static void Restore(State *s, const State *initial, u64 reg) {
    if (reg == kRegRbp) {
      s->rbp_saved = initial->rbp_saved;
      s->rbp_off = initial->rbp_off;
      s->rbp_unknown = initial->rbp_unknown;
    } else if (reg == kRegRa) {
      s->ra_unknown = initial->ra_unknown;
      s->ra_undefined = initial->ra_undefined;
    }
  }

  uptr start_, end_;
  InternalVector<CfiRow> *rows_;
  CfiStats *stats_;
  uptr last_cie_at_ = 0;
  Cie last_cie_ = {};
  uptr fde_begin_ = 0;
  uptr fde_first_row_ = 0;
  // What the rows of the FDE being decoded were (Classify).
  bool fde_body_ = false, fde_expr_ = false, fde_rsp_frame_ = false, fde_other_ = false;

 public:
  bool whole_module_ = false;  // rows of every FDE in one table, in address order
  bool unsorted_ = false;
};

}  // namespace

bool OpenCfiIndex(uptr map_start, uptr map_end, uptr hdr, CfiIndex *index) {
  *index = {};
  if (!hdr || hdr < map_start || hdr >= map_end || map_end - map_start > 0xffffffffull)
    return false;
  Reader r{hdr, map_end};
  u8 version = r.U8(), eh_frame_enc = r.U8(), count_enc = r.U8(), table_enc = r.U8();
  if (r.bad || version != 1) return false;
  r.Pointer(eh_frame_enc, hdr);
  u64 count = r.Pointer(count_enc, hdr);
  // The binary-search table: (initial location, FDE address) pairs, both datarel
  // sdata4 in every linker's output.
  if (r.bad || table_enc != (kPeDatarel | kPeSdata4) || !count || count > 0x7fffffff ||
      !r.Has(count * 8))
    return false;
  *index = {map_start, map_end, hdr, r.pos, (u32)count};
  return true;
}

static int32_t TableEntry(const CfiIndex &index, u32 i, int k) {
  int32_t v;
  memcpy(&v, (const void *)(index.table + (uptr)i * 8 + k * 4), 4);
  return v;
}

int64_t FindFde(const CfiIndex &index, uptr pc) {
  // The last entry whose initial location is at or below pc.
  u32 lo = 0, hi = index.fde_count;
  while (lo < hi) {
    u32 mid = lo + (hi - lo) / 2;
    if (index.hdr + (int64_t)TableEntry(index, mid, 0) <= pc) lo = mid + 1;
    else hi = mid;
  }
  return (int64_t)lo - 1;
}

static bool CompileOne(const CfiIndex &index, u32 i, Compiler *c) {
  uptr fde = index.hdr + (int64_t)TableEntry(index, i, 1);
  return fde >= index.map_start && fde < index.map_end && c->CompileFde(fde);
}

bool CompileFdeRows(const CfiIndex &index, u32 i, InternalVector<CfiRow> *rows, CfiStats *stats) {
  uptr before = rows->size();
  Compiler c(index.map_start, index.map_end, rows, stats);
  if (i >= index.fde_count || !CompileOne(index, i, &c) || c.unsorted_) {
    stats->malformed++;
    rows->resize(before);
    return false;
  }
  return true;
}

bool CompileCfi(uptr map_start, uptr map_end, uptr hdr, InternalVector<CfiRow> *rows,
                CfiStats *stats) {
  *stats = {};
  rows->clear();
  CfiIndex index;
  if (!OpenCfiIndex(map_start, map_end, hdr, &index)) return false;
  stats->all_frame_pointer = true;
  Compiler c(map_start, map_end, rows, stats);
  c.whole_module_ = true;
  for (u32 i = 0; i < index.fde_count; i++)
    if (!CompileOne(index, i, &c)) stats->malformed++;
  if (c.unsorted_) {
    // Overlapping FDEs (never seen in linker output): keep the table usable by dropping
    // it rather than answering from unsorted rows.
    stats->malformed++;
    rows->clear();
    stats->all_frame_pointer = false;
    return false;
  }
  if (stats->malformed || rows->empty()) stats->all_frame_pointer = false;
  return !rows->empty();
}

const CfiRow *FindCfiRow(const CfiRow *rows, uptr n, uptr pc_off) {
  // The last row with pc_off <= the PC.
  uptr lo = 0, hi = n;
  while (lo < hi) {
    uptr mid = (lo + hi) / 2;
    if (rows[mid].pc_off <= pc_off) lo = mid + 1;
    else hi = mid;
  }
  return lo ? &rows[lo - 1] : nullptr;
}

}  // namespace leakscope
