//go:build aix || darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris || zos

package terminal

import (
	"os"
	"os/signal"
	"syscall"

	tea "github.com/charmbracelet/bubbletea"
)

// follow sends a tea.WindowSizeMsg on each SIGWINCH until Close.
func follow(t *Terminal, send func(tea.Msg)) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGWINCH)
	go func() {
		defer signal.Stop(sig)
		for {
			select {
			case <-t.quit:
				return
			case <-sig:
				if w, h, ok := t.resized(); ok {
					send(tea.WindowSizeMsg{Width: w, Height: h})
				}
			}
		}
	}()
}
