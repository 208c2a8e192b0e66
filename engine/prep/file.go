package prep

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Model files are JSON: an envelope with the format name, its version and
// the SHA-256 of the model's compact JSON encoding, which is also the
// model's Hash. A truncated file fails to parse; an edited one fails the
// checksum.
const (
	fileFormat  = "ecgbench/prep-model"
	fileVersion = 1
)

type envelope struct {
	Format  string          `json:"format"`
	Version int             `json:"version"`
	SHA256  string          `json:"sha256"`
	Model   json.RawMessage `json:"model"`
}

// encode returns the compact JSON of m and its SHA-256.
func (m *Model) encode() ([]byte, string) {
	body, err := json.Marshal(m)
	if err != nil {
		panic("prep: model does not encode: " + err.Error()) // NaN/Inf, which prepare rejects
	}
	sum := sha256.Sum256(body)
	return body, hex.EncodeToString(sum[:])
}

// Hash is the hex SHA-256 of the model's canonical JSON encoding.
func (m *Model) Hash() string {
	_, h := m.encode()
	return h
}

// Save writes the model to path, atomically (a temporary file renamed).
func (m *Model) Save(path string) error {
	body, sum := m.encode()
	out, err := json.MarshalIndent(envelope{Format: fileFormat, Version: fileVersion, SHA256: sum, Model: body}, "", "  ")
	if err != nil {
		return fmt.Errorf("prep: encode model: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".model-*")
	if err != nil {
		return fmt.Errorf("prep: save model: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(out, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("prep: save model %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("prep: save model %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("prep: save model: %w", err)
	}
	return nil
}

// Load reads a model written by Save and checks its format, version,
// checksum and shapes; each error names the file.
func Load(path string) (*Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("prep: %w", err)
	}
	var env envelope
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, fmt.Errorf("prep: model file %s is truncated or not JSON: %w", path, err)
	}
	if env.Format != fileFormat {
		return nil, fmt.Errorf("prep: %s is not a model file (format %q, want %q)", path, env.Format, fileFormat)
	}
	if env.Version != fileVersion {
		return nil, fmt.Errorf("prep: model file %s has version %d; this build reads version %d", path, env.Version, fileVersion)
	}
	var body bytes.Buffer
	if err := json.Compact(&body, env.Model); err != nil || body.Len() == 0 {
		return nil, fmt.Errorf("prep: model file %s has no model", path)
	}
	sum := sha256.Sum256(body.Bytes())
	if got := hex.EncodeToString(sum[:]); got != env.SHA256 {
		return nil, fmt.Errorf("prep: model file %s is altered or corrupt: checksum %s, recorded %s", path, got[:12], short(env.SHA256))
	}
	dec := json.NewDecoder(&body)
	dec.DisallowUnknownFields()
	m := new(Model)
	if err := dec.Decode(m); err != nil {
		return nil, fmt.Errorf("prep: model file %s: %w", path, err)
	}
	if err := m.prepare(); err != nil {
		return nil, fmt.Errorf("prep: model file %s: %w", path, err)
	}
	return m, nil
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
