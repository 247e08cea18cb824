// A user address space: the lower half of the 39-bit virtual address space
// (TTBR0; the kernel lives in the upper half), one level-1 table per space
// with L2/L3 tables and 4 KiB pages, EL0 permissions, PXN always.
//
// What is mapped is decided by regions (VmaSet, vma.h); pages appear behind
// a region on first touch (handle_fault), zero-filled, so reserving memory
// (mmap, brk, the stack, bss) costs nothing until used. Pages are owned by
// the space and freed with it, except *shared* pages (a program's read-only
// segments mapped straight from the initramfs' file pages), which are only
// referenced.
//
// The kernel never dereferences user addresses: resolve() walks the tables in
// software (faulting pages in where a region allows), checks the EL0
// permission, and the kernel copies through the page's linear-map address. A
// bad user pointer is an error value (EFAULT), never a kernel fault.
//
// Locking: a space is used by the threads of its process, on any CPU, and by
// kernel code reading a process (/proc); its lock (rank kSpace) guards the
// regions and tables, and is held while a page is resolved and copied, so a
// page is never freed under a copy. Unmapped pages are freed only after every
// CPU's TLB has dropped them.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/arch/aarch64/lock.h"
#include "kernel/arch/aarch64/memory_map.h"
#include "kernel/lib/result.h"
#include "kernel/mm/vma.h"

namespace akuma {

// The user half: [kUserMin, kUserTop). Page 0 and the first 64 KiB are never
// mapped (Linux's mmap_min_addr), so small null-pointer offsets fault.
constexpr uint64_t kUserMin = 0x10000;
constexpr uint64_t kUserTop = 1ull << 39;
// The main thread's stack: 8 MiB (Linux's default RLIMIT_STACK) ending at the
// top; mmap() places regions top-down below a gap under it.
constexpr uint64_t kStackTop = kUserTop;
constexpr uint64_t kStackSize = 8ull << 20;
constexpr uint64_t kMmapTop = kStackTop - kStackSize - (64ull << 20);
// Above the mmap area, every program has, read-only: a page with the return
// from a signal handler when no SA_RESTORER is given (`mov x8,
// #__NR_rt_sigreturn; svc #0`, what Linux's vDSO provides), the vDSO's data
// page, and the vDSO (kernel/vdso; AT_SYSINFO_EHDR).
constexpr uint64_t kSigreturnTrampoline = kMmapTop;
constexpr uint64_t kVdsoData = kMmapTop + 0x1000;
constexpr uint64_t kVdsoBase = kMmapTop + 0x2000;

// kLoad: the kernel filling a program being built (read-only pages too).
enum class Access : uint8_t { kRead, kWrite, kExec, kLoad };

class AddressSpace {
 public:
  // A new, empty space with one user (the caller).
  static Result<AddressSpace*> create();
  // Frees every owned page and every table (the last release_space does it).
  ~AddressSpace();
  // Another user of the same space: a vfork child runs in its parent's space
  // until it execs or exits. Each user calls release_space once.
  void retain() { __atomic_add_fetch(&users_, 1, __ATOMIC_ACQ_REL); }
  friend void release_space(AddressSpace* space);
  AddressSpace(const AddressSpace&) = delete;
  AddressSpace& operator=(const AddressSpace&) = delete;

  // A copy for fork: the same regions, brk and shared pages, and a private
  // copy of every owned page that exists (eager copy; no copy-on-write).
  Result<AddressSpace*> clone() const;

  // Regions. Addresses and lengths are page aligned (the syscall layer
  // rounds and checks); everything must lie in [kUserMin, kUserTop).
  // A new region at exactly [va, va+len); kExists if something is there.
  Result<void> map_fixed(uint64_t va, uint64_t len, uint8_t prot);
  // A new region wherever it fits below kMmapTop (top-down); its address.
  Result<uint64_t> map_anywhere(uint64_t len, uint8_t prot);
  // Removes [va, va+len) (regions and pages); unmapped parts are fine.
  Result<void> unmap(uint64_t va, uint64_t len);
  // kNotFound when part of the range is not mapped (ENOMEM).
  Result<void> protect(uint64_t va, uint64_t len, uint8_t prot);
  // Drops the pages of [va, va+len) but keeps the regions: the next touch
  // sees zeroes (MADV_DONTNEED on private anonymous memory).
  void discard(uint64_t va, uint64_t len);

  // The program break: init_brk once at exec (the page after the image),
  // then set_brk moves it (returns the new break; on failure the old one,
  // as Linux's brk does). The heap region is [brk_base, page_up(brk)); a
  // request that would run into another region or past kMmapTop fails.
  Result<void> init_brk(uint64_t base);
  uint64_t set_brk(uint64_t requested);
  uint64_t brk() const {
    arch::IrqLockGuard guard(lock_);  // /proc reads it while a thread may move it
    return brk_;
  }

  // Maps a page the space does not own (a file page of the initramfs) at
  // `va`, inside an existing region, with the region's protection.
  Result<void> map_shared_page(uint64_t va, uint64_t kernel_page);

  // A user fault at `va` (EL0 data/instruction abort, translation fault):
  // if a region allows `access`, a zeroed page is mapped and the access can
  // be retried. kBadAddress when no region allows it (SIGSEGV).
  Result<void> handle_fault(uint64_t va, Access access);

  // The kernel address of user `va` if EL0 may access it that way (kLoad:
  // any mapped region), faulting the page in when a region allows it. The
  // address is only good while nothing unmaps the page: copies use
  // with_page, which holds the lock over the access.
  Result<uint64_t> resolve(uint64_t va, Access access);
  // f(kernel pointer to `va`) with the page resolved as resolve() does and
  // kept mapped for the call (the space's lock is held: f must not block or
  // take a lock ranked before kSpace).
  template <typename F>
  Result<void> with_page(uint64_t va, Access access, F f) {
    arch::IrqLockGuard guard(lock_);
    uint64_t kva = TRY(resolve_locked(va, access));
    f(reinterpret_cast<uint8_t*>(kva));
    return {};
  }
  // The bytes of every region (vsize).
  uint64_t mapped_bytes() const;

  // Whether regions cover all of [start, end).
  bool covers(uint64_t start, uint64_t end) const;
  // TTBR0's value for this space: its L1 table and its ASID (bits 63:48;
  // 0 when every ASID was taken: then every switch to it flushes the TLB).
  uint64_t ttbr0() const { return virt_to_phys(l1_) | (static_cast<uint64_t>(asid_) << 48); }
  uint16_t asid() const { return asid_; }
  size_t pages() const { return pages_; }          // owned user pages
  size_t peak_pages() const { return peak_pages_; }  // owned pages plus tables, at most ever

 private:
  AddressSpace() = default;
  Result<uint64_t> resolve_locked(uint64_t va, Access access) AKUMA_REQUIRES(lock_);
  // The L3 entry for `va`; with `create`, allocating L2/L3 tables on the way.
  Result<uint64_t*> leaf(uint64_t va, bool create);
  uint64_t* existing_leaf(uint64_t va) const;
  Result<void> map_new_page(uint64_t va, uint8_t prot);
  void unmap_pages(uint64_t start, uint64_t end) AKUMA_REQUIRES(lock_);
  void reprotect_pages(uint64_t start, uint64_t end, uint8_t prot) AKUMA_REQUIRES(lock_);
  void note_peak();

  mutable arch::IrqSpinLock lock_{"address space", arch::LockRank::kSpace};
  uint64_t l1_ = 0;        // the L1 table (kernel virtual address)
  uint16_t asid_ = 0;      // its ASID (kernel/mm/asid_allocator.h), fixed for its life
  uint32_t users_ = 1;     // processes running in this space
  VmaSet vmas_ AKUMA_GUARDED_BY(lock_);
  uint64_t brk_base_ AKUMA_GUARDED_BY(lock_) = 0;  // 0 until init_brk
  uint64_t brk_ AKUMA_GUARDED_BY(lock_) = 0;
  size_t pages_ = 0;       // owned user pages mapped
  size_t tables_ = 0;      // L2/L3 tables allocated
  size_t peak_pages_ = 0;
};

// Drops one user; the last one frees the space. nullptr is ignored.
void release_space(AddressSpace* space);

// Copies between kernel memory and the user memory of `space`, checking (and
// faulting in) every page. kBadAddress when any byte is not accessible.
Result<void> copy_from_user(AddressSpace& space, void* dst, uint64_t src, size_t len);
Result<void> copy_to_user(AddressSpace& space, uint64_t dst, const void* src, size_t len);
// As copy_to_user, but into read-only pages too: the loader fills segments.
Result<void> load_to_user(AddressSpace& space, uint64_t dst, const void* src, size_t len);
// kBadAddress unless every byte of [addr, addr+len) is writable by EL0. Calls
// that consume data (read, recv) check before consuming, so a bad buffer
// loses nothing.
Result<void> check_user_writable(AddressSpace& space, uint64_t addr, size_t len);
// A NUL-terminated string of at most max-1 bytes; kRange when longer.
Result<size_t> copy_string_from_user(AddressSpace& space, char* dst, uint64_t src, size_t max);

// A typed user pointer: a number until checked by copy_from/copy_to.
template <typename T>
struct UserPtr {
  uint64_t addr = 0;
  bool null() const { return addr == 0; }
  Result<T> read(AddressSpace& s) const {
    T v;
    TRY(copy_from_user(s, &v, addr, sizeof(T)));
    return v;
  }
  Result<void> write(AddressSpace& s, const T& v) const { return copy_to_user(s, addr, &v, sizeof(T)); }
};

}  // namespace akuma
