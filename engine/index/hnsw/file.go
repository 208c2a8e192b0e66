package hnsw

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"math/rand"
	"os"

	coder "github.com/coder/hnsw"
)

// The file format wraps the library's Export, which does not record the
// width of an empty graph, efConstruction or the seed. All little-endian:
//
//	magic          [8]byte "ECGHNSW\x00"
//	version        uint32  fileVersion
//	dim            uint32
//	rows           uint64
//	M              uint32
//	Ml             float64
//	efConstruction uint32
//	seed           int64
//	graph          the library's Export, to the end minus the checksum
//	crc            uint32  CRC-32C of every byte before it
//
// The checksum is verified before the graph is decoded, so a corrupt length
// inside the library's stream can never make Import allocate wildly.
const (
	fileMagic   = "ECGHNSW\x00"
	fileVersion = 1
	headerSize  = 8 + 4 + 4 + 8 + 4 + 8 + 4 + 8
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Save writes the index to path, through a temporary file renamed into
// place. The library exports nodes in map order, so two saves of one index
// may differ byte for byte; they load to the same graph.
func (x *Index) Save(path string) error {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.g == nil {
		return errClosed
	}
	tmp := path + ".tmp"
	if err := x.writeFile(tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("hnsw: save %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("hnsw: save %s: %w", path, err)
	}
	return nil
}

func (x *Index) writeFile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	crc := crc32.New(castagnoli)
	w := bufio.NewWriterSize(io.MultiWriter(f, crc), 1<<20)
	p := x.params
	var h [headerSize]byte
	copy(h[:8], fileMagic)
	le := binary.LittleEndian
	le.PutUint32(h[8:], fileVersion)
	le.PutUint32(h[12:], uint32(x.dim))
	le.PutUint64(h[16:], uint64(x.g.Len()))
	le.PutUint32(h[24:], uint32(p.M))
	le.PutUint64(h[28:], math.Float64bits(p.Ml))
	le.PutUint32(h[36:], uint32(p.EfConstruction))
	le.PutUint64(h[40:], uint64(p.Seed))
	w.Write(h[:])
	if err := x.g.Export(w); err != nil {
		f.Close()
		return fmt.Errorf("export graph: %w", err)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	var sum [4]byte
	le.PutUint32(sum[:], crc.Sum32())
	if _, err := f.Write(sum[:]); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Load reads an index written by Save. A truncated or corrupt file, another
// format version, or a graph that disagrees with the header is an error
// naming the file. The level generator restarts from the seed, so rows added
// after a load get other levels than they would have in the saved index.
func Load(path string) (_ *Index, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("hnsw: load: %w", err)
	}
	if len(b) < headerSize+4 {
		return nil, fmt.Errorf("hnsw: load %s: %d bytes, shorter than the %d-byte header and checksum (truncated?)", path, len(b), headerSize+4)
	}
	if string(b[:8]) != fileMagic {
		return nil, fmt.Errorf("hnsw: load %s: magic %q, want %q (not an hnsw index file)", path, b[:8], fileMagic)
	}
	le := binary.LittleEndian
	if v := le.Uint32(b[8:]); v != fileVersion {
		return nil, fmt.Errorf("hnsw: load %s: format version %d, this build reads %d", path, v, fileVersion)
	}
	end := len(b) - 4
	if got, want := crc32.Checksum(b[:end], castagnoli), le.Uint32(b[end:]); got != want {
		return nil, fmt.Errorf("hnsw: load %s: checksum %08x, file says %08x (truncated or corrupt)", path, got, want)
	}
	dim := int(le.Uint32(b[12:]))
	rows := le.Uint64(b[16:])
	p := Params{
		M:              int(le.Uint32(b[24:])),
		Ml:             math.Float64frombits(le.Uint64(b[28:])),
		EfConstruction: int(le.Uint32(b[36:])),
		Seed:           int64(le.Uint64(b[40:])),
	}
	x, err := New(dim, p)
	if err != nil {
		return nil, fmt.Errorf("hnsw: load %s: header: %w", path, err)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("hnsw: load %s: library panicked importing the graph: %v", path, r)
		}
	}()
	g := &coder.Graph[int64]{Rng: rand.New(rand.NewSource(p.Seed))}
	if err := g.Import(bytes.NewReader(b[headerSize:end])); err != nil {
		return nil, fmt.Errorf("hnsw: load %s: import graph: %w", path, err)
	}
	if uint64(g.Len()) != rows || (rows > 0 && g.Dims() != dim) {
		return nil, fmt.Errorf("hnsw: load %s: graph has %d rows of width %d, header says %d of %d", path, g.Len(), g.Dims(), rows, dim)
	}
	if g.M != p.M || g.Ml != p.Ml {
		return nil, fmt.Errorf("hnsw: load %s: graph parameters M=%d Ml=%v, header says %d, %v", path, g.M, g.Ml, p.M, p.Ml)
	}
	g.EfSearch = DefaultEfSearch
	x.g = g
	return x, nil
}
