package handoff

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"bob/model"
)

// umbrella: a renewal that passed and red health, the most urgent.
func umbrella() model.AccountRecord {
	acc := id(500)
	return model.AccountRecord{
		Account: model.Account{ID: acc, Name: "Umbrella", Health: model.HealthRed, HealthReason: "outage fallout",
			ARR: model.Money{Minor: 9_000_000, Currency: "USD"}, Renewal: model.MustDate("2025-02-24"), Created: created, Updated: updated},
	}
}

// initech holds one of everything the successor rules read: a critical
// risk recorded twice, the same risk logged four times on the timeline, 14
// touches, an open and a resolved escalation, an abandoned, an achieved
// and an active plan with an objective past due, an overdue commitment,
// the account team and a renewal in negotiation.
func initech() model.AccountRecord {
	acc := id(600)
	entry := func(n int, when time.Time, kind model.EntryKind, title string, internal bool) model.TimelineEntry {
		return model.TimelineEntry{ID: id(n), AccountID: acc, When: when, Kind: kind, Internal: internal, Title: title,
			Author: "Ana Lima", Created: when, Updated: when}
	}
	rec := model.AccountRecord{
		Account: model.Account{ID: acc, Name: "Initech", Health: model.HealthYellow,
			ARR: model.Money{Minor: 30_000_000, Currency: "USD"}, Renewal: model.MustDate("2025-04-30"),
			RenewalOutcome: model.RenewalNegotiating,
			Team: model.AccountTeam{AccountExecutive: "Sam Seller <sam@example.com>", SolutionsArchitect: "Ida Arch",
				Support: "support-emea@example.com", Partner: "Northwind Services (runs level-1 support)"},
			Created: created, Updated: updated},
		People: []model.Person{
			{ID: id(601), AccountID: acc, Name: "Bill Lumbergh", Title: "VP Ops", Roles: []model.Role{model.RoleDecisionMaker},
				Influence: model.LevelHigh, Created: created, Updated: updated},
			{ID: id(602), AccountID: acc, Name: "Peter Gibbons", Roles: []model.Role{model.RoleChampion}, Influence: model.LevelLow,
				Created: created, Updated: updated},
			{ID: id(603), AccountID: acc, Name: "Joanna", Roles: []model.Role{model.RoleSponsor}, Influence: model.LevelMedium,
				Created: created, Updated: updated},
		},
		Risks: []model.Risk{
			{ID: id(610), AccountID: acc, Title: "Budget freeze", Severity: model.SeverityCritical, Status: model.RiskOpen, Created: created, Updated: updated},
			{ID: id(611), AccountID: acc, Title: "Budget freeze", Severity: model.SeverityHigh, Status: model.RiskOpen, Created: created, Updated: created},
			{ID: id(612), AccountID: acc, Title: "Key user leaving", Severity: model.SeverityMedium, Status: model.RiskMitigated, Created: created, Updated: updated},
		},
		Commitments: []model.Commitment{
			{ID: id(620), AccountID: acc, What: "TPS report export", To: "Bill Lumbergh", Due: model.MustDate("2025-02-01"), Created: created, Updated: updated},
		},
		Plans: []model.SuccessPlan{
			{ID: id(630), AccountID: acc, Title: "Old rollout", Status: model.PlanAbandoned,
				Intent:     model.Intent{WhyBought: "This text must not appear: the plan was abandoned."},
				Objectives: []model.Objective{{ID: id(631), Title: "Never reached", Due: model.MustDate("2024-01-01")}},
				Created:    created, Updated: updated},
			{ID: id(632), AccountID: acc, Title: "Pilot", Scope: model.ScopeProduct, ScopeName: "Ledger", Status: model.PlanAchieved,
				Achievements: []model.Achievement{{ID: id(633), When: model.MustDate("2024-06-01"), Title: "Pilot signed off"}},
				Created:      created, Updated: updated},
			{ID: id(634), AccountID: acc, Title: "Company-wide", Status: model.PlanActive,
				Objectives: []model.Objective{
					{ID: id(635), Title: "Every team live", Status: model.PlanActive, Due: model.MustDate("2025-01-31"),
						Metric: model.Metric{Name: "teams", Baseline: 0, Target: 10, Current: 6}},
					{ID: id(636), Title: "First team live", Status: model.PlanAchieved, Due: model.MustDate("2024-09-30"),
						Metric: model.Metric{Name: "teams", Baseline: 0, Target: 1, Current: 1}},
				},
				Created: created, Updated: updated},
		},
		Checklists: []model.Checklist{{
			ID: id(640), AccountID: acc, Playbook: TransitionPlaybook, Title: "Outgoing transition", Applied: model.MustDate("2025-02-20"),
			Steps: []model.Step{
				{ID: id(641), Title: "Hold the transition call", State: model.StepDone, DoneOn: model.MustDate("2025-02-27")},
				{ID: id(642), Title: "Update internal context", Due: model.MustDate("2025-02-26"), State: model.StepOpen},
			},
			Created: created, Updated: updated,
		}},
	}
	for i := 0; i < 14; i++ {
		rec.Timeline = append(rec.Timeline, entry(650+i, daysAgo(60-4*i), model.KindCall, "Weekly sync", false))
	}
	for i := 0; i < 4; i++ {
		rec.Timeline = append(rec.Timeline, entry(670+i, daysAgo(100-10*i), model.KindRisk, "Budget freeze", true))
	}
	rec.Timeline = append(rec.Timeline,
		entry(680, daysAgo(20), model.KindEscalation, "Data sync delays", false),
		entry(681, daysAgo(200), model.KindEscalation, "Billing dispute", false),
	)
	rec.Timeline[len(rec.Timeline)-2].Status = model.EscalationOpen
	rec.Timeline[len(rec.Timeline)-1].Status = model.EscalationResolved
	return rec
}

const coverNote = "Ben, Initech is the one to watch: the budget freeze is real.\n\nUmbrella's renewal slipped; Sam has the paperwork."

func successorBundle() Bundle {
	b := testBundle()
	b.Records = append(b.Records, umbrella(), initech())
	b.Note = coverNote
	return b
}

// TestSuccessorBriefGolden pins the brief a successor reads for a crafted
// bundle: the cover note first, the one-screen summary, urgency order
// with reasons, the 10-entry highlights with each risk once, finished
// plans in one line, objectives past due, escalation and risk status,
// the renewal outcome and the account team.
func TestSuccessorBriefGolden(t *testing.T) {
	files := map[string][]byte{}
	for _, f := range unzip(t, mustWrite(t, successorBundle(), WriteOptions{Signer: testSigner(), Encryption: Encryption{None: true}})) {
		files[f.name] = f.data
	}
	for _, name := range []string{"brief/README.md", "brief/initech.md", "brief/umbrella.md"} {
		golden(t, "brief-successor/"+strings.TrimPrefix(name, BriefDir)+".golden", files[name])
	}
	index := string(files["brief/README.md"])
	page := string(files["brief/initech.md"])
	checks := []struct {
		what string
		ok   bool
	}{
		{"the cover note opens the brief", strings.Index(index, "the budget freeze is real") < strings.Index(index, "## At a glance")},
		{"the most urgent account comes first", strings.Index(index, "[Umbrella]") < strings.Index(index, "[Initech]") &&
			strings.Index(index, "[Initech]") < strings.Index(index, "[Acme Corp]") && strings.Index(index, "[Acme Corp]") < strings.Index(index, "[Globex]")},
		{"the first screen names the two most urgent accounts", strings.Contains(index, "**Start with:** **Umbrella** (renewal passed 5 days ago; health is red: outage fallout), then **Initech**")},
		{"an abandoned plan is one line", !strings.Contains(page, "must not appear") && strings.Contains(page, "**Old rollout**: abandoned, 1 objective.")},
		{"a past-due objective is flagged", strings.Contains(page, "2025-01-31 **(past due)**") && !strings.Contains(page, "2024-09-30 **(past due)**")},
		{"the renewal outcome is shown", strings.Contains(page, "| Renewal outcome | in negotiation |")},
		{"the account team is shown", strings.Contains(page, "**Partner:** Northwind Services")},
		{"the held transition call is not to book", !strings.Contains(page, "Book the transition call")},
		{"the duplicate critical risk is one reason", strings.Count(index, "critical risk: Budget freeze") == 2 && !strings.Contains(index, "Budget freeze; critical risk")},
	}
	for _, c := range checks {
		if !c.ok {
			t.Error(c.what)
		}
	}
	hl := page[strings.Index(page, "## Timeline highlights"):]
	hl = hl[:strings.Index(hl, "\n## ")]
	if n := strings.Count(hl, "\n- "); n != HighlightsMax {
		t.Errorf("%d timeline highlights, want %d:\n%s", n, HighlightsMax, hl)
	}
	if n := strings.Count(hl, "Budget freeze"); n != 1 {
		t.Errorf("the risk logged four times shows %d times in the highlights", n)
	}
}

func TestAccountUrgency(t *testing.T) {
	base := func(mod func(*model.AccountRecord)) model.AccountRecord {
		r := model.AccountRecord{Account: model.Account{ID: id(1), Name: "X"}}
		mod(&r)
		return r
	}
	tests := []struct {
		name    string
		rec     model.AccountRecord
		score   int
		reasons string
	}{
		{"nothing", base(func(*model.AccountRecord) {}), 0, ""},
		{"renewal passed", base(func(r *model.AccountRecord) { r.Account.Renewal = model.MustDate("2025-02-01") }), 4, "renewal passed 28 days ago"},
		{"renewal won is settled", base(func(r *model.AccountRecord) {
			r.Account.Renewal, r.Account.RenewalOutcome = model.MustDate("2025-02-01"), model.RenewalWon
		}), 0, ""},
		{"renewal in negotiation", base(func(r *model.AccountRecord) {
			r.Account.Renewal, r.Account.RenewalOutcome = model.MustDate("2025-03-20"), model.RenewalNegotiating
		}), 3, "renews in 19 days, in negotiation"},
		{"renewal in 80 days", base(func(r *model.AccountRecord) { r.Account.Renewal = model.MustDate("2025-05-20") }), 2, "renews in 80 days"},
		{"renewal in 100 days", base(func(r *model.AccountRecord) { r.Account.Renewal = model.MustDate("2025-06-09") }), 0, ""},
		{"red", base(func(r *model.AccountRecord) { r.Account.Health = model.HealthRed }), 3, "health is red"},
		{"closed critical risk", base(func(r *model.AccountRecord) {
			r.Risks = []model.Risk{{Title: "a", Severity: model.SeverityCritical, Status: model.RiskClosed}}
		}), 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := AccountUrgency(tt.rec, now)
			if u.Score != tt.score || strings.Join(u.Reasons, "; ") != tt.reasons {
				t.Errorf("urgency = %d %q, want %d %q", u.Score, u.Reasons, tt.score, tt.reasons)
			}
		})
	}
}

func TestCoverNoteRoundTrip(t *testing.T) {
	o, err := ReadBytes(mustWrite(t, successorBundle(), plain()), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if o.Manifest.Note != strings.TrimSpace(coverNote) {
		t.Errorf("note read back %q", o.Manifest.Note)
	}
	// A note written by something else than bob is checked on reading.
	bad := raw(t, []model.AccountRecord{acme()}, nil, nil, func(m *Manifest) { m.Note = "hi \x1b[2J" })
	if _, err := ReadBytes(bad, ReadOptions{}); !errors.Is(err, ErrDamaged) {
		t.Errorf("a manifest note with control characters: err = %v, want damaged", err)
	}
	b := testBundle()
	b.Note = "hello\x1b]52;c;evil\x07"
	if err := Write(&strings.Builder{}, b, plain()); err == nil {
		t.Error("a cover note with control characters was written")
	}
}

// TestImportClosesThePredecessorsSteps: the sender's open outgoing steps
// arrive skipped, by the sender, on the bundle's day, with their note
// kept; done steps and other checklists are left alone; the preview
// counts them; and the summary says what the receiver owns.
func TestImportClosesThePredecessorsSteps(t *testing.T) {
	st := openStore(t)
	rec := acme()
	rec.Checklists[0].Steps[1].Note = "half done"
	rec.Checklists = append(rec.Checklists, model.Checklist{ID: id(90), AccountID: rec.Account.ID, Playbook: "renewal", Title: "Renewal",
		Applied: model.MustDate("2025-02-01"), Steps: []model.Step{{ID: id(91), Title: "Prepare the renewal"}}, Created: created, Updated: updated})
	b := testBundle()
	b.Records = []model.AccountRecord{rec, umbrella()}
	o, err := ReadBytes(mustWrite(t, b, plain()), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ApplyWith(st, o, PolicyKeep, ApplyOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if res.Preview.PredecessorSteps != 2 || res.Owned.Closed != 2 {
		t.Errorf("closed %d / %d steps, want 2", res.Preview.PredecessorSteps, res.Owned.Closed)
	}
	got, err := st.Record(rec.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range got.Checklists {
		for _, s := range c.Steps {
			switch {
			case c.Playbook == "renewal":
				if !s.Open() {
					t.Errorf("a step of another checklist was closed: %+v", s)
				}
			case s.ID == id(71):
				if s.State != model.StepDone || s.DoneBy != "" {
					t.Errorf("a done step changed: %+v", s)
				}
			default:
				if s.State != model.StepSkipped || s.DoneBy != "Ana Lima" || s.DoneOn != model.DateOf(now) || !ClosedByImport(s) {
					t.Errorf("outgoing step %q not closed as the predecessor's: %+v", s.Title, s)
				}
				if s.ID == id(72) && !strings.HasPrefix(s.Note, "half done\n") {
					t.Errorf("the step's own note was lost: %q", s.Note)
				}
			}
		}
	}
	lines := strings.Join(res.Owned.Lines("Today"), "\n")
	for _, want := range []string{
		"You now own 2 accounts from Ana Lima, ARR USD 210,000.",
		"Nearest renewals: Acme Corp, 2025-04-01 (in 31 days).",
		"Ana Lima's 2 open outgoing steps were kept as history (closed)",
		"Most urgent: Umbrella (renewal passed 5 days ago; health is red: outage fallout); then Acme Corp (renews in 31 days).",
		"Where to start: Today.",
	} {
		if !strings.Contains(lines, want) {
			t.Errorf("summary lacks %q:\n%s", want, lines)
		}
	}
	preview := res.Owned
	preview.Preview = true
	if got := preview.Lines("")[0]; got != "You would own 2 accounts from Ana Lima, ARR USD 210,000." {
		t.Errorf("a preview's summary starts %q", got)
	}
	// The same bundle again changes nothing.
	again, err := ApplyWith(st, o, PolicyKeep, ApplyOptions{Now: now})
	if err != nil || again.Written != 0 {
		t.Errorf("second import wrote %d accounts (%v)", again.Written, err)
	}
}

// BenchmarkBriefIndex renders the brief's index (summary and urgency
// order) of a bundle of 10,000 accounts.
func BenchmarkBriefIndex(b *testing.B) {
	recs := make([]model.AccountRecord, 10_000)
	for i := range recs {
		r := acme()
		r.Account.ID = model.NewIDAt(created.Add(time.Duration(i) * time.Second))
		r.Account.Renewal = model.DateOf(now.AddDate(0, 0, i%400-30))
		recs[i] = r
	}
	slugs := briefSlugs(recs)
	gaps := make([][]Gap, len(recs))
	for i, r := range recs {
		gaps[i] = Check(r, now)
	}
	ctx := briefContext{From: Party{Name: "Ana Lima"}, To: Party{Name: "Ben Okoro"}, Now: now, Note: coverNote}
	b.ReportAllocs()
	for b.Loop() {
		renderIndex(ctx, recs, gaps, slugs)
	}
}

// TestNewestFirst: a canonical timeline and any other order of it give
// the same entries newest first, as a stable sort does.
func TestNewestFirst(t *testing.T) {
	canon := canonical(acme()).Timeline
	if len(canon) < 3 {
		t.Fatal("acme's timeline is too short to tell")
	}
	want := slices.Clone(canon)
	slices.SortStableFunc(want, func(a, b model.TimelineEntry) int { return model.CompareEntries(&b, &a) })
	mixed := slices.Clone(canon)
	mixed[0], mixed[len(mixed)-1] = mixed[len(mixed)-1], mixed[0]
	for _, in := range [][]model.TimelineEntry{canon, mixed} {
		var got []model.TimelineEntry
		for e := range newestFirst(in) {
			got = append(got, *e)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("newestFirst = %v, want %v", got, want)
		}
	}
}
