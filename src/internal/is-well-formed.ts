const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `value` is well-formed UTF-16 (no lone surrogate), as `String.prototype.isWellFormed`. */
export function isWellFormed(value: string): boolean {
  return !loneSurrogate.test(value);
}
