/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/boot_script.h: the boot-script language of multiboot module lines.
 *
 * Each multiboot module's command line is one boot-script line, in the
 * form GNU Mach accepts:
 *
 *	prog --host-priv-port=${host-port} ${device-port}
 *	    $(exec-task=task-create) $(task-resume)
 *
 * (one line; wrapped here).
 *
 * The first word is the program name (argv[0]).  ${name} words, whole or
 * inside a longer word, become strings at expansion time; $(function)
 * and $(name=function) words are actions and put nothing in argv.
 *
 * Interface, in the order the kernel calls it:
 *
 *	boot_script_parse()	line text -> struct boot_script_line
 *				(syntax, functions, bounds; no variables).
 *	boot_script_expand()	struct boot_script_line + a lookup callback
 *				-> argc/argv in a caller buffer.  Called
 *				once the task exists, since host-port and
 *				device-port name rights in that task.
 *	boot_script_format_message()
 *				the one console line for an error or note.
 *
 * Nothing here allocates, prints, locks or blocks: every bound is a
 * constant below and every array lives in the caller's structures, so
 * the file is also built on the host for tests/unit/test_boot_script.c.
 * Only <stddef.h>, <stdbool.h>, <stdint.h> and kern/string.h are used.
 *
 * Design: design/03-boot-script.md (grammar, variables, errors).
 */
#ifndef _KERN_BOOT_SCRIPT_H_
#define _KERN_BOOT_SCRIPT_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Bounds.  The Hurd's longest usual line (ext2fs with six options and
 * three functions) is about 300 bytes and 14 words, so these leave
 * ample room while keeping struct boot_script_line about 3.4 KiB (put
 * it in static or allocated memory, not on a kernel stack).
 */
#define BOOT_SCRIPT_MAX_LINE_BYTES	1024	/* source text, without NUL */
#define BOOT_SCRIPT_MAX_WORDS		32	/* all words, program included;
						   so argc <= 32 */
#define BOOT_SCRIPT_MAX_SEGMENTS	96	/* text runs + ${} references */
#define BOOT_SCRIPT_MAX_NAME_BYTES	64	/* variable or function name,
						   NUL included */
#define BOOT_SCRIPT_MAX_TOKEN_BYTES	48	/* error_token, NUL included */

/*
 * enum boot_script_error: why a line was refused.  Each code has its own
 * message (boot_script_error_string()); error_token in the line names
 * the offending text where there is one.  Parse errors come from
 * boot_script_parse(), the last two from boot_script_expand().
 */
enum boot_script_error {
	BOOT_SCRIPT_OK = 0,
	/* Parse errors. */
	BOOT_SCRIPT_EMPTY_LINE,			/* no program name */
	BOOT_SCRIPT_LINE_TOO_LONG,		/* > MAX_LINE_BYTES */
	BOOT_SCRIPT_BAD_CHARACTER,		/* control character */
	BOOT_SCRIPT_UNTERMINATED_QUOTE,		/* ' or " not closed */
	BOOT_SCRIPT_TRAILING_BACKSLASH,		/* \ at end of line */
	BOOT_SCRIPT_TOO_MANY_WORDS,		/* > MAX_WORDS */
	BOOT_SCRIPT_TOO_MANY_SEGMENTS,		/* > MAX_SEGMENTS */
	BOOT_SCRIPT_UNTERMINATED_VARIABLE,	/* ${ without } */
	BOOT_SCRIPT_UNTERMINATED_FUNCTION,	/* $( without ) */
	BOOT_SCRIPT_EMPTY_NAME,			/* ${}, $(), $(=f), $(x=) */
	BOOT_SCRIPT_BAD_NAME,			/* $ { } ( ) = ' " \ in name */
	BOOT_SCRIPT_NAME_TOO_LONG,		/* >= MAX_NAME_BYTES */
	BOOT_SCRIPT_UNKNOWN_FUNCTION,		/* $(task-frob) */
	BOOT_SCRIPT_FUNCTION_AS_VARIABLE,	/* ${task-create} */
	BOOT_SCRIPT_ASSIGN_TO_FUNCTION,		/* $(task-resume=...) */
	BOOT_SCRIPT_ASSIGN_WITHOUT_VALUE,	/* $(x=task-resume) */
	BOOT_SCRIPT_FUNCTION_NOT_WORD,		/* a$(f), $(f)b */
	BOOT_SCRIPT_DUPLICATE_FUNCTION,		/* two creates or resumes */
	BOOT_SCRIPT_RESUME_WITHOUT_CREATE,	/* $(task-resume) alone */
	/* Expansion errors. */
	BOOT_SCRIPT_UNKNOWN_VARIABLE,		/* lookup returned NULL */
	BOOT_SCRIPT_ARGS_TOO_LONG,		/* argv strings > buffer */
	BOOT_SCRIPT_ERROR_COUNT			/* not an error: the count */
};

/* The functions a $(...) word may call. */
enum boot_script_function {
	BOOT_SCRIPT_FUNCTION_NONE = 0,
	BOOT_SCRIPT_FUNCTION_TASK_CREATE,	/* "task-create" */
	BOOT_SCRIPT_FUNCTION_TASK_RESUME,	/* "task-resume" */
	BOOT_SCRIPT_FUNCTION_PROMPT_TASK_RESUME	/* "prompt-task-resume" */
};

enum boot_script_word_kind {
	BOOT_SCRIPT_WORD_TEXT,		/* literal text and ${} references:
					   one argv string */
	BOOT_SCRIPT_WORD_FUNCTION	/* $(f) or $(name=f): no argv string */
};

/*
 * struct boot_script_segment: one piece of a text word.  text points
 * into the owning line's strings[]; for a variable it is the name.
 */
struct boot_script_segment {
	const char	*text;
	bool		is_variable;
};

/*
 * struct boot_script_word: one word after quote removal.  A text word is
 * segments [first_segment, first_segment + segment_count) of the line
 * (zero segments: the empty word '' or ""); a function word has
 * function and, for $(name=f), assign_name (else NULL).
 */
struct boot_script_word {
	enum boot_script_word_kind	kind;
	uint16_t			first_segment;
	uint16_t			segment_count;
	enum boot_script_function	function;
	const char			*assign_name;
};

/*
 * struct boot_script_line: a parsed module command line.  Filled by
 * boot_script_parse(); its pointers point into the struct itself (into
 * strings[]), so it must not be copied by value: parse into the struct
 * the kernel keeps.  Read-only after a successful parse, except that
 * boot_script_expand() sets error_token.
 */
struct boot_script_line {
	/* What to do with the module. */
	const char	*program;	/* argv[0]; "" for a comment line */
	bool		comment;	/* first non-blank was '#': ignore */
	bool		task_create;	/* $(task-create) or $(n=task-create) */
	bool		task_resume;	/* $(task-resume) or prompt- form */
	bool		prompt;		/* resume was prompt-task-resume */
	const char	*task_name;	/* n of $(n=task-create), or NULL */

	/* The words after the program name. */
	uint16_t	word_count;
	uint16_t	text_word_count;	/* argc - 1 */
	uint16_t	segment_count;
	struct boot_script_word		words[BOOT_SCRIPT_MAX_WORDS];
	struct boot_script_segment	segments[BOOT_SCRIPT_MAX_SEGMENTS];

	/* Unquoted text of every name and literal run, NUL-separated. */
	uint16_t	strings_used;
	char		strings[BOOT_SCRIPT_MAX_LINE_BYTES + 1];

	/* On error: the offending text, e.g. "$(task-frob)", or "". */
	char		error_token[BOOT_SCRIPT_MAX_TOKEN_BYTES];
};

/*
 * Lookup callback for boot_script_expand(): the value of variable name
 * as a NUL-terminated string, or NULL if there is no such variable.  The
 * string must stay valid until boot_script_expand() returns.
 */
typedef const char *(*boot_script_lookup_t)(void *ctx, const char *name);

/*
 * struct boot_script_args: the result of boot_script_expand().  argv[i]
 * point into the caller's buffer, which holds the argc strings back to
 * back, each NUL-terminated, in strings_bytes bytes; argv[argc] is NULL.
 */
struct boot_script_args {
	int		argc;
	char		*argv[BOOT_SCRIPT_MAX_WORDS + 1];
	size_t		strings_bytes;
};

/* Parse source (read up to MAX_LINE_BYTES + 1 bytes) into *line. */
enum boot_script_error
boot_script_parse(struct boot_script_line *line, const char *source);

/* Build argc/argv of a parsed line into buffer; ${} through lookup. */
enum boot_script_error
boot_script_expand(struct boot_script_line *line,
    boot_script_lookup_t lookup, void *ctx,
    char *buffer, size_t buffer_bytes, struct boot_script_args *args);

/* The message of an error code, e.g. "unknown function". */
const char *
boot_script_error_string(enum boot_script_error error);

/* The script name of a function, e.g. "task-create". */
const char *
boot_script_function_name(enum boot_script_function function);

/*
 * The console line, without newline:
 *	boot: module <index> "<source, cut>": <message>[ <detail>]
 */
size_t
boot_script_format_message(char *buffer, size_t buffer_bytes,
    unsigned int module_index, const char *source, const char *message,
    const char *detail);

/* VALUE of the first NAME=VALUE word of a kernel command line. */
const char *
boot_script_cmdline_lookup(const char *cmdline, const char *name,
    char *buffer, size_t buffer_bytes);

/* value in decimal, for a lookup callback's port names. */
char *
boot_script_format_unsigned(char *buffer, size_t buffer_bytes,
    uint64_t value);

#endif /* _KERN_BOOT_SCRIPT_H_ */
