package uitest

import (
	"fmt"
	"time"

	"bob/model"
)

// BigBook makes n account summaries with varied names, tags, stages and
// dates, without a store: benchmarks of the screens measure the screens,
// not bbolt.
func BigBook(n int) []model.AccountSummary {
	first := []string{"Northwind", "Contoso", "Fabrikam", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Tyrell", "Cyberdyne", "Soylent", "Aperture"}
	second := []string{"Logistics", "Health", "Foods", "Energy", "Bank", "Retail", "Labs", "Systems", "Freight", "Media"}
	tags := []string{"emea", "amer", "apac", "pilot", "strategic", "smb", "partner"}
	out := make([]model.AccountSummary, n)
	for i := range out {
		out[i] = model.AccountSummary{
			ID:        fmt.Sprintf("%026d", i),
			Name:      fmt.Sprintf("%s %s %d", first[i%len(first)], second[(i/len(first))%len(second)], i),
			Domain:    fmt.Sprintf("acct%d.example.com", i),
			Tags:      []string{tags[i%len(tags)], tags[(i/3)%len(tags)]},
			Stage:     model.Stages[i%len(model.Stages)],
			Health:    model.Healths[i%len(model.Healths)],
			ARR:       model.Money{Minor: int64(i%997) * 100_000, Currency: "USD"},
			Renewal:   model.DateOf(Now.AddDate(0, 0, i%700-100)),
			LastTouch: Now.Add(-time.Duration(i%200) * 24 * time.Hour),
			OpenTasks: i % 7,
		}
	}
	return out
}
