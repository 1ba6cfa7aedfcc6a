package matpower

import (
	"bytes"
	"strings"
)

// tokKind is the kind of a lexical token of a case file.
type tokKind int

const (
	tWord    tokKind = iota // a number, a name or an operator: anything else
	tString                 // a quoted string, text without the quotes
	tPunct                  // = [ ] { } ( ) ; , or the transpose '
	tNewline                // the end of a line not continued with ...
	tEOF
)

type token struct {
	kind tokKind
	text string
	line int
}

// lexError is a problem found while splitting the input into tokens.
type lexError struct {
	line int
	msg  string
}

// punct lists the characters that are tokens on their own.
const punct = "=[]{}();,"

// lex splits a case file into tokens. It understands the parts of the
// MATLAB language that case files use: % comments, %{ ... %} block comments,
// ... continuations, 'strings' and "strings" (with doubled quotes inside),
// and the transpose operator '. Everything else that is not blank or one of
// = [ ] { } ( ) ; , is a word. Lines end with \n, \r\n or \r.
func lex(src []byte) ([]token, []lexError) {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	var toks []token
	var errs []lexError
	block := 0 // depth of %{ ... %} block comments
	line := 0
	for len(src) > 0 || line == 0 {
		line++
		var text []byte
		if i := bytes.IndexAny(src, "\r\n"); i >= 0 {
			text = src[:i]
			if src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			src = src[i+1:]
		} else {
			text, src = src, nil
		}
		trimmed := strings.TrimSpace(string(text))
		if trimmed == "%{" {
			block++
			continue
		}
		if block > 0 {
			if trimmed == "%}" {
				block--
			}
			continue
		}
		continued := false
		i := 0
		for i < len(text) {
			c := text[i]
			switch {
			case c == ' ' || c == '\t' || c == '\f' || c == '\v':
				i++
			case c == '%':
				i = len(text)
			case bytes.HasPrefix(text[i:], []byte("...")):
				continued = true
				i = len(text)
			case c == '\'' && i > 0 && afterValue(text[i-1]):
				toks = append(toks, token{tPunct, "'", line})
				i++
			case c == '\'' || c == '"':
				s, n, ok := quoted(text[i:], c)
				if !ok {
					errs = append(errs, lexError{line, "unterminated string"})
					i = len(text)
					continue
				}
				toks = append(toks, token{tString, s, line})
				i += n
			case strings.IndexByte(punct, c) >= 0:
				toks = append(toks, token{tPunct, string(c), line})
				i++
			default:
				j := i + 1
				for j < len(text) && isWordByte(text[j]) && !bytes.HasPrefix(text[j:], []byte("...")) {
					j++
				}
				toks = append(toks, token{tWord, string(text[i:j]), line})
				i = j
			}
		}
		if !continued {
			toks = append(toks, token{tNewline, "", line})
		}
		if src == nil {
			break
		}
	}
	if block > 0 {
		errs = append(errs, lexError{line, "block comment %{ is not closed"})
	}
	toks = append(toks, token{tEOF, "", line})
	return toks, errs
}

// afterValue reports whether a quote right after c is the transpose
// operator rather than the start of a string.
func afterValue(c byte) bool {
	return isWordByte(c) || c == ']' || c == ')' || c == '}' || c == '\''
}

func isWordByte(c byte) bool {
	switch c {
	case ' ', '\t', '\f', '\v', '%', '\'', '"':
		return false
	}
	return strings.IndexByte(punct, c) < 0
}

// quoted reads a string that starts with the quote q at s[0], where a
// doubled quote stands for one. It returns the text, the number of bytes
// read and whether the string was closed on this line.
func quoted(s []byte, q byte) (string, int, bool) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		if s[i] != q {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == q {
			b.WriteByte(q)
			i++
			continue
		}
		return b.String(), i + 1, true
	}
	return "", len(s), false
}
