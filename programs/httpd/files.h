// The read-only document root, generated from www/ by embed_files.py.
// content_type is filled in at start (http_parser's content_type_for).
#pragma once

#include <stddef.h>

#include "programs/httpd/http_parser.h"

namespace httpd {

extern File kFiles[];
extern const size_t kFileCount;

}  // namespace httpd
