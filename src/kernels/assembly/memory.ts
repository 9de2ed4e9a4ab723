// The f64 element at index i of an array at byte address p: what every kernel that
// works on f64 arrays reads and writes.

@inline
export function at(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline
export function put(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}
