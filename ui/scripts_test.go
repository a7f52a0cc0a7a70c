package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestNamesInAnyScriptHaveGlyphs: a Japanese, Chinese, Korean, Arabic,
// Hebrew, Devanagari or Thai name is drawn with real glyphs, not the empty
// boxes of a missing character. Twoway's own theme font is Latin; Fyne
// falls back per character to the system's fonts (the packages Twoway
// recommends: fonts-noto-core, fonts-droid-fallback). A character no font
// has is measured as the box, and each script must measure otherwise.
func TestNamesInAnyScriptHaveGlyphs(t *testing.T) {
	test.NewTempApp(t)
	size := theme.TextSize()
	for _, tt := range []struct{ script, name string }{
		{"Japanese", "山田花子"}, {"Chinese", "王小明明"}, {"Korean", "김민준님"},
		{"Arabic", "فاطمة"}, {"Hebrew", "נועה"}, {"Devanagari", "अनन्या"}, {"Thai", "สมชาย"},
	} {
		t.Run(tt.script, func(t *testing.T) {
			w := fyne.MeasureText(tt.name, size, fyne.TextStyle{}).Width
			// as many private-use characters, which no font has: boxes
			n := len([]rune(tt.name))
			box := fyne.MeasureText(strings.Repeat("\U000F0000", n), size, fyne.TextStyle{}).Width
			if w == 0 || w == box {
				t.Errorf("%s %q measures %.2f, as %d missing-glyph boxes do: no font draws it", tt.script, tt.name, w, n)
			}
		})
	}
}
