// Executes a permanently undefined instruction.
extern "C" int main() {
  asm volatile("udf #0");
  return 0;
}
