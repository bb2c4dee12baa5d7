/**
 * JSON Schema `pattern` for text the server stores: PostgreSQL text cannot hold NUL, so a string
 * carrying one is refused where it is validated, never met later as a 500.
 */
export const NO_NUL = '^[^\\u0000]*$';
