// Package common is what every pane of bob's terminal UI shares: the
// program context (size, theme, keys, clock, the open book), the key map
// that also drives the help, the colour theme, the Component contract and
// the messages panes use to report back.
//
// Nothing here does I/O in View or blocks in Update: reads and writes of
// the book run in tea.Cmds (see Cmd) and come back as messages.
package common
