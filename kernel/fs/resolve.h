// Path resolution (internal to kernel/fs; Tree::resolve is the public face).
#pragma once

#include <stddef.h>

#include "kernel/fs/node.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/result.h"

namespace akuma::fs {

Result<Node*> resolve_path(Node* root, Node* start, const char* path, size_t length, Follow follow_last,
                           const Caller* caller);

}  // namespace akuma::fs
