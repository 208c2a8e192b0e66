package flat

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
)

// The file format, all little-endian:
//
//	magic   [8]byte  "ECGFLAT\x00"
//	version uint32   fileVersion
//	dim     uint32
//	rows    uint64
//	data    rows·dim float32, row-major
//	crc     uint32   CRC-32C of every byte before it
const (
	fileMagic   = "ECGFLAT\x00"
	fileVersion = 1
	headerSize  = 8 + 4 + 4 + 8
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Save writes the index to path, through a temporary file renamed into place
// so a failed save never leaves a half-written index behind.
func (x *Index) Save(path string) error {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return errClosed
	}
	tmp := path + ".tmp"
	if err := writeFile(tmp, x.dim, x.data); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("flat: save %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("flat: save %s: %w", path, err)
	}
	return nil
}

func writeFile(path string, dim int, data []float32) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	crc := crc32.New(castagnoli)
	w := bufio.NewWriterSize(io.MultiWriter(f, crc), 1<<20)
	var hdr [headerSize]byte
	copy(hdr[:8], fileMagic)
	binary.LittleEndian.PutUint32(hdr[8:], fileVersion)
	binary.LittleEndian.PutUint32(hdr[12:], uint32(dim))
	binary.LittleEndian.PutUint64(hdr[16:], uint64(len(data)/dim))
	w.Write(hdr[:])
	var b [4]byte
	for _, v := range data {
		binary.LittleEndian.PutUint32(b[:], math.Float32bits(v))
		w.Write(b[:])
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	binary.LittleEndian.PutUint32(b[:], crc.Sum32())
	if _, err := f.Write(b[:]); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Load reads an index written by Save. A file that is truncated, too long,
// of another version or whose checksum does not match is an error naming the
// file and the problem.
func Load(path string) (*Index, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("flat: load: %w", err)
	}
	if len(b) < headerSize+4 {
		return nil, fmt.Errorf("flat: load %s: %d bytes, shorter than the %d-byte header and checksum (truncated?)", path, len(b), headerSize+4)
	}
	if string(b[:8]) != fileMagic {
		return nil, fmt.Errorf("flat: load %s: magic %q, want %q (not a flat index file)", path, b[:8], fileMagic)
	}
	if v := binary.LittleEndian.Uint32(b[8:]); v != fileVersion {
		return nil, fmt.Errorf("flat: load %s: format version %d, this build reads %d", path, v, fileVersion)
	}
	dim := int(binary.LittleEndian.Uint32(b[12:]))
	rows := binary.LittleEndian.Uint64(b[16:])
	if dim <= 0 {
		return nil, fmt.Errorf("flat: load %s: dimension %d in header", path, dim)
	}
	body := uint64(len(b) - headerSize - 4)
	if rows > body/4/uint64(dim) || rows*uint64(dim)*4 != body {
		return nil, fmt.Errorf("flat: load %s: header says %d rows of %d floats (%d bytes of data), file holds %d (truncated or corrupt)", path, rows, dim, rows*uint64(dim)*4, body)
	}
	end := len(b) - 4
	if got, want := crc32.Checksum(b[:end], castagnoli), binary.LittleEndian.Uint32(b[end:]); got != want {
		return nil, fmt.Errorf("flat: load %s: checksum %08x, file says %08x (corrupt)", path, got, want)
	}
	data := make([]float32, rows*uint64(dim))
	for i := range data {
		data[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[headerSize+4*i:]))
	}
	x, err := New(dim)
	if err != nil {
		return nil, err
	}
	x.data = data
	return x, nil
}
