#include "kernel/mm/address_space.h"

#include "kernel/arch/aarch64/memory_map.h"
#include "kernel/mm/memory.h"

namespace akuma {
namespace {

constexpr uint64_t kValid = 1ull << 0;
constexpr uint64_t kTableOrPage = 1ull << 1;  // table at L1/L2, page at L3
constexpr uint64_t kAttrNormal = 1ull << 2;   // MAIR index 1 (mmu.cc)
constexpr uint64_t kApUser = 1ull << 6;       // EL0 accessible
constexpr uint64_t kApReadOnly = 1ull << 7;
constexpr uint64_t kInnerShareable = 3ull << 8;
constexpr uint64_t kAccessFlag = 1ull << 10;
constexpr uint64_t kNotGlobal = 1ull << 11;
constexpr uint64_t kPxn = 1ull << 53;  // the kernel never runs user code
constexpr uint64_t kUxn = 1ull << 54;
constexpr uint64_t kAddrMask = 0x0000fffffffff000ull;

// Table entries hold physical addresses; the kernel reaches them through the
// linear map.
uint64_t* table(uint64_t entry) { return phys_ptr<uint64_t>(entry & kAddrMask); }
uint64_t page_of(uint64_t entry) { return phys_to_virt(entry & kAddrMask); }
size_t index(uint64_t va, int level) { return (va >> (39 - 9 * level)) & 511; }

bool in_user_region(uint64_t va, size_t len) {
  return va >= kUserBase && va < kUserEnd && len <= kUserEnd - va;
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
  return space;
}

AddressSpace::~AddressSpace() {
  if (!l1_) return;
  uint64_t* l1 = reinterpret_cast<uint64_t*>(l1_);
  for (size_t i1 = index(kUserBase, 1); i1 < index(kUserEnd - 1, 1) + 1; ++i1) {
    if (!(l1[i1] & kValid)) continue;
    uint64_t* l2 = table(l1[i1]);
    for (size_t i2 = 0; i2 < 512; ++i2) {
      if (!(l2[i2] & kValid)) continue;
      uint64_t* l3 = table(l2[i2]);
      for (size_t i3 = 0; i3 < 512; ++i3) {
        if (l3[i3] & kValid) free_pages(page_of(l3[i3]));
      }
      free_pages(reinterpret_cast<uint64_t>(l3));
    }
    free_pages(reinterpret_cast<uint64_t>(l2));
  }
  free_pages(l1_);
}

Result<uint64_t*> AddressSpace::leaf(uint64_t va) {
  uint64_t* t = reinterpret_cast<uint64_t*>(l1_);
  for (int level = 1; level < 3; ++level) {
    uint64_t& e = t[index(va, level)];
    if (!(e & kValid)) {
      e = virt_to_phys(TRY(alloc_zeroed_pages(1))) | kValid | kTableOrPage;
      ++tables_;
    }
    t = table(e);
  }
  return &t[index(va, 3)];
}

const uint64_t* AddressSpace::find_leaf(uint64_t va) const {
  if (!in_user_region(va, 1)) return nullptr;
  const uint64_t* t = reinterpret_cast<const uint64_t*>(l1_);
  for (int level = 1; level < 3; ++level) {
    uint64_t e = t[index(va, level)];
    if (!(e & kValid)) return nullptr;
    t = table(e);
  }
  const uint64_t* e = &t[index(va, 3)];
  return (*e & kValid) ? e : nullptr;
}

Result<void> AddressSpace::map_zeroed(uint64_t va, size_t count, PagePerms perms) {
  if (va % kPageSize || !in_user_region(va, count * kPageSize)) return Error::kBadAddress;
  for (size_t i = 0; i < count; ++i) {
    uint64_t* e = TRY(leaf(va + i * kPageSize));
    if (*e & kValid) return Error::kExists;
    uint64_t page = TRY(alloc_zeroed_pages(1));
    *e = virt_to_phys(page) | kValid | kTableOrPage | kAttrNormal | kApUser | (perms.write ? 0 : kApReadOnly) |
         kInnerShareable | kAccessFlag | kNotGlobal | kPxn | (perms.exec ? 0 : kUxn);
    ++pages_;
    peak_pages_ = max(peak_pages_, pages_ + tables_);
  }
  return {};
}

Result<uint64_t> AddressSpace::translate(uint64_t va, Access access) const {
  const uint64_t* e = find_leaf(va);
  if (!e) return Error::kBadAddress;
  if (access == Access::kWrite && (*e & kApReadOnly)) return Error::kBadAddress;
  return page_of(*e) | (va & (kPageSize - 1));
}

namespace {

// Walks [uva, uva+len) page by page, calling f(kernel_ptr, offset, n).
template <typename F>
Result<void> for_each_user_chunk(const AddressSpace& space, uint64_t uva, size_t len, Access access, F f) {
  if (len == 0) return {};
  if (!in_user_region(uva, len)) return Error::kBadAddress;
  size_t done = 0;
  while (done < len) {
    uint64_t va = uva + done;
    size_t n = min<size_t>(len - done, kPageSize - (va & (kPageSize - 1)));
    uint64_t pa = TRY(space.translate(va, access));
    f(reinterpret_cast<uint8_t*>(pa), done, n);
    done += n;
  }
  return {};
}

Result<void> copy_into(const AddressSpace& space, uint64_t dst, const void* src, size_t len, Access access) {
  auto* in = static_cast<const uint8_t*>(src);
  return for_each_user_chunk(space, dst, len, access,
                             [in](uint8_t* p, size_t off, size_t n) { __builtin_memcpy(p, in + off, n); });
}

}  // namespace

Result<void> copy_from_user(const AddressSpace& space, void* dst, uint64_t src, size_t len) {
  auto* out = static_cast<uint8_t*>(dst);
  return for_each_user_chunk(space, src, len, Access::kRead,
                             [out](uint8_t* p, size_t off, size_t n) { __builtin_memcpy(out + off, p, n); });
}

Result<void> copy_to_user(const AddressSpace& space, uint64_t dst, const void* src, size_t len) {
  return copy_into(space, dst, src, len, Access::kWrite);
}

Result<void> load_to_user(const AddressSpace& space, uint64_t dst, const void* src, size_t len) {
  return copy_into(space, dst, src, len, Access::kLoad);
}

Result<void> check_user_writable(const AddressSpace& space, uint64_t addr, size_t len) {
  return for_each_user_chunk(space, addr, len, Access::kWrite, [](uint8_t*, size_t, size_t) {});
}

Result<size_t> copy_string_from_user(const AddressSpace& space, char* dst, uint64_t src, size_t max) {
  for (size_t i = 0; i < max; ++i) {
    uint64_t pa = TRY(space.translate(src + i, Access::kRead));
    dst[i] = *reinterpret_cast<const char*>(pa);
    if (dst[i] == '\0') return i;
  }
  return Error::kRange;
}

}  // namespace akuma
