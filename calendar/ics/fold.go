package ics

import (
	"io"
	"strings"
	"unicode/utf8"
)

// maxLineOctets is the RFC 5545 section 3.1 limit for a content line,
// excluding the line break.
const maxLineOctets = 75

// foldWriter folds content lines at 75 octets with CRLF followed by one
// space, as RFC 5545 section 3.1 requires.
//
// Written by hand because go-ical's encoder does not fold (go-ical issue
// #18), and Outlook and some mail gateways mangle longer lines. It never
// breaks inside a UTF-8 sequence: a fold is placed before the lead byte of
// a rune that would not fit, so every physical line stays valid UTF-8. It
// keeps its state across Write calls, so it works whatever way the encoder
// chunks its output.
type foldWriter struct {
	w       io.Writer
	lineLen int // octets on the current physical line, line break excluded
	buf     []byte
}

func newFoldWriter(w io.Writer) *foldWriter { return &foldWriter{w: w} }

func (f *foldWriter) Write(p []byte) (int, error) {
	f.buf = f.buf[:0]
	for _, b := range p {
		switch {
		case b == '\n':
			f.lineLen = 0
		case b == '\r':
			// Not counted: it belongs to the line break.
		case utf8.RuneStart(b):
			need := runeLen(b)
			if f.lineLen+need > maxLineOctets {
				f.buf = append(f.buf, '\r', '\n', ' ')
				f.lineLen = 1
			}
			f.lineLen++
		default: // continuation byte: always stays with its lead byte
			f.lineLen++
		}
		f.buf = append(f.buf, b)
	}
	if _, err := f.w.Write(f.buf); err != nil {
		return 0, err
	}
	return len(p), nil
}

// runeLen is the length of the UTF-8 sequence that starts with lead byte b;
// invalid lead bytes count as one octet.
func runeLen(b byte) int {
	switch {
	case b < 0x80:
		return 1
	case b&0xE0 == 0xC0:
		return 2
	case b&0xF0 == 0xE0:
		return 3
	case b&0xF8 == 0xF0:
		return 4
	default:
		return 1
	}
}

// cleanText prepares a TEXT value for go-ical's SetText: CRLF and lone CR
// become LF (go-ical escapes LF as \n but leaves CR in, and its encoder then
// refuses the line), other control characters, which RFC 5545 forbids in
// TEXT, are dropped, and invalid UTF-8 is replaced.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7F {
			return -1
		}
		return r
	}, s)
}

// cleanParam prepares a parameter value such as CN or LABEL. RFC 5545 has
// no escape for a double quote inside a parameter value, so it is removed;
// line breaks and other controls become spaces. go-ical's encoder then
// quotes the value when it contains ':', ';' or ','.
func cleanParam(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '"':
			return -1
		case r < 0x20 || r == 0x7F:
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
