// Package uitest is what UI tests share: a context over a temporary book
// with a pinned clock and colour profile, sample accounts, and golden-file
// comparison of rendered screens (regenerate with go test -update).
package uitest

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"bob/model"
	"bob/store"
	"bob/ui/common"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata")

// CommandTimeout is how long Drive waits for one command before it takes
// it for a timer and drops it. Tests of commands that are slow on
// purpose (a passphrase's scrypt, several seconds under -race) raise it.
var CommandTimeout = 2 * time.Second

// Now is the pinned clock of every UI test.
var Now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// Context returns a program context over a fresh temporary book, sized
// width x height, with colour off and the clock pinned, so that screens
// render the same on every machine.
func Context(t testing.TB, width, height int) *common.Context {
	t.Helper()
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	clock := Now
	st, err := store.Open(filepath.Join(t.TempDir(), "book.db"), &store.Options{Now: func() time.Time {
		clock = clock.Add(time.Second)
		return clock
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &common.Context{
		Width: width, Height: height,
		Theme: common.NewTheme(), Keys: common.DefaultKeyMap(), Store: st,
		Now: func() time.Time { return Now }, Author: "Sam Rivera",
	}
}

// Colour sets the 256-colour profile a terminal such as tmux gets, for
// benchmarks that should pay for the colours drawn; the plain profile
// comes back when tb ends.
func Colour(tb testing.TB) {
	lipgloss.SetColorProfile(termenv.ANSI256)
	tb.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
}

// Golden compares got with testdata/<name>.golden, or rewrites the file
// when the test runs with -update.
func Golden(t testing.TB, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if string(want) != got {
		t.Fatalf("screen %s differs from %s (rerun with -update if the change is intended)\n--- got:\n%s\n--- want:\n%s", name, path, got, want)
	}
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[a-zA-Z]`)

// Plain strips terminal escape sequences, for assertions on text.
func Plain(s string) string { return ansi.ReplaceAllString(s, "") }

// Keys turns a string into key messages, one per rune, with the names
// Bubble Tea uses for special keys: "enter", "esc", "tab", "up"...
func Keys(names ...string) []tea.Msg {
	special := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"backspace": tea.KeyBackspace, "space": tea.KeySpace, "ctrl+s": tea.KeyCtrlS,
		"ctrl+c": tea.KeyCtrlC, "ctrl+e": tea.KeyCtrlE, "ctrl+o": tea.KeyCtrlO, "ctrl+t": tea.KeyCtrlT, "pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp,
		"home": tea.KeyHome, "end": tea.KeyEnd,
	}
	var out []tea.Msg
	for _, n := range names {
		if k, ok := special[n]; ok {
			out = append(out, tea.KeyMsg{Type: k})
			continue
		}
		for _, r := range n {
			out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
	}
	return out
}

// Drive feeds msgs to m one by one, running every command that comes back
// (and the commands those produce, breadth first, up to a bound) the way
// the Bubble Tea runtime would, except tea.Quit and ExecProcess. It
// returns the final model.
func Drive(m tea.Model, msgs ...tea.Msg) tea.Model {
	for _, msg := range msgs {
		m = settle(m, msg)
	}
	return m
}

func settle(m tea.Model, msg tea.Msg) tea.Model {
	queue := []tea.Msg{msg}
	for steps := 0; len(queue) > 0 && steps < 200; steps++ {
		next := queue[0]
		queue = queue[1:]
		var cmd tea.Cmd
		m, cmd = m.Update(next)
		queue = append(queue, run(cmd)...)
	}
	return m
}

// Run executes a command as Drive does and returns the messages it
// makes, batches opened, without handing them to a model.
func Run(cmd tea.Cmd) []tea.Msg { return run(cmd) }

// run executes a command and flattens batches and sequences. Ticks are
// skipped: tests do not wait for timers.
func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(CommandTimeout):
		return nil // a timer or a blocking command: not for tests
	}
	switch msg := msg.(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, run(c)...)
		}
		return out
	case tea.QuitMsg:
		return nil
	}
	return []tea.Msg{msg}
}

// SampleAccount writes a small but complete account to the context's book
// and returns its record.
func SampleAccount(t testing.TB, ctx *common.Context, name string) model.AccountRecord {
	t.Helper()
	at := Now.Add(-30 * 24 * time.Hour)
	acc := model.NewIDAt(at)
	sponsor := model.Person{ID: model.NewIDAt(at), AccountID: acc, Name: "Dana Whitfield", Title: "VP Operations",
		Roles: []model.Role{model.RoleSponsor}, Influence: model.LevelHigh, Sentiment: model.SentimentPositive, Power: model.PowerFormal, Created: at, Updated: at}
	champion := model.Person{ID: model.NewIDAt(at), AccountID: acc, Name: "Priya Nair", Title: "Ops Manager", ReportsTo: sponsor.ID,
		Roles: []model.Role{model.RoleChampion}, Influence: model.LevelMedium, Sentiment: model.SentimentPositive, ADKAR: model.ADKARAbility, Created: at, Updated: at}
	rec := model.AccountRecord{
		Account: model.Account{ID: acc, Name: name, Domain: "example.com", Segment: "mid-market", Tags: []string{"emea", "pilot"},
			Stage: model.StageAdoption, Health: model.HealthYellow, HealthReason: "usage dipped after reorg",
			ARR: model.Money{Minor: 12_000_000, Currency: "USD"}, ContractStart: model.MustDate("2025-12-01"), Renewal: model.MustDate("2026-12-01"),
			FiscalYearStart: 4, Goals: "Cut ticket backlog by 30%.", DecisionRhythm: model.RhythmCautious,
			InternalContext: "Escalated twice in Q2.", UnwrittenKnowledge: "Never schedule calls on Fridays.",
			Owner: "Sam Rivera", Created: at, Updated: at},
		People: []model.Person{sponsor, champion},
		Timeline: []model.TimelineEntry{
			{ID: model.NewIDAt(at), AccountID: acc, When: Now.Add(-10 * 24 * time.Hour), Kind: model.KindCall, Title: "Quarterly review",
				Body: "## Notes\n- backlog down 12%\n- wants SSO", People: []string{sponsor.ID, champion.ID}, Author: "Sam Rivera", Created: at, Updated: at},
			{ID: model.NewIDAt(at), AccountID: acc, When: Now.Add(-2 * 24 * time.Hour), Kind: model.KindNote, Internal: true,
				Title: "Budget risk", Body: "Heard the budget may be cut.", Author: "Sam Rivera", Created: at, Updated: at},
		},
		Commitments: []model.Commitment{{ID: model.NewIDAt(at), AccountID: acc, What: "P1 response within 1 hour", To: "Priya Nair",
			Measure: "support SLA report", Kano: model.KanoBasic, Status: model.CommitmentOpen, Created: at, Updated: at}},
		Risks: []model.Risk{{ID: model.NewIDAt(at), AccountID: acc, Title: "Budget cut", Severity: model.SeverityHigh,
			Description: "FY budget under review", Mitigation: "ROI summary for the sponsor", Status: model.RiskOpen, Created: at, Updated: at}},
	}
	rec.Canonicalize()
	if err := ctx.Store.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		t.Fatal(err)
	}
	return rec
}
