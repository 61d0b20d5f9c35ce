// The demo: a program that loses a linked list and a buffer.
//   leakscope-clang++ -g examples/leaky.cpp -o leaky && ./leaky
// reports one direct leak (the list's head), indirect leaks (the other nodes, reachable
// only through the head) and a direct leak of the buffer; exit code 23.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Node {
  Node *next;
  int value;
};

static Node *BuildList(int n) {
  Node *head = nullptr;
  for (int i = 0; i < n; i++) head = new Node{head, i};
  return head;
}

static char *FormatGreeting(const char *name) {
  char *buf = (char *)malloc(64);
  snprintf(buf, 64, "hello, %s", name);
  return buf;
}

int main() {
  Node *list = BuildList(10);
  printf("list head holds %d\n", list->value);
  list = nullptr;  // the whole list is lost here

  char *greeting = FormatGreeting("world");
  puts(greeting);
  greeting = strdup("forgotten");  // the first buffer is lost here
  free(greeting);
  return 0;
}
