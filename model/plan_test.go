package model

import (
	"reflect"
	"strings"
	"testing"
)

func TestPlanFacets(t *testing.T) {
	upper := strings.ToUpper
	for _, c := range []struct {
		name string
		plan SuccessPlan
		want []string
	}{
		{"nothing set", SuccessPlan{}, []string{"no status"}},
		{"status only", SuccessPlan{Status: PlanActive}, []string{"active"}},
		{"scope without a name", SuccessPlan{Scope: ScopeProduct, Status: PlanDraft}, []string{"product", "draft"}},
		{"named scope, cleaned", SuccessPlan{Scope: ScopeDepartment, ScopeName: "finance"}, []string{"department: FINANCE", "no status"}},
		{"a name without a scope is not shown", SuccessPlan{ScopeName: "finance", Status: PlanAchieved}, []string{"achieved"}},
	} {
		if got := c.plan.Facets(upper); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: Facets = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestIntentAnswers(t *testing.T) {
	in := Intent{WhyBought: "why", Success: "success", Measured: "measured", AdoptionMeans: "adoption"}
	got := in.Answers()
	want := []IntentAnswer{
		{"Why they bought", "why"},
		{"What success looks like", "success"},
		{"How it is measured", "measured"},
		{"What adoption means to them", "adoption"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Answers = %q, want %q", got, want)
	}
	for _, a := range (Intent{}).Answers() {
		if a.Answer != "" {
			t.Errorf("an empty intent answers %q with %q", a.Question, a.Answer)
		}
	}
}
