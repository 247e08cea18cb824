// A user address space: one TTBR0 level-1 table per process (the kernel lives
// in the upper half, TTBR1); the user region is mapped with 4 KiB pages
// through L2/L3 tables owned by the space, with EL0 permissions.
//
// The kernel never dereferences user addresses: translate() walks the tables
// in software (checking EL0 permissions) and the kernel copies through the
// identity-mapped physical page, so a bad user pointer is an error value,
// never a kernel fault.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/arch/aarch64/memory_map.h"
#include "kernel/lib/result.h"

namespace akuma {

// User programs live in [4 GiB, 8 GiB): L1 entries 4..7.
constexpr uint64_t kUserBase = 0x100000000ull;
constexpr uint64_t kUserEnd = 0x200000000ull;

// kLoad: the kernel filling a program being built, read-only pages too.
enum class Access : uint8_t { kRead, kWrite, kLoad };

struct PagePerms {
  bool write;
  bool exec;
};

class AddressSpace {
 public:
  static Result<AddressSpace*> create();
  // Frees every user page and table.
  ~AddressSpace();
  AddressSpace(const AddressSpace&) = delete;
  AddressSpace& operator=(const AddressSpace&) = delete;

  // Maps `count` fresh zeroed pages at page-aligned `va` (all inside the user
  // region, none mapped yet).
  Result<void> map_zeroed(uint64_t va, size_t count, PagePerms perms);
  // Kernel (linear-map) address for user `va` if EL0 may access it that way (kLoad:
  // any mapped page).
  Result<uint64_t> translate(uint64_t va, Access access) const;

  uint64_t ttbr0() const { return virt_to_phys(l1_); }
  size_t pages() const { return pages_; }
  size_t peak_pages() const { return peak_pages_; }

 private:
  AddressSpace() = default;
  // The L3 entry for `va`, allocating the L2/L3 tables on the way.
  Result<uint64_t*> leaf(uint64_t va);
  const uint64_t* find_leaf(uint64_t va) const;

  // Owned by the process; changed only while the process is being built, so
  // no lock: after that the tables are read-only until the destructor.
  uint64_t l1_ = 0;   // the L1 table (kernel virtual address)
  size_t pages_ = 0;  // user pages mapped
  size_t peak_pages_ = 0;  // pages_ plus tables, at most ever
  size_t tables_ = 0;  // L2/L3 tables allocated
};

// Copies between kernel memory and the user memory of `space`, checking every
// page. kBadAddress when any byte is not accessible.
Result<void> copy_from_user(const AddressSpace& space, void* dst, uint64_t src, size_t len);
Result<void> copy_to_user(const AddressSpace& space, uint64_t dst, const void* src, size_t len);
// As copy_to_user, but into read-only pages too: the loader fills segments.
Result<void> load_to_user(const AddressSpace& space, uint64_t dst, const void* src, size_t len);
// kBadAddress unless every byte of [addr, addr+len) is writable by EL0. Calls
// that consume data (read, recv) check before consuming, so a bad buffer
// loses nothing.
Result<void> check_user_writable(const AddressSpace& space, uint64_t addr, size_t len);
// A NUL-terminated string of at most max-1 bytes; kRange when longer.
Result<size_t> copy_string_from_user(const AddressSpace& space, char* dst, uint64_t src, size_t max);

// A typed user pointer: a number until checked by copy_from/copy_to.
template <typename T>
struct UserPtr {
  uint64_t addr = 0;
  bool null() const { return addr == 0; }
  Result<T> read(const AddressSpace& s) const {
    T v;
    TRY(copy_from_user(s, &v, addr, sizeof(T)));
    return v;
  }
  Result<void> write(const AddressSpace& s, const T& v) const { return copy_to_user(s, addr, &v, sizeof(T)); }
};

}  // namespace akuma
