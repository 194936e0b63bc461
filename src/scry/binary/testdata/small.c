// Source of the small non-Go executables next to this file; make_small_binaries.sh builds them.
int counter = 1;
const char* version = "go1.19.8";
int start(void) { return counter + version[0]; }
