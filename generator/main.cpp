#include <cstdio>
int main() { std::puts("oit: not yet"); return 0; }
