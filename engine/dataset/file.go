package dataset

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// The dataset file, version 1, little-endian throughout:
//
//	magic    8 bytes  "ECGBDSET"
//	version  uint32   1
//	metaLen  uint32   length of the metadata
//	meta     JSON     Meta
//	data     Rows × Dim float32
//	clusters Rows bytes                       when Meta.HasClusters
//	idsLen   uint64, then the ids joined by \n when Meta.HasIDs
//	sha256   32 bytes over everything before it
//
// The trailing SHA-256 is the checksum and the dataset's fingerprint.
const (
	magic       = "ECGBDSET"
	fileVersion = 1
	headerLen   = len(magic) + 4 + 4
	maxMetaLen  = 64 << 20
)

// FileExt is the conventional extension of dataset files.
const FileExt = ".ecgds"

// encode writes the file encoding of d to w and returns its SHA-256.
func (d *Dataset) encode(w io.Writer) (string, error) {
	if err := d.check(); err != nil {
		return "", fmt.Errorf("dataset: %w", err)
	}
	meta := d.Meta
	meta.HasClusters, meta.HasIDs = d.Cluster != nil, d.IDs != nil
	mj, err := json.Marshal(meta)
	if err != nil {
		return "", fmt.Errorf("dataset: encode metadata: %w", err)
	}
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(w, h), 1<<20)
	var hdr [headerLen]byte
	copy(hdr[:], magic)
	binary.LittleEndian.PutUint32(hdr[8:], fileVersion)
	binary.LittleEndian.PutUint32(hdr[12:], uint32(len(mj)))
	bw.Write(hdr[:])
	bw.Write(mj)
	var buf [4 << 10]byte
	for lo := 0; lo < len(d.Data); lo += len(buf) / 4 {
		part := d.Data[lo:min(lo+len(buf)/4, len(d.Data))]
		for i, v := range part {
			binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(v))
		}
		bw.Write(buf[:4*len(part)])
	}
	if d.Cluster != nil {
		bw.Write(d.Cluster)
	}
	if d.IDs != nil {
		joined := strings.Join(d.IDs, "\n")
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(joined)))
		bw.Write(n[:])
		bw.WriteString(joined)
	}
	if err := bw.Flush(); err != nil {
		return "", err
	}
	sum := h.Sum(nil)
	if _, err := w.Write(sum); err != nil {
		return "", err
	}
	return hex.EncodeToString(sum), nil
}

// Write saves d to path atomically (a temporary file renamed) and records
// its fingerprint.
func (d *Dataset) Write(path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".dataset-*")
	if err != nil {
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	sum, err := d.encode(tmp)
	if err != nil {
		tmp.Close()
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	d.fpOnce.Do(func() { d.fingerprint = sum })
	return nil
}

// Read loads a dataset file and verifies its checksum. A truncated, altered
// or foreign file is an error naming the file and what is wrong.
func Read(path string) (*Dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	d, err := decode(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("dataset: %s: %w", path, err)
	}
	return d, nil
}

var errTruncated = errors.New("file is truncated")

// decode reads a dataset of size bytes from r.
func decode(r io.Reader, size int64) (*Dataset, error) {
	h := sha256.New()
	br := bufio.NewReaderSize(r, 1<<20)
	content := io.TeeReader(br, h) // everything but the trailing checksum
	read := func(p []byte) error {
		if _, err := io.ReadFull(content, p); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
				return fmt.Errorf("%w (%d bytes)", errTruncated, size)
			}
			return err
		}
		return nil
	}
	var hdr [headerLen]byte
	if err := read(hdr[:]); err != nil {
		return nil, fmt.Errorf("not a dataset file: %w", err)
	}
	if string(hdr[:8]) != magic {
		return nil, fmt.Errorf("not a dataset file (starts with %q, want %q)", hdr[:8], magic)
	}
	if v := binary.LittleEndian.Uint32(hdr[8:]); v != fileVersion {
		return nil, fmt.Errorf("dataset file version %d; this build reads version %d", v, fileVersion)
	}
	metaLen := int64(binary.LittleEndian.Uint32(hdr[12:]))
	if metaLen > maxMetaLen || int64(headerLen)+metaLen+sha256.Size > size {
		return nil, fmt.Errorf("%w or corrupt: metadata of %d bytes in a %d-byte file", errTruncated, metaLen, size)
	}
	mj := make([]byte, metaLen)
	if err := read(mj); err != nil {
		return nil, err
	}
	d := &Dataset{}
	dec := json.NewDecoder(bytes.NewReader(mj))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d.Meta); err != nil {
		return nil, fmt.Errorf("altered or corrupt metadata: %w", err)
	}
	m := &d.Meta
	if err := m.Schema.Validate(); err != nil || m.Rows < 0 {
		return nil, fmt.Errorf("altered or corrupt metadata: rows %d, schema %v (%v)", m.Rows, m.Schema.Names(), err)
	}
	dim := int64(m.Schema.Dim())
	want := int64(headerLen) + metaLen + m.Rows*dim*4 + sha256.Size
	if m.HasClusters {
		want += m.Rows
	}
	if m.HasIDs {
		want += 8
	}
	if size < want {
		return nil, fmt.Errorf("%w: %d bytes, its header promises at least %d (%d rows × %d floats)", errTruncated, size, want, m.Rows, dim)
	}
	if !m.HasIDs && size > want {
		return nil, fmt.Errorf("file has %d bytes, its header promises %d: altered or corrupt", size, want)
	}
	d.Data = make([]float32, m.Rows*dim)
	var buf [4 << 10]byte
	for lo := 0; lo < len(d.Data); lo += len(buf) / 4 {
		part := d.Data[lo:min(lo+len(buf)/4, len(d.Data))]
		if err := read(buf[:4*len(part)]); err != nil {
			return nil, err
		}
		for i := range part {
			part[i] = math.Float32frombits(binary.LittleEndian.Uint32(buf[4*i:]))
		}
	}
	if m.HasClusters {
		d.Cluster = make([]uint8, m.Rows)
		if err := read(d.Cluster); err != nil {
			return nil, err
		}
	}
	if m.HasIDs {
		var n [8]byte
		if err := read(n[:]); err != nil {
			return nil, err
		}
		idsLen := binary.LittleEndian.Uint64(n[:])
		if int64(idsLen) < 0 || want+int64(idsLen) != size {
			return nil, fmt.Errorf("file has %d bytes, its header and id section promise %d: truncated, altered or corrupt", size, want+int64(idsLen))
		}
		ids := make([]byte, idsLen)
		if err := read(ids); err != nil {
			return nil, err
		}
		d.IDs = []string{}
		if m.Rows > 0 {
			d.IDs = strings.Split(string(ids), "\n")
		}
	}
	sum := h.Sum(nil)
	var trailer [sha256.Size]byte
	if _, err := io.ReadFull(br, trailer[:]); err != nil {
		return nil, fmt.Errorf("%w: no checksum", errTruncated)
	}
	if !bytes.Equal(sum, trailer[:]) {
		return nil, fmt.Errorf("checksum mismatch: content hashes to %x…, the file records %x…: altered or corrupt", sum[:6], trailer[:6])
	}
	if err := d.check(); err != nil {
		return nil, fmt.Errorf("corrupt content: %w", err)
	}
	fp := hex.EncodeToString(sum)
	d.fpOnce.Do(func() { d.fingerprint = fp })
	return d, nil
}
