package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// TestTextContrast measures every text colour against every background it
// is drawn on, and every coloured button's text on its colour, in both
// variants: all reach 4.5:1 with Twoway's theme. Fyne's own theme does not
// (secondary text measured 1.3:1 on white), which shows the measure can
// fail.
func TestTextContrast(t *testing.T) {
	check := func(th fyne.Theme) (fails []string) {
		for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			bgs := backgrounds(th, v)
			for _, n := range textColors {
				fg := opaque(th.Color(n, v))
				for i, bg := range bgs {
					if r := contrast(fg, bg); r < minContrast {
						fails = append(fails, variantName(v)+": "+string(n)+" on "+string(backgroundColors[i])+" "+ratioText(r))
					}
				}
			}
			for on, surface := range onColors {
				bg := opaque(th.Color(surface, v))
				if r := contrast(over(th.Color(on, v), bg), bg); r < minContrast {
					fails = append(fails, variantName(v)+": "+string(on)+" on "+string(surface)+" "+ratioText(r))
				}
			}
		}
		return fails
	}
	for _, f := range check(Theme()) {
		t.Error(f)
	}
	if fails := check(theme.DefaultTheme()); len(fails) == 0 {
		t.Error("Fyne's own theme passes: the measure cannot fail")
	}
}

func variantName(v fyne.ThemeVariant) string {
	if v == theme.VariantDark {
		return "dark"
	}
	return "light"
}

func ratioText(r float64) string { return fmt.Sprintf("%.2f:1", r) }
