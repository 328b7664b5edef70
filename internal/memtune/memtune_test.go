package memtune

import (
	"runtime/debug"
	"testing"
)

// current reads the collector's setting without changing it.
func current() Profile {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return Profile{Percent: p, Limit: debug.SetMemoryLimit(-1)}
}

func TestDuringPutsBackWhatWasSet(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	orig := current()
	defer apply(orig)
	Set(App)
	if got := current(); got != App {
		t.Fatalf("after Set(App): %+v", got)
	}
	end := During(Import)
	if got := current(); got != Import {
		t.Errorf("during an import: %+v, want %+v", got, Import)
	}
	// A job started while it runs (a screen over the import screen)
	// ends first, and puts back the import's profile.
	end2 := During(Export)
	if got := current(); got != Export {
		t.Errorf("during the second job: %+v, want %+v", got, Export)
	}
	end2()
	if got := current(); got != Import {
		t.Errorf("after the second job: %+v, want %+v", got, Import)
	}
	end()
	end() // a second call changes nothing
	if got := current(); got != App {
		t.Errorf("after both jobs: %+v, want the app's %+v", got, App)
	}
}

func TestTheEnvironmentDecides(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	orig := current()
	defer apply(orig)
	Set(App)
	t.Setenv("GOGC", "250")
	Set(Export)
	end := During(Import)
	if got := current(); got != App {
		t.Errorf("with GOGC set: %+v, want the setting left as it was, %+v", got, App)
	}
	end()
}
