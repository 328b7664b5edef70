//go:build !(aix || darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris || zos)

package terminal

import tea "github.com/charmbracelet/bubbletea"

// follow does nothing where the system does not signal a resize: the app
// keeps the size Open found.
func follow(*Terminal, func(tea.Msg)) {}
