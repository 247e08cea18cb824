// Executes an undefined instruction: SIGILL.
int main(void) {
  __asm__ volatile("udf #0");
  return 0;
}
