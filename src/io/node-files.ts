/**
 * The file operations of the library's readers and writer (Node.js, Deno), as promises over
 * `node:fs`' callbacks. `node:fs/promises` offers the same, but loading it loads a dozen
 * more of Node's modules (directory streams, watchers, readline): 2.6 ms of every cold
 * command, which reads two files and writes one (docs/decisions.md, Engine, "Thirty-first
 * steps"); `node:fs` is loaded with Node. This module imports no Node module itself (its
 * types only; `node:fs` is reached at a call): the family worker, which browsers load too,
 * imports it with stream-case.ts and never reads a file there.
 * @module
 */
import type * as NodeFs from "node:fs";
import { nodeBuiltin } from "../builtins.js";

type Fs = typeof NodeFs;
type Done<T> = (err: NodeJS.ErrnoException | null, value: T) => void;

let loaded: Fs | undefined;

/** Node's `fs`: synchronously where the runtime hands out its built-ins (Node ≥ 20.16), else imported once. */
async function fsModule(): Promise<Fs> {
  return (loaded ??= nodeBuiltin<Fs>("node:fs") ?? (await import("node:fs")));
}

/** The promise of one `fs` call that ends in a callback `done(err, value)`. */
async function called<T>(run: (fs: Fs, done: Done<T>) => void): Promise<T> {
  const fs = await fsModule();
  return new Promise<T>((resolve, reject) => run(fs, (err, value) => (err ? reject(err) : resolve(value))));
}

/** A file open for reading; {@link OpenFile.close} it when done (an open file is not closed for you). */
export interface OpenFile {
  /** Reads up to `length` bytes from byte `position` of the file into `buffer` from `offset`; fewer at its end. */
  read<T extends Uint8Array>(buffer: T, offset: number, length: number, position: number): Promise<{ bytesRead: number; buffer: T }>;
  stat(): Promise<NodeFs.Stats>;
  /** Every byte from the current position on: for a pipe or a device, which has no size to read up to. */
  readRest(): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Opens the file at `path` for reading. */
export async function openFile(path: string): Promise<OpenFile> {
  const fd = await called<number>((fs, done) => fs.open(path, "r", done));
  return {
    read: (buffer, offset, length, position) =>
      called((fs, done) => fs.read(fd, buffer, offset, length, position, (err, bytesRead) => done(err, { bytesRead, buffer }))),
    stat: () => called((fs, done) => fs.fstat(fd, done)),
    readRest: () => called<Uint8Array>((fs, done) => fs.readFile(fd, done)),
    close: () => called<void>((fs, done) => fs.close(fd, (err) => done(err, undefined))),
  };
}

/** The bytes of the file at `path`. */
export const readFile = (path: string): Promise<Uint8Array> => called((fs, done) => fs.readFile(path, done));

/**
 * Data up to this size (bytes, or characters of text) is written at once, on this thread:
 * a feature row of 10 kB took 8 ms through the thread pool on this host (open 2.4 ms, close
 * 3.2, the rename 1.5: each call waits for a pool thread and the loop's wake-up), which a
 * cold command waited for at its end, and under a millisecond here.
 */
const SYNC_WRITE_BYTES = 1 << 20;

/** Writes `data` to the file at `path`, replacing what it held: on this thread up to {@link SYNC_WRITE_BYTES}, else on the thread pool. */
export async function writeFile(path: string, data: string | Uint8Array): Promise<void> {
  const fs = await fsModule();
  if (data.length <= SYNC_WRITE_BYTES) return fs.writeFileSync(path, data);
  return called((fs, done) => fs.writeFile(path, data, (err) => done(err, undefined)));
}

/** Renames a file, replacing any at `to` (one call to the system, made on this thread: see {@link SYNC_WRITE_BYTES}). */
export async function rename(from: string, to: string): Promise<void> {
  (await fsModule()).renameSync(from, to);
}

/** Removes the file at `path`; one that is not there is no error. */
export const removeFile = (path: string): Promise<void> => called((fs, done) => fs.rm(path, { force: true }, (err) => done(err, undefined)));

/** What the path names (links followed). */
export const stat = (path: string): Promise<NodeFs.Stats> => called((fs, done) => fs.stat(path, done));

/** The entries of a folder, each with its kind. */
export const readdirEntries = (folder: string): Promise<NodeFs.Dirent[]> => called((fs, done) => fs.readdir(folder, { withFileTypes: true }, done));
