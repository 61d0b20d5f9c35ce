// A module's DWARF call-frame information (.eh_frame, found through .eh_frame_hdr),
// compiled into one compact table of unwind rows for the x86-64 rules compilers emit.
//
// Why compile: interpreting CFI per frame (what libgcc's unwinder does) walks CIE and
// FDE instructions on every step and, in libgcc, takes the loader lock and allocates.
// Here CFI is decoded once into rows sorted by PC: a function's FDE the first time one
// of its PCs is unwound (CompileFdeRows, what the allocation path uses: libstdc++ and
// libc hold 8,600 FDEs, of which a program's stacks touch a few dozen), or a whole
// module at once (CompileCfi: the main program, to learn whether it is all
// frame-pointer code, and the tests). A step is then a table lookup
// (stacks/hybrid_unwind.cpp caches those too).
//
// Table format. Row i covers PCs [pc_off[i], pc_off[i + 1]) of the module, as offsets
// from the module's load address (dl_find_object's dlfo_map_start), and says how to
// find the caller's frame from this one:
//
//   struct CfiRow { u32 pc_off; s32 cfa_off; u8 cfa; s8 rbp_slot; u8 ra; u8 pad; }  // 12 B
//
//   cfa       kCfaRsp: CFA = rsp + cfa_off      kCfaRbp: CFA = rbp + cfa_off
//             kCfaNone: no rule here (a gap between FDEs, or a rule outside this
//             subset: an expression, another register); the unwinder falls back
//             to the frame-pointer chain for this frame
//   ra        kRaAtCfaMinus8: the return address is at CFA - 8 (what every x86-64
//             compiler emits); kRaUndefined: the outermost frame (_start, clone's
//             child), the walk ends
//   rbp_slot  0: the caller's rbp is this frame's rbp (not saved yet, or never
//             touched); otherwise it was saved at CFA + 8 * rbp_slot
//
// The caller's rsp is the CFA. Other callee-saved registers are not tracked: the CFA
// of x86-64 code is always rsp- or rbp-based, so rsp, rbp and the return address are
// all a walk needs.
//
// Reads: the parser reads only inside [map_start, map_end) of the module (the CFI
// lives in a read-only PT_LOAD segment there) and stops at the first malformed record,
// keeping the rows decoded so far. It allocates only from internal memory.
#pragma once

#include "base/common.h"
#include "base/internal_alloc.h"

namespace leakscope {

enum : u8 { kCfaNone = 0, kCfaRsp = 1, kCfaRbp = 2 };
enum : u8 { kRaAtCfaMinus8 = 0, kRaUndefined = 1 };

struct CfiRow {
  u32 pc_off;
  int32_t cfa_off;
  u8 cfa;
  int8_t rbp_slot;
  u8 ra;
  u8 pad;
};
static_assert(sizeof(CfiRow) == 12, "CfiRow is 12 bytes");

struct CfiStats {
  // Every return address in the module is in a frame-pointer frame (CFA = rbp + 16,
  // rbp saved at CFA - 16): all its rows are that rule, or one a return address
  // cannot be in (a function's entry before `push %rbp`, between the push and
  // `mov %rsp, %rbp`, after `pop %rbp`), or belong to the PLT, which makes no calls.
  // Then a frame-pointer step is exact for any return address of the module.
  bool all_frame_pointer;
  u32 fdes;           // FDEs decoded
  u32 fdes_compiled;  // of them, compiled one at a time (CompileFdeRows callers count)
  u32 unsupported;  // rows outside the subset above (kCfaNone rows inside an FDE)
  u32 malformed;    // records that ended the decoding early
};

// A module's .eh_frame_hdr, opened for lookups one function (FDE) at a time: what the
// allocation path uses, so that a module costs only the functions that allocate.
struct CfiIndex {
  uptr map_start, map_end, hdr;
  uptr table;     // (initial location, FDE) pairs, datarel sdata4, sorted by location
  u32 fde_count;
};
bool OpenCfiIndex(uptr map_start, uptr map_end, uptr hdr, CfiIndex *index);
// The index of the FDE that may cover `pc` (the last one starting at or below it), or -1.
int64_t FindFde(const CfiIndex &index, uptr pc);
// Appends the rows of FDE `i`, the last a kCfaNone row at the FDE's end. False (nothing
// appended) when the FDE is malformed.
bool CompileFdeRows(const CfiIndex &index, u32 i, InternalVector<CfiRow> *rows, CfiStats *stats);

// Decodes every FDE listed in the .eh_frame_hdr at `eh_frame_hdr` of the module mapped
// at [map_start, map_end) into *rows, sorted by pc_off, with a kCfaNone row at the end
// of each FDE that the next one does not start at. Returns false (rows empty) when the
// header is missing or not in a supported encoding.
bool CompileCfi(uptr map_start, uptr map_end, uptr eh_frame_hdr, InternalVector<CfiRow> *rows,
                CfiStats *stats);

// The row covering module offset `pc_off`, or nullptr.
const CfiRow *FindCfiRow(const CfiRow *rows, uptr n, uptr pc_off);

}  // namespace leakscope
