/**
 * Features as a DICOM Structured Report: an Enhanced SR holding a TID 1500 Measurement
 * Report, the form in which dcmqi and PACS viewers keep quantitative results beside the
 * images they came from.
 *
 * Tree (PS3.16 TID 1500, with TID 1411 for the region's measurements):
 *
 *     CONTAINER (126000, DCM, "Imaging Measurement Report")             template 1500
 *       HAS CONCEPT MOD  CODE    Language of Content Item and Descendants = English (United States)
 *       HAS OBS CONTEXT  CODE    Observer Type = Device; UIDREF Device Observer UID; TEXT Device Observer Name
 *       HAS CONCEPT MOD  CODE    Procedure reported = Imaging procedure
 *       CONTAINS CONTAINER       Image Library > Image Library Group > IMAGE per source instance
 *       CONTAINS CONTAINER       Imaging Measurements
 *         CONTAINS CONTAINER     Measurement Group                                  template 1411
 *           HAS OBS CONTEXT      TEXT Tracking Identifier, UIDREF Tracking Unique Identifier
 *           CONTAINS             IMAGE Referenced Segment (SEG), or COMPOSITE the structure set (RTSTRUCT:
 *                                TID 1411 has no row for one, so a concept of our scheme names it)
 *           CONTAINS             UIDREF Source series for segmentation
 *           HAS CONCEPT MOD      TEXT Algorithm Name, TEXT Algorithm Version; TEXT the settings (JSON)
 *           CONTAINS NUM         one per feature: its IBSI code (scheme IBSI) where it has one, else
 *                                (99RADIOMICS); the value as a Decimal String and as a double
 *                                (Floating Point Value, so it reads back exactly), the unit in UCUM;
 *                                HAS CONCEPT MOD TEXT: the feature's column name
 *
 * NaN values carry no measured value and the qualifier (114000, DCM, "Not a number").
 * @module
 */
import { RadiomicsError } from "../errors.js";
import { ibsiCodeOf } from "../features/registry.js";
import { ucumUnit } from "../features/units.js";
import { parseDicomFile, type DataSet, type DicomFile } from "../io/dicom.js";
import { dicomFile, newUid, type DicomDataset, type DicomValue } from "../io/dicom-write.js";
import type { FeatureRow } from "../table/row.js";
import { VERSION } from "../version.js";
import type { DicomSource, Volume } from "../volume.js";
import type { ExtractionConfig } from "../settings.js";

const ENHANCED_SR = "1.2.840.10008.5.1.4.1.1.88.22";

/** A coded concept. */
type Code = [value: string, scheme: string, meaning: string];

const el = (vr: string, value: DicomValue) => ({ vr, value });

/** A code sequence item; values over 16 characters go to Long Code Value. */
function codeItem([value, scheme, meaning]: Code): DicomDataset {
  return {
    [value.length > 16 ? "00080119" : "00080100"]: el(value.length > 16 ? "UC" : "SH", value),
    "00080102": el("SH", scheme),
    "00080104": el("LO", meaning.slice(0, 64)),
  };
}

/** A content item: relationship, value type, concept name, and its value attributes. */
function item(relationship: string | null, valueType: string, name: Code | null, value: DicomDataset = {}, children: DicomDataset[] = []): DicomDataset {
  return {
    ...(relationship ? { "0040A010": el("CS", relationship) } : {}),
    "0040A040": el("CS", valueType),
    ...(name ? { "0040A043": el("SQ", [codeItem(name)]) } : {}),
    ...value,
    ...(children.length ? { "0040A730": el("SQ", children) } : {}),
  };
}

const container = (relationship: string | null, name: Code, children: DicomDataset[], template?: string) =>
  item(relationship, "CONTAINER", name, {
    "0040A050": el("CS", "SEPARATE"),
    ...(template ? { "0040A504": el("SQ", [{ "00080105": el("CS", "DCMR"), "0040DB00": el("CS", template) }]) } : {}),
  }, children);
const text = (relationship: string, name: Code, value: string) => item(relationship, "TEXT", name, { "0040A160": el("UT", value) });
const code = (relationship: string, name: Code, value: Code) => item(relationship, "CODE", name, { "0040A168": el("SQ", [codeItem(value)]) });
const uidref = (relationship: string, name: Code, value: string) => item(relationship, "UIDREF", name, { "0040A124": el("UI", value) });
const reference = (sop: { sopClassUid: string; sopInstanceUid: string }, extra: DicomDataset = {}): DicomDataset => ({
  "00081150": el("UI", sop.sopClassUid),
  "00081155": el("UI", sop.sopInstanceUid),
  ...extra,
});

/** Coding schemes that are not DICOM's own, named in the report (Coding Scheme Identification Sequence). */
const SCHEMES: DicomDataset[] = [
  { "00080102": el("SH", "IBSI"), "00080115": el("ST", "Image Biomarker Standardisation Initiative") },
  { "00080102": el("SH", "99RADIOMICS"), "00080115": el("ST", "radiomics (TypeScript) feature identifiers"), "00080116": el("ST", "radiomics") },
];

/** What a measurement report refers to and says besides the features. */
export interface MeasurementReportInput {
  /** The image series the features were computed on (`volume.dicom` of a DICOM image). */
  image: DicomSource;
  /** The segmentation (a SEG's segment or an RTSTRUCT's ROI: `volume.dicom` of the mask). */
  mask: DicomSource;
  /** The settings, as text (JSON), kept in the report. */
  settings?: string;
  /** Series Number of the report. @default 9001 */
  seriesNumber?: number;
  /** Content date and time. @default now */
  date?: Date;
}

/** The error for a report asked of inputs that were not a DICOM image series and a SEG or RTSTRUCT. */
const notFromDicom = () =>
  new RadiomicsError("INVALID_INPUT", "a DICOM SR refers to the DICOM objects measured: give a DICOM image series and a SEG or RTSTRUCT mask (files, folders or dicomweb: series)");

/** yyyymmdd and hhmmss of a date (UTC). */
function dicomDateTime(d: Date): [string, string] {
  const iso = d.toISOString();
  return [iso.slice(0, 10).replace(/-/g, ""), iso.slice(11, 19).replace(/:/g, "")];
}

/**
 * The DICOM SR (Part 10 file bytes) of one extraction: a TID 1500 measurement report
 * referencing the source series and the segmentation (see the module doc).
 * @throws RadiomicsError `INVALID_INPUT` when the image or mask was not read from DICOM.
 * @example
 * ```ts
 * const image = await readImageInput("ct/"), mask = await readMaskInput("ct/RS.dcm", image, { roi: "GTV-1" });
 * const row = await extract(image, mask, { setting: { binWidth: 25 } });
 * await writeFileAtomic("features-sr.dcm", measurementReport(row, { image: image.dicom!, mask: mask.dicom! }));
 * ```
 */
export function measurementReport(row: FeatureRow, input: MeasurementReportInput): Uint8Array {
  const { image, mask } = input;
  if (image.kind !== "image" || (mask.kind !== "seg" && mask.kind !== "rtstruct")) throw notFromDicom();
  const [date, time] = dicomDateTime(input.date ?? new Date());
  const measurements = row.features.map((f) => {
    const ibsi = ibsiCodeOf(f.family, f.feature);
    const concept: Code = ibsi ? [ibsi, "IBSI", f.feature] : [`${f.family}.${f.feature}`, "99RADIOMICS", f.feature];
    const unit = ucumUnit(f.family, f.feature, image.modality);
    const measured: DicomDataset = Number.isNaN(f.value)
      ? { "0040A300": el("SQ", []), "0040A301": el("SQ", [codeItem(["114000", "DCM", "Not a number"])]) }
      : {
          "0040A300": el("SQ", [{
            "004008EA": el("SQ", [codeItem([unit, "UCUM", unit])]),
            "0040A30A": el("DS", f.value),
            "0040A161": el("FD", f.value),
          }]),
        };
    return item("CONTAINS", "NUM", concept, measured, [text("HAS CONCEPT MOD", ["column", "99RADIOMICS", "Feature column name"], f.column)]);
  });
  const segmentation = mask.kind === "seg"
    ? item("CONTAINS", "IMAGE", ["121191", "DCM", "Referenced Segment"], { "00081199": el("SQ", [reference(mask.instances[0]!, { "0062000B": el("US", mask.segmentNumber ?? 1) })]) })
    : item("CONTAINS", "COMPOSITE", ["rtstruct", "99RADIOMICS", "Referenced RT Structure Set"], { "00081199": el("SQ", [reference(mask.instances[0]!)]) });
  const group = container("CONTAINS", ["125007", "DCM", "Measurement Group"], [
    text("HAS OBS CONTEXT", ["112039", "DCM", "Tracking Identifier"], mask.kind === "seg" ? `segment ${mask.segmentNumber ?? 1}` : `ROI ${mask.roiName ?? mask.roiNumber ?? ""}`.trim()),
    uidref("HAS OBS CONTEXT", ["112040", "DCM", "Tracking Unique Identifier"], newUid()),
    segmentation,
    uidref("CONTAINS", ["121232", "DCM", "Source series for segmentation"], image.seriesInstanceUid),
    text("HAS CONCEPT MOD", ["111001", "DCM", "Algorithm Name"], "radiomics"),
    text("HAS CONCEPT MOD", ["111003", "DCM", "Algorithm Version"], VERSION),
    ...(input.settings ? [text("HAS CONCEPT MOD", ["settings", "99RADIOMICS", "Extraction settings"], input.settings)] : []),
    ...measurements,
  ], "1411");
  const library = container("CONTAINS", ["111028", "DCM", "Image Library"], [
    container("CONTAINS", ["126200", "DCM", "Image Library Group"], image.instances.map((sop) => item("CONTAINS", "IMAGE", null, { "00081199": el("SQ", [reference(sop)]) }))),
  ]);
  const root = container(null, ["126000", "DCM", "Imaging Measurement Report"], [
    code("HAS CONCEPT MOD", ["121049", "DCM", "Language of Content Item and Descendants"], ["en-US", "RFC5646", "English (United States)"]),
    code("HAS OBS CONTEXT", ["121005", "DCM", "Observer Type"], ["121007", "DCM", "Device"]),
    uidref("HAS OBS CONTEXT", ["121012", "DCM", "Device Observer UID"], newUid()),
    text("HAS OBS CONTEXT", ["121013", "DCM", "Device Observer Name"], "radiomics"),
    code("HAS CONCEPT MOD", ["121058", "DCM", "Procedure reported"], ["363679005", "SCT", "Imaging procedure"]),
    library,
    container("CONTAINS", ["126010", "DCM", "Imaging Measurements"], [group]),
  ], "1500");
  // Every referenced instance, series by series within their studies.
  const studies = new Map<string, DicomDataset[]>();
  for (const source of [image, mask]) {
    const series = { "0020000E": el("UI", source.seriesInstanceUid), "00081199": el("SQ", source.instances.map((sop) => reference(sop))) };
    studies.set(source.studyInstanceUid, [...(studies.get(source.studyInstanceUid) ?? []), series]);
  }
  const dataset: DicomDataset = {
    "00080005": el("CS", "ISO_IR 192"),
    "00080016": el("UI", ENHANCED_SR),
    "00080018": el("UI", newUid()),
    "00080020": el("DA", image.studyDate),
    "00080023": el("DA", date),
    "00080030": el("TM", image.studyTime),
    "00080033": el("TM", time),
    "00080050": el("SH", image.accessionNumber),
    "00080060": el("CS", "SR"),
    "00080070": el("LO", "radiomics"),
    "00080090": el("PN", image.referringPhysicianName),
    "00080110": el("SQ", SCHEMES),
    "00081111": el("SQ", []),
    "00100010": el("PN", image.patientName),
    "00100020": el("LO", image.patientId),
    "00100030": el("DA", image.patientBirthDate),
    "00100040": el("CS", image.patientSex),
    "0020000D": el("UI", image.studyInstanceUid),
    "0020000E": el("UI", newUid()),
    "00200010": el("SH", image.studyId),
    "00200011": el("IS", String(input.seriesNumber ?? 9001)),
    "00200013": el("IS", "1"),
    "0040A375": el("SQ", [...studies].map(([uid, series]) => ({ "0020000D": el("UI", uid), "00081115": el("SQ", series) }))),
    "0040A491": el("CS", "COMPLETE"),
    "0040A493": el("CS", "UNVERIFIED"),
    "0040A372": el("SQ", []),
    ...root,
  };
  return dicomFile(dataset);
}

/**
 * {@link measurementReport} of the volumes a row was extracted from, with the settings.
 * @example
 * ```ts
 * const image = await readImageInput("ct/"), mask = await readMaskInput("ct/seg.dcm", image);
 * const config = resolveConfig({ setting: { binWidth: 25 } }, { profile: "pyradiomics" });
 * const sr = reportOfVolumes(await extract(image, mask, config), image, mask, config);
 * ```
 * @throws RadiomicsError `INVALID_INPUT` unless the image was read from a DICOM series and the mask from a SEG or an RTSTRUCT.
 */
export function reportOfVolumes(row: FeatureRow, image: Volume, labelMap: Volume, config: ExtractionConfig): Uint8Array {
  if (!image.dicom || !labelMap.dicom) throw notFromDicom();
  return measurementReport(row, { image: image.dicom, mask: labelMap.dicom, settings: JSON.stringify(config.settings) });
}

/** The items of a sequence element of a dataset. */
const itemsOf = (ds: DataSet, tag: string): DataSet[] => (ds.elements[tag]?.items ?? []).flatMap((i) => (i.dataSet ? [i.dataSet] : []));

/**
 * The feature values of a measurement report made by {@link measurementReport}, by column
 * name: each NUM item's Floating Point Value (NaN where the report says "Not a number").
 * @example
 * ```ts
 * const values = readMeasurementReport({ name: "features-sr.dcm", bytes });
 * values["original_firstorder_Mean"];
 * ```
 */
export function readMeasurementReport(file: DicomFile): Record<string, number> {
  const root = parseDicomFile(file);
  if (root.string("x00080016") !== ENHANCED_SR) throw new RadiomicsError("INVALID_INPUT", `${file.name} is not an Enhanced SR`, { path: file.name });
  const values: Record<string, number> = {};
  const visit = (ds: DataSet): void => {
    for (const child of itemsOf(ds, "x0040a730")) {
      if (child.string("x0040a040") === "NUM") {
        const column = itemsOf(child, "x0040a730").find((m) => m.string("x0040a040") === "TEXT" && itemsOf(m, "x0040a043")[0]?.string("x00080100") === "column")?.string("x0040a160");
        const measured = itemsOf(child, "x0040a300")[0];
        if (column) values[column.trim()] = measured ? measured.double("x0040a161") ?? NaN : NaN;
      } else visit(child);
    }
  };
  visit(root);
  return values;
}
