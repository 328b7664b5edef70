package handoff

import (
	"testing"
	"time"

	"bob/model"
)

func TestInternalPhrase(t *testing.T) {
	tests := []struct {
		text, match string
	}{
		{"Internal only: pricing floor is 20%", "Internal only"},
		{"please DO NOT SHARE the roadmap", "DO NOT SHARE"},
		{"Strictly confidential numbers", "confidential"},
		{"Nur intern: Rabatt bis 15 %", "Nur intern"},
		{"Bitte vertraulich behandeln", "vertraulich"},
		{"Ne pas partager avec le client", "Ne pas partager"},
		{"Document confidentiel", "confidentiel"},
		{"Uso interno: margen bajo", "Uso interno"},
		{"Información confidencial", "confidencial"},
		{"Our intern set up the sandbox", ""},
		{"International roll-out in Q3", ""},
		{"Internally we use Jira", ""},
		{"They share dashboards weekly", ""},
	}
	for _, tt := range tests {
		m, _, ok := internalPhrase(tt.text)
		if m != tt.match || ok != (tt.match != "") {
			t.Errorf("internalPhrase(%q) = %q, %v; want %q", tt.text, m, ok, tt.match)
		}
	}
}

// TestRedactionWarnings: customer-visible fields and external entries that
// read as internal are listed; private fields and internal entries, which
// a redacted bundle leaves out, are not.
func TestRedactionWarnings(t *testing.T) {
	acc := id(1)
	at := time.Date(2025, 2, 3, 10, 0, 0, 0, time.UTC)
	rec := model.AccountRecord{
		Account: model.Account{ID: acc, Name: "Acme", Goals: "Grow usage. Confidential: they may churn.",
			InternalContext: "internal only, and that is fine here", UnwrittenKnowledge: "do not share"},
		Timeline: []model.TimelineEntry{
			{ID: id(2), AccountID: acc, When: at, Kind: model.KindMeeting, Title: "QBR", Body: "Notes.\nNe pas partager: la remise."},
			{ID: id(3), AccountID: acc, When: at, Kind: model.KindNote, Internal: true, Title: "internal triage"},
			{ID: id(4), AccountID: acc, When: at, Kind: model.KindCall, Title: "Weekly sync", Body: "All good."},
		},
		Commitments: []model.Commitment{{ID: id(5), AccountID: acc, What: "Roadmap briefing (nur intern)"}},
		People:      []model.Person{{ID: id(6), AccountID: acc, Name: "Carol", Notes: "confidential: wants a promotion"}},
	}
	got := RedactionWarnings([]model.AccountRecord{rec})
	want := []string{"goals|Confidential", `timeline entry 2025-02-03 "QBR"|Ne pas partager`, `commitment "Roadmap briefing (nur intern)"|nur intern`}
	if len(got) != len(want) {
		t.Fatalf("%d warnings, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range got {
		if w.Where+"|"+w.Match != want[i] || w.Account != "Acme" || w.Excerpt == "" {
			t.Errorf("warning %d = %+v, want %s", i, w, want[i])
		}
	}
}
