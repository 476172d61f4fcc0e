/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/lib/printf.c: formatted output into a buffer or onto the console.
 *
 * One formatter, printf_format(), writes characters into a struct
 * printf_sink.  vsnprintf's sink is the caller's buffer (characters that
 * do not fit are counted, not stored, as in C).  printf's sink is a small
 * staging buffer handed to mach_print() at each newline and whenever it
 * fills, so a line shorter than CM_PRINT_CHUNK_BYTES reaches the console
 * in one trap and lines from different tasks do not interleave.
 *
 * Conversions: %d %i %u %x %X %o %p %s %c %%; length modifiers h (no
 * effect), l, ll, z; flags '-' and '0'; width as digits or '*';
 * precision ('.' digits or '*') for %s only.
 */
#include <cmuser.h>

struct printf_sink {
	char	*buf;
	size_t	size_bytes;	/* room in buf, NUL included */
	size_t	used_bytes;	/* characters stored in buf now */
	size_t	total;		/* characters produced, kept or not */
	int	to_console;	/* mach_print at '\n' and when full */
};

/* One conversion's flags, width and precision. */
struct printf_spec {
	int	left;		/* '-' */
	int	zero;		/* '0' */
	int	width;
	int	precision;	/* -1: none */
	int	length;		/* 0, 1 (l, z) or 2 (ll) */
};

static void
printf_flush(struct printf_sink *sink)
{
	if (sink->used_bytes == 0)
		return;
	sink->buf[sink->used_bytes] = '\0';
	mach_print(sink->buf);
	sink->used_bytes = 0;
}

static void
printf_putc(struct printf_sink *sink, char c)
{
	sink->total++;
	if (sink->used_bytes + 1 < sink->size_bytes)
		sink->buf[sink->used_bytes++] = c;
	if (!sink->to_console)
		return;
	if (c == '\n' || sink->used_bytes + 1 >= sink->size_bytes)
		printf_flush(sink);
}

static void
printf_pad(struct printf_sink *sink, char c, int count)
{
	for (; count > 0; count--)
		printf_putc(sink, c);
}

/* Emits `len` characters of s, padded to the spec's width. */
static void
printf_string(struct printf_sink *sink, const struct printf_spec *spec,
    const char *s, int len)
{
	int i;

	if (!spec->left)
		printf_pad(sink, ' ', spec->width - len);
	for (i = 0; i < len; i++)
		printf_putc(sink, s[i]);
	if (spec->left)
		printf_pad(sink, ' ', spec->width - len);
}

/* Emits value in base; prefix ("-", "0x" or "") goes before zero padding. */
static void
printf_number(struct printf_sink *sink, const struct printf_spec *spec,
    unsigned long long value, unsigned int base, int upper,
    const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];		/* 2^64 in octal: 22 digits */
	int ndigits = 0, nprefix = (int)strlen(prefix), pad;

	do {
		tmp[ndigits++] = digits[value % base];
		value /= base;
	} while (value != 0);
	pad = spec->width - ndigits - nprefix;
	if (!spec->left && !spec->zero)
		printf_pad(sink, ' ', pad);
	for (; *prefix != '\0'; prefix++)
		printf_putc(sink, *prefix);
	if (!spec->left && spec->zero)
		printf_pad(sink, '0', pad);
	while (ndigits > 0)
		printf_putc(sink, tmp[--ndigits]);
	if (spec->left)
		printf_pad(sink, ' ', pad);
}

static long long
printf_arg_signed(const struct printf_spec *spec, va_list *ap)
{
	if (spec->length == 2)
		return va_arg(*ap, long long);
	if (spec->length == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

static unsigned long long
printf_arg_unsigned(const struct printf_spec *spec, va_list *ap)
{
	if (spec->length == 2)
		return va_arg(*ap, unsigned long long);
	if (spec->length == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

/* Parses flags, width, precision and length; returns the conversion. */
static const char *
printf_parse_spec(const char *fmt, struct printf_spec *spec, va_list *ap)
{
	memset(spec, 0, sizeof(*spec));
	spec->precision = -1;
	for (;; fmt++) {
		if (*fmt == '-')
			spec->left = 1;
		else if (*fmt == '0')
			spec->zero = 1;
		else
			break;
	}
	if (*fmt == '*') {
		spec->width = va_arg(*ap, int);
		fmt++;
	}
	for (; *fmt >= '0' && *fmt <= '9'; fmt++)
		spec->width = spec->width * 10 + (*fmt - '0');
	if (*fmt == '.') {
		fmt++;
		spec->precision = 0;
		if (*fmt == '*') {
			spec->precision = va_arg(*ap, int);
			fmt++;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			spec->precision = spec->precision * 10 + (*fmt - '0');
	}
	for (; *fmt == 'l' || *fmt == 'z' || *fmt == 'h'; fmt++) {
		if (*fmt != 'h')
			spec->length++;
	}
	return fmt;
}

/* Formats one conversion character c, taking its argument from ap. */
static void
printf_convert(struct printf_sink *sink, const struct printf_spec *spec,
    char c, va_list *ap)
{
	long long value;
	const char *s;
	char ch;
	int len;

	switch (c) {
	case 'd':
	case 'i':
		value = printf_arg_signed(spec, ap);
		if (value < 0)
			printf_number(sink, spec, -(unsigned long long)value,
			    10, 0, "-");
		else
			printf_number(sink, spec, value, 10, 0, "");
		break;
	case 'u':
		printf_number(sink, spec, printf_arg_unsigned(spec, ap), 10,
		    0, "");
		break;
	case 'x':
	case 'X':
		printf_number(sink, spec, printf_arg_unsigned(spec, ap), 16,
		    c == 'X', "");
		break;
	case 'o':
		printf_number(sink, spec, printf_arg_unsigned(spec, ap), 8,
		    0, "");
		break;
	case 'p':
		printf_number(sink, spec, (uintptr_t)va_arg(*ap, void *), 16,
		    0, "0x");
		break;
	case 's':
		s = va_arg(*ap, const char *);
		if (s == NULL)
			s = "(null)";
		for (len = 0; s[len] != '\0'; len++) {
			if (spec->precision >= 0 && len >= spec->precision)
				break;
		}
		printf_string(sink, spec, s, len);
		break;
	case 'c':
		ch = (char)va_arg(*ap, int);
		printf_string(sink, spec, &ch, 1);
		break;
	default:		/* '%' and anything unknown: print it */
		printf_putc(sink, c);
		break;
	}
}

static void
printf_format(struct printf_sink *sink, const char *fmt, va_list ap)
{
	struct printf_spec spec;
	va_list args;

	va_copy(args, ap);
	while (*fmt != '\0') {
		if (*fmt != '%') {
			printf_putc(sink, *fmt++);
			continue;
		}
		fmt = printf_parse_spec(fmt + 1, &spec, &args);
		if (*fmt == '\0')
			break;
		printf_convert(sink, &spec, *fmt++, &args);
	}
	va_end(args);
}

/*
 * Returns the length the whole output would have; stores at most size - 1
 * characters and a NUL (nothing at all if size is 0).
 */
int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct printf_sink sink = {
		.buf = buf, .size_bytes = size,
	};

	printf_format(&sink, fmt, ap);
	if (size > 0)
		buf[sink.used_bytes] = '\0';
	return (int)sink.total;
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Returns the number of characters printed. */
int
vprintf(const char *fmt, va_list ap)
{
	char chunk[CM_PRINT_CHUNK_BYTES];
	struct printf_sink sink = {
		.buf = chunk, .size_bytes = sizeof(chunk), .to_console = 1,
	};

	printf_format(&sink, fmt, ap);
	printf_flush(&sink);
	return (int)sink.total;
}

int
printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int
puts(const char *s)
{
	return printf("%s\n", s);
}
