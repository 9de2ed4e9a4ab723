/**
 * The file operations of the library's readers and writer (Node.js, Deno), as promises over
 * `node:fs`' callbacks. `node:fs/promises` offers the same, but loading it loads a dozen
 * more of Node's modules (directory streams, watchers, readline): 2.6 ms of every cold
 * command, which reads two files and writes one (docs/decisions.md, Engine, "Thirty-first
 * steps"); `node:fs` is loaded with Node. Nothing here is imported where no file is read:
 * the family worker, which browsers load too, reaches it through a dynamic import.
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

/** Writes `data` to the file at `path`, replacing what it held. */
export const writeFile = (path: string, data: string | Uint8Array): Promise<void> => called((fs, done) => fs.writeFile(path, data, (err) => done(err, undefined)));

export const rename = (from: string, to: string): Promise<void> => called((fs, done) => fs.rename(from, to, (err) => done(err, undefined)));

/** Removes the file at `path`; one that is not there is no error. */
export const removeFile = (path: string): Promise<void> => called((fs, done) => fs.rm(path, { force: true }, (err) => done(err, undefined)));

/** What the path names (links followed). */
export const stat = (path: string): Promise<NodeFs.Stats> => called((fs, done) => fs.stat(path, done));

/** The entries of a folder, each with its kind. */
export const readdirEntries = (folder: string): Promise<NodeFs.Dirent[]> => called((fs, done) => fs.readdir(folder, { withFileTypes: true }, done));
