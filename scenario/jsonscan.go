package scenario

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"unsafe"
)

// jsonScanner reads the structure of a JSON document byte by byte from a
// buffered reader, counting its offset, for the summary decoder: values it
// does not parse itself it hands out raw (value) for encoding/json.
type jsonScanner struct {
	r   *bufio.Reader
	off int64 // bytes consumed
	tmp []byte
}

// scanError is a syntax error at a byte offset.
type scanError struct {
	off int64
	msg string
}

func (e *scanError) Error() string { return fmt.Sprintf("byte %d: %s", e.off, e.msg) }

func (s *jsonScanner) next() (byte, error) {
	c, err := s.r.ReadByte()
	if err == nil {
		s.off++
	}
	return c, err
}

func (s *jsonScanner) unread() {
	if s.r.UnreadByte() == nil {
		s.off--
	}
}

// nonSpace returns the next byte that is not JSON white space.
func (s *jsonScanner) nonSpace() (byte, error) {
	for {
		c, err := s.next()
		if err != nil {
			return 0, err
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return c, nil
		}
	}
}

// maxRawValue bounds a value handed to encoding/json (an attachment may be
// large; nothing else is).
const maxRawValue = 1 << 30

// value returns the next JSON value raw: a string, a number or literal, or
// an object or array with everything nested in it. The bytes are only
// checked for balance; encoding/json checks the rest. The slice is valid
// until the next call.
func (s *jsonScanner) value() ([]byte, error) {
	c, err := s.nonSpace()
	if err != nil {
		return nil, err
	}
	start := s.off - 1
	s.tmp = append(s.tmp[:0], c)
	switch c {
	case '"':
		return s.tmp, s.str()
	case '{', '[':
		depth := 1
		for depth > 0 {
			c, err := s.next()
			if err != nil {
				return nil, err
			}
			s.tmp = append(s.tmp, c)
			switch c {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			case '"':
				if err := s.str(); err != nil {
					return nil, err
				}
			}
			if len(s.tmp) > maxRawValue {
				return nil, &scanError{start, "value too large"}
			}
		}
		return s.tmp, nil
	default:
		for {
			c, err := s.next()
			if err == io.EOF {
				return s.tmp, nil
			}
			if err != nil {
				return nil, err
			}
			if c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r' {
				s.unread()
				return s.tmp, nil
			}
			s.tmp = append(s.tmp, c)
			if len(s.tmp) > 1000 {
				return nil, &scanError{start, "value too long"}
			}
		}
	}
}

// str appends the rest of a string after its opening quote to tmp.
func (s *jsonScanner) str() error {
	for {
		c, err := s.next()
		if err != nil {
			return err
		}
		s.tmp = append(s.tmp, c)
		switch c {
		case '"':
			return nil
		case '\\':
			c, err := s.next()
			if err != nil {
				return err
			}
			s.tmp = append(s.tmp, c)
		}
		if len(s.tmp) > maxRawValue {
			return &scanError{s.off, "string too long"}
		}
	}
}

// number reads a JSON number and parses it as a float64 (nearest, as
// encoding/json does); it refuses what JSON does not allow (a leading +,
// leading zeros, a bare point) and values beyond the float64 range.
func (s *jsonScanner) number() (float64, error) {
	start := s.off
	b := s.tmp[:0]
	for {
		c, err := s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
		if !(c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' || ('0' <= c && c <= '9')) {
			s.unread()
			break
		}
		b = append(b, c)
		if len(b) > 400 {
			return 0, &scanError{start, "number too long"}
		}
	}
	s.tmp = b
	if !validNumber(b) {
		return 0, &scanError{start, fmt.Sprintf("%q is not a JSON number", clip40(string(b)))}
	}
	x, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(b), len(b)), 64)
	if err != nil {
		return 0, &scanError{start, fmt.Sprintf("%s is beyond the float64 range", clip40(string(b)))}
	}
	return x, nil
}

// validNumber reports whether b is a number as JSON writes it:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func validNumber(b []byte) bool {
	i := 0
	digits := func() int {
		j := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(b)
}

// integer reads a JSON number that is an integer in the int64 range,
// after any white space.
func (s *jsonScanner) integer() (int64, error) {
	c, err := s.nonSpace()
	if err != nil {
		return 0, err
	}
	s.unread()
	start := s.off
	if c != '-' && !('0' <= c && c <= '9') {
		return 0, &scanError{start, fmt.Sprintf("%s; want an integer", describeByte(c))}
	}
	b := s.tmp[:0]
	for {
		c, err := s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
		if !(c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' || ('0' <= c && c <= '9')) {
			s.unread()
			break
		}
		b = append(b, c)
		if len(b) > 400 {
			return 0, &scanError{start, "number too long"}
		}
	}
	s.tmp = b
	if !validNumber(b) {
		return 0, &scanError{start, fmt.Sprintf("%q is not a JSON number", clip40(string(b)))}
	}
	x, err := strconv.ParseInt(unsafe.String(unsafe.SliceData(b), len(b)), 10, 64)
	if err != nil {
		return 0, &scanError{start, fmt.Sprintf("%s is not an integer in the range of int64", clip40(string(b)))}
	}
	return x, nil
}
