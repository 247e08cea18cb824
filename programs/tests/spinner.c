// Computes forever without a syscall: only a kill ends it.
int main(void) {
  for (volatile unsigned long i = 0;; i = i + 1) {
  }
}
