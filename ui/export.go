package ui

import (
	"bytes"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	fstorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
	"github.com/twoway-app/twoway/internal/report"
)

// Export formats, in English; the dialog offers them through lang.L.
const (
	formatMarkdown = "Markdown summary (.md), to share with your partner"
	formatCSV      = "Spreadsheet (.csv)"
)

// exportHistory asks for a format, then a file, and writes the shown
// partnership's history there. The export is built off the UI goroutine
// from a fresh read of the database.
func (u *UI) exportHistory() {
	if !u.pairShown() {
		return
	}
	p := u.detail.p
	format := widget.NewRadioGroup([]string{lang.L(formatMarkdown), lang.L(formatCSV)}, nil)
	format.SetSelected(lang.L(formatMarkdown))
	private := widget.NewCheck(lang.L("Include my private notes"), nil)
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Format"), format),
		widget.NewFormItem("", private),
	}
	dialog.ShowForm(lang.L("Export the history of “{{.Title}}”", map[string]any{"Title": p.Title}),
		lang.L("Choose file…"), lang.L("Cancel"), items, func(ok bool) {
			if !ok {
				return
			}
			ext := ".md"
			if format.Selected == lang.L(formatCSV) {
				ext = ".csv"
			}
			save := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
				if err != nil {
					u.showError(lang.L("Could not export"), err)
					return
				}
				if w == nil {
					return
				}
				u.writeExport(p.ID, ext, private.Checked, w)
			}, u.win)
			save.SetFileName(safeFileName(p.Title) + ext)
			save.SetFilter(fstorage.NewExtensionFileFilter([]string{ext}))
			save.Show()
		}, u.win)
}

// writeExport builds the export and writes it to w.
func (u *UI) writeExport(id int64, ext string, private bool, w fyne.URIWriteCloser) {
	var err error
	u.Run(func() {
		var data []byte
		if data, err = u.exportBytes(id, ext, private, time.Now()); err != nil {
			w.Close()
			return
		}
		err = writeAndClose(w, data)
	}, func() {
		if err != nil {
			u.showError(lang.L("Could not export"), err)
			return
		}
		dialog.ShowInformation(lang.L("Exported"), lang.L("Saved {{.File}}.", map[string]any{"File": w.URI().Name()}), u.win)
	})
}

// exportBytes renders partnership id's history as Markdown (.md) or CSV.
func (u *UI) exportBytes(id int64, ext string, private bool, now time.Time) ([]byte, error) {
	h, err := u.db().History(u.ctx, id)
	if err != nil {
		return nil, err
	}
	o := report.ExportOptions{Private: private, Now: now}
	if ext == ".csv" {
		var b bytes.Buffer
		err := report.WriteCSV(&b, h, o)
		return b.Bytes(), err
	}
	return []byte(report.Markdown(h, o)), nil
}

// safeFileName turns a title into a file name every OS accepts.
func safeFileName(title string) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '-'
		}
		return r
	}, strings.TrimSpace(title))
	if name == "" {
		return "twoway"
	}
	return name
}
