// Data address -> global variable name (data_symbols.h), from the ELF symbol table.
#include "stacks/data_symbols.h"

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/locks.h"
#include "base/runtime_fd.h"
#include "stacks/symbolizer.h"

namespace leakscope {

namespace {
SpinLock g_cache_lock{LockRank::kDataSymbols};
void *g_cache_map;
uptr g_cache_size;
char g_cache_path[4096];

struct Find {
  uptr addr;
  uptr bias;
  const char *path;
  bool found;
};
}  // namespace
LS_REGISTER_LOCK(g_cache_lock);

static int FindModuleCb(struct dl_phdr_info *info, size_t, void *arg) {
  Find *f = (Find *)arg;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    uptr lo = info->dlpi_addr + ph.p_vaddr;
    if (ph.p_type == PT_LOAD && f->addr - lo < ph.p_memsz) {
      f->bias = info->dlpi_addr;
      f->path = info->dlpi_name;
      f->found = true;
      return 1;
    }
  }
  return 0;
}

static void CopyString(char *out, uptr size, const char *s, uptr n) {
  if (!size) return;
  if (n >= size) n = size - 1;
  memcpy(out, s, n);
  out[n] = 0;
}

// Looks `off` (a file virtual address) up in the symbol table of the mapped file.
static bool LookupSymbol(const u8 *file, uptr len, uptr off, char *name, uptr name_size,
                         uptr *sym_off) {
  if (len < sizeof(Elf64_Ehdr) || memcmp(file, ELFMAG, SELFMAG) || file[EI_CLASS] != ELFCLASS64)
    return false;
  const Elf64_Ehdr *eh = (const Elf64_Ehdr *)file;
  if (eh->e_shoff == 0 || eh->e_shentsize != sizeof(Elf64_Shdr) ||
      eh->e_shoff + (u64)eh->e_shnum * sizeof(Elf64_Shdr) > len)
    return false;
  const Elf64_Shdr *sh = (const Elf64_Shdr *)(file + eh->e_shoff);
  const u32 kWant[2] = {SHT_SYMTAB, SHT_DYNSYM};
  for (u32 want : kWant) {
    for (u32 i = 0; i < eh->e_shnum; i++) {
      if (sh[i].sh_type != want || sh[i].sh_link >= eh->e_shnum) continue;
      const Elf64_Shdr &strs = sh[sh[i].sh_link];
      if (sh[i].sh_offset + sh[i].sh_size > len || strs.sh_offset + strs.sh_size > len) continue;
      const Elf64_Sym *syms = (const Elf64_Sym *)(file + sh[i].sh_offset);
      uptr count = sh[i].sh_size / sizeof(Elf64_Sym);
      for (uptr k = 0; k < count; k++) {
        const Elf64_Sym &s = syms[k];
        u32 type = ELF64_ST_TYPE(s.st_info);
        if (type != STT_OBJECT && type != STT_TLS) continue;
        if (off < s.st_value || off - s.st_value >= (s.st_size ? s.st_size : 1)) continue;
        if (s.st_name >= strs.sh_size) continue;
        const char *str = (const char *)(file + strs.sh_offset + s.st_name);
        CopyString(name, name_size, str, strnlen(str, strs.sh_size - s.st_name));
        *sym_off = off - s.st_value;
        return true;
      }
    }
  }
  return false;
}

// Looks `file_addr` up in the symbol table of the file at `path`; false when the file
// cannot be read. The last file looked up stays mapped: a profile names many globals
// of one module.
static bool LookupCached(const char *path, uptr file_addr, char *name, uptr name_size, uptr *offset) {
  ScopedLock l(&g_cache_lock);
  if (!g_cache_map || strcmp(g_cache_path, path)) {
    if (g_cache_map) munmap(g_cache_map, g_cache_size);
    g_cache_map = nullptr;
    int fd = KeepOffStdio(open(path, O_RDONLY | O_CLOEXEC));
    if (fd < 0) return false;
    struct stat st;
    if (fstat(fd, &st) == 0 && st.st_size > 0) {
      void *m = mmap(nullptr, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (m != MAP_FAILED) {
        g_cache_map = m;
        g_cache_size = (uptr)st.st_size;
        CopyString(g_cache_path, sizeof(g_cache_path), path, strlen(path));
      }
    }
    close(fd);
    if (!g_cache_map) return false;
  }
  LookupSymbol((const u8 *)g_cache_map, g_cache_size, file_addr, name, name_size, offset);
  return true;
}

bool SymbolizeData(uptr addr, char *name, uptr name_size, uptr *offset, char *module,
                   uptr module_size) {
  Find f = {addr, 0, nullptr, false};
  dl_iterate_phdr(FindModuleCb, &f);
  if (!f.found) return false;
  char path[4096];
  if (!f.path || !*f.path) {
    ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
    if (n <= 0) return false;
    path[n] = 0;
  } else {
    CopyString(path, sizeof(path), f.path, strlen(f.path));
  }
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  CopyString(module, module_size, base, strlen(base));
  if (name_size) name[0] = 0;
  *offset = 0;
  if (!LookupCached(path, addr - f.bias, name, name_size, offset) || !name_size || !name[0]) {
    if (name_size) name[0] = 0;
    *offset = addr - f.bias;  // no symbol: the place in the module
    return true;
  }
  // C++ names come mangled from the symbol table; llvm-symbolizer demangles (after the
  // cache lock is released: the symbolizer's lock ranks below it).
  char demangled[1024];
  if (name_size && name[0] == '_' && name[1] == 'Z' &&
      DemangleDataSymbol(path, addr - f.bias - *offset, demangled, sizeof(demangled)))
    CopyString(name, name_size, demangled, strlen(demangled));
  return true;
}

}  // namespace leakscope
