package cohort

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/ecgbench/ecgbench/engine/schema"
)

// NumRisks and NumBeats are the number of risk scores and of beat classes of
// every cohort: the columns of schema.RiskNames and schema.BeatNames.
const (
	NumRisks = 5
	NumBeats = 5
)

// RiskKeys are the profile keys of the risk scores, in column order: the
// names of schema.RiskNames without their "risk_" prefix.
var RiskKeys = [NumRisks]string{"afib", "brady", "tachy", "pvc", "ischemia"}

// DefaultFile is the name under which the embedded default profile reports
// itself in errors and metadata.
const DefaultFile = "default.toml (embedded)"

//go:embed default.toml
var defaultTOML []byte

// Profile is a validated cohort description: the parameters of the cluster
// model of DESIGN §2. Risk and beat arrays are in schema.RiskNames and
// schema.BeatNames order.
type Profile struct {
	// Name labels the profile in outputs; it does not enter Hash.
	Name string `json:"name"`
	// EmbeddingDim is the raw embedding width D.
	EmbeddingDim int `json:"embedding_dim"`
	// BeatConcentration scales a cluster's beat_props into Dirichlet
	// parameters.
	BeatConcentration float64 `json:"beat_concentration"`
	// HRMin and HRMax clip the heart rate, in bpm.
	HRMin float64 `json:"heart_rate_min"`
	HRMax float64 `json:"heart_rate_max"`
	// RiskVariance is the variance of each risk score's Beta distribution.
	RiskVariance [NumRisks]float64 `json:"risk_variance"`
	// Clusters are the conditions, in the order their indexes are stored.
	Clusters []Cluster `json:"clusters"`
	// File is where the profile was read from; it does not enter Hash.
	File string `json:"-"`
}

// Cluster is one condition of a Profile.
type Cluster struct {
	Name           string            `json:"name"`
	Share          float64           `json:"share"`
	RiskMean       [NumRisks]float64 `json:"risk_mean"`
	BeatProps      [NumBeats]float64 `json:"beat_props"`
	EmbeddingScale float64           `json:"embedding_scale"`
	HRMu           float64           `json:"heart_rate_mu"`
	HRSigma        float64           `json:"heart_rate_sigma"`
}

// BetaParams returns the Beta(a, b) parameters of risk score r in cluster c:
// a = mu·s, b = (1 − mu)·s with s = mu(1 − mu)/var − 1.
func (p *Profile) BetaParams(c, r int) (a, b float64) {
	mu, v := p.Clusters[c].RiskMean[r], p.RiskVariance[r]
	s := mu*(1-mu)/v - 1
	return mu * s, (1 - mu) * s
}

// ClusterNames lists the cluster names in index order.
func (p *Profile) ClusterNames() []string {
	out := make([]string, len(p.Clusters))
	for i, c := range p.Clusters {
		out[i] = c.Name
	}
	return out
}

// Hash is the hex SHA-256 of the profile's parameters in a canonical JSON
// form. Two files that differ only in name, comments, key order or number
// spelling hash alike.
func (p *Profile) Hash() string {
	q := *p
	q.Name = ""
	b, err := json.Marshal(q)
	if err != nil {
		panic("cohort: profile does not encode: " + err.Error()) // only NaN/Inf, which Validate rejects
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// WithEmbeddingDim returns a copy of p whose embedding has d dimensions.
func (p *Profile) WithEmbeddingDim(d int) (*Profile, error) {
	q := *p
	q.Clusters = append([]Cluster(nil), p.Clusters...)
	q.EmbeddingDim = d
	if err := q.Validate(); err != nil {
		return nil, err
	}
	return &q, nil
}

// DefaultProfile returns the embedded profile with the values of DESIGN §2.
func DefaultProfile() *Profile {
	p, err := ParseProfile(DefaultFile, defaultTOML)
	if err != nil {
		panic("cohort: embedded default profile is invalid: " + err.Error())
	}
	return p
}

// LoadProfile reads and validates the TOML profile at path.
func LoadProfile(path string) (*Profile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cohort profile: %w", err)
	}
	return ParseProfile(path, data)
}

// The TOML layout. Pointers tell a missing key from a zero value.
type tomlProfile struct {
	Name              *string       `toml:"name"`
	EmbeddingDim      *int          `toml:"embedding_dim"`
	BeatConcentration *float64      `toml:"beat_concentration"`
	HeartRateClip     *tomlClip     `toml:"heart_rate_clip"`
	RiskVariance      *tomlRisks    `toml:"risk_variance"`
	Clusters          []tomlCluster `toml:"cluster"`
}

type tomlClip struct {
	Min *float64 `toml:"min"`
	Max *float64 `toml:"max"`
}

type tomlRisks struct {
	Afib     *float64 `toml:"afib"`
	Brady    *float64 `toml:"brady"`
	Tachy    *float64 `toml:"tachy"`
	PVC      *float64 `toml:"pvc"`
	Ischemia *float64 `toml:"ischemia"`
}

func (r *tomlRisks) fields() [NumRisks]*float64 {
	return [NumRisks]*float64{r.Afib, r.Brady, r.Tachy, r.PVC, r.Ischemia}
}

type tomlBeats struct {
	N *float64 `toml:"N"`
	S *float64 `toml:"S"`
	V *float64 `toml:"V"`
	F *float64 `toml:"F"`
	Q *float64 `toml:"Q"`
}

func (b *tomlBeats) fields() [NumBeats]*float64 {
	return [NumBeats]*float64{b.N, b.S, b.V, b.F, b.Q}
}

type tomlHR struct {
	Mu    *float64 `toml:"mu"`
	Sigma *float64 `toml:"sigma"`
}

type tomlCluster struct {
	Name           *string    `toml:"name"`
	Share          *float64   `toml:"share"`
	RiskMean       *tomlRisks `toml:"risk_mean"`
	BeatProps      *tomlBeats `toml:"beat_props"`
	EmbeddingScale *float64   `toml:"embedding_scale"`
	HeartRate      *tomlHR    `toml:"heart_rate"`
}

// ParseProfile decodes and validates a TOML profile; file names it in
// errors. Every problem is reported, each naming the file, the cluster and
// the key; unknown keys carry their line.
func ParseProfile(file string, data []byte) (*Profile, error) {
	var t tomlProfile
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&t)
	if err != nil {
		return nil, decodeError(file, data, err)
	}
	var unknown, errs []error
	for _, k := range md.Undecoded() {
		unknown = append(unknown, fmt.Errorf("%s:%d: unknown key %s", file, keyLine(data, k), k))
	}
	missing := func(where, key string) {
		errs = append(errs, fmt.Errorf("%s: %smissing key %s", file, where, key))
	}
	p := &Profile{File: file}
	if t.Name != nil {
		p.Name = *t.Name
	} else {
		missing("", "name")
	}
	if t.EmbeddingDim != nil {
		p.EmbeddingDim = *t.EmbeddingDim
	} else {
		missing("", "embedding_dim")
	}
	if t.BeatConcentration != nil {
		p.BeatConcentration = *t.BeatConcentration
	} else {
		missing("", "beat_concentration")
	}
	if t.HeartRateClip == nil || t.HeartRateClip.Min == nil || t.HeartRateClip.Max == nil {
		missing("", "heart_rate_clip.min or heart_rate_clip.max")
	} else {
		p.HRMin, p.HRMax = *t.HeartRateClip.Min, *t.HeartRateClip.Max
	}
	if t.RiskVariance == nil {
		missing("", "table risk_variance")
	} else {
		for r, v := range t.RiskVariance.fields() {
			if v == nil {
				missing("", "risk_variance."+RiskKeys[r])
				continue
			}
			p.RiskVariance[r] = *v
		}
	}
	if len(t.Clusters) == 0 {
		missing("", "[[cluster]] tables")
	}
	for i, tc := range t.Clusters {
		var c Cluster
		where := fmt.Sprintf("cluster #%d: ", i+1)
		if tc.Name != nil {
			c.Name = *tc.Name
			where = fmt.Sprintf("cluster %q: ", c.Name)
		} else {
			missing(where, "name")
		}
		if tc.Share != nil {
			c.Share = *tc.Share
		} else {
			missing(where, "share")
		}
		if tc.RiskMean == nil {
			missing(where, "risk_mean")
		} else {
			for r, v := range tc.RiskMean.fields() {
				if v == nil {
					missing(where, "risk_mean."+RiskKeys[r])
					continue
				}
				c.RiskMean[r] = *v
			}
		}
		if tc.BeatProps == nil {
			missing(where, "beat_props")
		} else {
			for b, v := range tc.BeatProps.fields() {
				if v == nil {
					missing(where, "beat_props."+schema.BeatNames[b])
					continue
				}
				c.BeatProps[b] = *v
			}
		}
		if tc.EmbeddingScale != nil {
			c.EmbeddingScale = *tc.EmbeddingScale
		} else {
			missing(where, "embedding_scale")
		}
		if tc.HeartRate == nil || tc.HeartRate.Mu == nil || tc.HeartRate.Sigma == nil {
			missing(where, "heart_rate.mu or heart_rate.sigma")
		} else {
			c.HRMu, c.HRSigma = *tc.HeartRate.Mu, *tc.HeartRate.Sigma
		}
		p.Clusters = append(p.Clusters, c)
	}
	if len(errs) == 0 { // values of missing keys would only add noise
		errs = append(errs, p.Validate())
	}
	if err := errors.Join(append(unknown, errs...)...); err != nil {
		return nil, err
	}
	return p, nil
}

// MaxClusters is the most clusters a profile may have: a row stores its
// cluster in one byte.
const MaxClusters = 256

// shareTolerance is how far the shares, and each cluster's beat_props, may
// sum from 1.
const shareTolerance = 1e-9

// Validate checks every parameter and reports all problems at once, each
// naming the file, the cluster and the key.
func (p *Profile) Validate() error {
	var errs []error
	bad := func(where, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s%s", p.File, where, fmt.Sprintf(format, args...)))
	}
	if p.EmbeddingDim < 1 || p.EmbeddingDim > 1<<16 {
		bad("", "embedding_dim = %d, want 1 … 65536", p.EmbeddingDim)
	}
	if !(p.BeatConcentration > 0) || math.IsInf(p.BeatConcentration, 0) {
		bad("", "beat_concentration = %v, want a finite number > 0", p.BeatConcentration)
	}
	if !finite(p.HRMin) || !finite(p.HRMax) || !(p.HRMin < p.HRMax) {
		bad("", "heart_rate_clip = [%v, %v], want finite min < max", p.HRMin, p.HRMax)
	}
	for r, v := range p.RiskVariance {
		if !(v > 0) || math.IsInf(v, 0) {
			bad("", "risk_variance.%s = %v, want a finite number > 0", RiskKeys[r], v)
		}
	}
	if len(p.Clusters) == 0 || len(p.Clusters) > MaxClusters {
		bad("", "%d clusters, want 1 … %d", len(p.Clusters), MaxClusters)
	}
	names := map[string]bool{}
	total := 0.0
	for i, c := range p.Clusters {
		where := fmt.Sprintf("cluster %q: ", c.Name)
		if c.Name == "" || strings.ContainsAny(c.Name, ",\"\n\r") {
			where = fmt.Sprintf("cluster #%d: ", i+1)
			bad(where, "name %q, want a non-empty name without commas, quotes or newlines", c.Name)
		} else if names[c.Name] {
			bad(where, "name used by two clusters")
		}
		names[c.Name] = true
		if !(c.Share > 0 && c.Share <= 1) {
			bad(where, "share = %v, want a number in (0, 1]", c.Share)
		}
		total += c.Share
		for r, mu := range c.RiskMean {
			v := p.RiskVariance[r]
			switch {
			case !(mu > 0 && mu < 1):
				bad(where, "risk_mean.%s = %v, want a Beta mean in (0, 1)", RiskKeys[r], mu)
			case v > 0 && !(v < mu*(1-mu)):
				bad(where, "risk_mean.%s = %v with risk_variance.%s = %v: impossible Beta, variance must be < mu(1-mu) = %.6g",
					RiskKeys[r], mu, RiskKeys[r], v, mu*(1-mu))
			}
		}
		sum := 0.0
		for b, v := range c.BeatProps {
			if !(v > 0 && v < 1) {
				bad(where, "beat_props.%s = %v, want a proportion in (0, 1) (Dirichlet parameters must be > 0)", schema.BeatNames[b], v)
			}
			sum += v
		}
		if math.Abs(sum-1) > shareTolerance {
			bad(where, "beat_props sum to %.12g, want 1", sum)
		}
		if !(c.EmbeddingScale >= 0) || math.IsInf(c.EmbeddingScale, 0) {
			bad(where, "embedding_scale = %v, want a finite number ≥ 0", c.EmbeddingScale)
		}
		if !(c.HRSigma >= 0) || math.IsInf(c.HRSigma, 0) {
			bad(where, "heart_rate.sigma = %v, want a finite number ≥ 0", c.HRSigma)
		}
		if !(c.HRMu >= p.HRMin && c.HRMu <= p.HRMax) {
			bad(where, "heart_rate.mu = %v, want a value inside heart_rate_clip [%v, %v]", c.HRMu, p.HRMin, p.HRMax)
		}
	}
	if len(p.Clusters) > 0 && math.Abs(total-1) > shareTolerance {
		bad("", "cluster shares sum to %.12g, want 1", total)
	}
	return errors.Join(errs...)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// typeErr matches the type errors of BurntSushi/toml, whose line is the
// last table of an array with that key, not the one at fault.
var typeErr = regexp.MustCompile(`^toml: (?:line \d+ )?\(last key "([^"]*)"\): `)

// decodeError turns a TOML error into file:line: message. A type error gets
// the line of the first prefix of the document that fails to decode.
func decodeError(file string, data []byte, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %s", file, pe.Position.Line, pe.Message)
	}
	m := typeErr.FindStringSubmatch(err.Error())
	if m == nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	msg := strings.TrimPrefix(err.Error(), m[0])
	lines := bytes.SplitAfter(data, []byte("\n"))
	end := 0
	for i, l := range lines {
		end += len(l)
		var t tomlProfile
		_, perr := toml.Decode(string(data[:end]), &t)
		if perr != nil && !errors.As(perr, &pe) {
			return fmt.Errorf("%s:%d: key %s: %s", file, i+1, m[1], msg)
		}
	}
	return fmt.Errorf("%s: key %s: %s", file, m[1], msg)
}

// keyLine finds the line that defines key: the first line whose prefix of
// the document already defines it. BurntSushi/toml keeps key positions
// private, and profiles are short, so re-decoding prefixes is cheap.
func keyLine(data []byte, key toml.Key) int {
	want := key.String()
	lines := bytes.SplitAfter(data, []byte("\n"))
	end := 0
	for i, l := range lines {
		end += len(l)
		var v map[string]any
		md, err := toml.Decode(string(data[:end]), &v)
		if err != nil {
			continue
		}
		for _, k := range md.Keys() {
			if k.String() == want {
				return i + 1
			}
		}
	}
	return 0
}
