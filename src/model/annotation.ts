/**
 * Private notes as W3C Web Annotations (https://www.w3.org/TR/annotation-model/): the format of
 * export, import and of anything that brings notes in from outside (a file, a share link).
 *
 * Each note is an `Annotation` with a plain-text `TextualBody` and a target holding a
 * TextQuoteSelector and a TextPositionSelector (code points). trialkit adds one property the
 * model allows as an extension: `target.fingerprint`, the hash of the whole text the note was
 * made on, which tells whether the page changed since.
 *
 * zod/mini keeps this small enough for the browser bundle. Import is capped in count and size.
 */
import * as z from 'zod/mini';
import { wholeNumber } from './whole-number.ts';

export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/** At most this many notes come in through one import. */
export const MAX_IMPORT_NOTES = 1000;
/** At most this many characters of JSON per import. */
export const MAX_IMPORT_CHARS = 2_000_000;
export const MAX_NOTE_CHARS = 10_000;
export const MAX_QUOTE_CHARS = 10_000;
export const MAX_CONTEXT_CHARS = 256;

const context = z.union([z.string(), z.array(z.string())]);

export const TextQuoteSelectorSchema = z.object({
  type: z.literal('TextQuoteSelector'),
  exact: z.string().check(z.minLength(1), z.maxLength(MAX_QUOTE_CHARS)),
  prefix: z.optional(z.string().check(z.maxLength(MAX_CONTEXT_CHARS))),
  suffix: z.optional(z.string().check(z.maxLength(MAX_CONTEXT_CHARS))),
});

export const TextPositionSelectorSchema = z
  .object({
    type: z.literal('TextPositionSelector'),
    start: wholeNumber().check(z.nonnegative()),
    end: wholeNumber().check(z.nonnegative()),
  })
  .check(z.refine((selector) => selector.end >= selector.start, 'end before start'));

/** Selectors trialkit does not use are allowed and dropped (another tool may add them). */
const OtherSelectorSchema = z
  .looseObject({ type: z.string() })
  .check(z.refine((selector) => selector.type !== 'TextQuoteSelector' && selector.type !== 'TextPositionSelector', 'a broken text selector'));

export const TextualBodySchema = z.object({
  type: z.literal('TextualBody'),
  value: z.string().check(z.maxLength(MAX_NOTE_CHARS)),
  format: z.optional(z.string()),
  purpose: z.optional(z.string()),
  language: z.optional(z.string()),
});

const isoDate = z.string().check(z.maxLength(40), z.refine((value) => !Number.isNaN(Date.parse(value)), 'a date'));

export const AnnotationSchema = z.object({
  '@context': z.optional(context),
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  type: z.literal('Annotation'),
  motivation: z.optional(z.string()),
  created: z.optional(isoDate),
  modified: z.optional(isoDate),
  body: z.optional(z.union([TextualBodySchema, z.array(TextualBodySchema).check(z.maxLength(1))])),
  target: z.object({
    source: z.optional(z.string().check(z.maxLength(2000))),
    fingerprint: z.optional(z.string().check(z.maxLength(100))),
    selector: z
      .array(z.union([TextQuoteSelectorSchema, TextPositionSelectorSchema, OtherSelectorSchema]))
      .check(z.minLength(1), z.maxLength(8)),
  }),
});

export type Annotation = z.infer<typeof AnnotationSchema>;

/** Where a note belongs: the parts of an Annotation's target that trialkit reads. */
export const NoteSelectorsSchema = z.object({
  quote: TextQuoteSelectorSchema,
  position: z.optional(TextPositionSelectorSchema),
  /** `TextMap.fingerprint` of the text the note was made on. */
  fingerprint: z.optional(z.string().check(z.maxLength(100))),
});

/**
 * A note as this browser keeps it (IndexedDB) and as every part of trialkit passes it around:
 * one shape, made of the same pieces as the Annotation it is exported as, and checked with
 * this schema whenever it is read back from storage.
 */
export const StoredNoteSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  /** The reader's text, plain. */
  body: z.string().check(z.maxLength(MAX_NOTE_CHARS)),
  /** ISO 8601 times. */
  created: isoDate,
  modified: isoDate,
  selectors: NoteSelectorsSchema,
});

export type NoteSelectorsJson = z.infer<typeof NoteSelectorsSchema>;
export type StoredNote = z.infer<typeof StoredNoteSchema>;
export type TextQuoteSelectorJson = z.infer<typeof TextQuoteSelectorSchema>;
export type TextPositionSelectorJson = z.infer<typeof TextPositionSelectorSchema>;

const annotations = z.array(AnnotationSchema).check(z.maxLength(MAX_IMPORT_NOTES));

export const AnnotationPageSchema = z.object({
  '@context': z.optional(context),
  type: z.literal('AnnotationPage'),
  items: annotations,
});

export const AnnotationCollectionSchema = z.object({
  '@context': z.optional(context),
  type: z.literal('AnnotationCollection'),
  label: z.optional(z.string()),
  total: z.optional(wholeNumber()),
  first: AnnotationPageSchema,
});

/** What export writes: one collection with one page. */
export type AnnotationCollection = z.infer<typeof AnnotationCollectionSchema>;

/** What import accepts: a collection, a page, a list of annotations or one annotation. */
export const AnnotationImportSchema = z.union([AnnotationCollectionSchema, AnnotationPageSchema, annotations, AnnotationSchema]);

export class AnnotationImportError extends Error {
  constructor(
    message: string,
    readonly reason: 'too-large' | 'not-json' | 'shape',
  ) {
    super(message);
    this.name = 'AnnotationImportError';
  }
}

/**
 * Checks data from outside (JSON text or a parsed value) and returns its annotations.
 * Throws `AnnotationImportError` when it is too large, not JSON, or not Web Annotations.
 */
export function parseAnnotations(data: unknown): Annotation[] {
  let value = data;
  if (typeof data === 'string') {
    if (data.length > MAX_IMPORT_CHARS) throw new AnnotationImportError('The notes file is too large.', 'too-large');
    try {
      value = JSON.parse(data);
    } catch {
      throw new AnnotationImportError('The notes file is not valid JSON.', 'not-json');
    }
  } else {
    let size: number;
    try {
      size = JSON.stringify(data)?.length ?? 0;
    } catch {
      throw new AnnotationImportError('The notes could not be read.', 'shape');
    }
    if (size > MAX_IMPORT_CHARS) throw new AnnotationImportError('The notes are too large.', 'too-large');
  }
  const result = AnnotationImportSchema.safeParse(value);
  if (!result.success) throw new AnnotationImportError('These are not notes trialkit can read.', 'shape');
  const parsed = result.data;
  if (Array.isArray(parsed)) return parsed;
  if (parsed.type === 'AnnotationCollection') return parsed.first.items;
  if (parsed.type === 'AnnotationPage') return parsed.items;
  return [parsed];
}
