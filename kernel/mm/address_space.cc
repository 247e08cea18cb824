#include "kernel/mm/address_space.h"

#include "kernel/arch/aarch64/mmu.h"
#include "kernel/mm/asid_allocator.h"
#include "kernel/mm/memory.h"

namespace akuma {
namespace {

constexpr uint64_t kValid = 1ull << 0;
constexpr uint64_t kTableOrPage = 1ull << 1;  // table at L1/L2, page at L3
constexpr uint64_t kAttrNormal = 1ull << 2;   // MAIR index 1 (boot.S)
constexpr uint64_t kApUser = 1ull << 6;       // EL0 accessible
constexpr uint64_t kApReadOnly = 1ull << 7;
constexpr uint64_t kInnerShareable = 3ull << 8;
constexpr uint64_t kAccessFlag = 1ull << 10;
constexpr uint64_t kNotGlobal = 1ull << 11;
constexpr uint64_t kPxn = 1ull << 53;  // the kernel never runs user code
constexpr uint64_t kUxn = 1ull << 54;
// Software bit (55-58 are ours): the page is not owned by this space (a file
// page of the initramfs), so it is never freed or copied.
constexpr uint64_t kShared = 1ull << 55;
constexpr uint64_t kAddrMask = 0x0000fffffffff000ull;
constexpr uint64_t kPermMask = kApUser | kApReadOnly | kUxn;

// Table entries hold physical addresses; the kernel reaches them through the
// linear map.
uint64_t* table(uint64_t entry) { return phys_ptr<uint64_t>(entry & kAddrMask); }
uint64_t page_of(uint64_t entry) { return phys_to_virt(entry & kAddrMask); }
size_t index(uint64_t va, int level) { return (va >> (39 - 9 * level)) & 511; }

mm::AsidAllocator asids;
bool asids_counted;  // atomic: asids.set_count done (after the MMU's init)

uint16_t take_asid() {
  if (!__atomic_load_n(&asids_counted, __ATOMIC_ACQUIRE)) {
    asids.set_count(arch::mmu::asid_count());  // the same value on every CPU
    __atomic_store_n(&asids_counted, true, __ATOMIC_RELEASE);
  }
  return asids.take();
}

// Every CPU forgets the entries of `asid` (TLBI ASIDE1IS: ASID in 63:48).
void flush_asid(uint16_t asid) {
  asm volatile("dsb ishst\n tlbi aside1is, %0\n dsb ish\n isb" ::"r"(static_cast<uint64_t>(asid) << 48) : "memory");
}

bool in_user_region(uint64_t va, uint64_t len) {
  return va >= kUserMin && va < kUserTop && len <= kUserTop - va;
}

// EL0 permission bits for a protection. Write-only and execute-only are not
// expressible for EL0 on AArch64: they become read-write and read-execute.
uint64_t perm_bits(uint8_t prot) {
  if ((prot & kProtMask) == 0) return kUxn;  // PROT_NONE: EL1 only
  uint64_t bits = kApUser;
  if (!(prot & kProtWrite)) bits |= kApReadOnly;
  if (!(prot & kProtExec)) bits |= kUxn;
  return bits;
}

uint64_t page_entry(uint64_t kernel_page, uint8_t prot) {
  return virt_to_phys(kernel_page) | kValid | kTableOrPage | kAttrNormal | kInnerShareable | kAccessFlag |
         kNotGlobal | kPxn | perm_bits(prot);
}

bool allows(uint8_t prot, Access access) {
  switch (access) {
    case Access::kRead: return (prot & (kProtRead | kProtWrite | kProtExec)) != 0;
    case Access::kWrite: return (prot & kProtWrite) != 0;
    case Access::kExec: return (prot & kProtExec) != 0;
    case Access::kLoad: return true;
  }
  return false;
}

bool entry_allows(uint64_t e, Access access) {
  switch (access) {
    case Access::kRead: return (e & kApUser) != 0;
    case Access::kWrite: return (e & kApUser) && !(e & kApReadOnly);
    case Access::kExec: return (e & kApUser) && !(e & kUxn);
    case Access::kLoad: return true;
  }
  return false;
}

// The translation tables changed: drop stale TLB entries on every CPU (the
// space's threads may run on any, and a CPU keeps a space's entries after
// switching away, under its ASID). A space without an ASID (0, the
// fallback) is flushed at every switch to it, so ASID 0 covers it too.
void flush_tlb(uint16_t asid) { flush_asid(asid); }

// Calls f(va, entry) for every valid L3 entry of [start, end), skipping
// missing tables a whole GiB or 2 MiB at a time; f returns false to stop.
// Returns where it stopped (end when it went through).
template <typename F>
uint64_t for_each_page_until(uint64_t l1, uint64_t start, uint64_t end, F f) {
  auto* t1 = reinterpret_cast<uint64_t*>(l1);
  uint64_t va = start;
  while (va < end) {
    uint64_t e1 = t1[index(va, 1)];
    if (!(e1 & kValid)) {
      va = align_down(va, 1ull << 30) + (1ull << 30);
      continue;
    }
    uint64_t e2 = table(e1)[index(va, 2)];
    if (!(e2 & kValid)) {
      va = align_down(va, 2ull << 20) + (2ull << 20);
      continue;
    }
    uint64_t& e3 = table(e2)[index(va, 3)];
    if ((e3 & kValid) && !f(va, e3)) return va;
    va += kPageSize;
  }
  return end;
}

template <typename F>
void for_each_page(uint64_t l1, uint64_t start, uint64_t end, F f) {
  for_each_page_until(l1, start, end, [&](uint64_t va, uint64_t& e) {
    f(va, e);
    return true;
  });
}

}  // namespace

Result<AddressSpace*> AddressSpace::create() {
  auto* space = new (fallible) AddressSpace();
  if (!space) return Error::kNoMemory;
  auto l1 = alloc_zeroed_pages(1);
  if (!l1.ok()) {
    delete space;
    return l1.error();
  }
  space->l1_ = l1.value();
  space->asid_ = take_asid();
  return space;
}

AddressSpace::~AddressSpace() {
  if (!l1_) return;
  auto* l1 = reinterpret_cast<uint64_t*>(l1_);
  for (size_t i1 = 0; i1 < 512; ++i1) {
    if (!(l1[i1] & kValid)) continue;
    uint64_t* l2 = table(l1[i1]);
    for (size_t i2 = 0; i2 < 512; ++i2) {
      if (!(l2[i2] & kValid)) continue;
      uint64_t* l3 = table(l2[i2]);
      for (size_t i3 = 0; i3 < 512; ++i3) {
        if ((l3[i3] & kValid) && !(l3[i3] & kShared)) free_pages(page_of(l3[i3]));
      }
      free_pages(reinterpret_cast<uint64_t>(l3));
    }
    free_pages(reinterpret_cast<uint64_t>(l2));
  }
  free_pages(l1_);
  // No CPU runs this space any more, but some may still hold its entries:
  // the ASID goes back only once every TLB has forgotten them.
  if (asid_) {
    flush_asid(asid_);
    asids.give_back(asid_);
  }
}

void release_space(AddressSpace* space) {
  if (space && __atomic_sub_fetch(&space->users_, 1, __ATOMIC_ACQ_REL) == 0) delete space;
}

void AddressSpace::note_peak() { peak_pages_ = max(peak_pages_, pages_ + tables_); }

Result<uint64_t*> AddressSpace::leaf(uint64_t va, bool create) {
  if (!in_user_region(va, 1)) return Error::kBadAddress;
  auto* t = reinterpret_cast<uint64_t*>(l1_);
  for (int level = 1; level < 3; ++level) {
    uint64_t& e = t[index(va, level)];
    if (!(e & kValid)) {
      if (!create) return Error::kNotFound;
      e = virt_to_phys(TRY(alloc_zeroed_pages(1))) | kValid | kTableOrPage;
      ++tables_;
      note_peak();
    }
    t = table(e);
  }
  return &t[index(va, 3)];
}

uint64_t* AddressSpace::existing_leaf(uint64_t va) const {
  auto r = const_cast<AddressSpace*>(this)->leaf(va, false);
  if (!r.ok() || !(*r.value() & kValid)) return nullptr;
  return r.value();
}

Result<void> AddressSpace::map_new_page(uint64_t va, uint8_t prot) {
  uint64_t* e = TRY(leaf(va, true));
  if (*e & kValid) return Error::kExists;
  uint64_t page = TRY(alloc_zeroed_pages(1));
  *e = page_entry(page, prot);
  ++pages_;
  note_peak();
  return {};
}

Result<void> AddressSpace::map_shared_page(uint64_t va, uint64_t kernel_page) {
  arch::IrqLockGuard guard(lock_);
  const Vma* v = vmas_.find(va);
  if (!v || va % kPageSize) return Error::kBadAddress;
  uint64_t* e = TRY(leaf(va, true));
  if (*e & kValid) return Error::kExists;
  *e = page_entry(kernel_page, v->prot) | kShared;
  return {};
}

void AddressSpace::unmap_pages(uint64_t start, uint64_t end) {
  // A page is freed only after every CPU's TLB has forgotten it (another
  // thread of the process may be using it this instant): entries are
  // cleared a batch at a time, the TLBs flushed, then the batch freed.
  constexpr size_t kBatch = 64;
  uint64_t batch[kBatch];
  uint64_t va = start;
  while (va < end) {
    size_t n = 0;
    bool changed = false;
    va = for_each_page_until(l1_, va, end, [&](uint64_t, uint64_t& e) {
      if (n == kBatch) return false;
      if (!(e & kShared)) batch[n++] = page_of(e);
      e = 0;
      changed = true;
      return true;
    });
    if (changed) flush_tlb(asid_);
    for (size_t i = 0; i < n; ++i) free_pages(batch[i]);
    pages_ -= n;
  }
}

void AddressSpace::reprotect_pages(uint64_t start, uint64_t end, uint8_t prot) {
  bool changed = false;
  for_each_page(l1_, start, end, [&](uint64_t, uint64_t& e) {
    e = (e & ~kPermMask) | perm_bits(prot);
    changed = true;
  });
  if (changed) flush_tlb(asid_);
}

// The copy is nobody's until it is returned, so its fields are written
// without its lock (two space locks may not be held at once: lock.h), which
// the analysis cannot know.
AKUMA_NO_THREAD_SAFETY_ANALYSIS Result<AddressSpace*> AddressSpace::clone() const {
  AddressSpace* copy = TRY(create());
  // The copy is nobody's yet: only the source needs its lock.
  arch::IrqLockGuard guard(lock_);
  copy->vmas_ = vmas_;
  copy->brk_base_ = brk_base_;
  copy->brk_ = brk_;
  Error failed = Error::kNoMemory;
  bool ok = true;
  for_each_page(l1_, kUserMin, kUserTop, [&](uint64_t va, uint64_t& e) {
    if (!ok) return;
    auto slot = copy->leaf(va, true);
    if (!slot.ok()) {
      ok = false;
      failed = slot.error();
      return;
    }
    if (e & kShared) {
      *slot.value() = e;
      return;
    }
    auto page = alloc_pages(1);
    if (!page.ok()) {
      ok = false;
      failed = page.error();
      return;
    }
    __builtin_memcpy(reinterpret_cast<void*>(page.value()), reinterpret_cast<const void*>(page_of(e)), kPageSize);
    *slot.value() = virt_to_phys(page.value()) | (e & ~kAddrMask);
    ++copy->pages_;
    copy->note_peak();
  });
  if (!ok) {
    delete copy;
    return failed;
  }
  return copy;
}

Result<void> AddressSpace::map_fixed(uint64_t va, uint64_t len, uint8_t prot) {
  if (len == 0 || va % kPageSize || len % kPageSize || !in_user_region(va, len)) return Error::kInvalidArgument;
  arch::IrqLockGuard guard(lock_);
  return vmas_.insert(va, va + len, prot & kProtMask);
}

Result<uint64_t> AddressSpace::map_anywhere(uint64_t len, uint8_t prot) {
  if (len == 0 || len % kPageSize) return Error::kInvalidArgument;
  arch::IrqLockGuard guard(lock_);
  uint64_t va = TRY(vmas_.find_free_top_down(len, kUserMin, kMmapTop));
  TRY(vmas_.insert(va, va + len, prot & kProtMask));
  return va;
}

Result<void> AddressSpace::unmap(uint64_t va, uint64_t len) {
  if (len == 0 || va % kPageSize || len % kPageSize || !in_user_region(va, len)) return Error::kInvalidArgument;
  arch::IrqLockGuard guard(lock_);
  TRY(vmas_.remove(va, va + len));
  unmap_pages(va, va + len);
  return {};
}

Result<void> AddressSpace::protect(uint64_t va, uint64_t len, uint8_t prot) {
  if (va % kPageSize || len % kPageSize || !in_user_region(va, len)) return Error::kInvalidArgument;
  if (len == 0) return {};
  arch::IrqLockGuard guard(lock_);
  TRY(vmas_.protect(va, va + len, prot & kProtMask));
  reprotect_pages(va, va + len, prot);
  return {};
}

void AddressSpace::discard(uint64_t va, uint64_t len) {
  if (!in_user_region(va, len)) return;
  arch::IrqLockGuard guard(lock_);
  unmap_pages(va, va + len);
}

Result<void> AddressSpace::init_brk(uint64_t base) {
  arch::IrqLockGuard guard(lock_);
  if (base % kPageSize || !in_user_region(base, kPageSize) || vmas_.overlaps(base, base + kPageSize)) {
    return Error::kInvalidArgument;
  }
  brk_base_ = base;
  brk_ = base;
  return {};
}

uint64_t AddressSpace::set_brk(uint64_t requested) {
  arch::IrqLockGuard guard(lock_);
  if (brk_base_ == 0 || requested < brk_base_ || requested >= kMmapTop) return brk_;
  // The heap region is [brk_base_, page_up(brk)); it does not exist while
  // empty. Pages given back are freed, so memory taken again reads as zeroes.
  uint64_t old_end = align_up(brk_, kPageSize);
  uint64_t new_end = align_up(requested, kPageSize);
  if (new_end > old_end) {
    Result<void> grown = old_end == brk_base_ ? vmas_.insert(brk_base_, new_end, kProtRead | kProtWrite)
                                              : vmas_.resize_end(old_end, new_end);
    if (!grown.ok()) return brk_;
  } else if (new_end < old_end) {
    Result<void> shrunk = new_end == brk_base_ ? vmas_.remove(brk_base_, old_end) : vmas_.resize_end(old_end, new_end);
    if (!shrunk.ok()) return brk_;
    unmap_pages(new_end, old_end);
  }
  brk_ = requested;
  return brk_;
}

Result<void> AddressSpace::handle_fault(uint64_t va, Access access) {
  arch::IrqLockGuard guard(lock_);
  const Vma* v = vmas_.find(va);
  if (!v || !allows(v->prot, access)) return Error::kBadAddress;
  uint64_t page_va = align_down(va, kPageSize);
  if (uint64_t* e = existing_leaf(page_va)) {
    // Present already: a permission fault the region does not explain.
    return entry_allows(*e, access) ? Result<void>{} : Result<void>{Error::kBadAddress};
  }
  return map_new_page(page_va, v->prot);
}

Result<uint64_t> AddressSpace::resolve(uint64_t va, Access access) {
  arch::IrqLockGuard guard(lock_);
  return resolve_locked(va, access);
}

bool AddressSpace::covers(uint64_t start, uint64_t end) const {
  arch::IrqLockGuard guard(lock_);
  return vmas_.covers(start, end);
}

uint64_t AddressSpace::mapped_bytes() const {
  arch::IrqLockGuard guard(lock_);
  uint64_t n = 0;
  for (size_t i = 0; i < vmas_.size(); ++i) n += vmas_.at(i).end - vmas_.at(i).start;
  return n;
}

Result<uint64_t> AddressSpace::resolve_locked(uint64_t va, Access access) {
  if (!in_user_region(va, 1)) return Error::kBadAddress;
  uint64_t page_va = align_down(va, kPageSize);
  uint64_t* e = existing_leaf(page_va);
  if (!e) {
    const Vma* v = vmas_.find(va);
    if (!v || !allows(v->prot, access)) return Error::kBadAddress;
    TRY(map_new_page(page_va, v->prot));
    e = existing_leaf(page_va);
  }
  if (!entry_allows(*e, access)) return Error::kBadAddress;
  return page_of(*e) | (va & (kPageSize - 1));
}

namespace {

// Walks [uva, uva+len) page by page, calling f(kernel_ptr, offset, n).
template <typename F>
Result<void> for_each_user_chunk(AddressSpace& space, uint64_t uva, size_t len, Access access, F f) {
  if (len == 0) return {};
  if (!in_user_region(uva, len)) return Error::kBadAddress;
  size_t done = 0;
  while (done < len) {
    uint64_t va = uva + done;
    size_t n = min<size_t>(len - done, kPageSize - (va & (kPageSize - 1)));
    // The page stays while it is copied: nobody unmaps it under the lock.
    TRY(space.with_page(va, access, [&](uint8_t* p) { f(p, done, n); }));
    done += n;
  }
  return {};
}

Result<void> copy_into(AddressSpace& space, uint64_t dst, const void* src, size_t len, Access access) {
  auto* in = static_cast<const uint8_t*>(src);
  return for_each_user_chunk(space, dst, len, access,
                             [in](uint8_t* p, size_t off, size_t n) { __builtin_memcpy(p, in + off, n); });
}

}  // namespace

Result<void> copy_from_user(AddressSpace& space, void* dst, uint64_t src, size_t len) {
  auto* out = static_cast<uint8_t*>(dst);
  return for_each_user_chunk(space, src, len, Access::kRead,
                             [out](uint8_t* p, size_t off, size_t n) { __builtin_memcpy(out + off, p, n); });
}

Result<void> copy_to_user(AddressSpace& space, uint64_t dst, const void* src, size_t len) {
  return copy_into(space, dst, src, len, Access::kWrite);
}

Result<void> load_to_user(AddressSpace& space, uint64_t dst, const void* src, size_t len) {
  return copy_into(space, dst, src, len, Access::kLoad);
}

Result<void> check_user_writable(AddressSpace& space, uint64_t addr, size_t len) {
  return for_each_user_chunk(space, addr, len, Access::kWrite, [](uint8_t*, size_t, size_t) {});
}

Result<size_t> copy_string_from_user(AddressSpace& space, char* dst, uint64_t src, size_t max) {
  size_t i = 0;
  while (i < max) {
    // One resolve per page, then the bytes of that page.
    size_t in_page = kPageSize - ((src + i) & (kPageSize - 1));
    bool ended = false;
    TRY(space.with_page(src + i, Access::kRead, [&](uint8_t* p) {
      for (size_t j = 0; j < in_page && i < max; ++j, ++i) {
        dst[i] = reinterpret_cast<const char*>(p)[j];
        if (dst[i] == '\0') {
          ended = true;
          return;
        }
      }
    }));
    if (ended) return i;
  }
  return Error::kRange;
}

}  // namespace akuma
