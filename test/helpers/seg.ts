/** DICOM SEG objects written with dcmjs, from masks on a known grid: the SEG reader's test inputs. */
import dcmjs from "dcmjs";
import { indexToWorld, type Volume } from "../../src/index.js";

const SEG_CLASS = "1.2.840.10008.5.1.4.1.1.66.4";

export interface SegmentSpec {
  number: number;
  label: string;
  /** 0/1 mask on the grid. */
  mask: Volume<Uint8Array>;
}

export interface SegSpec {
  grid: Volume;
  segments: SegmentSpec[];
  type: "BINARY" | "FRACTIONAL";
  /** Added to every frame's Image Position (Patient), in mm (to move frames off the grid). */
  shift?: [number, number, number];
}

/** Writes a SEG with one frame per segment and slice that holds any of the segment's voxels. */
export function segBytes(spec: SegSpec): Uint8Array {
  const [nx, ny, nz] = spec.grid.size;
  const perFrame: object[] = [];
  const frames: Uint8Array[] = [];
  for (const segment of spec.segments) {
    for (let k = 0; k < nz; k++) {
      const slice = segment.mask.data.subarray(k * nx * ny, (k + 1) * nx * ny);
      if (!slice.some((v) => v !== 0)) continue;
      const position = indexToWorld(spec.grid, [0, 0, k]).map((p, d) => p + (spec.shift?.[d] ?? 0));
      perFrame.push({
        PlanePositionSequence: { ImagePositionPatient: position },
        SegmentIdentificationSequence: { ReferencedSegmentNumber: segment.number },
      });
      frames.push(slice);
    }
  }
  const d = spec.grid.direction;
  const dataset = {
    SOPClassUID: SEG_CLASS,
    SOPInstanceUID: "2.25.1001",
    SeriesInstanceUID: "2.25.1002",
    Modality: "SEG",
    Rows: ny,
    Columns: nx,
    NumberOfFrames: frames.length,
    SamplesPerPixel: 1,
    PhotometricInterpretation: "MONOCHROME2",
    BitsAllocated: spec.type === "BINARY" ? 1 : 8,
    BitsStored: spec.type === "BINARY" ? 1 : 8,
    HighBit: spec.type === "BINARY" ? 0 : 7,
    PixelRepresentation: 0,
    SegmentationType: spec.type,
    ...(spec.type === "FRACTIONAL" ? { SegmentationFractionalType: "PROBABILITY", MaximumFractionalValue: 255 } : {}),
    SegmentSequence: spec.segments.map((s) => ({ SegmentNumber: s.number, SegmentLabel: s.label, SegmentAlgorithmType: "MANUAL" })),
    SharedFunctionalGroupsSequence: {
      PlaneOrientationSequence: { ImageOrientationPatient: [d[0], d[3], d[6], d[1], d[4], d[7]] },
      PixelMeasuresSequence: { PixelSpacing: [spec.grid.spacing[1], spec.grid.spacing[0]], SliceThickness: spec.grid.spacing[2] },
    },
    PerFrameFunctionalGroupsSequence: perFrame,
    PixelData: pixelData(frames, spec.type).buffer,
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: SEG_CLASS,
    MediaStorageSOPInstanceUID: "2.25.1001",
    TransferSyntaxUID: "1.2.840.10008.1.2.1",
    ImplementationClassUID: "2.25.1003",
  };
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}

/** BINARY: bits packed least significant first, frames back to back; FRACTIONAL: 255 inside, 100 (below one half) outside. */
function pixelData(frames: Uint8Array[], type: SegSpec["type"]): Uint8Array {
  const pixels = frames.reduce((n, f) => n + f.length, 0);
  if (type === "FRACTIONAL") {
    const out = new Uint8Array(pixels + (pixels % 2));
    let at = 0;
    for (const frame of frames) for (const v of frame) out[at++] = v ? 255 : 100;
    return out;
  }
  const out = new Uint8Array(Math.ceil(pixels / 16) * 2);
  let bit = 0;
  for (const frame of frames) {
    for (const v of frame) {
      if (v) out[bit >> 3]! |= 1 << (bit & 7);
      bit++;
    }
  }
  return out;
}
