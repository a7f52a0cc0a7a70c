package ui

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// minContrast is WCAG 2.x level AA for body text, which every text of the
// window meets against every background it is drawn on (theme_test.go
// measures it).
const minContrast = 4.5

// Theme is Fyne's own theme (following the system's light or dark
// variant) with the colours of text adjusted where Fyne's fall short of
// 4.5:1: secondary text ("disabled", used for low-importance labels),
// placeholders, warnings, errors, links and the primary colour, and the
// text drawn on coloured buttons. Each colour keeps its hue and is moved
// toward black (light variant) or white (dark) only as far as needed.
func Theme() fyne.Theme { return &contrastTheme{Theme: theme.DefaultTheme()} }

type contrastTheme struct{ fyne.Theme }

// textColors are drawn as text on the window's backgrounds.
var textColors = []fyne.ThemeColorName{
	theme.ColorNameForeground, theme.ColorNameDisabled, theme.ColorNamePlaceHolder,
	theme.ColorNameWarning, theme.ColorNameError, theme.ColorNameSuccess,
	theme.ColorNamePrimary, theme.ColorNameHyperlink,
}

// backgroundColors are what text is drawn on: the window, entries, cards
// and dialogs, menus, list headers, and list rows hovered or selected
// (translucent, so measured over the window's background).
var backgroundColors = []fyne.ThemeColorName{
	theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameOverlayBackground,
	theme.ColorNameMenuBackground, theme.ColorNameHeaderBackground, theme.ColorNameButton,
	theme.ColorNameHover, theme.ColorNameSelection,
}

// onColors pairs the text drawn on a coloured surface with that surface.
var onColors = map[fyne.ThemeColorName]fyne.ThemeColorName{
	theme.ColorNameForegroundOnPrimary: theme.ColorNamePrimary,
	theme.ColorNameForegroundOnError:   theme.ColorNameError,
	theme.ColorNameForegroundOnSuccess: theme.ColorNameSuccess,
	theme.ColorNameForegroundOnWarning: theme.ColorNameWarning,
}

func (t *contrastTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	for _, text := range textColors {
		if n == text {
			return t.readable(n, v)
		}
	}
	if surface, ok := onColors[n]; ok {
		return onSurface(t.Theme.Color(n, v), t.readable(surface, v))
	}
	return t.Theme.Color(n, v)
}

// readable is colour n moved toward black or white until it reaches
// minContrast against every background of variant v.
func (t *contrastTheme) readable(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	c := opaque(t.Theme.Color(n, v))
	bgs := backgrounds(t.Theme, v)
	target := color.NRGBA{A: 0xff}
	if v == theme.VariantDark {
		target = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	}
	for step := 0; step <= 100; step++ {
		m := mix(c, target, float64(step)/100)
		if worstContrast(m, bgs) >= minContrast+0.05 {
			return m
		}
	}
	return target
}

// backgrounds are variant v's backgrounds as drawn: translucent ones over
// the window's background.
func backgrounds(th fyne.Theme, v fyne.ThemeVariant) []color.Color {
	base := opaque(th.Color(theme.ColorNameBackground, v))
	out := make([]color.Color, len(backgroundColors))
	for i, n := range backgroundColors {
		out[i] = over(th.Color(n, v), base)
	}
	return out
}

// onSurface keeps text colour fg on surface bg when it is readable, else
// takes whichever of near-black and white reads better.
func onSurface(fg, bg color.Color) color.Color {
	if contrast(over(fg, bg), bg) >= minContrast {
		return fg
	}
	dark, light := color.NRGBA{R: 0x17, G: 0x17, B: 0x18, A: 0xff}, color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	if contrast(dark, bg) > contrast(light, bg) {
		return dark
	}
	return light
}

func worstContrast(fg color.Color, bgs []color.Color) float64 {
	worst := math.Inf(1)
	for _, bg := range bgs {
		worst = math.Min(worst, contrast(fg, bg))
	}
	return worst
}

// contrast is the WCAG contrast ratio of two opaque colours, 1 to 21.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is WCAG's relative luminance of an opaque colour.
func luminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(n.R) + 0.7152*lin(n.G) + 0.0722*lin(n.B)
}

// over composites c on an opaque background.
func over(c, bg color.Color) color.Color {
	f := color.NRGBAModel.Convert(c).(color.NRGBA)
	b := color.NRGBAModel.Convert(bg).(color.NRGBA)
	a := float64(f.A) / 255
	ch := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*a + float64(y)*(1-a))) }
	return color.NRGBA{R: ch(f.R, b.R), G: ch(f.G, b.G), B: ch(f.B, b.B), A: 0xff}
}

func opaque(c color.Color) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = 0xff
	return n
}

// mix is a moved fraction f of the way to b.
func mix(a color.NRGBA, b color.NRGBA, f float64) color.NRGBA {
	ch := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*f)) }
	return color.NRGBA{R: ch(a.R, b.R), G: ch(a.G, b.G), B: ch(a.B, b.B), A: 0xff}
}
