/** dcmjs ships no types; the tests use only its low-level DICOM writer. */
declare module "dcmjs";
