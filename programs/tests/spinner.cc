// Spins forever in user mode: only preemption lets anything else run.
extern "C" int main() {
  for (volatile unsigned long i = 0;; i = i + 1) {
  }
}
