// Allocation-heavy microbenchmark: what a leak checker's allocator and stack recording
// cost when nearly all the work is malloc/free. Three phases, each a common C++ pattern:
//   1. std::map<std::string, std::vector<int>> inserts (node, key string and vector growth
//      allocations, then freed all at once when the map dies);
//   2. a complete binary tree built and freed (one size, LIFO-ish frees), iteratively:
//      built by recursion, every node would have its own 30-frame allocation stack
//      (the left/right path is in the return addresses), which measures how a checker
//      stores millions of distinct stacks rather than what an allocation costs;
//   3. mixed-size buffers in a ring (8 B .. 64 KiB, freed in a different order).
// At scale 1 it makes about 7 million allocations and runs about a second uninstrumented.
// Everything is freed before exit, so a leak checker finds nothing and the exit code is 0.
// Usage: micro [SCALE_PERCENT]   (default 100)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

static unsigned long g_checksum;

static void MapPhase(int entries) {
  std::map<std::string, std::vector<int>> m;
  char key[48];
  for (int i = 0; i < entries * 6; ++i) {
    // Keys longer than the small-string buffer, so each one is a heap allocation.
    int k = (int)((unsigned)i * 2654435761u % (unsigned)entries);
    snprintf(key, sizeof key, "benchmark-key-%09d", k);
    m[std::string(key)].push_back(i);
  }
  for (auto &kv : m) g_checksum += kv.first.size() + kv.second.size();
}

struct Node {
  Node *left, *right;
  long value;
};

// Breadth-first: level by level, each node gets two children.
static Node *Build(int depth, long value) {
  std::vector<Node *> level{new Node{nullptr, nullptr, value}}, next;
  Node *root = level[0];
  for (int d = 0; d < depth; ++d) {
    next.clear();
    for (Node *n : level) {
      n->left = new Node{nullptr, nullptr, 2 * n->value};
      n->right = new Node{nullptr, nullptr, 2 * n->value + 1};
      next.push_back(n->left);
      next.push_back(n->right);
    }
    level.swap(next);
  }
  return root;
}

// Depth-first with an explicit stack, children before parents.
static long SumAndFree(Node *root) {
  long s = 0;
  std::vector<Node *> todo{root};
  while (!todo.empty()) {
    Node *n = todo.back();
    todo.pop_back();
    if (n->left) todo.push_back(n->left);
    if (n->right) todo.push_back(n->right);
    s += n->value;
    delete n;
  }
  return s;
}

static void BufferPhase(int count) {
  enum { kRing = 4096 };
  static void *ring[kRing];
  unsigned x = 12345;
  for (int i = 0; i < count; ++i) {
    x = x * 1103515245u + 12345u;
    unsigned r = (x >> 8) & 1023;
    // Mostly small, some medium, a few large.
    size_t size = r < 700 ? 8 + (r % 120) : r < 1000 ? 128 + (r % 32) * 64 : 4096 + (r % 16) * 4096;
    unsigned slot = (x >> 4) % kRing;
    free(ring[slot]);
    char *p = (char *)malloc(size);
    p[0] = (char)i;
    p[size - 1] = (char)r;
    g_checksum += (unsigned char)p[0];
    ring[slot] = p;
  }
  for (void *&p : ring) free(p), p = nullptr;
}

int main(int argc, char **argv) {
  int scale = argc > 1 ? atoi(argv[1]) : 100;
  if (scale <= 0) scale = 100;
  MapPhase(100000 * scale / 100);
  for (int i = 0; i < 3; ++i) g_checksum += SumAndFree(Build(scale >= 100 ? 19 : 16, i));
  BufferPhase(3000000 * scale / 100);
  printf("micro: checksum %lu\n", g_checksum);
  return 0;
}
