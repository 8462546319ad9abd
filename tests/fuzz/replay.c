/*
 * replay: run a fuzz target over its saved corpus without libFuzzer, so
 * `make check` re-checks every input that ever mattered (seeds and past
 * crashes) with the normal compiler.  The corpus is
 * $FUZZ_CORPUS/<target>/ (FUZZ_TARGET is set at build time).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
main(void)
{
	const char	*base = getenv("FUZZ_CORPUS");
	char		 dir[4096], path[8192];
	DIR		*d;
	struct dirent	*de;
	FILE		*fp;
	uint8_t		*buf;
	long		 len;
	int		 n = 0;

	snprintf(dir, sizeof(dir), "%s/%s", base ? base : "tests/fuzz/corpus",
	    FUZZ_TARGET);
	if ((d = opendir(dir)) == NULL) {
		perror(dir);
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if ((fp = fopen(path, "rb")) == NULL)
			continue;
		fseek(fp, 0, SEEK_END);
		len = ftell(fp);
		rewind(fp);
		if (len < 0 || (buf = malloc((size_t)len + 1)) == NULL) {
			fclose(fp);
			continue;
		}
		if (fread(buf, 1, (size_t)len, fp) == (size_t)len) {
			LLVMFuzzerTestOneInput(buf, (size_t)len);
			n++;
		}
		free(buf);
		fclose(fp);
	}
	closedir(d);
	printf("%s: replayed %d inputs\n", FUZZ_TARGET, n);
	return n > 0 ? 0 : 1;
}
