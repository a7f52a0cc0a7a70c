package ui

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// folder strips accents: "Sofía" and "São Paulo" decompose (NFD) and lose
// their combining marks.
var folder = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// fold is s as searches compare it: without accents, in lower case, so
// "sofia" finds "Sofía" and "SAO" finds "São Paulo".
func fold(s string) string {
	out, _, err := transform.String(folder, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// searchWords are the folded words of a query.
func searchWords(q string) []string { return strings.Fields(fold(q)) }

// matchesAll reports whether hay (folded) contains every word.
func matchesAll(hay string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}
