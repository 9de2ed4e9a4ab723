/**
 * Text made safe inside HTML and SVG (elements and quoted attributes): the SVG charts and the
 * HTML tables write feature names, case ids and titles through it.
 * @module
 */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/** `text` with &, <, > and " written as entities. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ENTITIES[c]!);
}
