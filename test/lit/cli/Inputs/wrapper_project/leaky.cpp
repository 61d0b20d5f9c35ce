// Leaks one block.
#include <string>

std::string *volatile sink;

int main() {
  sink = new std::string(40, 'x');
  sink = nullptr;
  return 0;
}
