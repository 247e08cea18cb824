#include "kernel/proc/program_image.h"

extern "C" const uint8_t program_image_start[];
extern "C" const uint8_t program_image_end[];

namespace akuma::proc {
namespace {

constexpr uint32_t kMagic = 0x49504b41;  // "AKPI"

struct Header {
  uint32_t magic;
  uint32_t version;
  uint32_t count;
  uint32_t reserved;
};

struct Entry {
  char name[kProgramNameLen];
  uint64_t offset;
  uint64_t size;
};

bool same_name(const char* fixed, const char* name) {
  for (size_t i = 0; i < kProgramNameLen; ++i) {
    if (fixed[i] != name[i]) return false;
    if (name[i] == '\0') return true;
  }
  return false;
}

// The image's entry table, once its header is checked.
struct Table {
  const Entry* entries;
  uint32_t count;
  size_t size;
};

Result<Table> table() {
  const size_t size = static_cast<size_t>(program_image_end - program_image_start);
  if (size < sizeof(Header)) return Error::kMalformed;
  const auto* h = reinterpret_cast<const Header*>(program_image_start);
  if (h->magic != kMagic || h->version != 1) return Error::kMalformed;
  if (h->count > (size - sizeof(Header)) / sizeof(Entry)) return Error::kMalformed;
  return Table{reinterpret_cast<const Entry*>(program_image_start + sizeof(Header)), h->count, size};
}

}  // namespace

Result<ProgramBlob> find_program(const char* name) {
  Table t = TRY(table());
  const size_t size = t.size;
  for (uint32_t i = 0; i < t.count; ++i) {
    const Entry& e = t.entries[i];
    if (!same_name(e.name, name)) continue;
    if (e.offset > size || e.size > size - e.offset) return Error::kMalformed;
    return ProgramBlob{program_image_start + e.offset, static_cast<size_t>(e.size)};
  }
  return Error::kNotFound;
}

const char* program_name(size_t i, char (&out)[kProgramNameLen + 1]) {
  auto t = table();
  if (!t.ok() || i >= t.value().count) return nullptr;
  __builtin_memcpy(out, t.value().entries[i].name, kProgramNameLen);
  out[kProgramNameLen] = '\0';
  return out;
}

}  // namespace akuma::proc
