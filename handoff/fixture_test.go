package handoff

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"testing"
	"time"

	"bob/internal/fuzzbound"
	"bob/model"
)

func TestMain(m *testing.M) {
	// age's default scrypt cost takes a second per use; tests need speed,
	// not strength.
	scryptWorkFactor = 10
	flag.Parse()
	fuzzbound.Bound()
	os.Exit(m.Run())
}

// Fixed points in time for every test: nothing here reads the clock.
var (
	now     = time.Date(2025, 3, 1, 15, 4, 0, 0, time.UTC)
	created = time.Date(2023, 4, 3, 9, 0, 0, 0, time.UTC)
	updated = time.Date(2025, 2, 20, 10, 0, 0, 0, time.UTC)
)

// id returns a fixed, valid ID; n tells records apart.
func id(n int) string { return fmt.Sprintf("01HZ%019d%03d", 0, n) }

func daysAgo(n int) time.Time { return now.AddDate(0, 0, -n) }

// Secret markers: text that appears only in private fields, so a test can
// search a whole bundle for leaks.
const (
	secretInternal   = "SECRET-internal-context"
	secretUnwritten  = "SECRET-unwritten-knowledge"
	secretNotes      = "SECRET-person-notes"
	secretTimeline   = "SECRET-internal-entry"
	secretEscalation = "SECRET-internal-escalation"
)

// acme is a full account: every kind of record, every field a successor
// needs.
func acme() model.AccountRecord {
	acc := id(1)
	p := func(n int, name, title, reports string, roles []model.Role, mod func(*model.Person)) model.Person {
		x := model.Person{ID: id(n), AccountID: acc, Name: name, Title: title, ReportsTo: reports, Roles: roles,
			Status: model.PersonActive, Created: created, Updated: updated}
		if mod != nil {
			mod(&x)
		}
		return x
	}
	entry := func(n int, when time.Time, kind model.EntryKind, title string, internal bool, people ...string) model.TimelineEntry {
		return model.TimelineEntry{ID: id(n), AccountID: acc, When: when, Kind: kind, Internal: internal, Title: title,
			People: people, Author: "Ana Lima", Created: when, Updated: when}
	}
	rec := model.AccountRecord{
		Account: model.Account{
			ID: acc, Name: "Acme Corp", Domain: "acme.example", Segment: "Enterprise", Tags: []string{"emea", "strategic"},
			Owner: "Ana Lima", Stage: model.StageAdoption, Health: model.HealthYellow, HealthReason: "usage flat since Q4",
			HealthScore: 62, ARR: model.Money{Minor: 12_000_000, Currency: "USD"},
			ContractStart: model.MustDate("2023-04-01"), Renewal: model.MustDate("2025-04-01"),
			Entitlements: "500 seats, premium support, 2 sandboxes.", Expansion: "Finance team (80 seats) in Q3.",
			FiscalYearStart: 4,
			Goals:           "Cut month-end close from 10 to 5 days.\n\nSuccess metric: days to close.",
			Products:        []string{"Ledger", "Reports"}, UseCases: "Finance uses Ledger daily; Sales Ops pilots Reports.",
			Challenges: "SSO roll-out stalled; API rate limits hit at month end.", Projects: "Data warehouse migration, deadline June.",
			TechStack: "SAP, Snowflake, Okta.", DecisionRhythm: model.RhythmCautious,
			RelationshipHistory: "Acquired Initech in 2024; hard implementation in 2023.",
			CustomerContext:     "Publicly listed; quiet period before earnings.",
			InternalContext:     secretInternal + ": past escalation on data loss, credit given.",
			UnwrittenKnowledge:  secretUnwritten + ": never schedule calls on Fridays.",
			Created:             created, Updated: updated,
		},
		People: []model.Person{
			p(10, "Carol Chen", "CFO", "", []model.Role{model.RoleSponsor, model.RoleEconomicBuyer}, func(x *model.Person) {
				x.Influence, x.Sentiment, x.Power, x.ADKAR = model.LevelHigh, model.SentimentPositive, model.PowerBoth, model.ADKARAdopted
				x.Email = "carol@acme.example"
			}),
			p(11, "Dev Patel", "Finance Director", id(10), []model.Role{model.RoleChampion}, func(x *model.Person) {
				x.Influence, x.Sentiment, x.ADKAR = model.LevelMedium, model.SentimentPositive, model.ADKARAbility
				x.Notes = secretNotes + ": wants a promotion, ally."
				x.DottedLine = []string{id(14)}
			}),
			p(12, "Eve Moreau", "IT Lead", id(11), []model.Role{model.RoleTechnicalOwner}, func(x *model.Person) {
				x.ADKAR, x.Sentiment = model.ADKARKnowledge, model.SentimentNeutral
			}),
			p(13, "Frank Old", "Former VP Ops", id(10), []model.Role{model.RoleInfluencer}, func(x *model.Person) {
				x.Status = model.PersonLeft
			}),
			p(14, "Gina Stone", "Head of Procurement", "", []model.Role{model.RoleDetractor}, func(x *model.Person) {
				x.Sentiment, x.Power, x.ADKAR = model.SentimentNegative, model.PowerInformal, model.ADKARDesire
			}),
		},
		Edges: []model.InfluenceEdge{
			{ID: id(20), AccountID: acc, From: id(14), To: id(10), Strength: model.LevelHigh, Sentiment: model.SentimentNegative,
				Note: "Gina has Carol's ear on budget.", Created: created, Updated: updated},
		},
		Timeline: []model.TimelineEntry{
			entry(30, daysAgo(200), model.KindMilestone, "Go-live Ledger", false, id(10), id(11)),
			entry(31, daysAgo(90), model.KindEscalation, "API outage at month end", false, id(12)),
			entry(32, daysAgo(40), model.KindCall, "QBR prep with Dev", false, id(11)),
			entry(33, daysAgo(10), model.KindNote, secretTimeline+": Gina pushing a competitor", true, id(14)),
			entry(34, daysAgo(5), model.KindMeeting, "Quarterly business review", false, id(10), id(11)),
			entry(35, daysAgo(3), model.KindEscalation, secretEscalation+": credit request", true),
		},
		Plans: []model.SuccessPlan{{
			ID: id(40), AccountID: acc, Title: "Finance close", Scope: model.ScopeDepartment, ScopeName: "Finance",
			Status: model.PlanActive,
			Intent: model.Intent{WhyBought: "Manual close was error-prone.", Success: "Close in 5 days.",
				Measured: "Days to close, monthly.", AdoptionMeans: "Every accountant closes in Ledger."},
			Objectives: []model.Objective{
				{ID: id(41), Title: "Faster close", Metric: model.Metric{Name: "days to close", Unit: "days", Baseline: 10, Target: 5, Current: 7},
					Status: model.PlanActive, Due: model.MustDate("2025-06-30")},
			},
			Tasks: []model.Task{
				{ID: id(42), Title: "Automate bank reconciliation", Owner: "Eve", Due: model.MustDate("2025-02-15"), State: model.StepOpen},
				{ID: id(43), Title: "Train AP team", State: model.StepDone},
			},
			Achievements: []model.Achievement{{ID: id(44), When: model.MustDate("2024-11-30"), Title: "First 7-day close", Note: "Down from 10."}},
			Readiness: []model.PillarScore{
				{Pillar: model.PillarVision, Current: 4, Target: 5},
				{Pillar: model.PillarChange, Current: 2, Target: 4},
				{Pillar: model.PillarTechnology, Current: 3, Target: 3},
			},
			Created: created, Updated: updated,
		}},
		Commitments: []model.Commitment{
			{ID: id(50), AccountID: acc, What: "Quarterly roadmap briefing", To: "Carol Chen", Due: model.MustDate("2025-03-31"),
				Measure: "held each quarter", Kano: model.KanoPerformance, Status: model.CommitmentOpen, Created: created, Updated: updated},
		},
		Risks: []model.Risk{
			{ID: id(60), AccountID: acc, Title: "Competitor pushed by procurement", Severity: model.SeverityHigh,
				Description: "Gina is running an RFP.", Mitigation: "Show ROI to Carol.", Status: model.RiskOpen, Created: created, Updated: updated},
			{ID: id(61), AccountID: acc, Title: "Old SSO issue", Severity: model.SeverityLow, Status: model.RiskClosed, Created: created, Updated: updated},
		},
		Checklists: []model.Checklist{{
			ID: id(70), AccountID: acc, Playbook: TransitionPlaybook, Title: "Hand over Acme", Applied: model.MustDate("2025-02-20"),
			Steps: []model.Step{
				{ID: id(71), Title: "Email the customer about the change", State: model.StepDone, DoneOn: model.MustDate("2025-02-21")},
				{ID: id(72), Title: "Update the org chart", Due: model.MustDate("2025-02-25"), State: model.StepOpen},
				{ID: id(73), Title: "Hold the transition call", Due: model.MustDate("2025-03-10")},
			},
			Created: created, Updated: updated,
		}},
		Handoffs: []model.Handoff{
			{ID: id(80), AccountID: acc, From: "Sam Ex", To: "Ana Lima", When: time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC), Status: model.HandoffReceived},
		},
	}
	return rec
}

// globex is a small account with few facts.
func globex() model.AccountRecord {
	acc := id(100)
	return model.AccountRecord{
		Account: model.Account{ID: acc, Name: "Globex", Health: model.HealthGreen, ARR: model.Money{Minor: 4_500_000, Currency: "EUR"},
			Renewal: model.MustDate("2025-11-30"), Created: created, Updated: updated},
		People: []model.Person{{ID: id(101), AccountID: acc, Name: "Hank Scorpio", Roles: []model.Role{model.RoleSponsor, model.RoleChampion},
			Created: created, Updated: updated}},
		Timeline: []model.TimelineEntry{{ID: id(102), AccountID: acc, When: daysAgo(2), Kind: model.KindEmail, Title: "Renewal terms",
			People: []string{id(101)}, Author: "Ana Lima", Created: daysAgo(2), Updated: daysAgo(2)}},
	}
}

func testBundle() Bundle {
	return Bundle{
		From:      Party{Name: "Ana Lima", Email: "ana@example.com"},
		To:        Party{Name: "Ben Okoro", Email: "ben@example.com"},
		CreatedAt: now,
		Records:   []model.AccountRecord{acme(), globex()},
	}
}

// testSigner is a fixed signing key, so golden files stay stable.
func testSigner() ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
}

// mustWrite writes b and returns the bytes.
func mustWrite(t testing.TB, b Bundle, opts WriteOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, b, opts); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

func plain() WriteOptions { return WriteOptions{Encryption: Encryption{None: true}} }

// canonJSON encodes canonicalized records for comparison.
func canonJSON(t testing.TB, recs ...model.AccountRecord) string {
	t.Helper()
	var out []model.AccountRecord
	for _, r := range recs {
		out = append(out, canonical(r))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Account.ID < out[j].Account.ID })
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	// Times may differ in zone but not in instant: normalise by decoding
	// into generic JSON is not enough, so compare after a UTC round trip.
	var back []model.AccountRecord
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	for i := range back {
		utcRecord(&back[i])
	}
	b, _ = json.MarshalIndent(back, "", " ")
	return string(b)
}

// utcRecord moves every time in the record to UTC.
func utcRecord(r *model.AccountRecord) {
	u := func(t *time.Time) { *t = t.UTC() }
	u(&r.Account.Created)
	u(&r.Account.Updated)
	for i := range r.People {
		u(&r.People[i].Created)
		u(&r.People[i].Updated)
	}
	for i := range r.Edges {
		u(&r.Edges[i].Created)
		u(&r.Edges[i].Updated)
	}
	for i := range r.Timeline {
		u(&r.Timeline[i].When)
		u(&r.Timeline[i].Created)
		u(&r.Timeline[i].Updated)
	}
	for i := range r.Plans {
		u(&r.Plans[i].Created)
		u(&r.Plans[i].Updated)
	}
	for i := range r.Commitments {
		u(&r.Commitments[i].Created)
		u(&r.Commitments[i].Updated)
	}
	for i := range r.Risks {
		u(&r.Risks[i].Created)
		u(&r.Risks[i].Updated)
	}
	for i := range r.Checklists {
		u(&r.Checklists[i].Created)
		u(&r.Checklists[i].Updated)
	}
	for i := range r.Handoffs {
		u(&r.Handoffs[i].When)
	}
}

// zipFile is one file of a hand-made zip.
type zipFile struct {
	name string
	data []byte
}

// unzip returns the files of an unencrypted bundle, in zip order.
func unzip(t testing.TB, b []byte) []zipFile {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out []zipFile
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, zipFile{f.Name, data})
	}
	return out
}

// rezip writes files into a zip as they are, whatever their names.
func rezip(t testing.TB, files []zipFile) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// raw builds a bundle by hand, bypassing Write's checks: the account files
// are the records as given, the manifest pins them honestly, then mutate
// may change the manifest, and signer (if any) signs the result.
func raw(t testing.TB, recs []model.AccountRecord, extra []zipFile, signer ed25519.PrivateKey, mutate func(*Manifest)) []byte {
	t.Helper()
	m := Manifest{Format: FormatName, Version: FormatVersion, CreatedAt: now,
		From: Sender{Name: "Ana Lima"}, To: Party{Name: "Ben Okoro"}}
	var files []zipFile
	for _, r := range recs {
		data, err := encodeJSON(r)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, zipFile{AccountPath(r.Account.ID), data})
		m.Accounts = append(m.Accounts, ManifestAccount{ID: r.Account.ID, Name: r.Account.Name})
	}
	files = append(files, extra...)
	for _, f := range files {
		sum := sha256.Sum256(f.data)
		m.Files = append(m.Files, ManifestFile{Path: f.name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(f.data))})
	}
	if signer != nil {
		m.From.SigningKey = FormatSigningKey(signer.Public().(ed25519.PublicKey))
	}
	if mutate != nil {
		mutate(&m)
	}
	man, err := encodeJSON(m)
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, zipFile{ManifestPath, man})
	if signer != nil {
		sig, _ := encodeJSON(signatureFile{Algorithm: sigAlgorithm, Signature: ed25519.Sign(signer, man)})
		files = append(files, zipFile{SignaturePath, sig})
	}
	return rezip(t, files)
}

// replaceFile returns files with name's content replaced.
func replaceFile(files []zipFile, name string, data []byte) []zipFile {
	out := append([]zipFile(nil), files...)
	for i := range out {
		if out[i].name == name {
			out[i].data = data
		}
	}
	return out
}
