package testtools

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// SARIFInstall installs the SARIF multitool.
const SARIFInstall = "bash .ci/install-sarif.sh"

// SARIFProblem is one error or warning of `sarif-multitool validate`.
type SARIFProblem struct {
	Level, Rule, File, Message string
}

// ValidateSARIF runs `sarif-multitool validate` (tool, found with Find or
// LookPath) on files and returns what it found at level error and warning.
func ValidateSARIF(tool string, files []string) ([]SARIFProblem, error) {
	out, err := os.MkdirTemp("", "erslint-sarif-validate")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(out)
	log := filepath.Join(out, "validation.sarif")
	cmd := exec.Command(tool, append([]string{"validate", "--output", log}, files...)...)
	// The multitool is a .NET program: no telemetry, no first-run banner, and
	// no ICU library needed on a slim runner.
	cmd.Env = append(os.Environ(), "DOTNET_CLI_TELEMETRY_OPTOUT=1", "DOTNET_NOLOGO=1", "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1")
	if b, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("sarif-multitool validate: %v\n%s", err, b)
	}
	data, err := os.ReadFile(log)
	if err != nil {
		return nil, fmt.Errorf("sarif-multitool wrote no log: %w", err)
	}
	var v struct {
		Runs []struct {
			Results []struct {
				RuleID  string `json:"ruleId"`
				Level   string `json:"level"`
				Message struct {
					Text string   `json:"text"`
					ID   string   `json:"id"`
					Args []string `json:"arguments"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
			Invocations []struct {
				ExecutionSuccessful bool `json:"executionSuccessful"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &v); err != nil || len(v.Runs) != 1 {
		return nil, fmt.Errorf("sarif-multitool's log is not SARIF with one run (%v)", err)
	}
	var problems []SARIFProblem
	for _, r := range v.Runs[0].Results {
		p := SARIFProblem{Level: r.Level, Rule: r.RuleID, Message: r.Message.Text}
		if p.Level == "" {
			p.Level = "warning" // SARIF's default
		}
		if p.Message == "" {
			p.Message = r.Message.ID + " " + strings.Join(r.Message.Args, " | ")
		}
		if len(r.Locations) > 0 {
			p.File = r.Locations[0].PhysicalLocation.ArtifactLocation.URI
		}
		if p.Level == "error" || p.Level == "warning" {
			problems = append(problems, p)
		}
	}
	return problems, nil
}
