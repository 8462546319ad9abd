/*
 * ctl_export: docketctl export — the 台账 (ledger).
 */
#include "docketctl.h"

int
ctl_export(struct ctl *c, struct ctl_export_opts *x, int argc, char **argv)
{
	(void)c; (void)x; (void)argc; (void)argv;
	ctl_die(EX_ERR, "export: not yet");
}
