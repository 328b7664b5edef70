package uitest

import (
	"bytes"
	"fmt"
	"os"
	"testing"
	"time"

	"bob/model"
	"bob/store"
)

// Markers of the same length as the JSON escapes they become in the book
// file: the store refuses control characters, so a book that holds them
// (written before validation refused them, or by hand) is made by
// patching the file.
var payloadMarks = map[string]string{
	"QXESCQ": `\u001b`,
	"QXBELQ": `\u0007`,
	"QXCSIQ": `\u009b`,
}

// Hostile is a value with a title-setting escape, an OSC 52 clipboard
// write, an OSC 8 link and a C1 CSI, written with markers that
// HostileBook turns into the real control characters (in a test, replace
// "QXESCQ" by ESC to get one directly).
func Hostile(name string) string {
	return name + " QXESCQ]0;pwnedQXBELQ QXESCQ]52;c;aGk=QXBELQ QXESCQ]8;;http://evil.example/QXESCQ\\link QXCSIQ31m"
}

// hostileWord is the same without spaces, for tags.
func hostileWord(name string) string { return name + "QXESCQ[31mQXCSIQ2J" }

// hostileRecord has a hostile value in every text field.
func hostileRecord() model.AccountRecord {
	at := Now.Add(-30 * 24 * time.Hour)
	acc := model.NewIDAt(at)
	p1, p2 := model.NewIDAt(at), model.NewIDAt(at)
	h := Hostile
	return model.AccountRecord{
		Account: model.Account{ID: acc, Name: h("Acme"), Domain: "acme.example", Segment: h("seg"), Tags: []string{hostileWord("tag")},
			Owner: h("Owner"), Stage: model.StageAdoption, Health: model.HealthRed, HealthReason: h("reason"),
			ARR: model.Money{Minor: 100_00, Currency: "USD"}, Renewal: model.MustDate("2026-12-20"),
			Entitlements: h("ent"), Expansion: h("exp"), Goals: h("goals") + "\n" + h("more"), Products: []string{h("product")},
			UseCases: h("use"), Challenges: h("chal"), Projects: h("proj"), TechStack: h("tech"),
			RelationshipHistory: h("hist"), CustomerContext: h("cust"), InternalContext: h("int"), UnwrittenKnowledge: h("unwritten"),
			Created: at, Updated: at},
		People: []model.Person{
			{ID: p1, AccountID: acc, Name: h("Dana"), Title: h("VP"), Email: "dana@acme.example", Phone: h("phone"),
				Roles: []model.Role{model.RoleSponsor}, Notes: h("notes"), Created: at, Updated: at},
			{ID: p2, AccountID: acc, Name: h("Priya"), ReportsTo: p1, Roles: []model.Role{model.RoleChampion}, Created: at, Updated: at},
		},
		Edges: []model.InfluenceEdge{{ID: model.NewIDAt(at), AccountID: acc, From: p2, To: p1, Note: h("edge"), Created: at, Updated: at}},
		Timeline: []model.TimelineEntry{{ID: model.NewIDAt(at), AccountID: acc, When: Now.Add(-48 * time.Hour), Kind: model.KindCall,
			Title: h("call"), Body: "## " + h("head") + "\n\n- " + h("item") + "\n\n[" + h("link") + "](http://evil.example/)\n\n```\n" + h("code") + "\n```\n",
			People: []string{p1}, Author: h("author"), Created: at, Updated: at}},
		Plans: []model.SuccessPlan{{ID: model.NewIDAt(at), AccountID: acc, Title: h("plan"), ScopeName: h("scope"),
			Intent:       model.Intent{WhyBought: h("why"), Success: h("success"), Measured: h("measured"), AdoptionMeans: h("adoption")},
			Objectives:   []model.Objective{{ID: model.NewIDAt(at), Title: h("objective"), Metric: model.Metric{Name: h("metric"), Unit: h("unit"), Target: 10}}},
			Tasks:        []model.Task{{ID: model.NewIDAt(at), Title: h("task"), Owner: h("taskowner")}},
			Achievements: []model.Achievement{{ID: model.NewIDAt(at), When: model.MustDate("2026-10-01"), Title: h("achieved"), Note: h("note")}},
			Created:      at, Updated: at}},
		Commitments: []model.Commitment{{ID: model.NewIDAt(at), AccountID: acc, What: h("what"), To: h("to"), Measure: h("measure"), Created: at, Updated: at}},
		Risks: []model.Risk{{ID: model.NewIDAt(at), AccountID: acc, Title: h("risk"), Severity: model.SeverityCritical,
			Description: h("desc"), Mitigation: h("mitigation"), Created: at, Updated: at}},
		Checklists: []model.Checklist{{ID: model.NewIDAt(at), AccountID: acc, Playbook: h("playbook"), Title: h("checklist"), Applied: model.MustDate("2026-11-01"),
			Steps:   []model.Step{{ID: model.NewIDAt(at), Title: h("step"), Detail: h("detail"), Due: model.MustDate("2026-11-20"), Note: h("stepnote")}},
			Created: at, Updated: at}},
		Handoffs: []model.Handoff{{ID: model.NewIDAt(at), AccountID: acc, From: h("from"), To: h("to"), When: at, Status: model.HandoffReceived, Note: h("hnote")}},
	}
}

// HostileBook writes hostileRecord into a new book at path and patches the
// file so that its markers become real control characters.
func HostileBook(t testing.TB, path string) model.AccountRecord {
	t.Helper()
	st, err := store.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := hostileRecord()
	rec.Canonicalize()
	if err := st.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for mark, esc := range payloadMarks {
		n += bytes.Count(raw, []byte(mark))
		raw = bytes.ReplaceAll(raw, []byte(mark), []byte(esc))
	}
	if n < 100 {
		t.Fatalf("only %d markers in the book file", n)
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return rec
}

// RawControl returns the first control character in s that a terminal
// would obey (anything but newline), or "".
func RawControl(s string) string {
	for i, r := range s {
		if r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r <= 0x9f {
			lo := max(0, i-40)
			return fmt.Sprintf("%U near %q", r, s[lo:min(len(s), i+20)])
		}
	}
	return ""
}
