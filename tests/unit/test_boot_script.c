/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tests/unit/test_boot_script.c: host tests for kern/boot_script.c.
 *
 * One table of module lines (line_cases[]): each is parsed, and if that
 * succeeds expanded against test_lookup()'s variables; the table gives
 * the expected error and token of either step, the actions and argv.
 * Lines too long to write in a table, assignment across two lines and
 * the helper functions have their own small tests after the table.
 *
 * Run by "make check" (tests/unit/Makefrag.am).
 */

#include <stdio.h>
#include <string.h>

#include <kern/boot_script.h>
#include <kern/string.h>

#include "unit_test.h"

#define TEST_BUFFER_BYTES	4096

/* The kernel command line of the tests. */
static const char test_cmdline[] =
    "root=device:hd0s1 console=com0 -s";

/*
 * test_lookup: the variables a kernel would give, with fixed port
 * names.  Command-line variables come from boot_script_cmdline_lookup().
 */
static const char *
test_lookup(void *ctx, const char *name)
{
	static char value[sizeof(test_cmdline)];

	(void)ctx;
	if (strcmp(name, "host-port") == 0)
		return "1";
	if (strcmp(name, "device-port") == 0)
		return "2";
	if (strcmp(name, "kernel-command-line") == 0)
		return test_cmdline;
	if (strcmp(name, "exec-task") == 0)
		return "5";
	if (strcmp(name, "empty") == 0)
		return "";
	return boot_script_cmdline_lookup(test_cmdline, name, value,
	    sizeof(value));
}

struct line_case {
	const char		*name;
	const char		*source;
	enum boot_script_error	parse_error;
	enum boot_script_error	expand_error;
	const char		*token;		/* error_token; NULL: "" */
	size_t			buffer_bytes;	/* 0: TEST_BUFFER_BYTES */
	/* Checked only if both steps succeed. */
	bool			comment;
	bool			task_create;
	bool			task_resume;
	bool			prompt;
	const char		*task_name;
	const char		*argv[BOOT_SCRIPT_MAX_WORDS + 1];
};

static const struct line_case line_cases[] = {
	/* Accepted lines. */
	{ "GNU Mach line",
	  "prog ${host-port} ${device-port} $(task-create) $(task-resume)",
	  .task_create = true, .task_resume = true,
	  .argv = { "prog", "1", "2" } },
	{ "words wrapped in single quotes",
	  "prog '${host-port}' '${device-port}' '$(task-create)' "
	  "'$(task-resume)'",
	  .task_create = true, .task_resume = true,
	  .argv = { "prog", "1", "2" } },
	{ "variable embedded in a word",
	  "ext2fs --host-priv-port=${host-port} "
	  "--device-master-port=${device-port} $(task-create)",
	  .task_create = true,
	  .argv = { "ext2fs", "--host-priv-port=1",
	      "--device-master-port=2" } },
	{ "Hurd ext2fs line",
	  "ext2fs.static --readonly "
	  "--multiboot-command-line=${kernel-command-line} "
	  "--host-priv-port=${host-port} --device-master-port=${device-port} "
	  "--exec-server-task=${exec-task} -T typed ${root} "
	  "$(task-create) $(task-resume)",
	  .task_create = true, .task_resume = true,
	  .argv = { "ext2fs.static", "--readonly",
	      "--multiboot-command-line=root=device:hd0s1 console=com0 -s",
	      "--host-priv-port=1", "--device-master-port=2",
	      "--exec-server-task=5", "-T", "typed", "device:hd0s1" } },
	{ "Hurd exec line assigns its task",
	  "ld.so.1 exec /hurd/exec $(exec-task=task-create)",
	  .task_create = true, .task_name = "exec-task",
	  .argv = { "ld.so.1", "exec", "/hurd/exec" } },
	{ "prompt-task-resume",
	  "prog $(task-create) $(prompt-task-resume)",
	  .task_create = true, .task_resume = true, .prompt = true,
	  .argv = { "prog" } },
	{ "resume written before create",
	  "prog $(task-resume) $(task-create)",
	  .task_create = true, .task_resume = true, .argv = { "prog" } },
	{ "no task-create: not started",
	  "data.bin some words ${host-port}",
	  .argv = { "data.bin", "some", "words", "1" } },
	{ "program name alone", "prog", .argv = { "prog" } },
	{ "several variables in one word",
	  "p a${host-port}b${device-port}c", .argv = { "p", "a1b2c" } },
	{ "adjacent variables",
	  "p ${host-port}${device-port}", .argv = { "p", "12" } },
	{ "variable with an empty value",
	  "p x${empty}y ${empty}", .argv = { "p", "xy", "" } },
	{ "dollar signs that start nothing",
	  "p $ a$b $$ cost$5 $", .argv = { "p", "$", "a$b", "$$", "cost$5",
	      "$" } },
	{ "braces and parentheses alone are text",
	  "p {x} (y) a}b", .argv = { "p", "{x}", "(y)", "a}b" } },
	{ "backslash makes ${ plain text",
	  "p \\${host-port} \\$(task-create)",
	  .argv = { "p", "${host-port}", "$(task-create)" } },
	{ "GRUB double quotes keep blanks",
	  "p \"a b\" c", .argv = { "p", "a b", "c" } },
	{ "GRUB escaped quote",
	  "p it\\'s \\\"q\\\" \\\\", .argv = { "p", "it's", "\"q\"", "\\" } },
	{ "quotes inside a word",
	  "p --port='${host-port}' a'b c'd",
	  .argv = { "p", "--port=1", "ab cd" } },
	{ "empty quoted word", "p '' x \"\"", .argv = { "p", "", "x", "" } },
	{ "quoted program name", "'my prog' x", .argv = { "my prog", "x" } },
	{ "program name taken literally",
	  "${host-port} x", .argv = { "${host-port}", "x" } },
	{ "blanks, tabs and a final newline",
	  "  \tp   a\t\tb  \r\n", .argv = { "p", "a", "b" } },
	{ "comment line", "  # old line $(task-frob", .comment = true },
	{ "comment with an open quote", "# don't start", .comment = true },
	{ "63-byte name is allowed, then unknown",
	  "p ${abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij"
	  "abc}",
	  .expand_error = BOOT_SCRIPT_UNKNOWN_VARIABLE,
	  .token = "${abcdefghijabcdefghijabcdefghijabcdefghijab..." },
	{ "arguments exactly fill the buffer",
	  "ab c", .buffer_bytes = 5, .argv = { "ab", "c" } },

	/* Parse errors, one per code. */
	{ "empty line", "", .parse_error = BOOT_SCRIPT_EMPTY_LINE },
	{ "blank line", " \t \n", .parse_error = BOOT_SCRIPT_EMPTY_LINE },
	{ "control character", "p a\001b", BOOT_SCRIPT_BAD_CHARACTER,
	  .token = "\\x01" },
	{ "delete character", "p \177", BOOT_SCRIPT_BAD_CHARACTER,
	  .token = "\\x7f" },
	{ "unterminated single quote", "p 'abc $(task-create)",
	  BOOT_SCRIPT_UNTERMINATED_QUOTE, .token = "'abc" },
	{ "unterminated double quote in program", "\"p a",
	  BOOT_SCRIPT_UNTERMINATED_QUOTE, .token = "\"p" },
	{ "backslash at the end", "p abc\\", BOOT_SCRIPT_TRAILING_BACKSLASH,
	  .token = "abc\\" },
	{ "unterminated ${", "p ${host-port $(task-create)",
	  BOOT_SCRIPT_UNTERMINATED_VARIABLE, .token = "${host-port" },
	{ "unterminated ${ at end of line", "p x${",
	  BOOT_SCRIPT_UNTERMINATED_VARIABLE, .token = "x${" },
	{ "unterminated $(", "p $(task-create",
	  BOOT_SCRIPT_UNTERMINATED_FUNCTION, .token = "$(task-create" },
	{ "unterminated $( after =", "p $(t=task-create",
	  BOOT_SCRIPT_UNTERMINATED_FUNCTION, .token = "$(t=task-create" },
	{ "empty ${}", "p ${}", BOOT_SCRIPT_EMPTY_NAME, .token = "${}" },
	{ "empty $()", "p $()", BOOT_SCRIPT_EMPTY_NAME, .token = "$()" },
	{ "empty name before =", "p $(=task-create)",
	  BOOT_SCRIPT_EMPTY_NAME, .token = "$(=task-create)" },
	{ "empty function after =", "p $(x=)", BOOT_SCRIPT_EMPTY_NAME,
	  .token = "$(x=)" },
	{ "dollar in a name", "p ${a$b}", BOOT_SCRIPT_BAD_NAME,
	  .token = "${a$b}" },
	{ "assignment inside ${}", "p ${a=b}", BOOT_SCRIPT_BAD_NAME,
	  .token = "${a=b}" },
	{ "two assignments", "p $(a=b=task-create)", BOOT_SCRIPT_BAD_NAME,
	  .token = "$(a=b=task-create)" },
	{ "quoted blank in a name", "p '${a b}'", BOOT_SCRIPT_BAD_NAME,
	  .token = "'${a" },
	{ "64-byte name", "p ${abcdefghijabcdefghijabcdefghijabcdefghij"
	  "abcdefghijabcdefghijabcd}", BOOT_SCRIPT_NAME_TOO_LONG,
	  .token = "${abcdefghijabcdefghijabcdefghijabcdefghijab..." },
	{ "unknown function",
	  "prog ${host-port} $(task-frob) $(task-resume)",
	  BOOT_SCRIPT_UNKNOWN_FUNCTION, .token = "$(task-frob)" },
	{ "unknown function after =", "prog $(t=task-frob)",
	  BOOT_SCRIPT_UNKNOWN_FUNCTION, .token = "$(t=task-frob)" },
	{ "function as a variable", "p ${task-create}",
	  BOOT_SCRIPT_FUNCTION_AS_VARIABLE, .token = "${task-create}" },
	{ "assignment to a function name", "p $(task-resume=task-create)",
	  BOOT_SCRIPT_ASSIGN_TO_FUNCTION,
	  .token = "$(task-resume=task-create)" },
	{ "assignment of task-resume", "p $(x=task-resume)",
	  BOOT_SCRIPT_ASSIGN_WITHOUT_VALUE, .token = "$(x=task-resume)" },
	{ "text before a function", "p a$(task-create)",
	  BOOT_SCRIPT_FUNCTION_NOT_WORD, .token = "a$(task-create)" },
	{ "text after a function", "p $(task-create)b",
	  BOOT_SCRIPT_FUNCTION_NOT_WORD, .token = "$(task-create)b" },
	{ "variable before a function", "p ${a}$(task-create)",
	  BOOT_SCRIPT_FUNCTION_NOT_WORD, .token = "${a}$(task-create)" },
	{ "quote left open after a function", "p $(task-create)'",
	  BOOT_SCRIPT_UNTERMINATED_QUOTE, .token = "$(task-create)'" },
	{ "two task-create", "p $(task-create) $(a=task-create)",
	  BOOT_SCRIPT_DUPLICATE_FUNCTION, .token = "$(a=task-create)" },
	{ "two resumes", "p $(task-create) $(task-resume) "
	  "$(prompt-task-resume)", BOOT_SCRIPT_DUPLICATE_FUNCTION,
	  .token = "$(prompt-task-resume)" },
	{ "resume without create", "p $(task-resume)",
	  .parse_error = BOOT_SCRIPT_RESUME_WITHOUT_CREATE },

	/* Expansion errors. */
	{ "unknown variable", "p --x=${nosuch} $(task-create)",
	  .expand_error = BOOT_SCRIPT_UNKNOWN_VARIABLE,
	  .token = "${nosuch}" },
	{ "arguments one byte too long",
	  "ab c", .buffer_bytes = 4,
	  .expand_error = BOOT_SCRIPT_ARGS_TOO_LONG },
	{ "program name alone too long",
	  "prog", .buffer_bytes = 4,
	  .expand_error = BOOT_SCRIPT_ARGS_TOO_LONG },
	{ "variable value too long",
	  "prog ${kernel-command-line}", .buffer_bytes = 20,
	  .expand_error = BOOT_SCRIPT_ARGS_TOO_LONG },
};

#define LINE_CASE_COUNT	(sizeof(line_cases) / sizeof(line_cases[0]))

/* Check the actions and argv of a line that parsed and expanded. */
static void
test_check_result(struct unit_test_run *run, const struct line_case *lc,
    const struct boot_script_line *line, const struct boot_script_args *args)
{
	char what[32];
	int i;

	unit_test_expect_int(run, "comment", line->comment, lc->comment);
	unit_test_expect_int(run, "task_create", line->task_create,
	    lc->task_create);
	unit_test_expect_int(run, "task_resume", line->task_resume,
	    lc->task_resume);
	unit_test_expect_int(run, "prompt", line->prompt, lc->prompt);
	unit_test_expect_str(run, "task_name", line->task_name,
	    lc->task_name);
	for (i = 0; i <= BOOT_SCRIPT_MAX_WORDS; i++) {
		if (lc->argv[i] == NULL)
			break;
	}
	unit_test_expect_int(run, "argc", args->argc, i);
	for (i = 0; i <= args->argc && i <= BOOT_SCRIPT_MAX_WORDS; i++) {
		snprintf(what, sizeof(what), "argv[%d]", i);
		unit_test_expect_str(run, what, args->argv[i], lc->argv[i]);
	}
	if (args->argc > 0)
		unit_test_expect_int(run, "strings_bytes",
		    (long)args->strings_bytes,
		    (long)(args->argv[args->argc - 1] +
		    strlen(args->argv[args->argc - 1]) + 1 - args->argv[0]));
}

/* Parse and expand one table line. */
static void
test_line_case(struct unit_test_run *run, const struct line_case *lc)
{
	static struct boot_script_line line;
	struct boot_script_args args;
	char buffer[TEST_BUFFER_BYTES];
	size_t buffer_bytes = lc->buffer_bytes ? lc->buffer_bytes :
	    sizeof(buffer);
	enum boot_script_error error;

	unit_test_begin(run, lc->name);
	error = boot_script_parse(&line, lc->source);
	unit_test_expect_str(run, "parse error",
	    boot_script_error_string(error),
	    boot_script_error_string(lc->parse_error));
	if (error == BOOT_SCRIPT_OK) {
		error = boot_script_expand(&line, test_lookup, NULL, buffer,
		    buffer_bytes, &args);
		unit_test_expect_str(run, "expand error",
		    boot_script_error_string(error),
		    boot_script_error_string(lc->expand_error));
	}
	unit_test_expect_str(run, "error_token", line.error_token,
	    lc->token ? lc->token : "");
	if (error == BOOT_SCRIPT_OK)
		test_check_result(run, lc, &line, &args);
	unit_test_end(run);
}

/*
 * The two lines of a Hurd boot: the first refers to the task the second
 * creates.  Both are parsed before either is expanded, as the kernel
 * must do (GNU Mach creates every task while parsing).
 */
struct test_two_lines {
	struct boot_script_line	lines[2];
};

static const char *
test_two_lines_lookup(void *ctx, const char *name)
{
	struct test_two_lines *two = ctx;
	static const char *const port_names[] = { "7", "8" };
	int i;

	for (i = 0; i < 2; i++) {
		if (two->lines[i].task_name != NULL &&
		    strcmp(two->lines[i].task_name, name) == 0)
			return port_names[i];
	}
	return test_lookup(NULL, name);
}

static void
test_assignment_then_reference(struct unit_test_run *run)
{
	static struct test_two_lines two;
	struct boot_script_args args;
	char buffer[TEST_BUFFER_BYTES];
	enum boot_script_error error;

	unit_test_begin(run, "reference to a task created on a later line");
	error = boot_script_parse(&two.lines[0],
	    "ext2fs --exec-server-task=${fs-exec} $(task-create)");
	unit_test_expect_int(run, "parse 0", error, BOOT_SCRIPT_OK);
	error = boot_script_parse(&two.lines[1],
	    "exec /hurd/exec $(fs-exec=task-create)");
	unit_test_expect_int(run, "parse 1", error, BOOT_SCRIPT_OK);
	unit_test_expect_str(run, "task_name", two.lines[1].task_name,
	    "fs-exec");
	error = boot_script_expand(&two.lines[0], test_two_lines_lookup, &two,
	    buffer, sizeof(buffer), &args);
	unit_test_expect_int(run, "expand 0", error, BOOT_SCRIPT_OK);
	unit_test_expect_int(run, "argc", args.argc, 2);
	unit_test_expect_str(run, "argv[1]", args.argv[1],
	    "--exec-server-task=8");
	unit_test_end(run);
}

/* Lines built at run time: too long, too many words, too many pieces. */
static void
test_generated_lines(struct unit_test_run *run)
{
	static struct boot_script_line line;
	static char source[BOOT_SCRIPT_MAX_LINE_BYTES + 2];
	enum boot_script_error error;
	size_t i;

	unit_test_begin(run, "line of exactly the maximum length");
	memset(source, 'a', BOOT_SCRIPT_MAX_LINE_BYTES);
	source[BOOT_SCRIPT_MAX_LINE_BYTES] = '\0';
	error = boot_script_parse(&line, source);
	unit_test_expect_str(run, "error", boot_script_error_string(error),
	    boot_script_error_string(BOOT_SCRIPT_OK));
	unit_test_expect_int(run, "program length",
	    (long)strlen(line.program), BOOT_SCRIPT_MAX_LINE_BYTES);
	unit_test_end(run);

	unit_test_begin(run, "line one byte too long");
	source[BOOT_SCRIPT_MAX_LINE_BYTES] = 'a';
	source[BOOT_SCRIPT_MAX_LINE_BYTES + 1] = '\0';
	error = boot_script_parse(&line, source);
	unit_test_expect_str(run, "error", boot_script_error_string(error),
	    boot_script_error_string(BOOT_SCRIPT_LINE_TOO_LONG));
	unit_test_end(run);

	unit_test_begin(run, "longest line of one-byte words");
	for (i = 0; i < BOOT_SCRIPT_MAX_WORDS * 2 - 1; i++)
		source[i] = i % 2 ? ' ' : 'w';
	source[i] = '\0';
	error = boot_script_parse(&line, source);
	unit_test_expect_str(run, "error", boot_script_error_string(error),
	    boot_script_error_string(BOOT_SCRIPT_OK));
	unit_test_expect_int(run, "word_count", line.word_count,
	    BOOT_SCRIPT_MAX_WORDS - 1);
	unit_test_end(run);

	unit_test_begin(run, "one word too many");
	memcpy(source + i, " x", 3);
	error = boot_script_parse(&line, source);
	unit_test_expect_str(run, "error", boot_script_error_string(error),
	    boot_script_error_string(BOOT_SCRIPT_TOO_MANY_WORDS));
	unit_test_expect_str(run, "error_token", line.error_token, "x");
	unit_test_end(run);

	unit_test_begin(run, "too many ${} references");
	strcpy(source, "p");
	for (i = 0; i < BOOT_SCRIPT_MAX_SEGMENTS / 4 + 1; i++)
		strcat(source, " ${a}${b}${c}${d}");
	error = boot_script_parse(&line, source);
	unit_test_expect_str(run, "error", boot_script_error_string(error),
	    boot_script_error_string(BOOT_SCRIPT_TOO_MANY_SEGMENTS));
	unit_test_expect_str(run, "error_token", line.error_token,
	    "${a}${b}${c}${d}");
	unit_test_end(run);
}

/* Every error code has its own message. */
static void
test_error_strings(struct unit_test_run *run)
{
	int i, j;

	unit_test_begin(run, "one distinct message per error code");
	for (i = 0; i < BOOT_SCRIPT_ERROR_COUNT; i++) {
		const char *message = boot_script_error_string(i);

		if (message == NULL || message[0] == '\0' ||
		    strcmp(message, "unknown error") == 0)
			unit_test_fail(run, "code %d has no message", i);
		for (j = 0; j < i; j++) {
			if (strcmp(message, boot_script_error_string(j)) == 0)
				unit_test_fail(run, "codes %d and %d share "
				    "\"%s\"", j, i, message);
		}
	}
	unit_test_expect_str(run, "out of range",
	    boot_script_error_string(BOOT_SCRIPT_ERROR_COUNT),
	    "unknown error");
	unit_test_expect_str(run, "unknown function message",
	    boot_script_error_string(BOOT_SCRIPT_UNKNOWN_FUNCTION),
	    "unknown function");
	unit_test_end(run);
}

static void
test_format_message(struct unit_test_run *run)
{
	static const char source[] =
	    "prog ${host-port} ${device-port} $(task-frob) $(task-resume)";
	static struct boot_script_line line;
	enum boot_script_error error;
	char buffer[160];
	size_t length;

	unit_test_begin(run, "console line for an unknown function");
	error = boot_script_parse(&line, source);
	length = boot_script_format_message(buffer, sizeof(buffer), 2, source,
	    boot_script_error_string(error), line.error_token);
	unit_test_expect_str(run, "line", buffer,
	    "boot: module 2 \"prog ${host-port} ${device-port} $(task-...\": "
	    "unknown function $(task-frob)");
	unit_test_expect_int(run, "length", (long)length,
	    (long)strlen(buffer));
	unit_test_end(run);

	unit_test_begin(run, "console line for a module not started");
	boot_script_format_message(buffer, sizeof(buffer), 0, "a\tb", "not "
	    "started (no $(task-create)), kept as data", NULL);
	unit_test_expect_str(run, "line", buffer,
	    "boot: module 0 \"a?b\": not started (no $(task-create)), "
	    "kept as data");
	unit_test_end(run);

	unit_test_begin(run, "console line cut to a small buffer");
	length = boot_script_format_message(buffer, 12, 3, "p", "x", "y");
	unit_test_expect_str(run, "line", buffer, "boot: modul");
	unit_test_expect_int(run, "length", (long)length, 11);
	unit_test_end(run);
}

static void
test_cmdline_lookup(struct unit_test_run *run)
{
	char buffer[32];

	unit_test_begin(run, "kernel command line variables");
	unit_test_expect_str(run, "root", boot_script_cmdline_lookup(
	    " root=a console=com0 root=b", "root", buffer, sizeof(buffer)),
	    "a");
	unit_test_expect_str(run, "console", boot_script_cmdline_lookup(
	    "root=a\tconsole=com0", "console", buffer, sizeof(buffer)),
	    "com0");
	unit_test_expect_str(run, "empty value", boot_script_cmdline_lookup(
	    "x= y", "x", buffer, sizeof(buffer)), "");
	unit_test_expect_str(run, "prefix only", boot_script_cmdline_lookup(
	    "rootfs=a", "root", buffer, sizeof(buffer)), NULL);
	unit_test_expect_str(run, "no =", boot_script_cmdline_lookup(
	    "root -s", "root", buffer, sizeof(buffer)), NULL);
	unit_test_expect_str(run, "empty name", boot_script_cmdline_lookup(
	    "=a", "", buffer, sizeof(buffer)), NULL);
	unit_test_expect_str(run, "value does not fit",
	    boot_script_cmdline_lookup("x=abcd", "x", buffer, 4), NULL);
	unit_test_expect_str(run, "value just fits",
	    boot_script_cmdline_lookup("x=abc", "x", buffer, 4), "abc");
	unit_test_end(run);
}

static void
test_small_helpers(struct unit_test_run *run)
{
	char buffer[21];

	unit_test_begin(run, "decimal numbers and function names");
	unit_test_expect_str(run, "0",
	    boot_script_format_unsigned(buffer, sizeof(buffer), 0), "0");
	unit_test_expect_str(run, "4294967295",
	    boot_script_format_unsigned(buffer, sizeof(buffer), 4294967295u),
	    "4294967295");
	unit_test_expect_str(run, "2^64-1",
	    boot_script_format_unsigned(buffer, sizeof(buffer), UINT64_MAX),
	    "18446744073709551615");
	unit_test_expect_str(run, "does not fit",
	    boot_script_format_unsigned(buffer, 3, 123), NULL);
	unit_test_expect_str(run, "just fits",
	    boot_script_format_unsigned(buffer, 4, 123), "123");
	unit_test_expect_str(run, "task-create", boot_script_function_name(
	    BOOT_SCRIPT_FUNCTION_TASK_CREATE), "task-create");
	unit_test_expect_str(run, "prompt", boot_script_function_name(
	    BOOT_SCRIPT_FUNCTION_PROMPT_TASK_RESUME), "prompt-task-resume");
	unit_test_expect_str(run, "out of range",
	    boot_script_function_name(99), "");
	unit_test_end(run);

	unit_test_begin(run, "host strlcpy");
	unit_test_expect_int(run, "return", (long)strlcpy(buffer, "abcdef", 4),
	    6);
	unit_test_expect_str(run, "copy", buffer, "abc");
	unit_test_end(run);
}

int
main(void)
{
	struct unit_test_run run = { 0 };
	size_t i;

	for (i = 0; i < LINE_CASE_COUNT; i++)
		test_line_case(&run, &line_cases[i]);
	test_assignment_then_reference(&run);
	test_generated_lines(&run);
	test_error_strings(&run);
	test_format_message(&run);
	test_cmdline_lookup(&run);
	test_small_helpers(&run);
	return unit_test_summary(&run, "test_boot_script");
}
