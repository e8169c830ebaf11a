/**
 * Whole numbers without `z.int()`. Every page downloads the zod core that any of trialkit's
 * browser schemas uses, so a shape used anywhere costs every page: `z.int()` brings zod's
 * number-format schema and check (0.4 KB gzip) for a test `Number.isSafeInteger` makes alone.
 */
import * as z from 'zod/mini';

/** A whole number as `z.int()` accepts it (a safe integer); bounds are added with `.check()`. */
export const wholeNumber = () => z.number().check(z.refine(Number.isSafeInteger, 'Expected a whole number'));
