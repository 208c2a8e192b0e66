package spec

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// hash is the hex SHA-256 of the spec's canonical form: the JSON encoding
// of its decoded fields (maps with sorted keys), defaults included, without
// the fields tagged json:"-".
func (s *Spec) hash() (string, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("canonical form: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}
