// Memory syscalls: brk, mmap, munmap, mprotect, madvise. Regions appear
// zero-filled on first touch (kernel/mm/address_space.h); a private file
// mapping gets a copy of the file's bytes at mmap.
#include "kernel/mm/address_space.h"
#include "kernel/mm/memory.h"
#include "kernel/proc/api.h"
#include "kernel/proc/filesystem.h"
#include "kernel/syscall/linux_abi.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {
namespace {

// Page-rounded length; 0 for zero or one that wraps (callers refuse both).
uint64_t page_length(uint64_t len) {
  if (len == 0 || len > kUserTop) return 0;
  return align_up(len, kPageSize);
}

Result<uint8_t> checked_prot(uint64_t prot) {
  if (prot & ~static_cast<uint64_t>(kProtMask)) return Error::kInvalidArgument;
  return static_cast<uint8_t>(prot);
}

// Copies [offset, offset + len) of a file into freshly mapped user memory;
// the rest of the mapping reads as zeroes (as past the end of a file).
Result<void> fill_from_file(AddressSpace& space, proc::OpenFile& f, uint64_t va, uint64_t len, uint64_t offset) {
  uint64_t page = TRY(alloc_pages(1));
  auto filled = [&]() -> Result<void> {
    for (uint64_t done = 0; done < len; done += kPageSize) {
      size_t n = TRY(f.ops->pread(f, offset + done, reinterpret_cast<char*>(page), kPageSize));
      if (n == 0) break;
      TRY(load_to_user(space, va + done, reinterpret_cast<void*>(page), n));
    }
    return {};
  }();
  free_pages(page);
  return filled;
}

}  // namespace

int64_t sys_brk(const Args& a) { return static_cast<int64_t>(user_space().set_brk(a.a[0])); }

int64_t sys_mmap(const Args& a) {
  uint64_t addr = a.a[0];
  uint64_t len = page_length(a.a[1]);
  int flags = a.i32(3);
  int fd = a.i32(4);
  uint64_t offset = a.a[5];
  AddressSpace& space = user_space();
  auto r = [&]() -> Result<uint64_t> {
    uint8_t prot = TRY(checked_prot(a.a[2]));
    if (a.a[1] == 0) return Error::kInvalidArgument;
    if (len == 0) return Error::kNoMemory;
    int type = flags & abi::kMapType;
    if (type != abi::kMapPrivate && type != abi::kMapShared) return Error::kInvalidArgument;
    bool anonymous = flags & abi::kMapAnonymous;
    // Shared anonymous memory would need pages shared across fork, which
    // this kernel's copying fork does not do: refused, not silently private.
    if (anonymous && type == abi::kMapShared) return Error::kInvalidArgument;
    proc::FileRef file;
    if (!anonymous) {
      if (offset % kPageSize) return Error::kInvalidArgument;
      file = TRY(proc::current_process().fds.get(fd));
      if (!file->ops->pread) return Error::kNoDevice;  // pipes, sockets, terminals
      if (!file->readable()) return Error::kAccessDenied;
      // The file system is read-only: a shared writable mapping could never
      // write back.
      if (type == abi::kMapShared && (prot & kProtWrite)) return Error::kAccessDenied;
    }
    bool fixed = flags & (abi::kMapFixed | abi::kMapFixedNoreplace);
    uint64_t va;
    if (fixed) {
      if (addr % kPageSize || addr < kUserMin || addr >= kUserTop || len > kUserTop - addr) {
        return Error::kInvalidArgument;
      }
      // MAP_FIXED_NOREPLACE: map_fixed refuses (EEXIST) what overlaps.
      if (!(flags & abi::kMapFixedNoreplace)) TRY(space.unmap(addr, len));
      TRY(space.map_fixed(addr, len, prot));
      va = addr;
    } else {
      // A hint is taken when that place is free, as Linux does.
      uint64_t hint = align_down(addr, kPageSize);
      if (hint >= kUserMin && hint < kMmapTop && len <= kMmapTop - hint && space.map_fixed(hint, len, prot).ok()) {
        va = hint;
      } else {
        va = TRY(space.map_anywhere(len, prot));
      }
    }
    if (file.get()) {
      auto filled = fill_from_file(space, *file, va, len, offset);
      if (!filled.ok()) {
        (void)space.unmap(va, len);
        return filled.error();
      }
    }
    return va;
  }();
  return to_return(r);
}

int64_t sys_munmap(const Args& a) {
  uint64_t addr = a.a[0];
  uint64_t len = page_length(a.a[1]);
  if (addr % kPageSize || len == 0) return -abi::err::kEINVAL;
  return to_return(user_space().unmap(addr, len));
}

int64_t sys_mprotect(const Args& a) {
  uint64_t addr = a.a[0];
  if (addr % kPageSize) return -abi::err::kEINVAL;
  if (a.a[1] == 0) return 0;
  uint64_t len = page_length(a.a[1]);
  auto r = [&]() -> Result<void> {
    uint8_t prot = TRY(checked_prot(a.a[2]));
    if (len == 0) return Error::kNoMemory;
    auto p = user_space().protect(addr, len, prot);
    // Unmapped parts: ENOMEM, as Linux says.
    if (!p.ok() && (p.error() == Error::kNotFound || p.error() == Error::kInvalidArgument)) return Error::kNoMemory;
    return p;
  }();
  return to_return(r);
}

int64_t sys_madvise(const Args& a) {
  uint64_t addr = a.a[0];
  uint64_t len = a.a[1] ? page_length(a.a[1]) : 0;
  int advice = a.i32(2);
  if (addr % kPageSize || (a.a[1] && len == 0)) return -abi::err::kEINVAL;
  constexpr int kMadvFree = 8;
  switch (advice) {
    case abi::kMadvNormal:
    case abi::kMadvRandom:
    case abi::kMadvSequential:
    case abi::kMadvWillneed:
      return 0;
    case abi::kMadvDontneed:
    case kMadvFree:  // "may be freed": freeing now is a valid way
      if (len && !user_space().covers(addr, addr + len)) return -abi::err::kENOMEM;
      user_space().discard(addr, len);
      return 0;
    default:
      return -abi::err::kEINVAL;
  }
}

}  // namespace akuma::syscall
