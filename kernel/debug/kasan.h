// KASAN for the kernel heap and the page allocator (--config=kasan). The compiler
// (-fsanitize=kernel-address) makes every load and store of instrumented code call a check
// here; the checks read the shadow (kasan_shadow.h), which the allocators keep up to date
// through the hooks below (kernel/mm/memory.cc):
//
//  - a heap object is [block header][ObjectMeta: where it was allocated and freed][object]
//    [right redzone to the end of its heap block]: the header and metadata are its left
//    redzone, poisoned like the right one;
//  - a freed object is poisoned and waits in a quarantine (1/32 of RAM) before the heap
//    gets it back, so a late access still hits poison; freeing it again is a double free;
//  - free pages are poisoned; each page records where it was last allocated and freed.
//
// A bad access, double free or invalid free stops the kernel with a report
// (`*** KERNEL PANIC: KASAN: <kind>: ...`): the access, the object and its two stacks.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace akuma::kasan {

// RAM KASAN takes for itself (shadow and page records) to cover `covered` bytes.
uint64_t reserved_bytes(uint64_t covered);
// Boot: covers [start, start + size) of the linear map, using `memory` (reserved_bytes(size)
// of it). Everything is accessible; nothing is checked until enable().
void init(uint64_t start, uint64_t size, void* memory);
void enable();

// The page allocator: pages handed out become accessible, freed ones poisoned; both record
// the stack. Pages that become a heap chunk are unallocated heap memory until an object
// takes them.
// `fp` is the allocator's frame record: the stacks recorded start at its caller.
void pages_allocated(uint64_t addr, size_t count, uint64_t fp);
void pages_freed(uint64_t addr, size_t count, uint64_t fp);
void heap_chunk_added(uint64_t addr, size_t count);

// The heap. kmalloc(size) asks the heap for block_size(size) bytes, then object_allocated
// (block, size, the block's usable bytes) gives the object. kfree(object) calls
// object_freed, which reports a double or invalid free, or quarantines the object; then
// every block quarantine_evict(false) returns goes back to the heap. With `drain` the
// quarantine is emptied (figures that must not count it, an allocation that failed).
size_t block_size(size_t size);
void* object_allocated(void* block, size_t size, size_t usable, uint64_t fp);
void object_freed(void* object, uint64_t fp);
void* quarantine_evict(bool drain);

// Explicit checks, for code that is not instrumented (memcpy and friends).
void check_read(const void* p, size_t size);
void check_write(const void* p, size_t size);

}  // namespace akuma::kasan
