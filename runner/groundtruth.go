package runner

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"os"

	"github.com/ecgbench/ecgbench/engine/exact"
)

// groundTruthMagic starts a ground-truth file; the trailing digit is the
// format version.
var groundTruthMagic = []byte("ECGGT\x001")

// WriteGroundTruth writes exact answers to path: magic, query count, then per
// query its answer length and (id int64, dist float32) pairs, little endian,
// then the SHA-256 of everything before it.
func WriteGroundTruth(path string, answers [][]exact.Neighbor) error {
	var buf bytes.Buffer
	buf.Write(groundTruthMagic)
	binary.Write(&buf, binary.LittleEndian, uint32(len(answers)))
	for _, a := range answers {
		binary.Write(&buf, binary.LittleEndian, uint32(len(a)))
		for _, nb := range a {
			binary.Write(&buf, binary.LittleEndian, nb.ID)
			binary.Write(&buf, binary.LittleEndian, math.Float32bits(nb.Dist))
		}
	}
	sum := sha256.Sum256(buf.Bytes())
	buf.Write(sum[:])
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// ReadGroundTruth reads a file written by WriteGroundTruth; a truncated or
// altered file is an error naming it.
func ReadGroundTruth(path string) ([][]exact.Neighbor, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	bad := func(msg string) error { return fmt.Errorf("ground truth %s: %s", path, msg) }
	if len(data) < len(groundTruthMagic)+4+sha256.Size || !bytes.Equal(data[:len(groundTruthMagic)], groundTruthMagic) {
		return nil, bad("not a ground-truth file or truncated")
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, bad("checksum mismatch (truncated or altered)")
	}
	r := bytes.NewReader(body[len(groundTruthMagic):])
	var nq uint32
	if err := binary.Read(r, binary.LittleEndian, &nq); err != nil {
		return nil, bad(err.Error())
	}
	out := make([][]exact.Neighbor, nq)
	for i := range out {
		var n uint32
		if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
			return nil, bad(err.Error())
		}
		if int(n)*12 > r.Len() {
			return nil, bad(fmt.Sprintf("query %d claims %d answers", i, n))
		}
		out[i] = make([]exact.Neighbor, n)
		for j := range out[i] {
			var id int64
			var bits uint32
			binary.Read(r, binary.LittleEndian, &id)
			binary.Read(r, binary.LittleEndian, &bits)
			out[i][j] = exact.Neighbor{ID: id, Dist: math.Float32frombits(bits)}
		}
	}
	if r.Len() != 0 {
		return nil, bad(fmt.Sprintf("%d trailing bytes", r.Len()))
	}
	return out, nil
}
