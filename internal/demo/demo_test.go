package demo

import (
	"testing"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
)

func TestEmailLocal(t *testing.T) {
	tests := []struct{ name, want string }{
		{"Nguyễn", "nguyen"},
		{"Ó Briain", "obriain"},
		{"El-Sayed", "el-sayed"},
		{"Müller", "muller"},
		{"Krüger", "kruger"},
		{"Seidel", "seidel"},
		{"Şahin", "sahin"},
		{"Małgorzata", "malgorzata"},
		{"Sjöberg", "sjoberg"},
		{"van der Merwe", "vandermerwe"},
		{"Weiß", "weiss"},
		{"O'Sullivan", "osullivan"},
	}
	for _, tc := range tests {
		if got := emailLocal(tc.name); got != tc.want {
			t.Errorf("emailLocal(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	// Every name in the pools folds to a usable address
	for _, c := range cultures {
		for _, n := range append(append([]string(nil), c.given...), c.surname...) {
			addr := emailLocal(n) + "@example.org"
			if msg := mentoring.CheckEmail(addr); msg != nil || emailLocal(n) == "" {
				t.Errorf("%q gives %q: %s", n, addr, msg)
			}
		}
		for _, z := range c.zones {
			if _, err := calendar.LoadZone(z); err != nil {
				t.Errorf("zone %s: %v", z, err)
			}
		}
	}
}
