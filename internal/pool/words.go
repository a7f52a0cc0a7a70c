package pool

import (
	"strings"
	"unicode"
)

// Terms decides when an offer meets a want. Both are reduced to a term:
// lower case, punctuation as spaces, each word in the singular ("Public
// Speaking!" and "public speaking" are one term, "spreadsheets" and
// "spreadsheet" too), and a term in a synonym group stands for the group's
// first term. Matching is of whole terms: "marketing" does not meet
// "social media marketing", because a partial word match pairs people on
// the word that mattered least to them.
type Terms struct {
	canon map[string]string
}

// NewTerms builds the matcher of a pool's synonym groups. A word in two
// groups belongs to the first; a group of one word changes nothing.
func NewTerms(synonyms [][]string) Terms {
	t := Terms{canon: map[string]string{}}
	for _, g := range synonyms {
		var head string
		for _, w := range g {
			n := Normalize(w)
			if n == "" {
				continue
			}
			if head == "" {
				head = n
			}
			if _, taken := t.canon[n]; !taken {
				t.canon[n] = head
			}
		}
	}
	return t
}

// Term is the term s stands for.
func (t Terms) Term(s string) string {
	n := Normalize(s)
	if c, ok := t.canon[n]; ok {
		return c
	}
	return n
}

// Meets reports whether an offer meets a want.
func (t Terms) Meets(offer, want string) bool {
	o := t.Term(offer)
	return o != "" && o == t.Term(want)
}

// Normalize reduces s to its words in lower case and in the singular,
// joined by single spaces.
func Normalize(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '+' && r != '#'
	})
	for i, w := range words {
		words[i] = Singular(w)
	}
	return strings.Join(words, " ")
}

// Singular is the English singular of a lower-case word, by the common
// spelling rules only ("stories" story, "classes" class, "coaches" coach,
// "skills" skill); a word it cannot tell ("analytics", "media") may be cut
// wrongly, but the same way on both sides, so offers and wants still meet.
func Singular(w string) string {
	n := len(w)
	switch {
	case n <= 3:
		return w
	case strings.HasSuffix(w, "ies") && n > 4:
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"),
		strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zzes"):
		return w[:n-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s"):
		return w[:n-1]
	}
	return w
}

// DefaultSynonyms are the groups a new pool starts with: words sign-up
// forms commonly use for one skill. The user edits them per pool.
func DefaultSynonyms() [][]string {
	return [][]string{
		{"public speaking", "presenting", "presentation"},
		{"spreadsheets", "excel", "google sheets"},
		{"social media", "instagram", "tiktok"},
		{"ai", "artificial intelligence"},
		{"coding", "programming", "software development"},
		{"leadership", "leading teams", "people management"},
	}
}
