#include "kernel/proc/elf.h"

namespace akuma::elf {
namespace {

struct Ehdr {
  uint8_t ident[16];
  uint16_t type;
  uint16_t machine;
  uint32_t version;
  uint64_t entry;
  uint64_t phoff;
  uint64_t shoff;
  uint32_t flags;
  uint16_t ehsize;
  uint16_t phentsize;
  uint16_t phnum;
  uint16_t shentsize;
  uint16_t shnum;
  uint16_t shstrndx;
};
static_assert(sizeof(Ehdr) == 64);

struct Phdr {
  uint32_t type;
  uint32_t flags;
  uint64_t offset;
  uint64_t vaddr;
  uint64_t paddr;
  uint64_t filesz;
  uint64_t memsz;
  uint64_t align;
};
static_assert(sizeof(Phdr) == 56);

constexpr uint16_t kTypeExec = 2;
constexpr uint16_t kTypeDyn = 3;
constexpr uint16_t kMachineAarch64 = 183;
constexpr uint32_t kPtLoad = 1;
constexpr uint32_t kPtInterp = 3;
constexpr uint32_t kPtPhdr = 6;
constexpr uint32_t kPfX = 1;
constexpr uint32_t kPfW = 2;
constexpr uint64_t kPage = 4096;

// a + b without wrapping; false on overflow.
bool add(uint64_t a, uint64_t b, uint64_t* out) { return !__builtin_add_overflow(a, b, out); }

template <typename T>
T load(const uint8_t* p) {
  T v;
  __builtin_memcpy(&v, p, sizeof(T));  // the file need not be aligned
  return v;
}

}  // namespace

Result<Image> parse(const uint8_t* head, size_t head_len, uint64_t file_size, uint64_t lo, uint64_t hi,
                    uint64_t dyn_bias, const char** why) {
  const char* unused;
  const char*& reason = why ? *why : unused;
  auto fail = [&reason](const char* r) -> Error {
    reason = r;
    return Error::kMalformed;
  };
  if (!head || head_len < sizeof(Ehdr) || file_size < head_len) return fail("truncated ELF header");
  auto eh = load<Ehdr>(head);
  if (eh.ident[0] != 0x7f || eh.ident[1] != 'E' || eh.ident[2] != 'L' || eh.ident[3] != 'F')
    return fail("bad magic");
  if (eh.ident[4] != 2) return fail("not a 64-bit ELF");
  if (eh.ident[5] != 1) return fail("not little-endian");
  if (eh.machine != kMachineAarch64) return fail("not AArch64");
  if (eh.type != kTypeExec && eh.type != kTypeDyn) return fail("not an executable (ET_EXEC or ET_DYN)");
  if (eh.phentsize != sizeof(Phdr)) return fail("bad program header size");
  if (eh.phnum == 0) return fail("no program headers");
  if (eh.phnum > kMaxProgramHeaders) return fail("too many program headers");
  uint64_t ph_end;
  if (!add(eh.phoff, uint64_t{eh.phnum} * sizeof(Phdr), &ph_end) || ph_end > file_size)
    return fail("program headers outside the file");
  if (ph_end > head_len) return fail("program headers beyond what was read");
  uint64_t bias = eh.type == kTypeDyn ? dyn_bias : 0;

  Image image{};
  image.position_independent = eh.type == kTypeDyn;
  image.phnum = eh.phnum;
  bool entry_ok = false;
  uint64_t entry;
  if (!add(eh.entry, bias, &entry)) return fail("entry point outside the user region");
  image.entry = entry;
  uint64_t phdr_vaddr = 0;  // from PT_PHDR, else from the segment holding e_phoff
  for (uint16_t i = 0; i < eh.phnum; ++i) {
    auto ph = load<Phdr>(head + eh.phoff + i * sizeof(Phdr));
    if (ph.type == kPtInterp) return fail("dynamically linked (PT_INTERP): static programs only");
    if (ph.type == kPtPhdr) phdr_vaddr = ph.vaddr + bias;
    if (ph.type != kPtLoad || ph.memsz == 0) continue;
    if (image.segment_count == kMaxSegments) return fail("too many segments");
    if (ph.filesz > ph.memsz) return fail("segment filesz > memsz");
    if (ph.offset % kPage != ph.vaddr % kPage) return fail("segment offset and address not congruent");
    uint64_t file_end, vaddr, mem_end;
    if (!add(ph.offset, ph.filesz, &file_end) || file_end > file_size) return fail("segment outside the file");
    if (!add(ph.vaddr, bias, &vaddr) || !add(vaddr, ph.memsz, &mem_end) || vaddr < lo || mem_end > hi)
      return fail("segment outside the user region");
    // Page-granular ranges must not overlap: each segment gets its own pages.
    uint64_t first = vaddr / kPage, last = (mem_end - 1) / kPage;
    for (size_t j = 0; j < image.segment_count; ++j) {
      const Segment& o = image.segments[j];
      uint64_t ofirst = o.vaddr / kPage, olast = (o.vaddr + o.memsz - 1) / kPage;
      if (first <= olast && ofirst <= last) return fail("segments overlap");
    }
    Segment& s = image.segments[image.segment_count++];
    s = Segment{vaddr, ph.memsz, ph.offset, ph.filesz, (ph.flags & kPfW) != 0, (ph.flags & kPfX) != 0};
    if (s.exec && entry >= vaddr && entry < mem_end) entry_ok = true;
    if (phdr_vaddr == 0 && eh.phoff >= ph.offset && ph_end <= file_end) phdr_vaddr = vaddr + (eh.phoff - ph.offset);
  }
  if (image.segment_count == 0) return fail("no loadable segments");
  if (!entry_ok) return fail("entry point outside executable segments");
  if (phdr_vaddr == 0) return fail("program headers not in a loaded segment");
  image.phdr_vaddr = phdr_vaddr;
  return image;
}

}  // namespace akuma::elf
