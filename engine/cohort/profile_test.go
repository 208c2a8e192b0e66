package cohort

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecgbench/ecgbench/engine/schema"
)

func TestRiskKeysMatchSchema(t *testing.T) {
	if len(schema.RiskNames) != NumRisks || len(schema.BeatNames) != NumBeats {
		t.Fatalf("schema has %d risks and %d beat classes, cohort %d and %d",
			len(schema.RiskNames), len(schema.BeatNames), NumRisks, NumBeats)
	}
	for i, k := range RiskKeys {
		if schema.RiskNames[i] != "risk_"+k {
			t.Errorf("RiskKeys[%d] = %q, schema.RiskNames[%d] = %q", i, k, i, schema.RiskNames[i])
		}
	}
}

// TestDefaultProfile checks the embedded profile against the table of
// DESIGN §2.
func TestDefaultProfile(t *testing.T) {
	p := DefaultProfile()
	if p.EmbeddingDim != 64 || p.BeatConcentration != 100 || p.HRMin != 30 || p.HRMax != 200 {
		t.Errorf("globals: D=%d concentration=%v clip=[%v,%v]", p.EmbeddingDim, p.BeatConcentration, p.HRMin, p.HRMax)
	}
	if p.RiskVariance != [NumRisks]float64{0.003, 0.005, 0.007, 0.0085, 0.010} {
		t.Errorf("risk variances %v", p.RiskVariance)
	}
	want := []Cluster{
		{"normal", 0.40, [5]float64{.05, .05, .05, .05, .05}, [5]float64{.95, .0125, .0125, .0125, .0125}, 0.5, 75, 5},
		{"afib_prone", 0.20, [5]float64{.85, .05, .05, .05, .05}, [5]float64{.65, .15, .025, .025, .15}, 0.8, 110, 15},
		{"bradycardia", 0.10, [5]float64{.05, .85, .05, .05, .05}, [5]float64{.95, .0125, .0125, .0125, .0125}, 0.8, 55, 5},
		{"tachycardia", 0.10, [5]float64{.05, .05, .85, .05, .05}, [5]float64{.95, .0125, .0125, .0125, .0125}, 0.8, 110, 10},
		{"ischemia", 0.10, [5]float64{.05, .05, .05, .30, .85}, [5]float64{.86, .025, .065, .025, .025}, 0.8, 80, 10},
		{"pvc_heavy", 0.10, [5]float64{.05, .05, .05, .85, .30}, [5]float64{.5875, .025, .35, .025, .0125}, 0.8, 80, 10},
	}
	if len(p.Clusters) != len(want) {
		t.Fatalf("%d clusters, want %d", len(p.Clusters), len(want))
	}
	for i, c := range p.Clusters {
		if c != want[i] {
			t.Errorf("cluster %d = %+v, want %+v", i, c, want[i])
		}
	}
	a, b := p.BetaParams(1, 0) // afib_prone, afib: mu .85, var .003
	mu := .85
	s := mu*(1-mu)/.003 - 1
	if a != mu*s || b != (1-mu)*s {
		t.Errorf("BetaParams(afib_prone, afib) = %v, %v, want %v, %v", a, b, mu*s, (1-mu)*s)
	}
}

func TestProfileHash(t *testing.T) {
	p := DefaultProfile()
	renamed := strings.Replace(string(defaultTOML), `name = "reference"`, `name = "other"  # a comment`, 1)
	q, err := ParseProfile("renamed.toml", []byte(renamed))
	if err != nil {
		t.Fatal(err)
	}
	if p.Hash() != q.Hash() {
		t.Errorf("a rename changed the hash: %s vs %s", p.Hash(), q.Hash())
	}
	if len(p.Hash()) != 64 {
		t.Errorf("hash %q is not hex SHA-256", p.Hash())
	}
	r, err := p.WithEmbeddingDim(32)
	if err != nil {
		t.Fatal(err)
	}
	if r.Hash() == p.Hash() || p.EmbeddingDim != 64 {
		t.Errorf("WithEmbeddingDim: hash %s, original D %d", r.Hash(), p.EmbeddingDim)
	}
}

func TestLoadProfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cohort.toml")
	if err := os.WriteFile(path, defaultTOML, 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := LoadProfile(path)
	if err != nil {
		t.Fatal(err)
	}
	if p.File != path || p.Hash() != DefaultProfile().Hash() {
		t.Errorf("LoadProfile: file %q hash %s", p.File, p.Hash())
	}
	if _, err := LoadProfile(filepath.Join(t.TempDir(), "missing.toml")); err == nil || !strings.Contains(err.Error(), "missing.toml") {
		t.Errorf("missing file: %v", err)
	}
}

// TestBadProfiles edits the default profile and checks that each error names
// the file, the cluster and the key.
func TestBadProfiles(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []string
	}{
		{"shares", "share = 0.40", "share = 0.45", []string{"bad.toml: cluster shares sum to 1.05"}},
		{"zero share", "share = 0.40", "share = 0.0", []string{`cluster "normal": share = 0`}},
		{"beta mean above 1", "risk_mean = { afib = 0.85", "risk_mean = { afib = 1.2", []string{`bad.toml: cluster "afib_prone": risk_mean.afib = 1.2, want a Beta mean in (0, 1)`}},
		{"beta mean 0", "risk_mean = { afib = 0.05, brady = 0.85", "risk_mean = { afib = 0.0, brady = 0.85", []string{`cluster "bradycardia": risk_mean.afib = 0`}},
		{"impossible variance", "afib = 0.003", "afib = 0.2", []string{`bad.toml: cluster "normal": risk_mean.afib = 0.05 with risk_variance.afib = 0.2: impossible Beta, variance must be < mu(1-mu) = 0.0475`}},
		{"zero variance", "pvc = 0.0085", "pvc = 0.0", []string{"bad.toml: risk_variance.pvc = 0, want a finite number > 0"}},
		{"concentration", "beat_concentration = 100.0", "beat_concentration = -1.0", []string{"bad.toml: beat_concentration = -1"}},
		{"props sum", "N = 0.5875", "N = 0.6", []string{`bad.toml: cluster "pvc_heavy": beat_props sum to 1.0125, want 1`}},
		{"props zero", "N = 0.86, S = 0.025", "N = 0.885, S = 0.0", []string{`cluster "ischemia": beat_props.S = 0`}},
		{"sigma", "mu = 55.0, sigma = 5.0", "mu = 55.0, sigma = -5.0", []string{`bad.toml: cluster "bradycardia": heart_rate.sigma = -5`}},
		{"mu outside clip", "mu = 55.0", "mu = 25.0", []string{`cluster "bradycardia": heart_rate.mu = 25, want a value inside heart_rate_clip [30, 200]`}},
		{"clip", "min = 30.0, max = 200.0", "min = 200.0, max = 30.0", []string{"bad.toml: heart_rate_clip = [200, 30], want finite min < max"}},
		{"nan", "embedding_scale = 0.5", "embedding_scale = nan", []string{`cluster "normal": embedding_scale = NaN`}},
		{"dim", "embedding_dim = 64", "embedding_dim = 0", []string{"bad.toml: embedding_dim = 0"}},
		{"duplicate name", `name = "bradycardia"`, `name = "normal"`, []string{`cluster "normal": name used by two clusters`}},
		{"unknown key", "embedding_scale = 0.5", "embedding_scale = 0.5\nembeding_scale = 0.5", []string{"bad.toml:34: unknown key cluster.embeding_scale"}},
		{"unknown inline key", "mu = 75.0, sigma = 5.0", "mu = 75.0, sigma = 5.0, sd = 2.0", []string{"bad.toml:34: unknown key cluster.heart_rate.sd"}},
		{"missing key", "share = 0.20\n", "", []string{`bad.toml: cluster "afib_prone": missing key share`}},
		{"missing risk", "tachy = 0.007\n", "", []string{"bad.toml: missing key risk_variance.tachy"}},
		{"wrong type", "share = 0.10\nrisk_mean = { afib = 0.05, brady = 0.05, tachy = 0.05, pvc = 0.30", "share = \"ten\"\nrisk_mean = { afib = 0.05, brady = 0.05, tachy = 0.05, pvc = 0.30", []string{"bad.toml:62: key cluster.share: incompatible types"}},
		{"syntax", "share = 0.40", "share = = 0.40", []string{"bad.toml:30: expected value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := string(defaultTOML)
			if !strings.Contains(text, tt.old) {
				t.Fatalf("default.toml has no %q", tt.old)
			}
			text = strings.Replace(text, tt.old, tt.new, 1)
			_, err := ParseProfile("bad.toml", []byte(text))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

// TestAllProblemsAtOnce: unknown keys and invalid values are reported together.
func TestAllProblemsAtOnce(t *testing.T) {
	text := strings.Replace(string(defaultTOML), "share = 0.40", "share = 0.45\nshare_pct = 45", 1)
	text = strings.Replace(text, "afib = 0.003", "afib = 0.2", 1)
	_, err := ParseProfile("bad.toml", []byte(text))
	for _, want := range []string{"bad.toml:31: unknown key cluster.share_pct", "cluster shares sum to 1.05", `cluster "normal": risk_mean.afib = 0.05 with risk_variance.afib = 0.2`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\ndoes not contain %q", err, want)
		}
	}
}
