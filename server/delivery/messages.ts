/**
 * What each channel sends, built from the stored submission at send time (a job holds no copy of
 * the payload). Plain text only: nothing a reader typed is ever interpreted as markup, and the
 * subject carries no health detail beyond the trial id.
 */
import type { ContactSubmission, PrescreenAnswer } from '../../src/model/contact.ts';

/** A stored submission as the worker reads it. */
export interface DeliverySource {
  id: number;
  receivedAt: string;
  payload: ContactSubmission;
  consentSha256: string | null;
  widgetVersion: string | null;
  pageOrigin: string | null;
  consentAt: string | null;
}

export interface MailContent {
  subject: string;
  text: string;
}

/**
 * Text safe for a header: no CR, LF or other control characters, and bounded. The schema already
 * refuses them in every field; this keeps the guarantee where headers are made.
 */
export function headerText(value: string, max = 150): string {
  const clean = value.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * The same id on every try of a job, so a message re-sent after a crash (sent, then killed before
 * it was marked done) is folded by mail clients instead of shown twice.
 */
export function messageIdFor(submissionId: number, jobId: number, mailFrom: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'trialkit.invalid';
  return `<trialkit.${submissionId}.${jobId}@${domain}>`;
}

const SECTION_LABELS: Record<PrescreenAnswer['section'], string> = {
  inclusion: 'Inclusion criteria',
  exclusion: 'Exclusion criteria',
  other: 'Other criteria',
  criteria: 'Criteria',
};
const ANSWER_LABELS: Record<PrescreenAnswer['answer'], string> = { yes: 'Yes', no: 'No', unsure: 'Not sure' };
const CONTACT_METHOD_LABELS = { email: 'Email', phone: 'Phone call', text: 'Text message' } as const;
const BEST_TIME_LABELS = { morning: 'Morning', afternoon: 'Afternoon', evening: 'Evening', any: 'Any time' } as const;

const yesNo = (value: boolean | undefined) => (value === undefined ? undefined : value ? 'Yes' : 'No');

function siteLine(site: ContactSubmission['site']): string | undefined {
  if (!site) return undefined;
  const place = [site.city, site.state, site.zip, site.country].filter(Boolean).join(', ');
  return [site.facility, place].filter(Boolean).join(' — ') || undefined;
}

/** Pre-screen answers grouped by the section they were given in, in the order given. */
function prescreenLines(answers: PrescreenAnswer[]): string[] {
  const groups = new Map<string, { heading: string; answers: PrescreenAnswer[] }>();
  for (const answer of answers) {
    const key = answer.sectionId ?? answer.section;
    let group = groups.get(key);
    if (!group) {
      const label = SECTION_LABELS[answer.section];
      group = { heading: answer.sectionId && answer.sectionId !== answer.section ? `${label} (${answer.sectionId})` : label, answers: [] };
      groups.set(key, group);
    }
    group.answers.push(answer);
  }
  const lines: string[] = [];
  for (const group of groups.values()) {
    lines.push('', group.heading);
    for (const answer of group.answers) lines.push(`- ${ANSWER_LABELS[answer.answer]}: ${answer.criterion.replace(/\s+/g, ' ').trim()}`);
  }
  return lines;
}

function field(label: string, value: string | undefined): string[] {
  return value === undefined || value === '' ? [] : [`${label}: ${value}`];
}

/** Every field the reader gave, for the study team. */
export function teamEmail(source: DeliverySource): MailContent {
  const p = source.payload;
  const facility = p.site?.facility;
  const subject = headerText(`New inquiry for ${p.trialId}${facility ? ` at ${facility}` : ''}`);
  const lines = [
    `A reader asked to be contacted about ${p.trialId}${p.trialTitle ? ` (${p.trialTitle})` : ''}.`,
    '',
    ...field('Name', `${p.firstName} ${p.lastName}`),
    ...field('Email', p.email),
    ...field('Phone', p.phone),
    ...field('Preferred contact', p.contactMethod && CONTACT_METHOD_LABELS[p.contactMethod]),
    ...field('Best time', p.bestTime && BEST_TIME_LABELS[p.bestTime]),
    ...field('Agreed to text messages', yesNo(p.textConsent)),
    ...field('Asking for someone else', yesNo(p.forSomeoneElse)),
    ...field('Patient name', p.patientName),
    ...field('Relationship', p.relationship),
    ...field('Language', p.language),
    ...field('Site', siteLine(p.site)),
  ];
  if (p.message) lines.push('', 'Message:', p.message);
  if (p.prescreen) lines.push('', 'Pre-screen answers (the reader agreed to share them):', ...prescreenLines(p.prescreen.answers));
  if (p.extra && Object.keys(p.extra).length) {
    lines.push('', 'Added by the page:');
    for (const [key, value] of Object.entries(p.extra)) lines.push(`- ${key}: ${String(value)}`);
  }
  lines.push(
    '',
    'Consent',
    ...field('Wording agreed to', p.consentText),
    ...field('Wording SHA-256', source.consentSha256 ?? undefined),
    ...field('Widget version', source.widgetVersion ?? undefined),
    ...field('Page', source.pageOrigin ?? undefined),
    '',
    ...field('Locale', p.locale),
    ...field('Received', source.receivedAt),
    ...field('Submission id', String(source.id)),
  );
  return { subject, text: `${lines.join('\n')}\n` };
}

/**
 * The reader's receipt. It says only that the team received the inquiry and how to reach them:
 * no message, no pre-screen answers, not even the trial, since a mailbox can be read by others.
 */
export function readerCopy(source: DeliverySource, contactLine: string | undefined): MailContent {
  const p = source.payload;
  const team = p.site?.facility ? `the study team at ${p.site.facility}` : 'the study team';
  const lines = [
    `Hello ${p.firstName},`,
    '',
    `${team.charAt(0).toUpperCase()}${team.slice(1)} received your request on ${source.receivedAt.slice(0, 10)} and will contact you.`,
    '',
    contactLine ?? 'To reach them, reply to this email.',
    '',
    `Reference: ${source.id}`,
  ];
  return { subject: 'The study team received your request', text: `${lines.join('\n')}\n` };
}

/** The webhook's JSON body: the submission as stored, with its consent record. */
export function webhookBody(source: DeliverySource): string {
  return JSON.stringify({
    type: 'contact.received',
    id: String(source.id),
    receivedAt: source.receivedAt,
    submission: source.payload,
    consent: {
      textSha256: source.consentSha256,
      widgetVersion: source.widgetVersion,
      pageOrigin: source.pageOrigin,
      at: source.consentAt,
    },
  });
}
