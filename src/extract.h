/*
 * extract: turn a document's bytes into UTF-8 text, by format.  The
 * dispatch table maps a file name extension to a reader; extensions with
 * an external command in [extract] of docketd.conf (pdf by default) run
 * that command.
 */
#ifndef DOCKET_EXTRACT_H
#define DOCKET_EXTRACT_H

#include <stddef.h>

struct config;

struct extract_ctx {
	const char		*path;	/* the file on disk (external tools) */
	const struct config	*cf;	/* [extract] settings; may be NULL */
};

struct extract_result {
	char		*text;		/* malloc'd UTF-8, LF line ends */
	size_t		 len;
	const char	*format;	/* "txt", "docx", "ofd", "html", "pdf"… */
	const char	*charset;	/* what the input was, or NULL */
	char		 formatbuf[16];
};

/* Extract by the extension of name.  0, or -1 with a one-line reason in
 * err (the file goes to quarantine). */
int	 extract_text(const char *name, const unsigned char *buf, size_t len,
	    const struct extract_ctx *, struct extract_result *, char *err,
	    size_t errlen);
void	 extract_result_free(struct extract_result *);

#endif
