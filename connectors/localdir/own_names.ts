/**
 * How the names of the files this plugin writes on its way (temporaries,
 * journals) begin, so that they are told from the user's.
 *
 * @module
 */

/** The marker every such name starts with. */
export const MARKER = ".plakar-localdir-";

/** A `crypto.randomUUID()`, as a regular expression source. */
export const UUID = "[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}";
