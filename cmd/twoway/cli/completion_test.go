package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBashCompletion sources the generated script in a real bash and asks
// it to complete what a user types: commands, subcommands and flags.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("bash is needed for this test")
		}
		t.Skip("no bash on this machine")
	}
	var out, errb bytes.Buffer
	if code := Run(&Env{Ctx: context.Background(), Stdout: &out, Stderr: &errb}, []string{"completion", "bash"}); code != ExitOK {
		t.Fatalf("completion bash: %d %s", code, errb.String())
	}
	script := filepath.Join(t.TempDir(), "twoway.bash")
	if err := os.WriteFile(script, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ line, want string }{
		{"twoway pa", "pair"},
		{"twoway pair a", "add"},
		{"twoway pair add --ti", "--title"},
		{"twoway session l", "list log"},
		{"twoway demo --se", "--seed"},
		{"twoway invite export 1 --me", "--method"},
		{"twoway schedule show 1 --j", "--json"},
	} {
		cmd := exec.Command(bash, "-c", `source "$1"; read -ra COMP_WORDS <<< "$2"; COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _twoway; echo "${COMPREPLY[*]}"`,
			"bash", script, tc.line)
		got, err := cmd.Output()
		if err != nil || strings.TrimSpace(string(got)) != tc.want {
			t.Errorf("%q completes to %q (%v), want %q", tc.line, strings.TrimSpace(string(got)), err, tc.want)
		}
	}
	var zsh bytes.Buffer
	if code := Run(&Env{Ctx: context.Background(), Stdout: &zsh, Stderr: &errb}, []string{"completion", "zsh"}); code != ExitOK ||
		!strings.HasPrefix(zsh.String(), "autoload -U +X bashcompinit && bashcompinit\n") {
		t.Errorf("completion zsh: %d %q", code, zsh.String()[:min(60, zsh.Len())])
	}
}
