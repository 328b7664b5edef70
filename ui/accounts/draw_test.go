package accounts

import (
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"bob/model"
	"bob/ui/uitest"
)

// TestPaintDrawsWhatLipglossDraws: every row the list draws with the
// styles' escape sequences worked out once is, byte for byte, the row
// lipgloss draws cell by cell, in every colour profile, on dark and light
// backgrounds, under the cursor or not, selected or not, with the
// filter's letters highlighted, for names in several alphabets.
func TestPaintDrawsWhatLipglossDraws(t *testing.T) {
	sums := bigBook(300)
	sums[3].Name, sums[4].Name, sums[5].Name = "Nørdic Wärme AG", "日本 North 商事", "North\u00a0Wind  Co"
	sums[6].Handoff, sums[7].Handoff = model.HandoffPreparing, model.HandoffSent
	wasDark := lipgloss.HasDarkBackground()
	t.Cleanup(func() {
		lipgloss.SetColorProfile(termenv.Ascii)
		lipgloss.SetHasDarkBackground(wasDark)
	})
	for _, profile := range []termenv.Profile{termenv.Ascii, termenv.ANSI, termenv.ANSI256, termenv.TrueColor} {
		for _, dark := range []bool{false, true} {
			for _, query := range []string{"", "nor", "n w"} {
				m := New(uitest.Context(t, 120, 40)) // pins Ascii: set the profile after
				lipgloss.SetColorProfile(profile)
				lipgloss.SetHasDarkBackground(dark)
				m.SetSize(120, 38)
				m.Update(loadedMsg{sums: sums})
				m.selected[sums[m.rows[1].i].ID] = true
				if query != "" {
					m.install(m.book, query, m.book.match(query, nil), false)
				}
				m.View() // the drawKey's cache, as the list draws with it
				for i, r := range m.rows {
					for _, cursor := range []bool{false, true} {
						fast := m.renderRow(r, cursor)
						styles := m.draw.styles
						m.draw.styles = nil // paint then asks lipgloss for every cell
						slow := m.renderRow(r, cursor)
						m.draw.styles = styles
						if fast != slow {
							t.Fatalf("profile %v, dark %v, filter %q, row %d (%s), cursor %v:\n got %q\nwant %q",
								profile, dark, query, i, sums[r.i].Name, cursor, fast, slow)
						}
					}
				}
			}
		}
	}
}
