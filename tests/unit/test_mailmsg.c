/*
 * Unit tests for mailmsg: address parsing (good and bad forms) and list
 * splitting; composed messages checked line by line (CRLF only, header
 * lines within 998 bytes and within 76 where they hold encoded-words,
 * every encoded-word within 75 and cut between characters), decoded back
 * (a small base64, RFC 2047 and RFC 2231 decoder here), with exactly the
 * expected header fields; CR, LF and other control characters in the
 * subject, display names and file names never start a header of their
 * own; multipart with a CSV attachment.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <cmocka.h>

#include "mailmsg.h"
#include "utf8.h"

#define NOW	1718000000	/* 2024-06-10 06:13:20 UTC */

static const char *single_hdrs[] = { "Date", "From", "To", "Subject",
    "Message-ID", "MIME-Version", "Content-Type",
    "Content-Transfer-Encoding", NULL };
static const char *multi_hdrs[] = { "Date", "From", "To", "Subject",
    "Message-ID", "MIME-Version", "Content-Type", NULL };

/* --- decoding helpers -------------------------------------------------- */

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decode base64, skipping CR and LF; fails the test on anything else. */
static char *
b64dec(const char *s, size_t n, size_t *outlen)
{
	char		*out = malloc(n + 1);
	size_t		 i, o = 0;
	uint32_t	 acc = 0;
	int		 bits = 0, v, pad = 0;

	assert_non_null(out);
	for (i = 0; i < n; i++) {
		if (s[i] == '\r' || s[i] == '\n')
			continue;
		if (s[i] == '=') {
			pad++;
			continue;
		}
		assert_int_equal(pad, 0);
		v = b64val((unsigned char)s[i]);
		assert_true(v >= 0);
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)(acc >> bits & 0xff);
		}
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* The header block (up to the blank line), NUL-terminated copy. */
static char *
head_of(const char *msg)
{
	const char	*e = strstr(msg, "\r\n\r\n");

	assert_non_null(e);
	return strndup(msg, (size_t)(e - msg) + 2);
}

/* The unfolded value of field name in a header block, or NULL. */
static char *
field(const char *head, const char *name)
{
	const char	*p = head, *e;
	char		*v, *o;
	size_t		 n = strlen(name);

	for (;;) {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':')
			break;
		if ((p = strstr(p, "\r\n")) == NULL)
			return NULL;
		p += 2;
		if (*p == '\0' || strncmp(p, "\r\n", 2) == 0)
			return NULL;
	}
	p += n + 1;
	for (e = p; (e = strstr(e, "\r\n")) != NULL && (e[2] == ' ' ||
	    e[2] == '\t'); e += 2)
		;
	assert_non_null(e);
	v = malloc((size_t)(e - p) + 1);
	assert_non_null(v);
	for (o = v; p < e; p++) {
		if (p[0] == '\r' && p[1] == '\n') {
			p++;
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	/* The one blank after the colon is not part of the value. */
	if (v[0] == ' ')
		memmove(v, v + 1, strlen(v));
	return v;
}

/* Decode RFC 2047 encoded-words (UTF-8, B) in an unfolded value; blanks
 * between adjacent encoded-words go.  Each word on its own must be whole
 * UTF-8 characters. */
static char *
ew_decode(const char *v)
{
	char		*out = malloc(strlen(v) + 1), *d;
	const char	*p = v, *q, *e;
	size_t		 o = 0, dn, i, k;
	int		 prev_ew = 0;

	assert_non_null(out);
	while (*p != '\0') {
		if (strncmp(p, "=?UTF-8?B?", 10) == 0) {
			e = strstr(p + 10, "?=");
			assert_non_null(e);
			assert_true(e + 2 - p <= 75);
			d = b64dec(p + 10, (size_t)(e - p - 10), &dn);
			for (i = 0; i < dn; i += k) {
				k = utf8_valid_len((unsigned char *)d + i,
				    dn - i);
				assert_true(k > 0);	/* not cut inside */
			}
			memcpy(out + o, d, dn);
			o += dn;
			free(d);
			p = e + 2;
			prev_ew = 1;
			continue;
		}
		if (prev_ew && (*p == ' ' || *p == '\t')) {
			for (q = p; *q == ' ' || *q == '\t'; q++)
				;
			if (strncmp(q, "=?UTF-8?B?", 10) == 0) {
				p = q;
				continue;
			}
		}
		prev_ew = 0;
		out[o++] = *p++;
	}
	out[o] = '\0';
	return out;
}

/*
 * The checks every message must pass: CR only before LF and LF only
 * after CR; no line over 998 bytes; header lines with encoded-words
 * within 76; no header line starting with "Bcc:"; and the header field
 * names exactly names, in order.
 */
static void
check_message(const char *msg, size_t len, const char **names)
{
	const char	*p, *e, *end = msg + len;
	char		*head, name[64];
	size_t		 i, n, k = 0;

	assert_int_equal(strlen(msg), len);
	for (i = 0; i < len; i++) {
		if (msg[i] == '\r')
			assert_true(i + 1 < len && msg[i + 1] == '\n');
		if (msg[i] == '\n')
			assert_true(i > 0 && msg[i - 1] == '\r');
		assert_true((unsigned char)msg[i] < 0x80);
	}
	assert_true(len >= 2 && msg[len - 2] == '\r' && msg[len - 1] == '\n');
	for (p = msg; p < end; p = e + 2) {
		e = strstr(p, "\r\n");
		assert_non_null(e);
		assert_true(e - p <= 998);
	}

	head = head_of(msg);
	for (p = head; *p != '\0'; p = e + 2) {
		e = strstr(p, "\r\n");
		n = (size_t)(e - p);
		if (memmem(p, n, "=?", 2) != NULL)
			assert_true(n <= 76);
		assert_true(strncasecmp(p, "Bcc:", 4) != 0);
		if (*p == ' ' || *p == '\t')
			continue;
		n = strcspn(p, ":");
		assert_true(n < sizeof(name));
		memcpy(name, p, n);
		name[n] = '\0';
		assert_non_null(names[k]);
		assert_string_equal(name, names[k]);
		k++;
	}
	assert_null(names[k]);
	free(head);
}

/* The body after the header block, base64-decoded. */
static char *
body_of(const char *msg, size_t *n)
{
	const char	*b = strstr(msg, "\r\n\r\n");
	const char	*p, *e;

	assert_non_null(b);
	b += 4;
	/* Base64 lines of 76, the last one maybe shorter. */
	for (p = b; *p != '\0'; p = e + 2) {
		e = strstr(p, "\r\n");
		assert_non_null(e);
		if (e[2] != '\0')
			assert_int_equal(e - p, 76);
		else
			assert_true(e - p <= 76);
	}
	return b64dec(b, strlen(b), n);
}

static void
addr(struct mail_addr *a, const char *s)
{
	char	err[256];

	if (mail_addr_parse(s, a, err, sizeof(err)) != 0)
		fail_msg("%s: %s", s, err);
}

/* --- addresses --------------------------------------------------------- */

static void
test_addr_good(void **state)
{
	static const struct {
		const char	*in, *name, *addr;
	} t[] = {
		{ "李秘书 <li@czj.example.gov.cn>", "李秘书",
		    "li@czj.example.gov.cn" },
		{ "<a@b.cn>", "", "a@b.cn" },
		{ "a@b.cn", "", "a@b.cn" },
		{ "  a@b.cn\t", "", "a@b.cn" },
		{ "\"Li, Mi\" <a@b.cn>", "Li, Mi", "a@b.cn" },
		{ "\"Li \\\"Q\\\" Mi\"   <a@b.cn>  ", "Li \"Q\" Mi", "a@b.cn" },
		{ "\"a <b@c.cn>\" <d@e.cn>", "a <b@c.cn>", "d@e.cn" },
		{ "Li  Mi <li.mi+rpt@sub.example.gov.cn>", "Li Mi",
		    "li.mi+rpt@sub.example.gov.cn" },
		{ "x@[192.0.2.1]", "", "x@[192.0.2.1]" },
		{ "Li\r\nBcc: x <a@b.cn>", "Li Bcc: x", "a@b.cn" },
		{ "政务公开办公室 <gongkai@example.gov.cn>", "政务公开办公室",
		    "gongkai@example.gov.cn" },
	};
	struct mail_addr	a;
	char			err[256];
	size_t			i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		err[0] = '\0';
		if (mail_addr_parse(t[i].in, &a, err, sizeof(err)) != 0)
			fail_msg("%s: %s", t[i].in, err);
		assert_string_equal(a.name, t[i].name);
		assert_string_equal(a.addr, t[i].addr);
	}
}

static void
test_addr_bad(void **state)
{
	static const struct {
		const char	*in, *why;
	} t[] = {
		{ "", "empty" },
		{ "   ", "empty" },
		{ "<>", "empty" },
		{ "李秘书 <>", "empty" },
		{ "foo", "no '@'" },
		{ "李秘书", "no '@'" },
		{ "li mi@x.cn", "space" },
		{ "李秘书 li@x.cn", "space" },
		{ "<li mi@x.cn>", "space" },
		{ "<a@b.cn", "missing '>'" },
		{ "Li <a@b.cn", "missing '>'" },
		{ "a@b.cn>", "'>' without '<'" },
		{ "<a\r\n@b.cn>", "line break" },
		{ "<a@b.cn\n>", "line break" },
		{ "<a\x01@b.cn>", "control character" },
		{ "<a\x7f@b.cn>", "control character" },
		{ "\"Li <a@b.cn>", "unterminated quote" },
		{ "\"Li", "unterminated quote" },
		{ "<a@b.cn> x", "text after '>'" },
		{ "a@@b.cn", "more than one '@'" },
		{ "a@b@c.cn", "more than one '@'" },
		{ "@b.cn", "nothing before '@'" },
		{ "a@", "nothing after '@'" },
		{ ".a@b.cn", "misplaced '.'" },
		{ "a..b@c.cn", "misplaced '.'" },
		{ "a.@c.cn", "misplaced '.'" },
		{ "a@-b.cn", "invalid domain" },
		{ "a@b..cn", "invalid domain" },
		{ "a@b_c.cn", "invalid domain" },
		{ "a@[1.2.3.4", "invalid domain" },
		{ "李@b.cn", "non-ASCII" },
		{ "a@例子.cn", "non-ASCII" },
		{ "<a(b)@c.cn>", "invalid character '('" },
		{ "<\"a\"@c.cn>", "invalid character '\"'" },
		{ "<a,b@c.cn>", "invalid character ','" },
		{ "<a<b@c.cn>", "invalid character '<'" },
	};
	struct mail_addr	a;
	char			err[256], big[600];
	size_t			i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		err[0] = '\0';
		memset(&a, 'x', sizeof(a));
		if (mail_addr_parse(t[i].in, &a, err, sizeof(err)) != -1)
			fail_msg("accepted: %s", t[i].in);
		if (strstr(err, t[i].why) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", t[i].in, err,
			    t[i].why);
		assert_string_equal(a.addr, "");
		assert_string_equal(a.name, "");
	}

	/* Too long: display name, local part, domain. */
	memset(big, 'x', 300);
	strcpy(big + 300, " <a@b.cn>");
	assert_int_equal(mail_addr_parse(big, &a, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "display name longer than 255"));
	memset(big, 'x', 65);
	strcpy(big + 65, "@b.cn");
	assert_int_equal(mail_addr_parse(big, &a, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "local part too long"));
	strcpy(big, "a@");
	for (i = 0; i < 60; i++)
		strcat(big, "abcde.");
	strcat(big, "cn");
	assert_int_equal(mail_addr_parse(big, &a, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "domain too long"));
	/* A label of 64. */
	strcpy(big, "a@");
	memset(big + 2, 'l', 64);
	strcpy(big + 66, ".cn");
	assert_int_equal(mail_addr_parse(big, &a, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "invalid domain"));
	/* A null pointer is an empty address, and err may be NULL. */
	assert_int_equal(mail_addr_parse(NULL, &a, err, sizeof(err)), -1);
	assert_int_equal(mail_addr_parse("x", &a, NULL, 0), -1);
}

static void
test_addr_list(void **state)
{
	struct mail_addr	*v;
	size_t			 n;
	char			 err[256];

	assert_int_equal(mail_addr_list("李秘书 <li@czj.example.gov.cn>, "
	    "\"Wang, Da\" <wang@x.cn>,zhao@y.cn , ", &v, &n, err,
	    sizeof(err)), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].name, "李秘书");
	assert_string_equal(v[0].addr, "li@czj.example.gov.cn");
	assert_string_equal(v[1].name, "Wang, Da");
	assert_string_equal(v[1].addr, "wang@x.cn");
	assert_string_equal(v[2].name, "");
	assert_string_equal(v[2].addr, "zhao@y.cn");
	free(v);

	/* Commas inside <> do not split (and then the address is bad). */
	assert_int_equal(mail_addr_list("a@b.cn, Li <x,y@z.cn>", &v, &n, err,
	    sizeof(err)), -1);
	assert_null(v);
	assert_int_equal(n, 0);
	assert_non_null(strstr(err, "address 2"));
	assert_non_null(strstr(err, "invalid character ','"));

	/* A quoted comma with an escaped quote before it. */
	assert_int_equal(mail_addr_list("\"A \\\", B\" <a@b.cn>,c@d.cn", &v,
	    &n, err, sizeof(err)), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].name, "A \", B");
	assert_string_equal(v[1].addr, "c@d.cn");
	free(v);

	/* Many. */
	{
		char	buf[4096] = "";
		int	i;

		for (i = 0; i < 50; i++)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			    "%s用户%d <u%d@x.cn>", i ? "," : "", i, i);
		assert_int_equal(mail_addr_list(buf, &v, &n, err,
		    sizeof(err)), 0);
		assert_int_equal(n, 50);
		assert_string_equal(v[49].name, "用户49");
		assert_string_equal(v[49].addr, "u49@x.cn");
		free(v);
	}

	assert_int_equal(mail_addr_list("", &v, &n, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no address"));
	assert_int_equal(mail_addr_list(" , ,", &v, &n, err, sizeof(err)),
	    -1);
	assert_non_null(strstr(err, "no address"));
	assert_int_equal(mail_addr_list("a@b.cn, bad", &v, &n, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "address 2: no '@'"));
	assert_null(v);
	assert_int_equal(mail_addr_list("a@b.cn, \"x, <y@z.cn>", &v, &n, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "unterminated quote"));
}

/* --- composing --------------------------------------------------------- */

static void
test_compose_plain(void **state)
{
	static const char	*subject = "关于2024年第三季度收文登记情况的统计"
	    "报告（请各科室秘书于本周五前核对并反馈意见）";
	static const char	*body = "李秘书：\n\n本季度共收文 128 件。\r\n"
	    "详见附表。\n";
	static const char	*body_crlf = "李秘书：\r\n\r\n本季度共收文 128 件。"
	    "\r\n详见附表。\r\n";
	struct mail_addr	 from, to[2];
	char			*msg, *head, *v, *d, err[256];
	size_t			 len, n;

	setenv("TZ", "CST-8", 1);
	tzset();
	addr(&from, "档案室 自动报送系统 <docket@czj.example.gov.cn>");
	addr(&to[0], "李秘书 <li@czj.example.gov.cn>");
	addr(&to[1], "\"Wang, Da\" <wang@czj.example.gov.cn>");
	assert_int_equal(mail_compose(&from, to, 2, subject, body, NULL, 0,
	    NOW, "<abc.1718000000@czj.example.gov.cn>", &msg, &len, err,
	    sizeof(err)), 0);
	check_message(msg, len, single_hdrs);

	head = head_of(msg);
	assert_true(strncmp(head, "Date: Mon, 10 Jun 2024 14:13:20 +0800\r\n",
	    39) == 0);
	v = field(head, "Subject");
	d = ew_decode(v);
	assert_string_equal(d, subject);
	free(v);
	free(d);
	v = field(head, "From");
	d = ew_decode(v);
	assert_string_equal(d,
	    "档案室 自动报送系统 <docket@czj.example.gov.cn>");
	free(v);
	free(d);
	v = field(head, "To");
	d = ew_decode(v);
	assert_string_equal(d, "李秘书 <li@czj.example.gov.cn>, \"Wang, Da\" "
	    "<wang@czj.example.gov.cn>");
	free(v);
	free(d);
	v = field(head, "Message-ID");
	assert_string_equal(v, "<abc.1718000000@czj.example.gov.cn>");
	free(v);
	v = field(head, "MIME-Version");
	assert_string_equal(v, "1.0");
	free(v);
	v = field(head, "Content-Type");
	assert_string_equal(v, "text/plain; charset=UTF-8");
	free(v);
	v = field(head, "Content-Transfer-Encoding");
	assert_string_equal(v, "base64");
	free(v);
	free(head);

	/* The body comes back, its line ends CRLF. */
	d = body_of(msg, &n);
	assert_int_equal(n, strlen(body_crlf));
	assert_memory_equal(d, body_crlf, n);
	free(d);
	free(msg);

	/* A short subject, exactly; an empty body; a CRLF body as is. */
	assert_int_equal(mail_compose(&from, to, 1, "月度报告", "", NULL, 0,
	    NOW, NULL, &msg, &len, err, sizeof(err)), 0);
	check_message(msg, len, single_hdrs);
	assert_non_null(strstr(msg, "\r\nSubject: =?UTF-8?B?5pyI5bqm5oql5ZGK?="
	    "\r\n"));
	assert_non_null(strstr(msg, "\r\nTo: =?UTF-8?B?5p2O56eY5Lmm?= "
	    "<li@czj.example.gov.cn>\r\n"));
	assert_non_null(strstr(msg, "\r\n\r\n"));
	assert_string_equal(strstr(msg, "\r\n\r\n"), "\r\n\r\n");
	free(msg);
	assert_int_equal(mail_compose(&from, to, 1, "Weekly report", body_crlf,
	    NULL, 0, NOW, NULL, &msg, &len, err, sizeof(err)), 0);
	check_message(msg, len, single_hdrs);
	assert_non_null(strstr(msg, "\r\nSubject: Weekly report\r\n"));
	d = body_of(msg, &n);
	assert_int_equal(n, strlen(body_crlf));
	assert_memory_equal(d, body_crlf, n);
	free(d);
	free(msg);
}

static void
test_compose_body_lines(void **state)
{
	struct mail_addr	 from, to;
	char			*msg, *d, *body, err[256];
	size_t			 len, n, i;

	addr(&from, "docket@x.cn");
	addr(&to, "a@b.cn");
	/* 10000 bytes of text with CRLF every 100: many full lines. */
	body = malloc(10001);
	assert_non_null(body);
	for (i = 0; i < 10000; i++)
		body[i] = i % 100 == 98 ? '\r' : i % 100 == 99 ? '\n' :
		    (char)('a' + i % 26);
	body[10000] = '\0';
	assert_int_equal(mail_compose(&from, &to, 1, "x", body, NULL, 0, NOW,
	    NULL, &msg, &len, err, sizeof(err)), 0);
	check_message(msg, len, single_hdrs);
	d = body_of(msg, &n);
	assert_int_equal(n, 10000);
	assert_memory_equal(d, body, n);
	free(d);
	free(msg);
	free(body);
}

/* A value that tries to start a header of its own, everywhere. */
static void
test_compose_injection(void **state)
{
	static const char	*evil[] = { "\r\nBcc: evil@x", "\nBcc: evil@x",
	    "\rBcc: evil@x", "\r\n\r\nBcc: evil@x", "\r\n Bcc: evil@x",
	    "\xc2\x85" "Bcc: evil@x", "\x0b\x0c\t\x1b" "Bcc: evil@x" };
	static const char	*pfx[] = { "Report", "周报" };
	struct mail_addr	 from, to[2];
	struct mail_part	 part;
	char			 s[256], *msg, *head, *v, *d, err[256];
	size_t			 len, i, j, k;

	addr(&from, "docket@czj.example.gov.cn");
	addr(&to[1], "wang@czj.example.gov.cn");
	for (i = 0; i < sizeof(evil) / sizeof(evil[0]); i++)
	for (j = 0; j < sizeof(pfx) / sizeof(pfx[0]); j++) {
		snprintf(s, sizeof(s), "%s%s", pfx[j], evil[i]);
		/* The display name of a struct filled by hand. */
		memset(&to[0], 0, sizeof(to[0]));
		snprintf(to[0].name, sizeof(to[0].name), "%s", s);
		strcpy(to[0].addr, "li@czj.example.gov.cn");
		snprintf(from.name, sizeof(from.name), "%s", s);
		part.filename = s;
		part.content_type = "text/csv";
		part.data = "a,b\r\n";
		part.len = 5;

		assert_int_equal(mail_compose(&from, to, 2, s, "body\r\nBcc: "
		    "x@y\r\n", NULL, 0, NOW, NULL, &msg, &len, err,
		    sizeof(err)), 0);
		check_message(msg, len, single_hdrs);
		head = head_of(msg);
		v = field(head, "Subject");
		d = ew_decode(v);
		/* Each control character became one space. */
		assert_true(strncmp(d, pfx[j], strlen(pfx[j])) == 0);
		for (k = strlen(pfx[j]); d[k] == ' '; k++)
			;
		assert_string_equal(d + k, "Bcc: evil@x");
		assert_int_equal(strchr(d, '\r') == NULL &&
		    strchr(d, '\n') == NULL, 1);
		free(v);
		free(d);
		free(head);
		free(msg);

		assert_int_equal(mail_compose(&from, to, 2, s, "body", &part, 1,
		    NOW, NULL, &msg, &len, err, sizeof(err)), 0);
		check_message(msg, len, multi_hdrs);
		/* No line anywhere, part headers included, starts a Bcc. */
		for (head = msg; head != NULL; head = strstr(head, "\r\n")) {
			if (head != msg)
				head += 2;
			assert_true(strncasecmp(head, "Bcc:", 4) != 0);
			if (*head == '\0')
				break;
		}
		free(msg);
	}
}

/* Is s[0..n) a run of base64-coded whole characters? ew_decode checks. */
static void
test_compose_encoded_words(void **state)
{
	struct mail_addr	 from, to;
	char			 subject[2048], *msg, *head, *v, *d, err[256];
	size_t			 len, i;

	addr(&from, "docket@x.cn");
	addr(&to, "a@b.cn");
	/* Mixed 1-, 2-, 3- and 4-byte characters, long. */
	subject[0] = '\0';
	for (i = 0; i < 30; i++)
		strcat(subject, "a\xc3\xa9报\xf0\x9f\x98\x80 ");
	assert_int_equal(mail_compose(&from, &to, 1, subject, "x", NULL, 0,
	    NOW, NULL, &msg, &len, err, sizeof(err)), 0);
	check_message(msg, len, single_hdrs);
	head = head_of(msg);
	v = field(head, "Subject");
	d = ew_decode(v);
	assert_string_equal(d, subject);
	free(v);
	free(d);
	free(head);
	free(msg);

	/* Invalid UTF-8 becomes U+FFFD, still decodable. */
	assert_int_equal(mail_compose(&from, &to, 1, "报\xe6\x8a告\xff",
	    "x", NULL, 0, NOW, NULL, &msg, &len, err, sizeof(err)), 0);
	check_message(msg, len, single_hdrs);
	head = head_of(msg);
	v = field(head, "Subject");
	d = ew_decode(v);
	assert_string_equal(d, "报\xef\xbf\xbd\xef\xbf\xbd告\xef\xbf\xbd");
	free(v);
	free(d);
	free(head);
	free(msg);

	/* ASCII that reads as an encoded-word is encoded itself. */
	assert_int_equal(mail_compose(&from, &to, 1, "=?UTF-8?B?5pyI?=",
	    "x", NULL, 0, NOW, NULL, &msg, &len, err, sizeof(err)), 0);
	head = head_of(msg);
	v = field(head, "Subject");
	d = ew_decode(v);
	assert_string_equal(d, "=?UTF-8?B?5pyI?=");
	free(v);
	free(d);
	free(head);
	free(msg);
}

static void
test_compose_folding(void **state)
{
	struct mail_addr	 from, to[30];
	char			 subject[1024], word[200], buf[128], *msg, *head,
				*v, *d, *p, *e, err[256];
	size_t			 len, i;

	addr(&from, "Docket Reports <docket@x.cn>");
	/* A long ASCII subject folds at blanks, lines within 78. */
	subject[0] = '\0';
	for (i = 0; i < 30; i++)
		strcat(subject, i ? " review" : "Quarterly");
	strcat(subject, "  two  blanks ");
	for (i = 0; i < 30; i++) {
		snprintf(buf, sizeof(buf), "%s秘书%zu <user.%zu@"
		    "czj.example.gov.cn>", i % 2 ? "" : "李", i, i);
		addr(&to[i], buf);
	}
	strcpy(to[3].name, "Wang, Da");
	strcpy(to[4].name, "O'Neil Smith");
	assert_int_equal(mail_compose(&from, to, 30, subject, "x", NULL, 0,
	    NOW, NULL, &msg, &len, err, sizeof(err)), 0);
	check_message(msg, len, single_hdrs);
	head = head_of(msg);
	for (p = head; *p != '\0'; p = e + 2) {
		e = strstr(p, "\r\n");
		assert_true(e - p <= 78);
		/* No line of blanks only. */
		assert_true(strspn(p, " \t") < (size_t)(e - p));
	}
	v = field(head, "Subject");
	assert_string_equal(v, subject);
	free(v);
	v = field(head, "From");
	assert_string_equal(v, "Docket Reports <docket@x.cn>");
	free(v);
	v = field(head, "To");
	d = ew_decode(v);
	assert_non_null(strstr(d, "李秘书0 <user.0@czj.example.gov.cn>, "
	    "秘书1 <user.1@czj.example.gov.cn>, "));
	assert_non_null(strstr(d, ", \"Wang, Da\" <user.3@"));
	assert_non_null(strstr(d, ", O'Neil Smith <user.4@"));
	assert_non_null(strstr(d, ", 秘书29 <user.29@czj.example.gov.cn>"));
	free(v);
	free(d);
	free(head);
	free(msg);

	/* An ASCII word too long for a line is encoded instead. */
	memset(word, 'w', 150);
	word[150] = '\0';
	snprintf(subject, sizeof(subject), "see %s", word);
	assert_int_equal(mail_compose(&from, to, 1, subject, "x", NULL, 0,
	    NOW, NULL, &msg, &len, err, sizeof(err)), 0);
	check_message(msg, len, single_hdrs);
	head = head_of(msg);
	v = field(head, "Subject");
	d = ew_decode(v);
	assert_string_equal(d, subject);
	free(v);
	free(d);
	free(head);
	free(msg);

	/* Display names that must be quoted are; those that need not, not. */
	addr(&to[0], "Li Mi <a@b.cn>");
	strcpy(to[1].name, "Li \"Q\" Mi\\");
	strcpy(to[1].addr, "c@d.cn");
	strcpy(to[2].name, "  ");
	strcpy(to[2].addr, "e@f.cn");
	assert_int_equal(mail_compose(&from, to, 3, "s", "x", NULL, 0, NOW,
	    NULL, &msg, &len, err, sizeof(err)), 0);
	assert_non_null(strstr(msg, "\r\nTo: Li Mi <a@b.cn>, \"Li \\\"Q\\\" "
	    "Mi\\\\\" <c@d.cn>,"));
	assert_non_null(strstr(msg, " e@f.cn\r\n"));
	free(msg);
}

/* Percent-decode an RFC 2231 value (after UTF-8''). */
static char *
pct_decode(const char *s)
{
	char	*out = malloc(strlen(s) + 1);
	size_t	 o = 0;
	int	 hi, lo;

	assert_non_null(out);
	while (*s != '\0') {
		if (*s == '%') {
			hi = s[1] <= '9' ? s[1] - '0' : s[1] - 'A' + 10;
			lo = s[2] <= '9' ? s[2] - '0' : s[2] - 'A' + 10;
			out[o++] = (char)(hi << 4 | lo);
			s += 3;
			continue;
		}
		out[o++] = *s++;
	}
	out[o] = '\0';
	return out;
}

/* filename from an unfolded Content-Disposition: quoted or RFC 2231. */
static char *
disp_filename(const char *disp)
{
	char		 all[2048] = "", key[32];
	const char	*p, *e;
	int		 i;

	if ((p = strstr(disp, "filename=\"")) != NULL) {
		p += 10;
		e = strchr(p, '"');
		assert_non_null(e);
		return strndup(p, (size_t)(e - p));
	}
	if ((p = strstr(disp, "filename*=UTF-8''")) != NULL) {
		p += 17;
		strncat(all, p, strcspn(p, ";"));
		return pct_decode(all);
	}
	for (i = 0;; i++) {
		snprintf(key, sizeof(key), "filename*%d*=", i);
		if ((p = strstr(disp, key)) == NULL)
			break;
		p += strlen(key);
		if (i == 0) {
			assert_true(strncmp(p, "UTF-8''", 7) == 0);
			p += 7;
		}
		strncat(all, p, strcspn(p, ";"));
	}
	assert_true(i > 0);
	return pct_decode(all);
}

static void
test_compose_multipart(void **state)
{
	static const char	*csv = "文号,标题,日期\r\n淄财〔2024〕12号,"
	    "关于印发《预算管理办法》的通知,2024-06-01\r\n";
	static const char	*longname = "2024年第三季度收文登记统计报表"
	    "（财政局办公室）汇总.csv";
	struct mail_addr	 from, to;
	struct mail_part	 parts[3];
	char			*msg, *head, *v, *d, *b, *p, *q, *fn, err[256],
				 boundary[128], delim[140];
	size_t			 len, n, nparts = 0;

	addr(&from, "政务公开办公室 <gongkai@example.gov.cn>");
	addr(&to, "李秘书 <li@czj.example.gov.cn>");
	parts[0].filename = "报表.csv";
	parts[0].content_type = "text/csv; charset=UTF-8";
	parts[0].data = csv;
	parts[0].len = strlen(csv);
	parts[1].filename = "report.csv";
	parts[1].content_type = "text/csv";
	parts[1].data = csv;
	parts[1].len = strlen(csv);
	parts[2].filename = longname;
	parts[2].content_type = NULL;
	parts[2].data = "\0\1\2\xff";
	parts[2].len = 4;
	assert_int_equal(mail_compose(&from, &to, 1, "周报", "见附件。\n", parts,
	    3, NOW, NULL, &msg, &len, err, sizeof(err)), 0);
	check_message(msg, len, multi_hdrs);

	head = head_of(msg);
	v = field(head, "Content-Type");
	assert_true(strncmp(v, "multipart/mixed; boundary=\"", 27) == 0);
	n = strcspn(v + 27, "\"");
	assert_true(n > 0 && n < sizeof(boundary));
	memcpy(boundary, v + 27, n);
	boundary[n] = '\0';
	free(v);
	free(head);
	assert_null(strstr(msg, "Content-Transfer-Encoding: base64\r\n\r\n"
	    "--"));
	snprintf(delim, sizeof(delim), "\r\n--%s", boundary);

	/* The close delimiter ends the message. */
	snprintf(err, sizeof(err), "\r\n--%s--\r\n", boundary);
	assert_true(len > strlen(err));
	assert_string_equal(msg + len - strlen(err), err);

	b = strstr(msg, "\r\n\r\n") + 2;
	for (p = strstr(b - 2, delim); p != NULL; p = q) {
		p += strlen(delim);
		if (strncmp(p, "--", 2) == 0)
			break;
		assert_true(strncmp(p, "\r\n", 2) == 0);
		p += 2;
		q = strstr(p, delim);
		assert_non_null(q);
		/* The CRLF before a delimiter belongs to it; the part's last
		 * line still ends in one of its own (base64 lines do). */
		q[2] = '\0';
		head = head_of(p);
		d = body_of(p, &n);
		v = field(head, "Content-Transfer-Encoding");
		assert_string_equal(v, "base64");
		free(v);
		v = field(head, "Content-Type");
		if (nparts == 0) {
			assert_string_equal(v, "text/plain; charset=UTF-8");
			assert_null(field(head, "Content-Disposition"));
			assert_string_equal(d, "见附件。\r\n");
		} else {
			free(v);
			v = field(head, "Content-Disposition");
			assert_true(strncmp(v, "attachment;", 11) == 0);
			fn = disp_filename(v);
			assert_string_equal(fn, nparts == 1 ? "报表.csv" :
			    nparts == 2 ? "report.csv" : longname);
			free(fn);
			free(v);
			v = field(head, "Content-Type");
			if (nparts == 1) {
				assert_true(strncmp(v, "text/csv; charset="
				    "UTF-8;", 24) == 0);
				assert_int_equal(n, strlen(csv));
				assert_memory_equal(d, csv, n);
			} else if (nparts == 2) {
				assert_string_equal(v, "text/csv; "
				    "name=\"report.csv\"");
				assert_memory_equal(d, csv, n);
			} else {
				assert_true(strncmp(v,
				    "application/octet-stream;", 25) == 0);
				assert_int_equal(n, 4);
				assert_memory_equal(d, "\0\1\2\xff", 4);
			}
			/* The older name= form decodes to the same. */
			if (nparts != 2) {
				fn = ew_decode(strstr(v, "name=\"") + 6);
				fn[strlen(fn) - 1] = '\0';	/* '"' */
				assert_string_equal(fn, nparts == 1 ?
				    "报表.csv" : longname);
				free(fn);
			}
		}
		free(v);
		free(d);
		free(head);
		q[2] = '-';
		nparts++;
	}
	assert_int_equal(nparts, 4);
	free(msg);
}

static void
test_compose_errors(void **state)
{
	struct mail_addr	 from, to, bad;
	struct mail_part	 part = { "a.csv", "text/csv", "x", 1 };
	char			*msg = (char *)1, err[256], big[400];
	size_t			 len;

	addr(&from, "docket@x.cn");
	addr(&to, "a@b.cn");
	assert_int_equal(mail_compose(&from, &to, 0, "s", "b", NULL, 0, NOW,
	    NULL, &msg, &len, err, sizeof(err)), -1);
	assert_null(msg);
	assert_non_null(strstr(err, "no recipient"));
	assert_int_equal(mail_compose(NULL, &to, 1, "s", "b", NULL, 0, NOW,
	    NULL, &msg, &len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no sender"));

	memset(&bad, 0, sizeof(bad));
	strcpy(bad.addr, "a b@c.cn");
	assert_int_equal(mail_compose(&bad, &to, 1, "s", "b", NULL, 0, NOW,
	    NULL, &msg, &len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "sender: space"));
	strcpy(bad.addr, "a@b.cn>\r\nBcc: evil@x");
	assert_int_equal(mail_compose(&from, &bad, 1, "s", "b", NULL, 0, NOW,
	    NULL, &msg, &len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "recipient 1: line break"));
	memset(bad.addr, 'a', sizeof(bad.addr));
	assert_int_equal(mail_compose(&from, &bad, 1, "s", "b", NULL, 0, NOW,
	    NULL, &msg, &len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not terminated"));

	assert_int_equal(mail_compose(&from, &to, 1, "s", "b", NULL, 0, NOW,
	    "abc", &msg, &len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "bad Message-ID"));
	assert_int_equal(mail_compose(&from, &to, 1, "s", "b", NULL, 0, NOW,
	    "<a@b>\r\nBcc: x", &msg, &len, err, sizeof(err)), -1);
	assert_int_equal(mail_compose(&from, &to, 1, "s", "b", NULL, 0, NOW,
	    "<a b@c>", &msg, &len, err, sizeof(err)), -1);

	part.content_type = "text/csv\r\nBcc: evil@x";
	assert_int_equal(mail_compose(&from, &to, 1, "s", "b", &part, 1, NOW,
	    NULL, &msg, &len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "content type"));
	part.content_type = "multipart/mixed";
	assert_int_equal(mail_compose(&from, &to, 1, "s", "b", &part, 1, NOW,
	    NULL, &msg, &len, err, sizeof(err)), -1);
	part.content_type = "text";
	assert_int_equal(mail_compose(&from, &to, 1, "s", "b", &part, 1, NOW,
	    NULL, &msg, &len, err, sizeof(err)), -1);
	part.content_type = "text/csv";
	memset(big, 'f', 300);
	big[300] = '\0';
	part.filename = big;
	assert_int_equal(mail_compose(&from, &to, 1, "s", "b", &part, 1, NOW,
	    NULL, &msg, &len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "file name longer"));
	assert_null(msg);

	/* No file name: an attachment all the same. */
	part.filename = NULL;
	assert_int_equal(mail_compose(&from, &to, 1, NULL, NULL, &part, 1, NOW,
	    NULL, &msg, &len, err, sizeof(err)), 0);
	check_message(msg, len, multi_hdrs);
	assert_non_null(strstr(msg, "\r\nContent-Disposition: attachment\r\n"
	    "\r\n"));
	free(msg);
}

static void
test_msgid(void **state)
{
	struct mail_addr	from;
	char			a[MAIL_MSGID_LEN], b[MAIL_MSGID_LEN];
	size_t			i;

	addr(&from, "李秘书 <li@czj.example.gov.cn>");
	mail_msgid(&from, NOW, a, sizeof(a));
	mail_msgid(&from, NOW, b, sizeof(b));
	assert_int_equal(strlen(a), 1 + 32 + 1 + 10 + 1 +
	    strlen("czj.example.gov.cn") + 1);
	assert_int_equal(a[0], '<');
	for (i = 1; i <= 32; i++)
		assert_non_null(strchr("0123456789abcdef", a[i]));
	assert_string_equal(a + 33, ".1718000000@czj.example.gov.cn>");
	assert_string_not_equal(a, b);
	mail_msgid(NULL, 5, a, sizeof(a));
	assert_string_equal(a + 33, ".5@localhost>");
	/* A Message-ID of ours is one mail_compose takes. */
	{
		struct mail_addr	 to;
		char			*msg, err[256], want[MAIL_MSGID_LEN + 20];
		size_t			 len;

		addr(&to, "a@b.cn");
		assert_int_equal(mail_compose(&from, &to, 1, "s", "b", NULL, 0,
		    NOW, b, &msg, &len, err, sizeof(err)), 0);
		snprintf(want, sizeof(want), "\r\nMessage-ID: %s\r\n", b);
		assert_non_null(strstr(msg, want));
		free(msg);
	}
}

/* Text and HTML: multipart/alternative, plain first, each UTF-8 base64
 * with CRLF line ends; with an attachment, nested in multipart/mixed. */
static void
test_compose_alternative(void **state)
{
	struct mail_addr	 from, to;
	struct mail_part	 part;
	char			 err[256], *msg, *head, *v, *p, *d, bnd[128];
	const char		*q;
	size_t			 len, n;

	(void)state;
	addr(&from, "政务公开办公室 <gongkai@example.gov.cn>");
	addr(&to, "李秘书 <li@czj.example.gov.cn>");
	assert_int_equal(mail_compose_alt(&from, &to, 1, "审查提醒",
	    "待审查 1 件\n", "<table><tr><td>关于&lt;清查&gt;</td></tr>"
	    "</table>\n", NULL, 0, NOW, NULL, &msg, &len, err, sizeof(err)),
	    0);
	check_message(msg, len, multi_hdrs);
	head = head_of(msg);
	v = field(head, "Content-Type");
	assert_true(strncmp(v, "multipart/alternative; boundary=\"", 33) == 0);
	n = strcspn(v + 33, "\"");
	assert_true(n > 0 && n + 3 < sizeof(bnd));
	snprintf(bnd, sizeof(bnd), "--%.*s", (int)n, v + 33);
	free(v);
	free(head);
	/* Two parts in order, then the close delimiter. */
	p = strstr(msg, bnd);
	assert_non_null(p);
	p += strlen(bnd) + 2;
	assert_true(strncmp(p, "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", 76) == 0);
	q = strstr(p, bnd);
	assert_non_null(q);
	v = strndup(p, (size_t)(q - p));
	d = body_of(v, &n);
	assert_string_equal(d, "待审查 1 件\r\n");
	free(d);
	free(v);
	p = (char *)q + strlen(bnd) + 2;
	assert_true(strncmp(p, "Content-Type: text/html; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", 75) == 0);
	q = strstr(p, bnd);
	assert_non_null(q);
	assert_true(strncmp(q + strlen(bnd), "--\r\n", 4) == 0);
	v = strndup(p, (size_t)(q - p));
	d = body_of(v, &n);
	assert_non_null(strstr(d, "<td>关于&lt;清查&gt;</td>"));
	free(d);
	free(v);
	free(msg);

	/* With an attachment: mixed, the alternative its first part. */
	part.filename = "report.csv";
	part.content_type = "text/csv; charset=UTF-8";
	part.data = "\xef\xbb\xbf" "a,b\r\n";
	part.len = strlen(part.data);
	assert_int_equal(mail_compose_alt(&from, &to, 1, "审查提醒", "x",
	    "<p>x</p>", &part, 1, NOW, NULL, &msg, &len, err, sizeof(err)),
	    0);
	check_message(msg, len, multi_hdrs);
	head = head_of(msg);
	v = field(head, "Content-Type");
	assert_true(strncmp(v, "multipart/mixed; boundary=\"", 27) == 0);
	free(v);
	free(head);
	p = strstr(msg, "Content-Type: multipart/alternative;");
	q = strstr(msg, "Content-Disposition: attachment");
	assert_non_null(p);
	assert_non_null(q);
	assert_true(p < q);
	free(msg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compose_alternative),
		cmocka_unit_test(test_addr_good),
		cmocka_unit_test(test_addr_bad),
		cmocka_unit_test(test_addr_list),
		cmocka_unit_test(test_compose_plain),
		cmocka_unit_test(test_compose_body_lines),
		cmocka_unit_test(test_compose_injection),
		cmocka_unit_test(test_compose_encoded_words),
		cmocka_unit_test(test_compose_folding),
		cmocka_unit_test(test_compose_multipart),
		cmocka_unit_test(test_compose_errors),
		cmocka_unit_test(test_msgid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
