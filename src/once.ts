/** A value computed on first use and kept: `const mesh = once(() => marchingCubes(…))`. */
export function once<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

/**
 * A value computed once per object, on first use (from that call's further arguments),
 * and kept while the object lives: `const sums = perObject(pairSums)`, then `sums(context)`.
 */
export function perObject<K extends object, V, A extends unknown[] = []>(make: (key: K, ...rest: A) => V): (key: K, ...rest: A) => V {
  const values = new WeakMap<K, V>();
  return (key, ...rest) => {
    if (values.has(key)) return values.get(key) as V;
    const value = make(key, ...rest);
    values.set(key, value);
    return value;
  };
}
