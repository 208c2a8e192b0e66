package index

import (
	"fmt"
	"math"
)

// CheckRows reports a slice that is not whole rows of width dim or that
// holds a NaN or an infinity. what names the rows in the message ("add",
// "query"); backends wrap the error with their name.
func CheckRows(what string, v []float32, dim int) error {
	if len(v)%dim != 0 {
		return fmt.Errorf("%s of %d floats is not a whole number of %d-wide rows", what, len(v), dim)
	}
	for i, f := range v {
		if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
			return fmt.Errorf("%s row %d column %d is %v", what, i/dim, i%dim, f)
		}
	}
	return nil
}
