/**
 * CSV reading (RFC 4180: quoted fields with commas, line breaks and doubled quotes), for
 * manifests, shard outputs and tables to join.
 * @module
 */

/**
 * Parses CSV text into rows of fields. A trailing line break adds no row.
 * @example
 * ```ts
 * parseCsv('a,b\n1,"x, y"\n'); // [["a", "b"], ["1", "x, y"]]
 * ```
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else if (ch !== "\r") field += ch;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * CSV text → the header and records keyed by it (missing cells are "").
 * @example
 * ```ts
 * const { columns, records } = csvRecords("case_id,Image\np01,ct.nii\n"); // records[0].Image === "ct.nii"
 * ```
 */
export function csvRecords(text: string): { columns: string[]; records: Array<Record<string, string>> } {
  const [header = [], ...rows] = parseCsv(text.replace(/^\uFEFF/, ""));
  return { columns: header, records: rows.filter((r) => r.some((f) => f !== "")).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""]))) };
}
