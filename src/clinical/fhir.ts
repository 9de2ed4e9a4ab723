/**
 * Features as FHIR R4: a Bundle (type `collection`) per case with one Observation per
 * feature, for clinical data platforms that keep results beside the patient's record.
 *
 * Each Observation: `status` final, category `imaging`; `code` with the feature's IBSI code
 * (system https://theibsi.github.io) where it has one and always its column name (system
 * urn:radiomics:feature), `text` the column name; `valueQuantity` with the UCUM unit (from the
 * one unit table), or `dataAbsentReason` not-a-number for NaN; `subject` the patient
 * (a logical reference by identifier, when known); `derivedFrom` the ImagingStudy by its
 * Study Instance UID (`urn:dicom:uid`) for DICOM inputs; `device` the library and version.
 * @module
 */
import { ibsiCodeOf } from "../features/registry.js";
import { ucumUnit } from "../features/units.js";
import type { FeatureRow } from "../table/row.js";
import { VERSION } from "../version.js";
import type { DicomSource } from "../volume.js";

/** The IBSI's code system (its reference manual's permanent identifiers). */
export const IBSI_SYSTEM = "https://theibsi.github.io";
/** This library's feature identifiers: the wide-table column names. */
export const FEATURE_SYSTEM = "urn:radiomics:feature";

/** What a bundle says besides the features. */
export interface FhirBundleInput {
  /** The patient's identifier (a manifest's `subject` column, or the DICOM Patient ID). */
  subject?: string;
  /** The system of the patient identifier. */
  subjectSystem?: string;
  /** The image series the features came from, when it was DICOM. */
  image?: DicomSource;
  /** Modality, for intensity units (HU for CT) when there is no DICOM source. */
  modality?: string;
  /** When the features were computed. @default now */
  date?: Date;
}

/** A random UUID (RFC 4122 version 4) as `urn:uuid:…`. */
function uuidUrn(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The FHIR R4 Bundle (as a JSON-ready object) of one extraction (see the module doc).
 * @example
 * ```ts
 * const bundle = fhirBundle(row, { subject: "TCGA-02-0001", image: image.dicom });
 * await writeFileAtomic("p01.fhir.json", JSON.stringify(bundle, null, 2));
 * ```
 */
export function fhirBundle(row: FeatureRow, input: FhirBundleInput = {}): Record<string, unknown> {
  const issued = (input.date ?? new Date()).toISOString();
  const modality = input.image?.modality ?? input.modality ?? "";
  const subjectId = input.subject ?? (input.image?.patientId || undefined);
  const subject = subjectId ? { subject: { identifier: { ...(input.subjectSystem ? { system: input.subjectSystem } : {}), value: subjectId } } } : {};
  const derivedFrom = input.image?.studyInstanceUid
    ? { derivedFrom: [{ type: "ImagingStudy", identifier: { system: "urn:dicom:uid", value: `urn:oid:${input.image.studyInstanceUid}` } }] }
    : {};
  const entry = row.features.map((f) => {
    const ibsi = ibsiCodeOf(f.family, f.feature);
    const unit = ucumUnit(f.family, f.feature, modality);
    const value = Number.isNaN(f.value)
      ? { dataAbsentReason: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/data-absent-reason", code: "not-a-number", display: "Not a Number (NaN)" }] } }
      : { valueQuantity: { value: f.value, unit, system: "http://unitsofmeasure.org", code: unit } };
    return {
      fullUrl: uuidUrn(),
      resource: {
        resourceType: "Observation",
        status: "final",
        category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "imaging", display: "Imaging" }] }],
        code: {
          coding: [
            ...(ibsi ? [{ system: IBSI_SYSTEM, code: ibsi, display: f.feature }] : []),
            { system: FEATURE_SYSTEM, code: f.column, display: `${f.family} ${f.feature}${f.aggregation && f.aggregation !== "3D" ? ` (${f.aggregation})` : ""}` },
          ],
          text: f.column,
        },
        ...subject,
        issued,
        ...value,
        ...derivedFrom,
        device: { display: `radiomics ${VERSION}` },
      },
    };
  });
  return { resourceType: "Bundle", type: "collection", timestamp: issued, identifier: { system: "urn:radiomics:case", value: row.caseId }, entry };
}
