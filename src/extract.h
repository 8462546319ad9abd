/*
 * extract: turn a document's bytes into UTF-8 text, by format.  The
 * dispatch table maps a file name extension to an extractor; later
 * formats (docx, ofd, html, external tools for pdf) plug in here.
 */
#ifndef DOCKET_EXTRACT_H
#define DOCKET_EXTRACT_H

#include <stddef.h>

struct extract_result {
	char		*text;		/* malloc'd UTF-8, LF line ends */
	size_t		 len;
	const char	*format;	/* "txt", ... (static) */
	const char	*charset;	/* what the input was, or NULL */
};

/* Extract by the extension of name.  0, or -1 with a one-line reason in
 * err (the file goes to quarantine). */
int	 extract_text(const char *name, const unsigned char *buf, size_t len,
	    struct extract_result *, char *err, size_t errlen);
void	 extract_result_free(struct extract_result *);

/* The format name an extension maps to, or NULL when unsupported. */
const char *extract_format(const char *name);

#endif
