package tabkit

// Want is the record a tab's cursor should land on as soon as the tab
// lists it: one just saved or brought back, or the one the account was
// opened at. It waits across reloads until the record shows up.
type Want struct{ id string }

// Set waits for the record with that ID.
func (w *Want) Set(id string) { w.id = id }

// Or is the record to keep the cursor on when the record reloads: the
// one waited for, else cur (the one under the cursor now).
func (w *Want) Or(cur string) string {
	if w.id != "" {
		return w.id
	}
	return cur
}

// Find returns the first of n rows for which is(i) holds, or -1 when
// there is none; finding the record waited for, id, ends the wait.
func (w *Want) Find(id string, n int, is func(i int) bool) int {
	for i := range n {
		if is(i) {
			if id == w.id {
				w.id = ""
			}
			return i
		}
	}
	return -1
}
