package filepick

import "testing"

func TestTypedPath(t *testing.T) {
	tests := []struct{ typed, start, want string }{
		{"/root/bundle.bob.zip", "/root/", "/root/bundle.bob.zip"},
		{"/root//tmp/b.bob.zip", "/root/", "/tmp/b.bob.zip"},
		{"/root/~/b.bob.zip", "/root/", "~/b.bob.zip"},
		{"/root/sub//tmp/b.bob.zip", "/root/", "/tmp/b.bob.zip"},
		{"/tmp/b.bob.zip", "/root/", "/tmp/b.bob.zip"},
		{"sub/b.bob.zip", "", "sub/b.bob.zip"},
	}
	for _, tt := range tests {
		if got := typedPath(tt.typed, tt.start); got != tt.want {
			t.Errorf("typedPath(%q, %q) = %q, want %q", tt.typed, tt.start, got, tt.want)
		}
	}
}
