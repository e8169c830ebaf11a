/**
 * The words of the share dialogs that both need: what went wrong with a link, counts, dates and
 * the page a link is for. Each call reads the active locale.
 */
import { msg, str } from '@lit/localize';
import { formatDateTime, pluralCategory } from '../../internal/intl-formats.ts';
import { formatLocale } from '../../internal/localize.ts';
import { ShareTooManyAttemptsError } from '../../notes/share-client.ts';
import { ShareDifferentPageError, ShareError, ShareUnsupportedError, ShareWrongPasscodeError } from '../../notes/share-crypto.ts';

/** What the reader is told when a link cannot be made or opened. */
export function shareProblemText(error: unknown): string {
  if (error instanceof ShareTooManyAttemptsError) {
    const minutes = Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60));
    return msg(str`Too many wrong passcodes were tried. Try again in ${minutes} minutes.`);
  }
  if (error instanceof ShareDifferentPageError) {
    return msg('These notes were made for a different page, so they cannot be placed here. Open the link on the page it was made for.');
  }
  if (error instanceof ShareUnsupportedError) {
    return error.reason === 'version'
      ? msg('This link was made by a newer version of the notes tool. Update the page or ask the sender for a new link.')
      : msg('This link uses weaker protection than this page accepts, so it was not opened.');
  }
  if (error instanceof ShareError) {
    switch (error.problem) {
      case 'damaged':
        return msg('This link is damaged or incomplete. Ask the sender to send it again, and copy the whole link.');
      case 'wrong-passcode': {
        const wrong = msg('That passcode does not open these notes. Check it and try again; spaces and capitals count.');
        const left = error instanceof ShareWrongPasscodeError ? error.remaining : undefined;
        if (left === undefined) return wrong;
        if (left === 0) return `${wrong} ${msg('That was the last try for now: the link is locked for a while.')}`;
        return `${wrong} ${
          isOne(left)
            ? msg(str`${left} more try before the link is locked for a while.`)
            : msg(str`${left} more tries before the link is locked for a while.`)
        }`;
      }
      case 'expired':
        return msg('This link has expired or was revoked. Ask the sender for a new one.');
      case 'unreachable':
        return msg('The share server could not be reached. Check your connection and try again.');
      case 'too-large':
        return msg('These notes are too long to fit in a link. Choose fewer notes.');
      default:
        break;
    }
  }
  return msg('Something went wrong. Try again.');
}


/** Whether a count takes the singular form in the interface's language. */
export function isOne(count: number): boolean {
  return pluralCategory(formatLocale(), count) === 'one';
}

/** What the reader knows this page by: its title, and the trial the notes were made on. */
export function sharePageName(trialId: string): string {
  const trial = trialId.replace(/^trial:/, '');
  const title = typeof document === 'undefined' ? '' : document.title.trim();
  return title && !trial.startsWith('page:') ? `${title} (${trial})` : title || trial;
}

export function shareDate(iso: string): string {
  return formatDateTime(iso, formatLocale());
}
