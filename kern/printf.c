/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/printf.c: the kernel's printf family.
 *
 * Formats: %d %i %u %x %X %o %p %s %c %%, with flags '-' '0' ' ' '+' '#',
 * a width and precision (or '*'), and the length modifiers hh h l ll z t j.
 * printf() formats into a bounded buffer on the stack and writes it to
 * the console under console_lock, so lines from different threads never
 * interleave.  console_lock is a leaf, taken with interrupts off.
 */
#include <stdbool.h>
#include <stdint.h>
#include <kern/debug.h>
#include <kern/lock.h>
#include <kern/string.h>
#include <x86_64/console.h>

#define PRINTF_BUFFER_BYTES	512

struct printf_sink {
	char	*buf;
	size_t	size;		/* capacity including the final NUL */
	size_t	length;		/* characters produced, even past size */
};

static simple_lock_data_t console_lock =
	SIMPLE_LOCK_INITIALIZER("console_lock");

static void
printf_put(struct printf_sink *sink, char c)
{
	if (sink->length + 1 < sink->size)
		sink->buf[sink->length] = c;
	sink->length++;
}

struct printf_spec {
	bool		left, zero, plus, space, alt;
	int		width, precision;	/* precision -1: none */
	int		length;			/* 0, 'h', 'H'(hh), 'l', 'L'(ll) */
};

static void
printf_pad(struct printf_sink *sink, char c, int n)
{
	while (n-- > 0)
		printf_put(sink, c);
}

static void
printf_number(struct printf_sink *sink, const struct printf_spec *spec,
    uint64_t value, bool negative, unsigned int base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, zeros, pad, prefix_len = 0;
	char prefix[3];

	do {
		tmp[n++] = digits[value % base];
		value /= base;
	} while (value != 0);
	if (spec->precision == 0 && n == 1 && tmp[0] == '0')
		n = 0;
	if (negative)
		prefix[prefix_len++] = '-';
	else if (spec->plus)
		prefix[prefix_len++] = '+';
	else if (spec->space)
		prefix[prefix_len++] = ' ';
	if (spec->alt && base == 16) {
		prefix[prefix_len++] = '0';
		prefix[prefix_len++] = upper ? 'X' : 'x';
	}
	zeros = spec->precision > n ? spec->precision - n : 0;
	pad = spec->width - prefix_len - zeros - n;
	if (spec->zero && !spec->left && spec->precision < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}
	if (!spec->left)
		printf_pad(sink, ' ', pad);
	for (int i = 0; i < prefix_len; i++)
		printf_put(sink, prefix[i]);
	printf_pad(sink, '0', zeros);
	while (n > 0)
		printf_put(sink, tmp[--n]);
	if (spec->left)
		printf_pad(sink, ' ', pad);
}

static void
printf_string(struct printf_sink *sink, const struct printf_spec *spec,
    const char *s)
{
	size_t len;
	int pad;

	if (s == NULL)
		s = "(null)";
	len = spec->precision >= 0 ? strnlen(s, spec->precision) : strlen(s);
	pad = spec->width - (int)len;
	if (!spec->left)
		printf_pad(sink, ' ', pad);
	for (size_t i = 0; i < len; i++)
		printf_put(sink, s[i]);
	if (spec->left)
		printf_pad(sink, ' ', pad);
}

/* Reads flags, width, precision and length; returns the conversion. */
static const char *
printf_parse_spec(const char *fmt, va_list *ap, struct printf_spec *spec)
{
	memset(spec, 0, sizeof(*spec));
	spec->precision = -1;
	for (;; fmt++) {
		if (*fmt == '-')
			spec->left = true;
		else if (*fmt == '0')
			spec->zero = true;
		else if (*fmt == '+')
			spec->plus = true;
		else if (*fmt == ' ')
			spec->space = true;
		else if (*fmt == '#')
			spec->alt = true;
		else
			break;
	}
	if (*fmt == '*') {
		spec->width = va_arg(*ap, int);
		fmt++;
	}
	while (*fmt >= '0' && *fmt <= '9')
		spec->width = spec->width * 10 + (*fmt++ - '0');
	if (*fmt == '.') {
		fmt++;
		spec->precision = 0;
		if (*fmt == '*') {
			spec->precision = va_arg(*ap, int);
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			spec->precision = spec->precision * 10 + (*fmt++ - '0');
	}
	for (;; fmt++) {
		if (*fmt == 'h')
			spec->length = spec->length == 'h' ? 'H' : 'h';
		else if (*fmt == 'l')
			spec->length = spec->length == 'l' ? 'L' : 'l';
		else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j')
			spec->length = 'l';
		else
			return fmt;
	}
}

static uint64_t
printf_unsigned_arg(va_list *ap, int length)
{
	switch (length) {
	case 'l':
	case 'L':
		return va_arg(*ap, unsigned long);
	case 'h':
		return (unsigned short)va_arg(*ap, unsigned int);
	case 'H':
		return (unsigned char)va_arg(*ap, unsigned int);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static int64_t
printf_signed_arg(va_list *ap, int length)
{
	switch (length) {
	case 'l':
	case 'L':
		return va_arg(*ap, long);
	case 'h':
		return (short)va_arg(*ap, int);
	case 'H':
		return (signed char)va_arg(*ap, int);
	default:
		return va_arg(*ap, int);
	}
}

static void
printf_format(struct printf_sink *sink, const char *fmt, va_list ap0)
{
	struct printf_spec spec;
	va_list ap;

	va_copy(ap, ap0);
	for (; *fmt != '\0'; fmt++) {
		int64_t sv;

		if (*fmt != '%') {
			printf_put(sink, *fmt);
			continue;
		}
		fmt = printf_parse_spec(fmt + 1, &ap, &spec);
		switch (*fmt) {
		case 'd':
		case 'i':
			sv = printf_signed_arg(&ap, spec.length);
			printf_number(sink, &spec, sv < 0 ? -(uint64_t)sv : (uint64_t)sv,
			    sv < 0, 10, false);
			break;
		case 'u':
			printf_number(sink, &spec,
			    printf_unsigned_arg(&ap, spec.length), false, 10, false);
			break;
		case 'x':
		case 'X':
			printf_number(sink, &spec,
			    printf_unsigned_arg(&ap, spec.length), false, 16,
			    *fmt == 'X');
			break;
		case 'o':
			printf_number(sink, &spec,
			    printf_unsigned_arg(&ap, spec.length), false, 8, false);
			break;
		case 'p':
			spec.alt = true;
			printf_number(sink, &spec,
			    (uintptr_t)va_arg(ap, void *), false, 16, false);
			break;
		case 's':
			printf_string(sink, &spec, va_arg(ap, const char *));
			break;
		case 'c':
			printf_put(sink, (char)va_arg(ap, int));
			break;
		case '%':
			printf_put(sink, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			printf_put(sink, '%');
			printf_put(sink, *fmt);
			break;
		}
	}
	va_end(ap);
}

int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct printf_sink sink = { .buf = buf, .size = size, .length = 0 };

	printf_format(&sink, fmt, ap);
	if (size > 0)
		buf[sink.length < size ? sink.length : size - 1] = '\0';
	return (int)sink.length;
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

void
vprintf(const char *fmt, va_list ap)
{
	char buf[PRINTF_BUFFER_BYTES];
	int n;
	spl_t s;

	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	s = simple_lock_irq(&console_lock);
	console_write(buf, n);
	simple_unlock_irq(&console_lock, s);
}

void
printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

/* For panic(): write without the lock, which the panicking CPU may hold. */
void
printf_console_unlocked(const char *fmt, ...)
{
	char buf[PRINTF_BUFFER_BYTES];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	console_write(buf, n);
}
