package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Cache stores datasets, fitted models, ground truth and built indexes on
// disk under Dir, each entry keyed by a hash of what determines it. Writes
// are atomic: a temp file in the same folder, then rename.
type Cache struct {
	Dir string
	// Force rebuilds every entry instead of loading it.
	Force bool
}

// Key hashes the JSON encoding of parts into a short hex key.
func Key(parts ...any) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, p := range parts {
		if err := enc.Encode(p); err != nil {
			panic(fmt.Sprintf("runner: cache key part %T not encodable: %v", p, err))
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:20]
}

// Path is the file of an entry: Dir/kind/key+ext.
func (c *Cache) Path(kind, key, ext string) string {
	return filepath.Join(c.Dir, kind, key+ext)
}

// Load runs read on the entry's path when it exists (and Force is off).
// It reports whether the entry was loaded; an entry that exists but fails
// to read is removed, reported through warn, and treated as missing.
func (c *Cache) Load(path string, read func(path string) error, warn func(string)) bool {
	if c.Force {
		return false
	}
	if _, err := os.Stat(path); err != nil {
		return false
	}
	if err := read(path); err != nil {
		warn(fmt.Sprintf("cache entry %s is unreadable (%v): rebuilding it", path, err))
		os.Remove(path)
		return false
	}
	return true
}

// Store writes an entry atomically: write fills a temp path, which is then
// renamed to path.
func (c *Cache) Store(path string, write func(tmp string) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("runner: cache: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("runner: cache: %w", err)
	}
	tmp := f.Name()
	f.Close()
	if err := write(tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("runner: cache: write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("runner: cache: %w", err)
	}
	return nil
}
