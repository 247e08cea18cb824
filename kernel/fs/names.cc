#include "kernel/fs/names.h"

#include "kernel/lib/utility.h"

namespace akuma::fs {

int compare_names(const char* a, size_t a_length, const char* b, size_t b_length) {
  int c = __builtin_memcmp(a, b, min(a_length, b_length));
  if (c != 0) return c;
  return a_length < b_length ? -1 : a_length > b_length ? 1 : 0;
}

bool find_entry(const Node* dir, const char* name, size_t length, size_t* index) {
  size_t low = 0;
  size_t high = dir->entry_count;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    const DirEntry& entry = dir->entries[middle];
    int c = compare_names(name, length, entry.name, entry.name_length);
    if (c == 0) {
      *index = middle;
      return true;
    }
    if (c < 0) high = middle;
    else low = middle + 1;
  }
  *index = low;
  return false;
}

bool is_dot(const char* name, size_t length) { return length == 1 && name[0] == '.'; }
bool is_dot_dot(const char* name, size_t length) { return length == 2 && name[0] == '.' && name[1] == '.'; }

}  // namespace akuma::fs
