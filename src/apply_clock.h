/*
 * apply_clock: the legal clock of a disclosure application under the
 * 2019 《中华人民共和国政府信息公开条例》, computed from the application's
 * events and the working-day calendar.  Pure: no I/O, no time of its own
 * (today is an argument), so every rule is unit-tested
 * (tests/unit/test_apply_clock.c).
 *
 *   receipt     the day of receipt the operator gives (Art. 31, by
 *               channel); the day itself is not counted
 *   due         the 20th working day after receipt (Art. 33), found by
 *               walking day by day: paused working days are skipped,
 *               one extension adds 20 working days
 *   correction  (Art. 30) stops the clock; the corrected application is
 *               a new day of receipt and the 20 days run again; no
 *               correction within the period → correction_expired
 *   consult     (Art. 32/34) pauses from the day after the request
 *               through the day the reply arrives, at most 15 working
 *               days (silence past them: consult_expired, clock runs)
 *   fee         (Art. 42) pauses from the day after the notice through
 *               the day of payment; unpaid 20 working days after the
 *               notice → fee_unpaid (closable as other/fee_unpaid)
 *   ask_reason  (Art. 35) the office asks an applicant whose requests are
 *               clearly beyond reason in number or frequency to explain
 *               the reasons; recorded, the clock keeps running
 *   set_due     (Art. 35) the reasons are accepted but the answer cannot
 *               be given in Art. 33's time: the office sets a later due
 *               date (its "due"), which is the due date from then on;
 *               pauses after it do not move it (the office named a day)
 *
 * Events are the record's "events" array: objects with "action" and "on"
 * (YYYY-MM-DD); see apply.h for the actions.
 */
#ifndef DOCKET_APPLY_CLOCK_H
#define DOCKET_APPLY_CLOCK_H

#include <jansson.h>
#include <stdint.h>

#include "strbuf.h"

struct calendar;

#define APPLY_DAYS		20	/* Art. 33: working days to answer */
#define APPLY_EXTEND_DAYS	20	/* Art. 33: one extension, at most */
#define APPLY_CONSULT_DAYS	15	/* Art. 32, 34: reply period */
#define APPLY_FEE_DAYS		20	/* Art. 42: payment period */
#define APPLY_CORRECT_ASK_DAYS	7	/* Art. 30: ask within this */
#define APPLY_CORRECT_WITHIN	15	/* default correction period */
#define APPLY_DUE_SOON		5	/* default due_soon threshold */
#define APPLY_NODAY		INT64_MIN

/* Flags, in the order apply_flag_names lists them. */
enum {
	APPLY_F_DUE_SOON		= 1 << 0,
	APPLY_F_OVERDUE			= 1 << 1,
	APPLY_F_CORRECTION_EXPIRED	= 1 << 2,
	APPLY_F_CONSULT_EXPIRED		= 1 << 3,
	APPLY_F_FEE_UNPAID		= 1 << 4,
	APPLY_F_ANSWERED_LATE		= 1 << 5,
	APPLY_F_ESTIMATED		= 1 << 6,
	APPLY_F_COUNT			= 7
};
extern const char *const apply_flag_names[APPLY_F_COUNT];

struct apply_clock {
	int64_t		 received;	/* day of receipt now in force */
	int64_t		 received_first;
	int64_t		 due;		/* APPLY_NODAY while awaiting correction */
	int		 extended;	/* working days added (0 or 20) */
	int		 paused;	/* paused working days before due */
	int		 left;		/* working days left, as of today */
	int		 has_left;	/* open and running */
	int64_t		 answered;	/* APPLY_NODAY when not answered */
	int64_t		 correction_deadline;	/* awaiting correction */
	int64_t		 consult_deadline;	/* an open consultation */
	int64_t		 fee_deadline;		/* an unpaid fee */
	int64_t		 asked;		/* Art. 35 reasons asked, or NODAY */
	int64_t		 set_due;	/* Art. 35 due date set, or NODAY */
	int64_t		 due33;		/* Art. 33's due (walked), whether
					 * or not set_due replaces it */
	const char	*state;		/* open, awaiting_correction,
					 * consulting, awaiting_payment,
					 * answered */
	unsigned int	 flags;
};

/*
 * Run the clock over events as of today.  due_soon: the due_soon
 * threshold in working days.  With explain, the derivation is appended
 * in Chinese, day by day.  0, or -1 when the events are not a valid
 * application (no receive event, a bad date) with a message in err.
 */
int	apply_clock_run(const struct calendar *, json_t *events, int64_t today,
	    int due_soon, struct apply_clock *, struct strbuf *explain,
	    char *err, size_t errlen);

/*
 * The first day after today on which the clock of ck (run as of today)
 * changes a flag or its state with no new event: a period running out
 * (correction, consultation, fee), due_soon working days left, the day
 * after the due date.  While a consultation or a fee notice is open the
 * due date moves with each paused day, so only the pause's own end
 * counts.  APPLY_NODAY when nothing more will change (answered, or every
 * flag already set).  docketd wakes the application on that day
 * (apply_sched.c).
 */
int64_t	apply_clock_next(const struct calendar *, const struct apply_clock *,
	    int64_t today, int due_soon);

/* YYYY-MM-DD of a day number (buf: 11 bytes). */
void	apply_day_str(int64_t day, char buf[11]);
/* The day number of YYYY-MM-DD, APPLY_NODAY when not a real date. */
int64_t	apply_day_of(const char *);

#endif
