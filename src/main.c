/* main.c — the dxtrack binary: everything happens in cli/. */
#include "cli/cli.h"

/* Under the sanitizers (-DDX_SANITIZE=ON): fontconfig 2.14 keeps a few hundred bytes of its own
 * configuration until exit, which LeakSanitizer would report after every `report pdf`. The
 * sanitizer runtime asks for this function by name; it changes nothing in a normal build. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
