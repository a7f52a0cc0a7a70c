package shared

import (
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// cleanText is the form every TEXT field takes: valid UTF-8, LF line
// breaks, and no control character RFC 5545 section 3.3.11 forbids in TEXT
// (a tab stays). Encode and Decode both apply it, so a value survives the
// round trip exactly once it is clean.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if !strings.ContainsAny(s, "\r") && !hasControl(s, true) {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || !isControl(r) {
			return r
		}
		return -1
	}, s)
}

// cleanRaw is the form of a raw value or parameter value kept for another
// application: valid UTF-8 and no control character but a tab (a line
// break cannot be part of a content line).
func cleanRaw(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if !hasControl(s, false) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\t' || !isControl(r) {
			return r
		}
		return -1
	}, s)
}

// cleanParam is cleanRaw without double quotes, which RFC 5545 cannot
// carry in a parameter value.
func cleanParam(s string) string {
	return strings.ReplaceAll(cleanRaw(s), `"`, "")
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7F }

func hasControl(s string, allowLF bool) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; (b < 0x20 || b == 0x7F) && b != '\t' && (b != '\n' || !allowLF) {
			return true
		}
	}
	return false
}

// cleanEmail is the form of an identity: lower case, without "mailto:",
// surrounding space, controls or double quotes.
func cleanEmail(s string) string {
	s = strings.TrimSpace(cleanParam(strings.ReplaceAll(cleanText(s), "\n", "")))
	if len(s) >= 7 && strings.EqualFold(s[:7], "mailto:") {
		s = strings.TrimSpace(s[7:])
	}
	return strings.ToLower(s)
}

// cleanParty is an email or Both.
func cleanParty(s string) string {
	if strings.EqualFold(strings.TrimSpace(s), Both) {
		return Both
	}
	return cleanEmail(s)
}

// cleanList cleans each entry and drops empty ones; nil when none is left.
func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = cleanText(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// escapeText escapes a clean TEXT value (RFC 5545 section 3.3.11).
func escapeText(s string) string {
	if !strings.ContainsAny(s, "\\;,\n") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', ';', ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// unescapeText reads a TEXT value. It is lenient, as readers of other
// applications' output must be: `\:` (seen in the wild) is a colon, and an
// unknown escape or a trailing backslash keeps its backslash.
func unescapeText(v string) string {
	if !strings.Contains(v, `\`) {
		return cleanText(v)
	}
	var b strings.Builder
	b.Grow(len(v))
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c != '\\' || i+1 == len(v) {
			b.WriteByte(c)
			continue
		}
		i++
		switch d := v[i]; d {
		case 'n', 'N':
			b.WriteByte('\n')
		case '\\', ';', ',', ':':
			b.WriteByte(d)
		default:
			b.WriteByte('\\')
			b.WriteByte(d)
		}
	}
	return cleanText(b.String())
}

// splitEscaped splits a raw (still escaped) value at each sep that is not
// escaped.
func splitEscaped(v string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case sep:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

// escapeList writes a list of clean texts as one TEXT value with commas.
func escapeList(l []string) string {
	parts := make([]string, len(l))
	for i, s := range l {
		parts[i] = escapeText(s)
	}
	return strings.Join(parts, ",")
}

// unescapeList reads a comma-separated TEXT value; empty items are dropped.
func unescapeList(v string) []string {
	var out []string
	for _, p := range splitEscaped(v, ',') {
		if s := unescapeText(p); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// maxLineOctets is RFC 5545 section 3.1's limit for a content line,
// excluding the line break.
const maxLineOctets = 75

// foldWriter folds content lines at 75 octets with CRLF and one space
// (RFC 5545 section 3.1), because go-ical's encoder does not (its issue
// #18). A fold never splits a UTF-8 sequence: it goes before the lead byte
// of a rune that would not fit. State is kept across writes.
type foldWriter struct {
	w       io.Writer
	lineLen int
	buf     []byte
}

func (f *foldWriter) Write(p []byte) (int, error) {
	f.buf = f.buf[:0]
	for _, b := range p {
		switch {
		case b == '\n':
			f.lineLen = 0
		case b == '\r':
		case utf8.RuneStart(b):
			if f.lineLen+runeLen(b) > maxLineOctets {
				f.buf = append(f.buf, '\r', '\n', ' ')
				f.lineLen = 1
			}
			f.lineLen++
		default:
			f.lineLen++
		}
		f.buf = append(f.buf, b)
	}
	if _, err := f.w.Write(f.buf); err != nil {
		return 0, err
	}
	return len(p), nil
}

func runeLen(b byte) int {
	switch {
	case b&0xE0 == 0xC0:
		return 2
	case b&0xF0 == 0xE0:
		return 3
	case b&0xF8 == 0xF0:
		return 4
	}
	return 1
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
