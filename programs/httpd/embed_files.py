"""Writes a C++ source holding the files httpd serves (read-only, in the program image).

    embed_files.py OUT.cc ROOT FILE...   (each FILE under ROOT is served as /its/relative/path)
"""
import os
import sys


def main() -> None:
    out, root, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    lines = ['#include "programs/httpd/files.h"', "", "namespace httpd {", "namespace {", ""]
    entries = []
    for i, path in enumerate(sorted(files)):
        data = open(path, "rb").read()
        url = "/" + os.path.relpath(path, root).replace(os.sep, "/")
        body = ", ".join(str(b) for b in data)
        lines.append(f"const char kData{i}[] = {{{body}}};  // {url}")
        entries.append(f'    {{"{url}", nullptr, kData{i}, sizeof(kData{i})}},')
    lines += ["", "}  // namespace", "", "File kFiles[] = {", *entries, "};",
              "const size_t kFileCount = sizeof(kFiles) / sizeof(kFiles[0]);", "", "}  // namespace httpd", ""]
    open(out, "w").write("\n".join(lines))


if __name__ == "__main__":
    main()
