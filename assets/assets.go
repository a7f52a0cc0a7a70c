// Package assets holds Twoway's bundled resources.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

// iconPNG is rendered from icon.svg (`make icon` regenerates it); Fyne and
// desktop environments want a bitmap app icon.
//
//go:embed icon.png
var iconPNG []byte

// Icon is the application icon.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)
