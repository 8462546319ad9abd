/*
 * marking: the disclosure rules of a 公文.  Reads the 附注 marking
 * (（此件公开发布） and its kin), the reason given for holding a document
 * back, and the 密级 of the 版头, and decides the disclosure.  Used by
 * gongwen; pure functions, no I/O.
 */
#ifndef DOCKET_MARKING_H
#define DOCKET_MARKING_H

#include <stddef.h>

#include "gongwen.h"

#define MARKING_MAX_FOUND	8

struct marking {
	enum disclosure	 disclosure;
	const char	*phrase;	/* static, e.g. 此件依申请公开; NULL */
	char		*reason;	/* malloc'd, NULL when none */
	char		*secrecy;	/* malloc'd 密级, e.g. 机密★5年; NULL */
	const char	*secrecy_level;	/* static 秘密, 机密 or 绝密; NULL */
	char		*secrecy_term;	/* malloc'd 保密期限, e.g. 5年, 长期;
					 * NULL when none is given */
	unsigned int	 flags;		/* GW_FLAG_NO_MARKING,
					 * GW_FLAG_CONFLICTING_MARKINGS,
					 * GW_FLAG_MISSING_REASON,
					 * GW_FLAG_CLASSIFIED */
	/* Every marking found, in text order (static phrases), and why
	 * one won when they disagree (static Chinese sentence; NULL when
	 * there was nothing to decide). */
	const char	*found[MARKING_MAX_FOUND];
	size_t		 nfound;
	const char	*decision;
};

/*
 * Read the disclosure of text[0..len) (UTF-8, LF line ends).  The 密级 is
 * looked for only in text[0..header_len), the 版头 before the title.
 * Returns 0, or -1 on allocation failure.  m is zeroed first.
 */
int		 marking_read(const char *text, size_t len, size_t header_len,
		    struct marking *m);
void		 marking_clear(struct marking *m);
/* The disclosure a marking phrase (此件公开发布 …) stands for. */
enum disclosure	 marking_phrase_disclosure(const char *phrase);

#endif
