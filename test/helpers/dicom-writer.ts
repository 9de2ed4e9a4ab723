/**
 * A small DICOM Part 10 writer for tests: explicit VR in either byte order (optionally
 * deflated) or implicit VR little endian, so the reader can be tried on every uncompressed
 * transfer syntax with values computed by hand.
 */
import { deflateSync } from "fflate";
import { concatBytes } from "../../src/io/bytes.js";

/** One data element: tag group and element, VR, and its value (text, numbers, or raw bytes). */
export interface TestElement {
  tag: [number, number];
  vr: "UI" | "CS" | "DS" | "IS" | "LO" | "US" | "OW" | "OB";
  value: string | number[] | Uint8Array;
}

export type TestSyntax = "implicit" | "explicit-little" | "explicit-big" | "deflated";

const SYNTAX_UID: Record<TestSyntax, string> = {
  implicit: "1.2.840.10008.1.2",
  "explicit-little": "1.2.840.10008.1.2.1",
  "explicit-big": "1.2.840.10008.1.2.2",
  deflated: "1.2.840.10008.1.2.1.99",
};

function valueBytes(e: TestElement, littleEndian: boolean): Uint8Array {
  if (e.value instanceof Uint8Array) {
    const bytes = e.value.slice();
    if (!littleEndian && e.vr === "OW") for (let i = 0; i + 1 < bytes.length; i += 2) [bytes[i], bytes[i + 1]] = [bytes[i + 1]!, bytes[i]!];
    return bytes.length % 2 ? Uint8Array.of(...bytes, 0) : bytes;
  }
  if (e.vr === "US") {
    const out = new Uint8Array(2 * (e.value as number[]).length);
    (e.value as number[]).forEach((v, i) => new DataView(out.buffer).setUint16(2 * i, v, littleEndian));
    return out;
  }
  const text = typeof e.value === "string" ? e.value : e.value.join("\\");
  const padded = text.length % 2 ? text + (e.vr === "UI" ? "\0" : " ") : text;
  return new TextEncoder().encode(padded);
}

function encodeElements(elements: TestElement[], explicit: boolean, littleEndian: boolean): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of [...elements].sort((a, b) => a.tag[0] - b.tag[0] || a.tag[1] - b.tag[1])) {
    const value = valueBytes(e, littleEndian);
    const long = e.vr === "OW" || e.vr === "OB";
    const header = new Uint8Array(explicit ? (long ? 12 : 8) : 8);
    const view = new DataView(header.buffer);
    view.setUint16(0, e.tag[0], littleEndian);
    view.setUint16(2, e.tag[1], littleEndian);
    if (!explicit) view.setUint32(4, value.length, littleEndian);
    else {
      header.set(new TextEncoder().encode(e.vr), 4);
      if (long) view.setUint32(8, value.length, littleEndian);
      else view.setUint16(6, value.length, littleEndian);
    }
    parts.push(header, value);
  }
  return concatBytes(parts);
}

/** A Part 10 file: preamble, "DICM", file meta (explicit little endian), then the dataset. */
export function dicomFileBytes(elements: TestElement[], syntax: TestSyntax): Uint8Array {
  const metaBody = encodeElements(
    [
      { tag: [0x0002, 0x0002], vr: "UI", value: "1.2.840.10008.5.1.4.1.1.2" },
      { tag: [0x0002, 0x0003], vr: "UI", value: "2.25.7" },
      { tag: [0x0002, 0x0010], vr: "UI", value: SYNTAX_UID[syntax] },
    ],
    true,
    true,
  );
  const lengthElement = new Uint8Array(12);
  const view = new DataView(lengthElement.buffer);
  view.setUint16(0, 0x0002, true);
  view.setUint16(2, 0x0000, true);
  lengthElement.set(new TextEncoder().encode("UL"), 4);
  view.setUint16(6, 4, true);
  view.setUint32(8, metaBody.length, true);
  let dataset = encodeElements(elements, syntax !== "implicit", syntax !== "explicit-big");
  if (syntax === "deflated") dataset = deflateSync(dataset);
  const out = new Uint8Array(132 + lengthElement.length + metaBody.length + dataset.length);
  out.set(new TextEncoder().encode("DICM"), 128);
  out.set(lengthElement, 132);
  out.set(metaBody, 144);
  out.set(dataset, 144 + metaBody.length);
  return out;
}
