package common

import (
	"testing"

	"bob/model"
)

func TestSafe(t *testing.T) {
	rec := model.AccountRecord{
		Account:  model.Account{Name: "Acme\x1b]0;x\x07", Tags: []string{"a\u009b2J"}},
		Timeline: []model.TimelineEntry{{Title: "t", Body: "line one\n\x1b]52;c;aGk=\x07"}},
	}
	names := map[string]string{"id": "\x1b[2J"}
	Safe(&rec)
	Safe(&names)
	cases := []struct{ got, want string }{
		{rec.Account.Name, "Acme^[]0;x^G"},
		{rec.Account.Tags[0], "a\uFFFD2J"},
		{rec.Timeline[0].Body, "line one\n^[]52;c;aGk=^G"},
		{names["id"], "^[[2J"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func BenchmarkSafeSummaries(b *testing.B) {
	sums := make([]model.AccountSummary, 10_000)
	for i := range sums {
		sums[i] = model.AccountSummary{ID: model.NewID(), Name: "Northwind Traders", Domain: "northwind.example",
			Tags: []string{"emea", "pilot"}, Segment: "enterprise", Owner: "Sam Rivera", Stage: model.StageAdoption}
	}
	for b.Loop() {
		Safe(&sums)
	}
}
