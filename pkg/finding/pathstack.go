package finding

// PathStack is a Path being walked: grown by a key or an index, and cut back.
// Its keys stay unboxed: each key made an element of a Path is an allocation,
// and a walk over a manifest's hundreds of keys needs a Path only now and
// then (for a finding).
type PathStack struct{ steps []step }

// step is a key, or an index when index >= 0.
type step struct {
	key   string
	index int
}

// PushKey goes down to the value of key k.
func (s *PathStack) PushKey(k string) { s.steps = append(s.steps, step{key: k, index: -1}) }

// PushIndex goes down to item i (i >= 0) of a list.
func (s *PathStack) PushIndex(i int) { s.steps = append(s.steps, step{index: max(i, 0)}) }

// Pop goes back up one step.
func (s *PathStack) Pop() { s.steps = s.steps[:len(s.steps)-1] }

// Reset goes back to the top.
func (s *PathStack) Reset() { s.steps = s.steps[:0] }

// Path is the path walked so far, a new one each call; nil at the top.
func (s *PathStack) Path() Path {
	if len(s.steps) == 0 {
		return nil
	}
	p := make(Path, len(s.steps))
	for i, st := range s.steps {
		if st.index >= 0 {
			p[i] = st.index
		} else {
			p[i] = st.key
		}
	}
	return p
}
