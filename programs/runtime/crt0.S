// Program entry. Programs declare `extern "C" int main(int argc, char** argv)`:
// with -ffreestanding, C++ does not treat main specially (it would be mangled).
// The kernel enters here at EL0 with x0 = argc, x1 = argv
// (strings and pointer array on the user stack) and sp at the stack top.
.section .text.start, "ax"
.global _start
_start:
    mov     x29, #0
    mov     x30, #0
    bl      main
    bl      _exit
1:  b       1b
