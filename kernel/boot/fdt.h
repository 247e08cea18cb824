// A reader for the flattened device tree (FDT, "DTB") that QEMU hands the
// kernel in x0 when it boots a Linux-format Image: how much RAM there is,
// where the initramfs was loaded, the command line, the PSCI conduit and the
// CPUs. Pure logic over a byte buffer, every offset bounds-checked, so a
// damaged blob is an error value; host tested with blobs QEMU itself wrote
// (`-M virt,dumpdtb=FILE`, kernel/boot/testdata).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/result.h"

namespace akuma::fdt {

constexpr uint32_t kMagic = 0xd00dfeed;

// QEMU writes 1 MiB blobs; a larger totalsize is taken as damage.
constexpr size_t kMaxBlobSize = 2u << 20;

// The header's totalsize (so the caller can reserve the blob), or kMalformed.
Result<size_t> blob_size(const uint8_t* blob, size_t max_len);

// One property as the walker sees it: the full path of its node ("/" for the
// root, "/chosen", "/cpus/cpu@0"), its name and raw (big-endian) value.
struct Property {
  const char* node_path;
  const char* name;
  const uint8_t* value;
  uint32_t length;
};

// Calls visit(prop) for every property in document order. Paths longer than
// kMaxPath or nested deeper than kMaxDepth make the blob kMalformed.
constexpr size_t kMaxPath = 256;
constexpr size_t kMaxDepth = 16;
Result<void> for_each_property(const uint8_t* blob, size_t max_len, void (*visit)(const Property&, void*),
                               void* context);

enum class PsciConduit : uint8_t { kNone, kHvc, kSmc };

struct BootInfo {
  uint64_t ram_base = 0;
  uint64_t ram_size = 0;       // the first memory node's first range
  uint64_t initrd_start = 0;   // physical; both 0 when there is no initramfs
  uint64_t initrd_end = 0;
  uint32_t cpu_count = 0;      // /cpus/cpu@N nodes
  static constexpr uint32_t kMaxCpus = 8;
  uint64_t cpu_mpidr[kMaxCpus] = {};  // their "reg": the MPIDR affinity, in document order
  PsciConduit psci = PsciConduit::kNone;
  uint64_t rng_seed = 0;       // /chosen/rng-seed folded to 64 bits (QEMU makes one per boot)
  char bootargs[256] = {};     // /chosen/bootargs, truncated to fit
};

// kMalformed for a damaged blob; kNotFound when it names no memory.
Result<BootInfo> parse_boot_info(const uint8_t* blob, size_t max_len);

}  // namespace akuma::fdt
