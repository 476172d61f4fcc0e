/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/boot_script.c: parser and expander for boot-script lines.
 *
 * Owns the boot-script grammar (design/03-boot-script.md):
 *
 *	line	 := blank* ( '#' any* | program ( blank+ word )* blank* )
 *	program	 := chars, taken literally after quote removal
 *	word	 := '$(' name [ '=' name ] ')'	-- the whole word
 *		  | ( text | '${' name '}' )*
 *
 * Quote removal comes first and is done by a small reader
 * (boot_script_reader_next()): '...' and "..." group blanks into one
 * word and disappear, a backslash makes the next byte plain text.  This
 * undoes the escaping GRUB applies to module arguments, and lets a word
 * written as '${host-port}' work as ${host-port}.  Only bytes the reader
 * reports as "active" (not escaped) can start or end ${...} and $(...).
 *
 * Parsing checks everything that does not depend on variable values:
 * syntax, bounds, function names, which actions a line asks for.
 * Variables are resolved only by boot_script_expand(), through the
 * caller's lookup callback, because the kernel's values (port names in
 * the new task) exist only once the task does.
 *
 * No allocation, no printing, no locks: the caller owns every buffer.
 * Built into the kernel and, unchanged, into tests/unit/.
 */

#include <kern/boot_script.h>
#include <kern/string.h>

/* Names of the functions, indexed by enum boot_script_function. */
static const char *const boot_script_function_names[] = {
	[BOOT_SCRIPT_FUNCTION_NONE]		  = "",
	[BOOT_SCRIPT_FUNCTION_TASK_CREATE]	  = "task-create",
	[BOOT_SCRIPT_FUNCTION_TASK_RESUME]	  = "task-resume",
	[BOOT_SCRIPT_FUNCTION_PROMPT_TASK_RESUME] = "prompt-task-resume",
};

#define BOOT_SCRIPT_FUNCTION_COUNT					\
	(sizeof(boot_script_function_names) /				\
	    sizeof(boot_script_function_names[0]))

/* Messages, indexed by enum boot_script_error. */
static const char *const boot_script_error_strings[] = {
	[BOOT_SCRIPT_OK]		    = "no error",
	[BOOT_SCRIPT_EMPTY_LINE]	    = "empty command line, no program "
					      "name",
	[BOOT_SCRIPT_LINE_TOO_LONG]	    = "command line too long",
	[BOOT_SCRIPT_BAD_CHARACTER]	    = "control character in command "
					      "line",
	[BOOT_SCRIPT_UNTERMINATED_QUOTE]    = "unterminated quote",
	[BOOT_SCRIPT_TRAILING_BACKSLASH]    = "backslash at end of line",
	[BOOT_SCRIPT_TOO_MANY_WORDS]	    = "too many words",
	[BOOT_SCRIPT_TOO_MANY_SEGMENTS]	    = "too many ${...} references",
	[BOOT_SCRIPT_UNTERMINATED_VARIABLE] = "unterminated ${",
	[BOOT_SCRIPT_UNTERMINATED_FUNCTION] = "unterminated $(",
	[BOOT_SCRIPT_EMPTY_NAME]	    = "empty name",
	[BOOT_SCRIPT_BAD_NAME]		    = "bad character in name",
	[BOOT_SCRIPT_NAME_TOO_LONG]	    = "name too long",
	[BOOT_SCRIPT_UNKNOWN_FUNCTION]	    = "unknown function",
	[BOOT_SCRIPT_FUNCTION_AS_VARIABLE]  = "function used as a variable",
	[BOOT_SCRIPT_ASSIGN_TO_FUNCTION]    = "cannot assign to a function "
					      "name",
	[BOOT_SCRIPT_ASSIGN_WITHOUT_VALUE]  = "only task-create gives a value "
					      "to assign",
	[BOOT_SCRIPT_FUNCTION_NOT_WORD]	    = "function call must be a whole "
					      "word",
	[BOOT_SCRIPT_DUPLICATE_FUNCTION]    = "task created or resumed twice",
	[BOOT_SCRIPT_RESUME_WITHOUT_CREATE] = "task resumed but never created",
	[BOOT_SCRIPT_UNKNOWN_VARIABLE]	    = "unknown variable",
	[BOOT_SCRIPT_ARGS_TOO_LONG]	    = "arguments too long",
};

_Static_assert(sizeof(boot_script_error_strings) /
    sizeof(boot_script_error_strings[0]) == BOOT_SCRIPT_ERROR_COUNT,
    "one message per enum boot_script_error");

/*
 * Error tokens longer than this many source bytes are cut and end in
 * "...".  Leaves room for the dots and the NUL.
 */
#define BOOT_SCRIPT_TOKEN_KEEP_BYTES	(BOOT_SCRIPT_MAX_TOKEN_BYTES - 4)

/*
 * The source text shown by boot_script_format_message() is cut after
 * this many bytes, so that the console line stays near 80 columns.
 */
#define BOOT_SCRIPT_MESSAGE_SOURCE_BYTES	40

/*
 * struct boot_script_reader: walks one word of the source with quotes
 * removed.  Copied by value to look ahead and to back up.
 */
struct boot_script_reader {
	const char	*source;
	size_t		pos;		/* next source byte */
	char		quote;		/* open quote character, or 0 */
};

/* One byte of a word, as boot_script_reader_next() reports it. */
struct boot_script_char {
	char		c;
	bool		active;		/* not escaped: may be $ { } ( ) = */
};

/* What boot_script_reader_next() found. */
enum boot_script_read {
	BOOT_SCRIPT_READ_CHAR,		/* *out holds the next byte */
	BOOT_SCRIPT_READ_END,		/* end of the word */
	BOOT_SCRIPT_READ_ERROR		/* *error says why */
};

/*
 * struct boot_script_parser: the state of one boot_script_parse() call.
 */
struct boot_script_parser {
	struct boot_script_line		*line;
	struct boot_script_reader	reader;
	size_t				word_start;	/* source offset */
};

static inline bool
boot_script_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * boot_script_reader_next: the next byte of the current word.
 * Locks: none.
 * Returns: READ_CHAR with *out set; READ_END at an unquoted blank or
 * the end of the line (the blank is not consumed); READ_ERROR with
 * *error set for a quote left open or a backslash ending the line.
 */
static enum boot_script_read
boot_script_reader_next(struct boot_script_reader *reader,
    struct boot_script_char *out, enum boot_script_error *error)
{
	for (;;) {
		char c = reader->source[reader->pos];

		if (c == '\0') {
			if (reader->quote == 0)
				return BOOT_SCRIPT_READ_END;
			*error = BOOT_SCRIPT_UNTERMINATED_QUOTE;
			return BOOT_SCRIPT_READ_ERROR;
		}
		if (reader->quote == 0 && boot_script_is_blank(c))
			return BOOT_SCRIPT_READ_END;
		if (c == '\\') {
			if (reader->source[reader->pos + 1] == '\0') {
				*error = BOOT_SCRIPT_TRAILING_BACKSLASH;
				return BOOT_SCRIPT_READ_ERROR;
			}
			out->c = reader->source[reader->pos + 1];
			out->active = false;
			reader->pos += 2;
			return BOOT_SCRIPT_READ_CHAR;
		}
		reader->pos++;
		if ((c == '\'' || c == '"') && reader->quote == 0) {
			reader->quote = c;
			continue;
		}
		if (c == reader->quote) {
			reader->quote = 0;
			continue;
		}
		out->c = c;
		out->active = true;
		return BOOT_SCRIPT_READ_CHAR;
	}
}

/*
 * boot_script_reader_starts: whether the next two bytes are the active
 * pair first, second (e.g. '$', '{').  Consumes them if so.
 * Locks: none.
 * Returns: true if they were, and the reader has moved past them.
 */
static bool
boot_script_reader_starts(struct boot_script_reader *reader, char first,
    char second)
{
	struct boot_script_reader ahead = *reader;
	struct boot_script_char ch;
	enum boot_script_error ignored;

	if (boot_script_reader_next(&ahead, &ch, &ignored) !=
	    BOOT_SCRIPT_READ_CHAR || !ch.active || ch.c != first)
		return false;
	if (boot_script_reader_next(&ahead, &ch, &ignored) !=
	    BOOT_SCRIPT_READ_CHAR || !ch.active || ch.c != second)
		return false;
	*reader = ahead;
	return true;
}

/*
 * boot_script_set_token_text: make length bytes of text the line's
 * error_token, cut with "..." if they do not fit.
 * Locks: none.
 */
static void
boot_script_set_token_text(struct boot_script_line *line, const char *text,
    size_t length)
{
	if (length > BOOT_SCRIPT_TOKEN_KEEP_BYTES) {
		memcpy(line->error_token, text, BOOT_SCRIPT_TOKEN_KEEP_BYTES);
		memcpy(line->error_token + BOOT_SCRIPT_TOKEN_KEEP_BYTES,
		    "...", 4);
		return;
	}
	memcpy(line->error_token, text, length);
	line->error_token[length] = '\0';
}

/*
 * boot_script_set_token: make the word at source offset start the
 * line's error_token.  The word ends at the first blank (quotes are
 * not honoured here: the token is only shown).
 * Locks: none.
 */
static void
boot_script_set_token(struct boot_script_line *line, const char *source,
    size_t start)
{
	size_t length = 0;

	while (source[start + length] != '\0' &&
	    !boot_script_is_blank(source[start + length]))
		length++;
	boot_script_set_token_text(line, source + start, length);
}

/*
 * boot_script_fail: record error for the word being parsed.
 * Locks: none.
 * Returns: error, for "return boot_script_fail(...)".
 */
static enum boot_script_error
boot_script_fail(struct boot_script_parser *parser,
    enum boot_script_error error)
{
	boot_script_set_token(parser->line, parser->reader.source,
	    parser->word_start);
	return error;
}

/*
 * boot_script_store_char: append c to the line's strings[].
 * Locks: none.
 * Returns: BOOT_SCRIPT_OK, or LINE_TOO_LONG if strings[] is full (it
 * cannot be for a line within MAX_LINE_BYTES; checked all the same).
 */
static enum boot_script_error
boot_script_store_char(struct boot_script_line *line, char c)
{
	if (line->strings_used >= sizeof(line->strings))
		return BOOT_SCRIPT_LINE_TOO_LONG;
	line->strings[line->strings_used++] = c;
	return BOOT_SCRIPT_OK;
}

/*
 * boot_script_name_char_ok: whether c may appear in a name.  Names
 * exclude blanks, the characters of the syntax and escaped bytes.
 */
static bool
boot_script_name_char_ok(struct boot_script_char ch)
{
	if (!ch.active || boot_script_is_blank(ch.c))
		return false;
	return strchr("${}()='\"\\", ch.c) == NULL;
}

/*
 * boot_script_read_name: read a name up to an active byte in stops,
 * store it NUL-terminated in strings[] and point *name at it.
 * Locks: none.
 * Returns: BOOT_SCRIPT_OK with *stop set to the byte that ended the
 * name; else the error for the word: unterminated (the caller's
 * unterminated code), empty, too long, or bad name.
 */
static enum boot_script_error
boot_script_read_name(struct boot_script_parser *parser, const char *stops,
    enum boot_script_error unterminated, const char **name, char *stop)
{
	struct boot_script_line *line = parser->line;
	struct boot_script_char ch;
	enum boot_script_error error = BOOT_SCRIPT_OK;
	size_t length = 0;

	*name = &line->strings[line->strings_used];
	for (;;) {
		switch (boot_script_reader_next(&parser->reader, &ch, &error)) {
		case BOOT_SCRIPT_READ_ERROR:
			return error;
		case BOOT_SCRIPT_READ_END:
			return unterminated;
		case BOOT_SCRIPT_READ_CHAR:
			break;
		}
		if (ch.active && strchr(stops, ch.c) != NULL)
			break;
		if (!boot_script_name_char_ok(ch))
			return BOOT_SCRIPT_BAD_NAME;
		if (++length >= BOOT_SCRIPT_MAX_NAME_BYTES)
			return BOOT_SCRIPT_NAME_TOO_LONG;
		error = boot_script_store_char(line, ch.c);
		if (error != BOOT_SCRIPT_OK)
			return error;
	}
	if (length == 0)
		return BOOT_SCRIPT_EMPTY_NAME;
	*stop = ch.c;
	return boot_script_store_char(line, '\0');
}

/*
 * boot_script_find_function: the function called name.
 * Returns: its enum value, or BOOT_SCRIPT_FUNCTION_NONE if none is.
 */
static enum boot_script_function
boot_script_find_function(const char *name)
{
	size_t i;

	for (i = 1; i < BOOT_SCRIPT_FUNCTION_COUNT; i++) {
		if (strcmp(name, boot_script_function_names[i]) == 0)
			return (enum boot_script_function)i;
	}
	return BOOT_SCRIPT_FUNCTION_NONE;
}

/*
 * boot_script_note_action: record on the line what function asks for.
 * Locks: none.
 * Returns: BOOT_SCRIPT_OK, or DUPLICATE_FUNCTION for a second create
 * or a second resume of either kind.
 */
static enum boot_script_error
boot_script_note_action(struct boot_script_line *line,
    enum boot_script_function function, const char *assign_name)
{
	if (function == BOOT_SCRIPT_FUNCTION_TASK_CREATE) {
		if (line->task_create)
			return BOOT_SCRIPT_DUPLICATE_FUNCTION;
		line->task_create = true;
		line->task_name = assign_name;
		return BOOT_SCRIPT_OK;
	}
	if (line->task_resume)
		return BOOT_SCRIPT_DUPLICATE_FUNCTION;
	line->task_resume = true;
	line->prompt = function == BOOT_SCRIPT_FUNCTION_PROMPT_TASK_RESUME;
	return BOOT_SCRIPT_OK;
}

/*
 * boot_script_parse_function: the rest of a $(...) word, after "$(".
 * Locks: none.
 * Returns: BOOT_SCRIPT_OK with word filled in and the line's actions
 * updated; else the error, and the caller records the token.
 */
static enum boot_script_error
boot_script_parse_function(struct boot_script_parser *parser,
    struct boot_script_word *word)
{
	struct boot_script_char ch;
	enum boot_script_error error;
	enum boot_script_function function;
	const char *first, *second = NULL;
	char stop;

	error = boot_script_read_name(parser, "=)",
	    BOOT_SCRIPT_UNTERMINATED_FUNCTION, &first, &stop);
	if (error == BOOT_SCRIPT_OK && stop == '=')
		error = boot_script_read_name(parser, ")",
		    BOOT_SCRIPT_UNTERMINATED_FUNCTION, &second, &stop);
	if (error != BOOT_SCRIPT_OK)
		return error;
	switch (boot_script_reader_next(&parser->reader, &ch, &error)) {
	case BOOT_SCRIPT_READ_ERROR:
		return error;
	case BOOT_SCRIPT_READ_CHAR:
		return BOOT_SCRIPT_FUNCTION_NOT_WORD;
	case BOOT_SCRIPT_READ_END:
		break;
	}

	function = boot_script_find_function(second != NULL ? second : first);
	if (function == BOOT_SCRIPT_FUNCTION_NONE)
		return BOOT_SCRIPT_UNKNOWN_FUNCTION;
	if (second != NULL) {
		if (boot_script_find_function(first) !=
		    BOOT_SCRIPT_FUNCTION_NONE)
			return BOOT_SCRIPT_ASSIGN_TO_FUNCTION;
		if (function != BOOT_SCRIPT_FUNCTION_TASK_CREATE)
			return BOOT_SCRIPT_ASSIGN_WITHOUT_VALUE;
	}
	word->kind = BOOT_SCRIPT_WORD_FUNCTION;
	word->function = function;
	word->assign_name = second != NULL ? first : NULL;
	return boot_script_note_action(parser->line, function,
	    word->assign_name);
}

/*
 * boot_script_add_segment: make strings[start..] the line's next
 * segment, ending the text there with a NUL.  Nothing is added for an
 * empty literal run.
 * Locks: none.
 * Returns: BOOT_SCRIPT_OK, TOO_MANY_SEGMENTS or LINE_TOO_LONG.
 */
static enum boot_script_error
boot_script_add_segment(struct boot_script_line *line,
    struct boot_script_word *word, size_t start, bool is_variable)
{
	struct boot_script_segment *segment;

	if (!is_variable && start == line->strings_used)
		return BOOT_SCRIPT_OK;
	if (line->segment_count >= BOOT_SCRIPT_MAX_SEGMENTS)
		return BOOT_SCRIPT_TOO_MANY_SEGMENTS;
	if (!is_variable &&
	    boot_script_store_char(line, '\0') != BOOT_SCRIPT_OK)
		return BOOT_SCRIPT_LINE_TOO_LONG;
	segment = &line->segments[line->segment_count++];
	segment->text = &line->strings[start];
	segment->is_variable = is_variable;
	word->segment_count++;
	return BOOT_SCRIPT_OK;
}

/*
 * boot_script_parse_variable: the rest of a ${...}, after "${", as the
 * next segment of word.
 * Locks: none.
 * Returns: BOOT_SCRIPT_OK or the error for the word.
 */
static enum boot_script_error
boot_script_parse_variable(struct boot_script_parser *parser,
    struct boot_script_word *word)
{
	struct boot_script_line *line = parser->line;
	size_t start = line->strings_used;
	enum boot_script_error error;
	const char *name;
	char stop;

	error = boot_script_read_name(parser, "}",
	    BOOT_SCRIPT_UNTERMINATED_VARIABLE, &name, &stop);
	if (error != BOOT_SCRIPT_OK)
		return error;
	if (boot_script_find_function(name) != BOOT_SCRIPT_FUNCTION_NONE)
		return BOOT_SCRIPT_FUNCTION_AS_VARIABLE;
	return boot_script_add_segment(line, word, start, true);
}

/*
 * boot_script_parse_text: the rest of a text word: literal runs and
 * ${...} references, each a segment.
 * Locks: none.
 * Returns: BOOT_SCRIPT_OK or the error for the word.
 */
static enum boot_script_error
boot_script_parse_text(struct boot_script_parser *parser,
    struct boot_script_word *word)
{
	struct boot_script_line *line = parser->line;
	struct boot_script_char ch;
	enum boot_script_error error = BOOT_SCRIPT_OK;
	size_t start = line->strings_used;

	word->kind = BOOT_SCRIPT_WORD_TEXT;
	word->first_segment = line->segment_count;
	for (;;) {
		if (boot_script_reader_starts(&parser->reader, '$', '('))
			return BOOT_SCRIPT_FUNCTION_NOT_WORD;
		if (boot_script_reader_starts(&parser->reader, '$', '{')) {
			error = boot_script_add_segment(line, word, start,
			    false);
			if (error == BOOT_SCRIPT_OK)
				error = boot_script_parse_variable(parser,
				    word);
			if (error != BOOT_SCRIPT_OK)
				return error;
			start = line->strings_used;
			continue;
		}
		switch (boot_script_reader_next(&parser->reader, &ch, &error)) {
		case BOOT_SCRIPT_READ_ERROR:
			return error;
		case BOOT_SCRIPT_READ_END:
			return boot_script_add_segment(line, word, start,
			    false);
		case BOOT_SCRIPT_READ_CHAR:
			break;
		}
		error = boot_script_store_char(line, ch.c);
		if (error != BOOT_SCRIPT_OK)
			return error;
	}
}

/*
 * boot_script_parse_program: the first word, taken literally after
 * quote removal.
 * Locks: none.
 * Returns: BOOT_SCRIPT_OK with line->program set, or the error.
 */
static enum boot_script_error
boot_script_parse_program(struct boot_script_parser *parser)
{
	struct boot_script_line *line = parser->line;
	struct boot_script_char ch;
	enum boot_script_error error = BOOT_SCRIPT_OK;

	line->program = &line->strings[line->strings_used];
	for (;;) {
		switch (boot_script_reader_next(&parser->reader, &ch, &error)) {
		case BOOT_SCRIPT_READ_ERROR:
			return error;
		case BOOT_SCRIPT_READ_END:
			return boot_script_store_char(line, '\0');
		case BOOT_SCRIPT_READ_CHAR:
			break;
		}
		error = boot_script_store_char(line, ch.c);
		if (error != BOOT_SCRIPT_OK)
			return error;
	}
}

/*
 * boot_script_skip_blanks: move the reader to the next word.
 * Returns: true if there is one, false at the end of the line.
 */
static bool
boot_script_skip_blanks(struct boot_script_reader *reader)
{
	while (boot_script_is_blank(reader->source[reader->pos]))
		reader->pos++;
	return reader->source[reader->pos] != '\0';
}

/*
 * boot_script_check_quotes: whether every quote is closed and no
 * backslash ends the line, checked before parsing so that the error
 * names the cause rather than whatever the open quote swallowed.
 * Locks: none.
 * Returns: BOOT_SCRIPT_OK, UNTERMINATED_QUOTE or TRAILING_BACKSLASH,
 * with error_token set to the word where the trouble starts.
 */
static enum boot_script_error
boot_script_check_quotes(struct boot_script_line *line, const char *source)
{
	size_t i, word_start = 0, quote_word_start = 0;
	char quote = 0;

	for (i = 0; source[i] != '\0'; i++) {
		char c = source[i];

		if (quote == 0 && boot_script_is_blank(c)) {
			word_start = i + 1;
		} else if (c == '\\') {
			if (source[i + 1] == '\0') {
				boot_script_set_token(line, source,
				    word_start);
				return BOOT_SCRIPT_TRAILING_BACKSLASH;
			}
			i++;
		} else if (quote == 0 && (c == '\'' || c == '"')) {
			quote = c;
			quote_word_start = word_start;
		} else if (c == quote) {
			quote = 0;
		}
	}
	if (quote == 0)
		return BOOT_SCRIPT_OK;
	boot_script_set_token(line, source, quote_word_start);
	return BOOT_SCRIPT_UNTERMINATED_QUOTE;
}

/*
 * boot_script_check_source: the checks made on the raw line before any
 * parsing: its length and the absence of control characters.
 * Locks: none.
 * Returns: BOOT_SCRIPT_OK, LINE_TOO_LONG or BAD_CHARACTER (with the
 * byte shown in error_token as \xNN).
 */
static enum boot_script_error
boot_script_check_source(struct boot_script_line *line, const char *source)
{
	static const char hex[] = "0123456789abcdef";
	size_t length, i;

	length = strnlen(source, BOOT_SCRIPT_MAX_LINE_BYTES + 1);
	if (length > BOOT_SCRIPT_MAX_LINE_BYTES)
		return BOOT_SCRIPT_LINE_TOO_LONG;
	for (i = 0; i < length; i++) {
		unsigned char c = (unsigned char)source[i];

		if ((c >= 0x20 && c != 0x7f) || boot_script_is_blank((char)c))
			continue;
		memcpy(line->error_token, "\\x00", 5);
		line->error_token[2] = hex[c >> 4];
		line->error_token[3] = hex[c & 0xf];
		return BOOT_SCRIPT_BAD_CHARACTER;
	}
	return BOOT_SCRIPT_OK;
}

/*
 * boot_script_parse: parse one module command line into *line.
 * Locks: none.  Blocks: never.
 * Returns: BOOT_SCRIPT_OK, with line describing the program, the text
 * words and the actions (a line with line->comment set asks for
 * nothing); or a parse error, with line->error_token naming the
 * offending word where there is one ("" otherwise).  After an error
 * only error_token is meaningful.  source need only live for the call.
 */
enum boot_script_error
boot_script_parse(struct boot_script_line *line, const char *source)
{
	struct boot_script_parser parser;
	struct boot_script_word *word;
	enum boot_script_error error;

	memset(line, 0, sizeof(*line));
	line->program = "";
	error = boot_script_check_source(line, source);
	if (error != BOOT_SCRIPT_OK)
		return error;

	parser.line = line;
	parser.reader.source = source;
	parser.reader.pos = 0;
	parser.reader.quote = 0;
	if (!boot_script_skip_blanks(&parser.reader))
		return BOOT_SCRIPT_EMPTY_LINE;
	if (source[parser.reader.pos] == '#') {
		line->comment = true;
		return BOOT_SCRIPT_OK;
	}
	error = boot_script_check_quotes(line, source);
	if (error != BOOT_SCRIPT_OK)
		return error;
	parser.word_start = parser.reader.pos;
	error = boot_script_parse_program(&parser);
	if (error != BOOT_SCRIPT_OK)
		return boot_script_fail(&parser, error);

	while (boot_script_skip_blanks(&parser.reader)) {
		parser.word_start = parser.reader.pos;
		if (line->word_count + 1 >= BOOT_SCRIPT_MAX_WORDS)
			return boot_script_fail(&parser,
			    BOOT_SCRIPT_TOO_MANY_WORDS);
		word = &line->words[line->word_count++];
		if (boot_script_reader_starts(&parser.reader, '$', '(')) {
			error = boot_script_parse_function(&parser, word);
		} else {
			error = boot_script_parse_text(&parser, word);
			line->text_word_count++;
		}
		if (error != BOOT_SCRIPT_OK)
			return boot_script_fail(&parser, error);
	}
	if (line->task_resume && !line->task_create)
		return BOOT_SCRIPT_RESUME_WITHOUT_CREATE;
	return BOOT_SCRIPT_OK;
}

/*
 * struct boot_script_output: where boot_script_expand() writes.
 */
struct boot_script_output {
	char		*buffer;
	size_t		size;
	size_t		used;
};

/*
 * boot_script_output_append: copy length bytes of text to the output.
 * Returns: BOOT_SCRIPT_OK, or ARGS_TOO_LONG if they do not fit.
 */
static enum boot_script_error
boot_script_output_append(struct boot_script_output *out, const char *text,
    size_t length)
{
	if (length > out->size - out->used)
		return BOOT_SCRIPT_ARGS_TOO_LONG;
	memcpy(out->buffer + out->used, text, length);
	out->used += length;
	return BOOT_SCRIPT_OK;
}

/*
 * boot_script_expand_word: append the value of text word to the output,
 * NUL-terminated.
 * Locks: none; lookup is called with none this file takes.
 * Returns: BOOT_SCRIPT_OK, UNKNOWN_VARIABLE (with error_token set to
 * "${name}") or ARGS_TOO_LONG.
 */
static enum boot_script_error
boot_script_expand_word(struct boot_script_line *line,
    const struct boot_script_word *word, boot_script_lookup_t lookup,
    void *ctx, struct boot_script_output *out)
{
	const struct boot_script_segment *segment;
	enum boot_script_error error;
	char token[BOOT_SCRIPT_MAX_NAME_BYTES + 3];	/* "${" name "}" */
	const char *value;
	size_t i, length;

	for (i = 0; i < word->segment_count; i++) {
		segment = &line->segments[word->first_segment + i];
		value = segment->text;
		if (segment->is_variable)
			value = lookup(ctx, segment->text);
		if (value == NULL) {
			length = strlen(segment->text);
			memcpy(token, "${", 2);
			memcpy(token + 2, segment->text, length);
			token[2 + length] = '}';
			boot_script_set_token_text(line, token, length + 3);
			return BOOT_SCRIPT_UNKNOWN_VARIABLE;
		}
		error = boot_script_output_append(out, value, strlen(value));
		if (error != BOOT_SCRIPT_OK)
			return error;
	}
	return boot_script_output_append(out, "", 1);
}

/*
 * boot_script_expand: build argc/argv for a parsed line.  argv[0] is
 * the program; each text word gives one string, its ${name} replaced
 * by lookup(ctx, name); function words give none.
 * Locks: none.  Blocks: only if lookup does.
 * Returns: BOOT_SCRIPT_OK with *args filled in (argc 0 for a comment
 * line), the strings in buffer[0, args->strings_bytes); or
 * UNKNOWN_VARIABLE or ARGS_TOO_LONG, with line->error_token set, and
 * *args and buffer to be ignored.
 */
enum boot_script_error
boot_script_expand(struct boot_script_line *line,
    boot_script_lookup_t lookup, void *ctx,
    char *buffer, size_t buffer_bytes, struct boot_script_args *args)
{
	struct boot_script_output out = { buffer, buffer_bytes, 0 };
	enum boot_script_error error;
	size_t i;

	memset(args, 0, sizeof(*args));
	line->error_token[0] = '\0';
	if (line->comment)
		return BOOT_SCRIPT_OK;

	error = boot_script_output_append(&out, line->program,
	    strlen(line->program) + 1);
	if (error != BOOT_SCRIPT_OK)
		return error;
	args->argv[args->argc++] = buffer;
	for (i = 0; i < line->word_count; i++) {
		const struct boot_script_word *word = &line->words[i];
		size_t start = out.used;

		if (word->kind != BOOT_SCRIPT_WORD_TEXT)
			continue;
		error = boot_script_expand_word(line, word, lookup, ctx, &out);
		if (error != BOOT_SCRIPT_OK)
			return error;
		args->argv[args->argc++] = buffer + start;
	}
	args->argv[args->argc] = NULL;
	args->strings_bytes = out.used;
	return BOOT_SCRIPT_OK;
}

/*
 * boot_script_error_string: the message for error, without the token.
 * Returns: a constant string; "unknown error" for a value out of range.
 */
const char *
boot_script_error_string(enum boot_script_error error)
{
	if ((unsigned int)error >= BOOT_SCRIPT_ERROR_COUNT)
		return "unknown error";
	return boot_script_error_strings[error];
}

/*
 * boot_script_function_name: the script name of function, e.g.
 * "task-create".
 * Returns: a constant string; "" for NONE or a value out of range.
 */
const char *
boot_script_function_name(enum boot_script_function function)
{
	if ((unsigned int)function >= BOOT_SCRIPT_FUNCTION_COUNT)
		return "";
	return boot_script_function_names[function];
}

/*
 * boot_script_append_shown: append text to out as it may be shown on
 * the console: control characters become '?', and at most limit bytes
 * are taken, "..." marking a cut.  Stops silently when out is full.
 */
static void
boot_script_append_shown(struct boot_script_output *out, const char *text,
    size_t limit)
{
	size_t i;

	for (i = 0; text[i] != '\0' && out->used + 1 < out->size; i++) {
		if (i == limit) {
			boot_script_append_shown(out, "...", 3);
			return;
		}
		if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f)
			out->buffer[out->used++] = '?';
		else
			out->buffer[out->used++] = text[i];
	}
}

/*
 * boot_script_format_message: build the console line for a module:
 *
 *	boot: module 2 "prog ${host-port} ...": unknown function $(x)
 *
 * from module_index, the raw source line (cut after 40 bytes), message
 * (e.g. boot_script_error_string()) and detail (e.g. error_token; NULL
 * or "" for none).  No newline is added.
 * Locks: none.
 * Returns: the length written; the text is always NUL-terminated and
 * cut to fit buffer_bytes (nothing is written if buffer_bytes is 0).
 */
size_t
boot_script_format_message(char *buffer, size_t buffer_bytes,
    unsigned int module_index, const char *source, const char *message,
    const char *detail)
{
	struct boot_script_output out = { buffer, buffer_bytes, 0 };
	char number[24];

	if (buffer_bytes == 0)
		return 0;
	boot_script_append_shown(&out, "boot: module ", (size_t)-1);
	boot_script_append_shown(&out, boot_script_format_unsigned(number,
	    sizeof(number), module_index), (size_t)-1);
	boot_script_append_shown(&out, " \"", (size_t)-1);
	boot_script_append_shown(&out, source != NULL ? source : "",
	    BOOT_SCRIPT_MESSAGE_SOURCE_BYTES);
	boot_script_append_shown(&out, "\": ", (size_t)-1);
	boot_script_append_shown(&out, message, (size_t)-1);
	if (detail != NULL && detail[0] != '\0') {
		boot_script_append_shown(&out, " ", (size_t)-1);
		boot_script_append_shown(&out, detail, (size_t)-1);
	}
	buffer[out.used] = '\0';
	return out.used;
}

/*
 * boot_script_cmdline_lookup: the value of name in a kernel command
 * line made of blank-separated words, some of the form name=value
 * (GNU Mach makes each such word a boot-script variable).  The first
 * matching word wins.
 * Locks: none.
 * Returns: buffer holding the value, or NULL if there is no such word
 * or its value does not fit buffer_bytes (strlen(cmdline) + 1 always
 * does).
 */
const char *
boot_script_cmdline_lookup(const char *cmdline, const char *name,
    char *buffer, size_t buffer_bytes)
{
	size_t name_length = strlen(name);
	const char *word = cmdline;
	size_t length;

	for (;;) {
		while (boot_script_is_blank(*word))
			word++;
		if (*word == '\0')
			return NULL;
		length = 0;
		while (word[length] != '\0' &&
		    !boot_script_is_blank(word[length]))
			length++;
		if (name_length > 0 && length > name_length &&
		    strncmp(word, name, name_length) == 0 &&
		    word[name_length] == '=')
			break;
		word += length;
	}
	length -= name_length + 1;
	if (length >= buffer_bytes)
		return NULL;
	memcpy(buffer, word + name_length + 1, length);
	buffer[length] = '\0';
	return buffer;
}

/*
 * boot_script_format_unsigned: value in decimal, e.g. a port name for
 * a lookup callback to return.
 * Locks: none.
 * Returns: buffer, or NULL if the digits and NUL do not fit (21 bytes
 * always do).
 */
char *
boot_script_format_unsigned(char *buffer, size_t buffer_bytes,
    uint64_t value)
{
	char digits[20];
	size_t count = 0, i;

	do {
		digits[count++] = (char)('0' + value % 10);
		value /= 10;
	} while (value != 0);
	if (count + 1 > buffer_bytes)
		return NULL;
	for (i = 0; i < count; i++)
		buffer[i] = digits[count - 1 - i];
	buffer[count] = '\0';
	return buffer;
}
