// Trees built by recursion: a recursive-descent parser turns generated arithmetic
// expressions (nested parentheses, calls with arguments, unary minus) into ASTs,
// evaluates and frees them. Every node is allocated inside the recursion, so its
// allocation stack holds the path of parser calls that led to it: a leak checker that
// records 30 frames sees many distinct stacks (hundreds of thousands here), and what
// it costs to store and look up each distinct stack is what this workload measures.
// Expressions repeat (512 of them, each parsed about 30 times), so most stacks recur, as
// in a compiler parsing many similar functions.
// At scale 100 it makes about 11 million allocations and runs about a second
// uninstrumented. Everything is freed; the exit code is 0.
// Usage: recursive [SCALE_PERCENT [SHAPES]]   (defaults 100, 512; with SHAPES at least
// the number of expressions, no expression repeats and nearly every node has a stack
// of its own)
// Prints: recursive: expressions=E nodes=N checksum=C
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

// ---- Generating the text --------------------------------------------------------------
struct Gen {
  char *out, *end;
  unsigned x;
  unsigned Next() { return x = x * 1103515245u + 12345u, x >> 8; }
  void Put(char c) {
    if (out < end) *out++ = c;
  }
  void Number() {
    unsigned v = Next() % 1000;
    char buf[8];
    int n = snprintf(buf, sizeof buf, "%u", v);
    for (int i = 0; i < n; i++) Put(buf[i]);
  }
  void Expr(int depth) {
    int terms = 1 + (int)(Next() % 3);
    for (int i = 0; i < terms; i++) {
      if (i) Put("+-*/"[Next() % 4]);
      Primary(depth);
    }
  }
  void Primary(int depth) {
    unsigned r = Next() % 16;
    if (depth <= 0 || r < 5) return Number();
    if (r < 7) return Put('x');
    if (r < 8) {
      Put('-');
      return Primary(depth - 1);
    }
    if (r < 11) {
      Put('f');
      Put('(');
      int args = 1 + (int)(Next() % 3);
      for (int i = 0; i < args; i++) {
        if (i) Put(',');
        Expr(depth - 1);
      }
      return Put(')');
    }
    Put('(');
    Expr(depth - 1);
    Put(')');
  }
};

// ---- The AST and the parser -----------------------------------------------------------
enum Kind { kNum, kVar, kNeg, kAdd, kSub, kMul, kDiv, kCall };

struct Node {
  Kind kind;
  long value;
  Node *a, *b;      // operands (kNeg: a)
  Node **args;      // kCall
  int num_args;
};

long g_nodes;

Node *New(Kind k) {
  ++g_nodes;
  return new Node{k, 0, nullptr, nullptr, nullptr, 0};
}

struct Parser {
  const char *p;

  Node *Expr() {
    Node *left = Term();
    while (*p == '+' || *p == '-') {
      Kind k = *p++ == '+' ? kAdd : kSub;
      Node *n = New(k);
      n->a = left;
      n->b = Term();
      left = n;
    }
    return left;
  }
  Node *Term() {
    Node *left = Unary();
    while (*p == '*' || *p == '/') {
      Kind k = *p++ == '*' ? kMul : kDiv;
      Node *n = New(k);
      n->a = left;
      n->b = Unary();
      left = n;
    }
    return left;
  }
  Node *Unary() {
    if (*p == '-') {
      ++p;
      Node *n = New(kNeg);
      n->a = Unary();
      return n;
    }
    return Primary();
  }
  Node *Primary() {
    if (*p == '(') {
      ++p;
      Node *n = Expr();
      if (*p == ')') ++p;
      return n;
    }
    if (*p == 'x') {
      ++p;
      return New(kVar);
    }
    if (*p == 'f') {
      p += 2;  // "f("
      Node *n = New(kCall);
      Node *args[8];
      int count = 0;
      do {
        if (*p == ',') ++p;
        Node *arg = Expr();
        if (count < 8) args[count++] = arg;
      } while (*p == ',');
      if (*p == ')') ++p;
      n->args = new Node *[count];
      memcpy(n->args, args, sizeof(Node *) * count);
      n->num_args = count;
      return n;
    }
    Node *n = New(kNum);
    while (*p >= '0' && *p <= '9') n->value = n->value * 10 + (*p++ - '0');
    return n;
  }
};

long Eval(const Node *n, long x) {
  switch (n->kind) {
    case kNum: return n->value;
    case kVar: return x;
    case kNeg: return -Eval(n->a, x);
    case kAdd: return Eval(n->a, x) + Eval(n->b, x);
    case kSub: return Eval(n->a, x) - Eval(n->b, x);
    case kMul: return Eval(n->a, x) * Eval(n->b, x) % 1000003;
    case kDiv: {
      long d = Eval(n->b, x);
      return d ? Eval(n->a, x) / d : 0;
    }
    case kCall: {
      long s = 0;
      for (int i = 0; i < n->num_args; i++) s = s * 31 + Eval(n->args[i], x);
      return s % 1000003;
    }
  }
  return 0;
}

void Free(Node *n) {
  if (n->a) Free(n->a);
  if (n->b) Free(n->b);
  for (int i = 0; i < n->num_args; i++) Free(n->args[i]);
  delete[] n->args;
  delete n;
}

}  // namespace

int main(int argc, char **argv) {
  int scale = argc > 1 ? atoi(argv[1]) : 100;
  if (scale <= 0) scale = 100;
  long shapes = argc > 2 ? atol(argv[2]) : 512;  // distinct expressions
  if (shapes <= 0) shapes = 512;
  static char text[1 << 20];
  long expressions = 16000L * scale / 100;
  unsigned long checksum = 0;
  for (long i = 0; i < expressions; i++) {
    // `shapes` seeds, each used expressions / shapes times: the stacks recur.
    Gen g{text, text + sizeof text - 1, (unsigned)(i % shapes) * 2654435761u + 1};
    g.Expr(12);
    *g.out = 0;
    Parser parser{text};
    Node *root = parser.Expr();
    checksum = checksum * 131 + (unsigned long)Eval(root, (long)i);
    Free(root);
  }
  printf("recursive: expressions=%ld nodes=%ld checksum=%lu\n", expressions, g_nodes, checksum);
  return 0;
}
