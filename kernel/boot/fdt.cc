#include "kernel/boot/fdt.h"

#include "kernel/lib/string.h"

namespace akuma::fdt {
namespace {

constexpr uint32_t kBeginNode = 1;
constexpr uint32_t kEndNode = 2;
constexpr uint32_t kProp = 3;
constexpr uint32_t kNop = 4;
constexpr uint32_t kEnd = 9;
constexpr size_t kHeaderSize = 40;

uint32_t be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

uint64_t be_cells(const uint8_t* p, uint32_t cells) {
  uint64_t v = 0;
  for (uint32_t i = 0; i < cells; ++i) v = (v << 32) | be32(p + 4 * i);
  return v;
}

size_t align4(size_t n) { return (n + 3) & ~size_t{3}; }

// Length of the NUL-terminated string at p within [p, end), or -1.
long bounded_strlen(const uint8_t* p, const uint8_t* end) {
  for (const uint8_t* q = p; q < end; ++q) {
    if (*q == 0) return q - p;
  }
  return -1;
}

struct Blob {
  const uint8_t* base;
  size_t size;
  size_t struct_off, struct_size;
  size_t strings_off, strings_size;
};

Result<Blob> open(const uint8_t* blob, size_t max_len) {
  size_t size = TRY(blob_size(blob, max_len));
  Blob b{blob, size, be32(blob + 8), be32(blob + 36), be32(blob + 12), be32(blob + 32)};
  if (b.struct_off > size || b.struct_size > size - b.struct_off) return Error::kMalformed;
  if (b.strings_off > size || b.strings_size > size - b.strings_off) return Error::kMalformed;
  if (b.struct_off % 4 != 0) return Error::kMalformed;
  return b;
}

}  // namespace

Result<size_t> blob_size(const uint8_t* blob, size_t max_len) {
  if (max_len < kHeaderSize || be32(blob) != kMagic) return Error::kMalformed;
  size_t total = be32(blob + 4);
  if (total < kHeaderSize || total > max_len) return Error::kMalformed;
  uint32_t last_compatible = be32(blob + 24);
  if (last_compatible > 17) return Error::kMalformed;  // a layout newer than version 17
  return total;
}

Result<void> for_each_property(const uint8_t* blob, size_t max_len, void (*visit)(const Property&, void*),
                               void* context) {
  Blob b = TRY(open(blob, max_len));
  const uint8_t* p = b.base + b.struct_off;
  const uint8_t* end = p + b.struct_size;
  char path[kMaxPath] = "";
  size_t path_len = 0;
  size_t lengths[kMaxDepth + 1];  // path_len before each open node
  size_t depth = 0;
  while (p + 4 <= end) {
    uint32_t token = be32(p);
    p += 4;
    switch (token) {
      case kBeginNode: {
        long n = bounded_strlen(p, end);
        if (n < 0 || depth == kMaxDepth) return Error::kMalformed;
        lengths[depth++] = path_len;
        // The root's name is empty: its path is "/". Children append "/name".
        size_t need = (path_len > 1 ? 1 : 0) + static_cast<size_t>(n) + (path_len == 0 ? 1 : 0);
        if (path_len + need + 1 > kMaxPath) return Error::kMalformed;
        if (path_len == 0) {
          path[path_len++] = '/';
        } else if (path_len > 1) {
          path[path_len++] = '/';
        }
        for (long i = 0; i < n; ++i) path[path_len++] = static_cast<char>(p[i]);
        path[path_len] = '\0';
        p += align4(static_cast<size_t>(n) + 1);
        break;
      }
      case kEndNode:
        if (depth == 0) return Error::kMalformed;
        path_len = lengths[--depth];
        path[path_len] = '\0';
        break;
      case kProp: {
        if (end - p < 8 || depth == 0) return Error::kMalformed;
        uint32_t len = be32(p);
        uint32_t name_off = be32(p + 4);
        p += 8;
        if (len > static_cast<size_t>(end - p) || name_off >= b.strings_size) return Error::kMalformed;
        const uint8_t* name = b.base + b.strings_off + name_off;
        if (bounded_strlen(name, b.base + b.strings_off + b.strings_size) < 0) return Error::kMalformed;
        visit(Property{path, reinterpret_cast<const char*>(name), p, len}, context);
        p += align4(len);
        break;
      }
      case kNop:
        break;
      case kEnd:
        return depth == 0 ? Result<void>{} : Result<void>{Error::kMalformed};
      default:
        return Error::kMalformed;
    }
  }
  return Error::kMalformed;  // no FDT_END token
}

namespace {

bool starts_with(const char* s, const char* prefix) {
  for (; *prefix; ++s, ++prefix) {
    if (*s != *prefix) return false;
  }
  return true;
}

// The node's name after the last '/'.
const char* leaf_name(const char* path) {
  const char* leaf = path;
  for (const char* p = path; *p; ++p) {
    if (*p == '/') leaf = p + 1;
  }
  return leaf;
}

bool is_child_of(const char* path, const char* parent) {
  size_t n = string_length(parent);
  if (!starts_with(path, parent) || path[n] != '/') return false;
  for (const char* p = path + n + 1; *p; ++p) {
    if (*p == '/') return false;
  }
  return true;
}

struct Collector {
  BootInfo info;
  uint32_t address_cells = 2;  // the root's; QEMU's virt uses 2 and 2
  uint32_t size_cells = 2;
  uint32_t cpu_address_cells = 1;  // /cpus's (ePAPR: 1 or 2)
  bool memory_seen = false;
};

uint64_t chosen_address(const Property& p) {
  if (p.length == 4) return be32(p.value);
  if (p.length == 8) return be_cells(p.value, 2);
  return 0;
}

void collect(const Property& p, void* context) {
  auto& c = *static_cast<Collector*>(context);
  if (string_equal(p.node_path, "/")) {
    if (string_equal(p.name, "#address-cells") && p.length == 4) c.address_cells = be32(p.value);
    if (string_equal(p.name, "#size-cells") && p.length == 4) c.size_cells = be32(p.value);
    return;
  }
  if (string_equal(p.node_path, "/chosen")) {
    if (string_equal(p.name, "linux,initrd-start")) c.info.initrd_start = chosen_address(p);
    if (string_equal(p.name, "linux,initrd-end")) c.info.initrd_end = chosen_address(p);
    if (string_equal(p.name, "rng-seed")) {
      for (uint32_t i = 0; i < p.length; ++i) c.info.rng_seed = (c.info.rng_seed << 8 | c.info.rng_seed >> 56) ^ p.value[i];
    }
    if (string_equal(p.name, "bootargs")) {
      size_t n = p.length < sizeof(c.info.bootargs) ? p.length : sizeof(c.info.bootargs) - 1;
      for (size_t i = 0; i < n; ++i) c.info.bootargs[i] = static_cast<char>(p.value[i]);
      c.info.bootargs[n] = '\0';
    }
    return;
  }
  if (string_equal(p.node_path, "/psci") && string_equal(p.name, "method")) {
    if (p.length >= 3 && p.value[0] == 'h' && p.value[1] == 'v' && p.value[2] == 'c') c.info.psci = PsciConduit::kHvc;
    if (p.length >= 3 && p.value[0] == 's' && p.value[1] == 'm' && p.value[2] == 'c') c.info.psci = PsciConduit::kSmc;
    return;
  }
  if (string_equal(p.node_path, "/cpus") && string_equal(p.name, "#address-cells") && p.length == 4) {
    c.cpu_address_cells = be32(p.value);
    return;
  }
  if (is_child_of(p.node_path, "/cpus") && starts_with(leaf_name(p.node_path), "cpu@") &&
      string_equal(p.name, "reg")) {
    uint32_t cells = c.cpu_address_cells;
    if (c.info.cpu_count < BootInfo::kMaxCpus && cells >= 1 && cells <= 2 && p.length >= 4 * cells) {
      c.info.cpu_mpidr[c.info.cpu_count] = be_cells(p.value, cells);
    }
    ++c.info.cpu_count;
    return;
  }
  // The first range of the first memory node (QEMU's virt has exactly one).
  if (is_child_of(p.node_path, "") && starts_with(leaf_name(p.node_path), "memory") &&
      string_equal(p.name, "reg") && !c.memory_seen) {
    uint32_t cells = c.address_cells + c.size_cells;
    if (c.address_cells > 2 || c.size_cells > 2 || p.length < 4 * cells) return;
    c.info.ram_base = be_cells(p.value, c.address_cells);
    c.info.ram_size = be_cells(p.value + 4 * c.address_cells, c.size_cells);
    c.memory_seen = true;
  }
}

}  // namespace

Result<BootInfo> parse_boot_info(const uint8_t* blob, size_t max_len) {
  Collector c;
  TRY(for_each_property(blob, max_len, collect, &c));
  if (!c.memory_seen || c.info.ram_size == 0) return Error::kNotFound;
  if (c.info.initrd_end < c.info.initrd_start) return Error::kMalformed;
  return c.info;
}

}  // namespace akuma::fdt
