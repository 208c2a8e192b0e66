package dataset

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/ecgbench/ecgbench/engine/prep"
)

// A dataset folder holds a dataset, the model that preprocessed it and its
// fingerprint, under these names.
const (
	DirDataset     = "dataset" + FileExt
	DirModel       = "model.json"
	DirFingerprint = "fingerprint"
)

// WriteDir writes d and m into the folder dir (created when missing):
// dataset.ecgds, model.json and fingerprint (the hex fingerprint and a
// newline).
func WriteDir(dir string, d *Dataset, m *prep.Model) error {
	if d.Meta.ModelHash != m.Hash() {
		return fmt.Errorf("dataset: the model (hash %s) did not preprocess this dataset (model hash %s)", short(m.Hash()), short(d.Meta.ModelHash))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("dataset: %w", err)
	}
	if err := d.Write(filepath.Join(dir, DirDataset)); err != nil {
		return err
	}
	if err := m.Save(filepath.Join(dir, DirModel)); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, DirFingerprint), []byte(d.Fingerprint()+"\n"), 0o644); err != nil {
		return fmt.Errorf("dataset: %w", err)
	}
	return nil
}

// ReadDir reads a folder written by WriteDir and checks that the model is
// the one that preprocessed the dataset.
func ReadDir(dir string) (*Dataset, *prep.Model, error) {
	d, err := Read(filepath.Join(dir, DirDataset))
	if err != nil {
		return nil, nil, err
	}
	m, err := prep.Load(filepath.Join(dir, DirModel))
	if err != nil {
		return nil, nil, err
	}
	if d.Meta.ModelHash != m.Hash() {
		return nil, nil, fmt.Errorf("dataset: %s (hash %s) did not preprocess %s (model hash %s)",
			filepath.Join(dir, DirModel), short(m.Hash()), filepath.Join(dir, DirDataset), short(d.Meta.ModelHash))
	}
	return d, m, nil
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
