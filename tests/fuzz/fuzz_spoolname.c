/*
 * fuzz_spoolname: libFuzzer target for spool names; a spool/ directory
 * may hold names docket did not write, and a claim must not forget where
 * a file came from.
 *
 * Properties (abort() when broken):
 *  - decode: any name gives a clean refusal or an agency and a name, and
 *    what decodes re-encodes;
 *  - round trip: the input is "AGENCY\nNAME" (or NAME alone).  When it
 *    can be encoded, decoding gives back the agency, the name and the
 *    time exactly — unless the name is too long for one file name, when
 *    the decoded name keeps the extension (at most 16 bytes: it decides
 *    the reader) and a prefix of the stem, and the agency its first 95
 *    bytes, cut on a character (the whole name and agency are then kept
 *    in spool/.meta by spoolmeta.c, outside the spool name).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spoolname.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* spoolname.c: SPOOLNAME_MAX, the agency's escaped room, EXT_MAX. */
#define P_NAME_MAX	255
#define P_AGENCY_ROOM	95
#define P_EXT_MAX	16

/* Bytes s takes once escaped ('%' and '#' as %XX). */
static size_t
p_esclen(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += (*s == '%' || *s == '#') ? 3 : 1;
	return n;
}

static int
p_prefix(const char *pre, const char *s)
{
	return strncmp(s, pre, strlen(pre)) == 0;
}

static void
p_roundtrip(const char *agency, const char *name)
{
	char		 sp[512], ag[512], nm[512];
	const char	*dot, *ndot;
	int64_t		 ms;
	size_t		 head;

	if (spoolname_make(sp, sizeof(sp), 1700000000123LL, 42, agency,
	    name) == -1)
		return;		/* refused: the claim logs and retries */
	if (strlen(sp) > P_NAME_MAX)
		abort();
	if (spoolname_parse(sp, &ms, ag, sizeof(ag), nm, sizeof(nm)) == -1)
		abort();
	if (ms != 1700000000123LL)
		abort();
	/* the agency: whole when it fits its room, else a prefix */
	if (p_esclen(agency) <= P_AGENCY_ROOM) {
		if (strcmp(ag, agency) != 0)
			abort();
	} else if (!p_prefix(ag, agency))
		abort();
	head = strlen("1700000000123-000042##") + p_esclen(ag);
	if (head + p_esclen(name) <= P_NAME_MAX) {
		if (strcmp(nm, name) != 0)
			abort();
		return;
	}
	/* cut: the extension survives, and the stem's start */
	dot = strrchr(name, '.');
	if (dot != NULL && dot != name && strlen(dot) <= P_EXT_MAX) {
		ndot = strrchr(nm, '.');
		if (ndot == NULL || strcmp(ndot, dot) != 0)
			abort();
		if (strncmp(nm, name, (size_t)(ndot - nm)) != 0)
			abort();
	} else if (!p_prefix(nm, name))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	 name[256], agency[256], out[256], *s, *nl;
	char	 ag2[256], nm2[256], t[64];
	int64_t	 ms, ms2;
	int	 hd;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (spoolname_parse(s, &ms, agency, sizeof(agency), name,
	    sizeof(name)) == 0 && name[0] != '\0' && ms >= 0 &&
	    spoolname_make(out, sizeof(out), ms, 1, agency, name) == 0) {
		/* what decodes re-encodes, and decodes the same again
		 * (when nothing had to be cut) */
		if (spoolname_parse(out, &ms2, ag2, sizeof(ag2), nm2,
		    sizeof(nm2)) == -1 || ms2 != ms)
			abort();
		hd = snprintf(t, sizeof(t), "%013lld-%06u##",
		    (long long)ms, 1u);
		if (p_esclen(agency) <= P_AGENCY_ROOM && p_esclen(agency) +
		    p_esclen(name) + (size_t)hd <= P_NAME_MAX &&
		    (strcmp(ag2, agency) != 0 || strcmp(nm2, name) != 0))
			abort();
	}
	if ((nl = strchr(s, '\n')) != NULL) {
		*nl = '\0';
		p_roundtrip(s, nl + 1);
	} else
		p_roundtrip("", s);
	free(s);
	return 0;
}
