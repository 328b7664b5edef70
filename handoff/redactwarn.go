package handoff

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"bob/model"
	"bob/store"
)

// A redacted bundle leaves out the private fields, but a CSM sometimes
// writes internal things where the customer can read them: "internal
// only" in a meeting's notes, "confidential" in the goals. Before a
// redacted bundle is written, bob lists such text so the CSM can fix it
// or confirm that it may go.

// internalWords are phrases that mark text as internal, in the languages
// bob's users write in: English, German, French and Spanish. Compiled when
// a redacted bundle is first checked, not when bob starts.
var internalWords = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(^|[^\pL])(` + strings.Join([]string{
		// English
		`internal( use)?( only)?`, `confidential`, `do not share`, `don'?t share`, `not for (the )?customers?`,
		`off the record`, `eyes only`, `do not forward`,
		// German
		`nur intern`, `interne[nrs]?`, `vertraulich(e[nrs]?)?`, `nicht weiter(geben|leiten)`, `nicht teilen`,
		// French
		`confidentiel(le)?s?`, `usage interne`, `ne pas (partager|diffuser|transmettre)`,
		// Spanish
		`intern[oa]s?`, `confidencial(es)?`, `no (compartir|difundir|reenviar)`, `uso interno`,
	}, "|") + `)($|[^\pL])`)
})

// RedactionWarning is text that stays in a redacted bundle but reads as
// internal.
type RedactionWarning struct {
	AccountID, Account string
	// Where names the field or the timeline entry, e.g. "goals" or
	// "timeline entry 2025-02-03 "QBR"".
	Where string
	// Match is the phrase found; Excerpt the text around it, on one line.
	Match, Excerpt string
}

// RedactionWarnings lists the text of the records that a redacted bundle
// keeps (the customer-visible fields and the external timeline entries)
// and that reads as internal, in account order, each field once.
func RedactionWarnings(recs []model.AccountRecord) []RedactionWarning {
	var out []RedactionWarning
	for _, r := range recs {
		a := r.Account
		add := func(where, text string) {
			if m, ex, ok := internalPhrase(text); ok {
				out = append(out, RedactionWarning{AccountID: a.ID, Account: a.Name, Where: where, Match: m, Excerpt: ex})
			}
		}
		for _, f := range [][2]string{
			{"health reason", a.HealthReason}, {"goals", a.Goals}, {"use cases", a.UseCases},
			{"entitlements", a.Entitlements}, {"expansion", a.Expansion}, {"challenges", a.Challenges},
			{"projects", a.Projects}, {"tech stack", a.TechStack}, {"relationship history", a.RelationshipHistory},
			{"customer context", a.CustomerContext},
		} {
			add(f[0], f[1])
		}
		for _, e := range r.Timeline {
			if e.Internal {
				continue // left out of a redacted bundle
			}
			where := "timeline entry " + e.When.UTC().Format("2006-01-02") + " \"" + inline(e.Title) + "\""
			add(where, e.Title+"\n"+e.Body)
		}
		for _, c := range r.Commitments {
			add("commitment \""+inline(c.What)+"\"", c.What+"\n"+c.Measure)
		}
		for _, p := range r.Plans {
			in := p.Intent
			add("success plan \""+inline(p.Title)+"\"", strings.Join([]string{p.Title, in.WhyBought, in.Success, in.Measured, in.AdoptionMeans}, "\n"))
			for _, t := range p.Tasks {
				add("task \""+inline(t.Title)+"\"", t.Title+"\n"+t.Note)
			}
			for _, x := range p.Achievements {
				add("achievement \""+inline(x.Title)+"\"", x.Title+"\n"+x.Note)
			}
		}
	}
	return out
}

// internalPhrase finds the first internal-sounding phrase in text and
// returns it with a short excerpt around it.
func internalPhrase(text string) (match, excerpt string, ok bool) {
	loc := internalWords().FindStringSubmatchIndex(text)
	if loc == nil {
		return "", "", false
	}
	start, end := loc[4], loc[5]
	match = text[start:end]
	from, to := start, end
	for i := 0; i < 40 && from > 0; i++ {
		from--
		for from > 0 && !isRuneStart(text[from]) {
			from--
		}
	}
	for i := 0; i < 40 && to < len(text); i++ {
		to++
		for to < len(text) && !isRuneStart(text[to]) {
			to++
		}
	}
	excerpt = inline(text[from:to])
	if from > 0 {
		excerpt = "…" + excerpt
	}
	if to < len(text) {
		excerpt += "…"
	}
	return match, excerpt, true
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// RedactionWarningsIn reads the accounts from the book and lists their
// redaction warnings (see RedactionWarnings).
func RedactionWarningsIn(st *store.Store, accountIDs []string) ([]RedactionWarning, error) {
	recs, err := st.Records(accountIDs)
	if err != nil {
		return nil, fmt.Errorf("read the accounts: %w", err)
	}
	return RedactionWarnings(recs), nil
}
