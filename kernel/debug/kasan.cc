// The kernel's KASAN runtime (kasan.h). Not instrumented itself (BUILD: NOT_INSTRUMENTED);
// the allocators it tracks (kernel/mm:allocators) are not either, since they touch block
// headers and free memory by design.
#include "kernel/debug/kasan.h"

#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/panic.h"
#include "kernel/console/console.h"
#include "kernel/debug/kasan_quarantine.h"
#include "kernel/debug/kasan_shadow.h"
#include "kernel/lib/utility.h"

namespace akuma::kasan {
namespace {

constexpr uint64_t kPageSize = 4096;
constexpr int kStackDepth = 4;
constexpr size_t kHeapHeader = 16;  // the heap's Block header before every block (heap.cc)
constexpr size_t kRightRedzone = 16;
constexpr uint32_t kMagicLive = 0x6b61736c;   // "kasl"
constexpr uint32_t kMagicFreed = 0x6b617366;  // "kasf"
// How far back from a bad address a report looks for the object's metadata.
constexpr uint64_t kLookBehind = 1u << 20;

struct Stack {
  uint64_t pc[kStackDepth];
};

// At the start of every heap block, before the object.
struct alignas(16) ObjectMeta {
  QuarantineNode node;  // while freed: the quarantine's link; bytes = the whole block
  uint32_t magic;       // kMagicLive or kMagicFreed
  uint32_t reserved;
  uint64_t size;        // what kmalloc was asked for
  uint64_t usable;      // the heap block's payload, metadata included
  Stack allocated;
  Stack freed;
};
static_assert(sizeof(ObjectMeta) % 16 == 0, "objects stay 16-aligned");

// Per page of the covered range: its last allocation and free.
struct PageRecord {
  Stack allocated;
  Stack freed;
};

Shadow shadow;
PageRecord* page_records;
Quarantine quarantine;
bool enabled;  // false until the allocators are set up, and while a report is printed

bool plausible_frame(uint64_t fp) { return shadow.covers(fp) && shadow.covers(fp + 15) && (fp & 7) == 0; }

// Return addresses from the frame-pointer chain, starting with the caller of the function
// whose frame record is `fp`.
void capture(Stack* out, uint64_t fp) {
  for (int i = 0; i < kStackDepth; ++i) {
    if (!plausible_frame(fp)) {
      out->pc[i] = 0;
      continue;
    }
    const auto* record = reinterpret_cast<const uint64_t*>(fp);
    out->pc[i] = record[1];
    fp = record[0] > fp ? record[0] : 0;
  }
}

#define HERE reinterpret_cast<uint64_t>(__builtin_frame_address(0))

void print_stack(const char* title, const Stack& s) {
  kprintf("%s\n", title);
  int shown = 0;
  for (int i = 0; i < kStackDepth && s.pc[i]; ++i, ++shown) kprintf("  #%d 0x%016lx\n", i, s.pc[i]);
  if (shown == 0) kprintf("  (not recorded)\n");
}

PageRecord* record_of(uint64_t addr) {
  return shadow.covers(addr) ? &page_records[(addr - shadow.start()) / kPageSize] : nullptr;
}

// The metadata of the heap object whose block holds addr (its redzones included), found
// by walking back through the shadow to the left redzone; nullptr if there is none.
ObjectMeta* find_object(uint64_t addr) {
  uint64_t a = addr & ~(kGranule - 1);
  uint64_t limit = addr > kLookBehind ? addr - kLookBehind : 0;
  while (a > limit && shadow.covers(a) && shadow.code_at(a) != kHeapLeftRedzone) {
    uint8_t code = shadow.code_at(a);
    if (code == kPageFree || code == kHeapUnallocated) return nullptr;
    a -= kGranule;
  }
  while (a > limit && shadow.covers(a - kGranule) && shadow.code_at(a - kGranule) == kHeapLeftRedzone) a -= kGranule;
  if (!shadow.covers(a) || shadow.code_at(a) != kHeapLeftRedzone) return nullptr;
  auto* meta = reinterpret_cast<ObjectMeta*>(a + kHeapHeader);
  return meta->magic == kMagicLive || meta->magic == kMagicFreed ? meta : nullptr;
}

uint64_t object_of(const ObjectMeta* m) { return reinterpret_cast<uint64_t>(m) + sizeof(ObjectMeta); }

void print_stacks(const ObjectMeta* m) {
  print_stack("allocated at:", m->allocated);
  if (m->magic == kMagicFreed) print_stack("freed at:", m->freed);
}

void describe_object(const ObjectMeta* m, uint64_t addr) {
  uint64_t object = object_of(m);
  const char* state = m->magic == kMagicFreed ? "freed" : "live";
  if (addr < object) {
    kprintf("the address is %lu bytes before a %s object of %lu bytes at 0x%016lx\n", object - addr, state, m->size,
            object);
  } else if (addr >= object + m->size) {
    kprintf("the address is %lu bytes after the end of a %s object of %lu bytes at 0x%016lx\n",
            addr - (object + m->size), state, m->size, object);
  } else {
    kprintf("the address is %lu bytes inside a %s object of %lu bytes at 0x%016lx\n", addr - object, state, m->size,
            object);
  }
  print_stacks(m);
}

void begin_report(const char* kind) {
  begin_panic_report();
  enabled = false;  // the report's own memory accesses are not checked
  kprintf("\n*** KERNEL PANIC: KASAN: %s", kind);
}

[[noreturn]] void report_access(uint64_t addr, size_t size, bool write, uint64_t fp) {
  uint64_t bad = shadow.first_bad(addr, size);
  uint8_t code = shadow.code_at(bad);
  const char* kind = code == kHeapFreed         ? "use-after-free"
                     : code == kPageFree        ? "use-after-free of a page"
                     : code == kHeapUnallocated ? "use of unallocated heap memory"
                                                : "heap-out-of-bounds";
  begin_report(kind);
  kprintf(": %s of %zu bytes at 0x%016lx ***\n", write ? "write" : "read", size, addr);
  kprintf("the first bad byte, 0x%016lx, is %s\n", bad, code < kGranule ? "past the end of a heap object" : code_name(code));
  if (code == kPageFree) {
    PageRecord* r = record_of(bad);
    kprintf("the page 0x%016lx was freed\n", bad & ~(kPageSize - 1));
    print_stack("allocated at:", r->allocated);
    print_stack("freed at:", r->freed);
  } else if (ObjectMeta* m = find_object(bad)) {
    describe_object(m, bad);
  }
  finish_panic_report(fp);
}

[[noreturn]] void report_free(const char* kind, uint64_t object, const ObjectMeta* m, uint64_t fp) {
  begin_report(kind);
  kprintf(": kfree(0x%016lx) ***\n", object);
  if (m) {
    kprintf("the object: %lu bytes, already freed\n", m->size);
    print_stacks(m);
  } else {
    kprintf("0x%016lx is not the start of a heap object (%s)\n", object, code_name(shadow.code_at(object)));
  }
  finish_panic_report(fp);
}

// The hooks' own bookkeeping writes metadata inside redzones, and the compiler may turn a
// struct copy into a call to the (checked) memcpy: checks pause meanwhile. The hooks run
// with IRQs masked (the allocators' lock), so nothing else runs unchecked meanwhile.
class Quiet {
 public:
  Quiet() : was_(enabled) { enabled = false; }
  ~Quiet() { enabled = was_; }
  Quiet(const Quiet&) = delete;
  Quiet& operator=(const Quiet&) = delete;

 private:
  bool was_;
};

inline void check(uint64_t addr, size_t size, bool write, uint64_t fp) {
  if (!enabled || !shadow.covers(addr)) return;
  if (shadow.first_bad(addr, size) != 0) report_access(addr, size, write, fp);
}

}  // namespace

uint64_t reserved_bytes(uint64_t covered) {
  uint64_t bytes = covered / kGranule + covered / kPageSize * sizeof(PageRecord);
  return align_up(bytes, kPageSize);
}

void init(uint64_t start, uint64_t size, void* memory) {
  auto* bytes = static_cast<uint8_t*>(memory);
  shadow.init(start, size, bytes);
  page_records = reinterpret_cast<PageRecord*>(bytes + size / kGranule);
  for (uint64_t i = 0; i < size / kPageSize; ++i) page_records[i] = PageRecord{};
  quarantine.set_limit(max<uint64_t>(size / 32, 1u << 20));
}

void enable() { enabled = true; }

void pages_allocated(uint64_t addr, size_t count, uint64_t fp) {
  Quiet quiet;
  shadow.unpoison(addr, count * kPageSize);
  Stack s;
  capture(&s, fp);
  for (size_t i = 0; i < count; ++i) {
    if (PageRecord* r = record_of(addr + i * kPageSize)) r->allocated = s;
  }
}

void pages_freed(uint64_t addr, size_t count, uint64_t fp) {
  Quiet quiet;
  shadow.poison(addr, count * kPageSize, kPageFree);
  Stack s;
  capture(&s, fp);
  for (size_t i = 0; i < count; ++i) {
    if (PageRecord* r = record_of(addr + i * kPageSize)) r->freed = s;
  }
}

void heap_chunk_added(uint64_t addr, size_t count) {
  Quiet quiet;
  shadow.poison(addr, count * kPageSize, kHeapUnallocated);
}

size_t block_size(size_t size) { return sizeof(ObjectMeta) + align_up(size, 16) + kRightRedzone; }

void* object_allocated(void* block, size_t size, size_t usable, uint64_t fp) {
  Quiet quiet;
  uint64_t b = reinterpret_cast<uint64_t>(block);
  auto* m = reinterpret_cast<ObjectMeta*>(b);
  m->node = QuarantineNode{};
  m->magic = kMagicLive;
  m->size = size;
  m->usable = usable;
  capture(&m->allocated, fp);
  m->freed = Stack{};
  uint64_t object = object_of(m);
  shadow.poison(b - kHeapHeader, kHeapHeader + sizeof(ObjectMeta), kHeapLeftRedzone);
  shadow.unpoison(object, size);
  uint64_t end = align_up(object + size, kGranule);
  shadow.poison(end, b + usable - end, kHeapRightRedzone);
  return reinterpret_cast<void*>(object);
}

void object_freed(void* p, uint64_t fp) {
  uint64_t object = reinterpret_cast<uint64_t>(p);
  uint64_t meta_addr = object - sizeof(ObjectMeta);
  ObjectMeta* m = nullptr;
  if ((object & 15) == 0 && shadow.covers(meta_addr) && shadow.code_at(meta_addr) == kHeapLeftRedzone) {
    m = reinterpret_cast<ObjectMeta*>(meta_addr);
    if (m->magic != kMagicLive && m->magic != kMagicFreed) m = nullptr;
  }
  if (!m) report_free("invalid-free", object, nullptr, fp);
  if (m->magic == kMagicFreed) report_free("double-free", object, m, fp);
  Quiet quiet;
  m->magic = kMagicFreed;
  capture(&m->freed, fp);
  shadow.poison(object, meta_addr + m->usable - object, kHeapFreed);
  m->node.bytes = kHeapHeader + m->usable;
  quarantine.push(&m->node);
}

void* quarantine_evict(bool drain) {
  Quiet quiet;
  QuarantineNode* node = drain ? quarantine.pop() : quarantine.pop_over_limit();
  if (!node) return nullptr;
  auto* m = reinterpret_cast<ObjectMeta*>(node);  // the node is the metadata's first member
  uint64_t b = reinterpret_cast<uint64_t>(m);
  // Back to the heap: nobody's memory now (the metadata stays, so a late double free of it
  // is still recognised).
  shadow.poison(b - kHeapHeader, kHeapHeader + m->usable, kHeapUnallocated);
  return m;
}

void check_read(const void* p, size_t size) { check(reinterpret_cast<uint64_t>(p), size, false, HERE); }
void check_write(const void* p, size_t size) { check(reinterpret_cast<uint64_t>(p), size, true, HERE); }

}  // namespace akuma::kasan

// The compiler's calls (-fsanitize=kernel-address with outlined checks): one per access
// size, and N for the rest. The frame record of each leads back to the instrumented code.
using akuma::kasan::check;

#define KASAN_ACCESS(size)                                                               \
  extern "C" void __asan_load##size##_noabort(uintptr_t addr) { check(addr, size, false, HERE); } \
  extern "C" void __asan_store##size##_noabort(uintptr_t addr) { check(addr, size, true, HERE); }

KASAN_ACCESS(1)
KASAN_ACCESS(2)
KASAN_ACCESS(4)
KASAN_ACCESS(8)
KASAN_ACCESS(16)

extern "C" void __asan_loadN_noabort(uintptr_t addr, size_t size) { check(addr, size, false, HERE); }
extern "C" void __asan_storeN_noabort(uintptr_t addr, size_t size) { check(addr, size, true, HERE); }
// Called before a noreturn call (for stack poisoning, which this kernel does not use).
extern "C" void __asan_handle_no_return() {}
