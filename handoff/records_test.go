package handoff

import "testing"

// TestIDOwnersTellsWhoUsedAnIDFirst: an ID claimed again by the same
// account is fine, by another one is taken, whether it has the length
// of the IDs bob makes or not.
func TestIDOwnersTellsWhoUsedAnIDFirst(t *testing.T) {
	var o idOwners
	for _, id := range []string{"01JD0000000000000000000000", "short", ""} {
		if _, taken := o.claim(id, 3); taken {
			t.Fatalf("%q: taken on its first claim", id)
		}
		if _, taken := o.claim(id, 3); taken {
			t.Fatalf("%q: taken when claimed again by the same account", id)
		}
		if prev, taken := o.claim(id, 7); !taken || prev != 3 {
			t.Fatalf("%q claimed by account 7: got %d, %v; want 3, true", id, prev, taken)
		}
	}
	if _, taken := o.claim("01JD0000000000000000000001", 7); taken {
		t.Fatal("an ID one letter apart is taken")
	}
}
