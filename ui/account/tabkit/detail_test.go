package tabkit_test

import (
	"reflect"
	"testing"

	"bob/ui/account/tabkit"
)

func TestDetailFitsTheLinesToThePane(t *testing.T) {
	for _, c := range []struct {
		name  string
		lines []string
		want  []string
	}{
		{"nothing", nil, []string{"", "", ""}},
		{"short", []string{"one"}, []string{"one", "", ""}},
		{"exact", []string{"a", "b", "c"}, []string{"a", "b", "c"}},
		{"longer: the last line says there is more", []string{"a", "b", "cccccccccc", "d"}, []string{"a", "b", "ccccccccc…"}},
	} {
		if got := tabkit.Detail(c.lines, 10, 3); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
