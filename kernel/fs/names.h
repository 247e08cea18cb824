// Directory entry names: ordering and lookup (internal to kernel/fs).
#pragma once

#include <stddef.h>

#include "kernel/fs/node.h"

namespace akuma::fs {

// Bytewise order; a name sorts before the longer names it begins.
int compare_names(const char* a, size_t a_length, const char* b, size_t b_length);

// Binary search of a tree directory's entries: true and the entry's index if
// `name` is there, otherwise false and the index where it would go.
bool find_entry(const Node* dir, const char* name, size_t length, size_t* index);

bool is_dot(const char* name, size_t length);
bool is_dot_dot(const char* name, size_t length);

}  // namespace akuma::fs
