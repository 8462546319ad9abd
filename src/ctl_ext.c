/*
 * ctl_ext: the docketctl commands whose options are their own —
 * quarantine (ctl_quarantine.c) and export (ctl_export.c).  main() hands
 * them over before it parses anything, so their options (-o, the list
 * filters with export) need no place in the shared option set; the
 * command table (when docketctl has one) takes them over as entries.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docketctl.h"

static void
ctl_ext_usage(const char *cmd)
{
	if (strcmp(cmd, "export") == 0)
		fprintf(stderr, "usage: docketctl export [--format csv|xlsx] "
		    "[-o FILE] [--disclosure D] [--status S] [--agency A] "
		    "[--flag F] [--all]\n");
	else
		fprintf(stderr, "usage: docketctl quarantine [list | show N | "
		    "retry N [--reason TEXT] | drop N --reason TEXT] "
		    "[--json]\n");
}

/* The command word: the first argument that is not an option of main's
 * (-r ROOT, -c FILE, --json); NULL when something else comes first. */
static const char *
ctl_ext_word(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-r") == 0 || strcmp(argv[i], "-c") == 0) {
			i++;
			continue;
		}
		if ((strncmp(argv[i], "-r", 2) == 0 ||
		    strncmp(argv[i], "-c", 2) == 0) && argv[i][2] != '\0')
			continue;
		if (strcmp(argv[i], "--json") == 0)
			continue;
		if (argv[i][0] == '-')
			return NULL;
		return argv[i];
	}
	return NULL;
}

int
ctl_ext_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "reason", required_argument, NULL, 'R' },
		{ "format", required_argument, NULL, 'M' },
		{ "output", required_argument, NULL, 'o' },
		{ "disclosure", required_argument, NULL, 'D' },
		{ "status", required_argument, NULL, 'S' },
		{ "agency", required_argument, NULL, 'A' },
		{ "flag", required_argument, NULL, 'F' },
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ctl_export_opts	 x;
	struct ctl		 c;
	const char		*cmd, *cfile = NULL, *root = NULL;
	char			 err[512];
	char			 optname[32];
	int			 ch, rc, quar, li;

	if ((cmd = ctl_ext_word(argc, argv)) == NULL ||
	    (strcmp(cmd, "quarantine") != 0 && strcmp(cmd, "export") != 0))
		return -1;
	quar = cmd[0] == 'q';
	memset(&c, 0, sizeof(c));
	memset(&x, 0, sizeof(x));
	optind = 1;
	while (li = -1, (ch = getopt_long(argc, argv, "c:ho:r:", longopts,
	    &li)) != -1) {
		switch (ch) {
		case 'c':
			cfile = optarg;
			break;
		case 'r':
			root = optarg;
			break;
		case 'j':
			c.json = 1;
			break;
		case 'R':
			if (!quar)
				goto only;
			c.reason = optarg;
			break;
		case 'h':
			ctl_ext_usage(cmd);
			exit(EX_OK);
		case 'M':
		case 'o':
		case 'D':
		case 'S':
		case 'A':
		case 'F':
		case 'a':
			if (quar)
				goto only;
			if (ch == 'M')
				c.format = optarg;
			else if (ch == 'o')
				x.output = optarg;
			else if (ch == 'D')
				x.disclosure = optarg;
			else if (ch == 'S')
				x.status = optarg;
			else if (ch == 'A')
				c.agency = optarg;
			else if (ch == 'F')
				x.flag = optarg;
			else
				x.all = 1;
			break;
		default:
			ctl_ext_usage(cmd);
			exit(EX_USAGE);
		}
		continue;
only:
		if (li >= 0)
			snprintf(optname, sizeof(optname), "--%s",
			    longopts[li].name);
		else
			snprintf(optname, sizeof(optname), "-%c", ch);
		ctl_die(EX_USAGE, "%s does not go with %s (see docketctl %s "
		    "--help)", optname, cmd, cmd);
	}
	/* argv[optind] is the command word now (getopt moved options). */
	optind++;
	if (config_load(&c.cf, cfile, root, err, sizeof(err)) == -1)
		ctl_die(EX_ERR, "configuration: %s", err);
	if (quar)
		rc = ctl_quarantine(&c, argc - optind, argv + optind);
	else
		rc = ctl_export(&c, &x, argc - optind, argv + optind);
	store_txn_end(c.txn);
	store_close(c.st);
	config_free(&c.cf);
	return rc;
}
