/**
 * What the contact form needs only once a reader uses it: delivery with retries and the sealed
 * browser outbox. `<trial-contact-form>` imports this module
 * on first interaction (focus into the form, input, submit), or on connect when the outbox may
 * hold a message from an earlier visit, so a page that only shows the form does not download it.
 */
export { newIdempotencyKey } from '../../data/delivery.ts';
export { keepOutboxFlowing, OutboxChangeEvent, pageOutbox } from '../../data/outbox.ts';
export { submitContact } from '../../data/submit-contact.ts';
