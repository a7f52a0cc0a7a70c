//go:build !linux

package testservers

import "os/exec"

// setParentDeathSignal relies on the stdin-EOF watch of the server scripts on
// systems without Pdeathsig.
func setParentDeathSignal(cmd *exec.Cmd) {}
