/**
 * A copy of the core's internal `ExactFields` (adapters reach core only through its public
 * exports, and this type is not one). `true` when `Actual` and `Expected` have the same fields and each is assignable to the
 * other; `false` otherwise. Assignability alone misses an optional field one of them lacks,
 * so the field names are compared too. Used as a compile-time check that a zod schema
 * accepts exactly the fields of the interface it validates:
 *
 * @example
 * ```ts
 * const exact: ExactFields<z.output<typeof requestSchema>, GenerateVideoRequest> = true;
 * ```
 */
export type ExactFields<Actual, Expected> = [keyof Actual] extends [keyof Expected]
  ? [keyof Expected] extends [keyof Actual]
    ? [Actual] extends [Expected]
      ? [Expected] extends [Actual]
        ? true
        : false
      : false
    : false
  : false;
