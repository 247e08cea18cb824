"""JUnit XML for `$XML_OUTPUT_FILE`: bazel keeps it as test.xml and CI systems read it.

One testsuite per test target, one testcase per block of its golden (golden.blocks: a typed
command, a host action, a block of a variant's output) with its time and, on failure, the
class and the report; the transcript goes into the suite's system-out.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

# Characters XML 1.0 cannot carry (a kernel may print any byte): shown as U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


@dataclass
class Case:
    name: str
    classname: str
    time: float
    failure: tuple[str, str, str] | None = None  # (type, message, text)
    skipped: str | None = None


def render(suite: str, cases: list[Case], system_out: str) -> str:
    failures = sum(1 for c in cases if c.failure)
    skipped = sum(1 for c in cases if c.skipped)
    total = sum(c.time for c in cases)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": "0", "skipped": str(skipped)}
    root = ET.Element("testsuites", {**counts, "time": f"{total:.3f}"})
    node = ET.SubElement(root, "testsuite", {"name": suite, **counts, "time": f"{total:.3f}"})
    for case in cases:
        attrs = {"name": _clean(case.name), "classname": _clean(f"{suite} {case.classname}".strip()),
                 "time": f"{case.time:.3f}"}  # fmt: skip
        element = ET.SubElement(node, "testcase", attrs)
        if case.failure is not None:
            kind, message, text = case.failure
            failure = ET.SubElement(element, "failure", {"type": kind, "message": _clean(message)})
            failure.text = _clean(text)
        elif case.skipped is not None:
            ET.SubElement(element, "skipped", {"message": _clean(case.skipped)})
    ET.SubElement(node, "system-out").text = _clean(system_out)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write(path: str | Path, suite: str, cases: list[Case], system_out: str) -> None:
    Path(path).write_text(render(suite, cases, system_out), encoding="utf-8")
