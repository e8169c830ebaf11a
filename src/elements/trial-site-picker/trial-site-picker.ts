import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { msg, str } from '@lit/localize';
import type { PlaceLookup, PlaceLookupOptions } from '../../data/geocode-client.ts';
import {
  chooseContact,
  distanceUnitFor,
  formatDistance,
  rankOpenSites,
  type ContactChoice,
  type RankedSite,
  type ReaderPlace,
  type SiteRanking,
} from '../../data/nearest-site.ts';
import { formatLocale } from '../../internal/localize.ts';
import { TrialLoadError } from '../../data/trial-source.ts';
import { TrialDataElement } from '../../internal/trial-data-element.ts';
import { TrialErrorEvent } from '../../internal/trial-error-event.ts';
import { fieldStyles } from '../../internal/form-field.styles.ts';
import { buttonStyles, stateStyles, tokens } from '../../internal/tokens.styles.ts';
import { ctgovStudyUrl, isNctId, type GeoPoint, type Site, type Trial } from '../../model/trial.ts';
import { checkPlaceQuery, type GeocodedPlace } from '../../model/place.ts';
import { languageNames, renderContactCard, telHref } from './contact-card.ts';
import { TrialSiteChangeEvent } from './trial-site-picker.events.ts';
import { contactCardStyles } from './contact-card.styles.ts';
import { sitePickerStyles } from './trial-site-picker.styles.ts';
import { trialContextLabel } from '../../internal/trial-context.ts';

export { TrialSiteChangeEvent } from './trial-site-picker.events.ts';

/** Open sites shown before "Show all study centers". */
const SITES_SHOWN = 5;

/** Where the reader said they are, and what the page can truthfully say about it. */
type Located =
  | { kind: 'none' }
  | { kind: 'device'; geo: GeoPoint }
  | { kind: 'geocoded'; geo: GeoPoint; place: GeocodedPlace; query: string }
  /** A typed place no geocoder resolved, matched against the sites' own names. */
  | { kind: 'typed'; query: string };

function placeOf(site: Site): string {
  return [site.city, site.state, site.country].filter(Boolean).join(', ');
}

function describePlace(place: GeocodedPlace): string {
  return [place.name, place.region, place.countryName ?? place.country].filter((part, i, all) => part && all.indexOf(part) === i).join(', ');
}

/**
 * @summary The study centers of a trial, nearest first, and who to contact at the chosen one.
 * The reader finds the nearest open center by their location or a typed town or postal code.
 *
 * Decisions worth knowing:
 * - A typed place goes to `geocode-endpoint` (the reference server's offline gazetteer, or a
 *   hospital's own geocoder with the same answer shape) and the centers are sorted by real
 *   distance from it. It is a person's location: it goes only there, and is not stored.
 * - Without a geocoder, or when it cannot answer, the place is matched against the centers' own
 *   postal codes, cities, regions and countries; a place nothing matches is said so.
 * - A center is chosen for the reader only once their position is known (or when there is just
 *   one): then it is the nearest center with a contact who has an email address. Otherwise the
 *   reader picks one; `selectedSite` is undefined until then.
 * - Without a contact at any center, the study's central contact is shown, then every phone
 *   number on record, then a link to the study on ClinicalTrials.gov: never an empty section.
 *
 * @tag trial-site-picker
 *
 * @slot - Shown while no data source is set.
 *
 * @csspart locate - The "Use my location" and city / postal code controls.
 * @csspart sites - The study center list.
 * @csspart contact - The chosen center's primary contact.
 * @csspart avatar - The contact's initials.
 * @csspart phones - The phone list shown when no one can be reached by email.
 * @csspart skeleton - The loading placeholder.
 * @csspart state - The not found and error states.
 * @csspart retry - The retry button of the error state.
 *
 * @cssprop --trial-contact-avatar-size - Diameter of the initials avatar.
 * @cssprop --trial-color-accent - Buttons, links and the avatar.
 *
 * @fires trial-site-change - The reader chose a center, or asked for the nearest and another came first.
 * @fires trial-error - The trial could not be loaded or read, or the place search code could not be loaded (`cause.kind === 'load'`); `event.cause` says why.
 */
export class TrialSitePicker extends TrialDataElement {
  static override styles = [tokens, buttonStyles, stateStyles, fieldStyles, contactCardStyles, sitePickerStyles];

  static override properties = {
    ...TrialDataElement.properties,
    geocodeEndpoint: { type: String, attribute: 'geocode-endpoint' },
    distanceUnit: { type: String, attribute: 'distance-unit' },
    languages: { type: String },
    geocodeTimeoutMs: { attribute: false },
    located: { state: true },
    chosenIndex: { state: true },
    allSitesShown: { state: true },
    busy: { state: true },
    status: { state: true },
  };

  /** Where typed places are looked up: `GET <endpoint>?q=…` (see README, "Geocoding"). */
  declare geocodeEndpoint: string | undefined;
  /** `km` or `mi`; by default from the locale (miles for the US and the UK). */
  declare distanceUnit: string | undefined;
  /** Comma-separated languages the study team speaks, overriding the trial's `languages`. */
  declare languages: string | undefined;
  /** Milliseconds a place lookup may take before the reader is told the search is unavailable. */
  declare geocodeTimeoutMs: number;

  declare private located: Located;
  /** The center the reader picked themselves; wins over the nearest. */
  declare private chosenIndex: number | undefined;
  declare private allSitesShown: boolean;
  declare private busy: boolean;
  declare private status: string;

  #lookup: AbortController | undefined;

  constructor() {
    super();
    this.located = { kind: 'none' };
    this.geocodeTimeoutMs = 8000;
    this.allSitesShown = false;
    this.busy = false;
    this.status = '';
  }

  /** The chosen study center: the reader's pick, else the nearest once their position is known. */
  get selectedSite(): Site | undefined {
    return this.#selection()?.site;
  }

  /** True when the trial has open centers the reader can choose from. */
  get hasSites(): boolean {
    const trial = this.currentTrial;
    return trial ? this.#ranking(trial).sites.length > 0 : false;
  }

  /** Moves focus to the chosen center, else the first center, else the place search. */
  override focus(options?: FocusOptions): void {
    const root = this.renderRoot;
    const target =
      root.querySelector<HTMLElement>('input[name="site"]:checked') ??
      root.querySelector<HTMLElement>('input[name="site"]') ??
      root.querySelector<HTMLElement>('#place');
    if (target) target.focus(options);
    else super.focus(options);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if ((changed as PropertyValues).has('loadState')) {
      this.chosenIndex = undefined;
      this.located = { kind: 'none' };
      this.status = '';
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#lookup?.abort();
  }

  override render() {
    return this.renderLoadState((trial) => this.#renderPicker(trial));
  }

  // ——— choosing ———

  #readerPlace(): ReaderPlace {
    const located = this.located;
    if (located.kind === 'device') return { geo: located.geo };
    if (located.kind === 'geocoded') return { geo: located.geo, query: located.query };
    if (located.kind === 'typed') return { query: located.query };
    return {};
  }

  #ranking(trial: Trial): SiteRanking {
    return rankOpenSites(trial, this.#readerPlace());
  }

  #selectionIn(trial: Trial, ranking: SiteRanking): RankedSite | undefined {
    if (this.chosenIndex !== undefined) return ranking.sites.find((entry) => entry.index === this.chosenIndex);
    if (ranking.sites.length === 1) return ranking.sites[0];
    if (!ranking.located) return undefined;
    const choice = chooseContact(trial, ranking.sites);
    return choice.kind === 'site' ? choice.site : ranking.sites[0];
  }

  #selection(): RankedSite | undefined {
    const trial = this.currentTrial;
    return trial ? this.#selectionIn(trial, this.#ranking(trial)) : undefined;
  }

  /** Applies a new reader position and tells the page when it moved the choice. */
  #relocate(located: Located, status: string): void {
    const before = this.#selection();
    this.located = located;
    this.chosenIndex = undefined;
    this.status = status;
    const after = this.#selection();
    if (before?.index !== after?.index) this.dispatchEvent(new TrialSiteChangeEvent({ site: after?.site, index: after?.index }));
  }

  #choose(entry: RankedSite): void {
    this.chosenIndex = entry.index;
    this.dispatchEvent(new TrialSiteChangeEvent({ site: entry.site, index: entry.index }));
  }

  readonly #useLocation = () => {
    if (!('geolocation' in navigator)) return;
    this.busy = true;
    this.status = msg('Finding your location…');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        this.busy = false;
        this.#relocate(
          { kind: 'device', geo: { lat: position.coords.latitude, lon: position.coords.longitude } },
          msg('Study centers are sorted by distance from your location.'),
        );
      },
      (error) => {
        this.busy = false;
        this.status =
          error.code === 1
            ? msg('Your location is not shared with this page. Enter a city or postal code instead.')
            : msg('Your location could not be found. Enter a city or postal code instead.');
      },
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 10 * 60_000 },
    );
  };

  readonly #findPlace = async (event: SubmitEvent) => {
    event.preventDefault();
    const trial = this.currentTrial;
    if (!trial) return;
    const typed = this.renderRoot.querySelector<HTMLInputElement>('#place')?.value ?? '';
    this.#lookup?.abort();
    const lookup = new AbortController();
    this.#lookup = lookup;
    const checked = checkPlaceQuery(typed);
    let answer: PlaceLookup;
    if (!checked.ok) answer = { kind: 'refused', problem: checked.problem };
    else if (this.geocodeEndpoint) {
      this.busy = true;
      this.status = msg('Looking up the place…');
      answer = await this.#lookUpPlace(this.geocodeEndpoint, checked.query, { signal: lookup.signal, timeoutMs: this.geocodeTimeoutMs });
      if (lookup.signal.aborted) return; // the reader asked for another place meanwhile
      this.busy = false;
    } else answer = { kind: 'not-found', query: checked.query };
    this.#placeFound(trial, answer);
  };

  /**
   * The geocoder client is loaded with the first lookup. If it cannot be, the place is matched
   * against the sites' own names, as when the geocoder is down, and `trial-error` says why.
   */
  async #lookUpPlace(endpoint: string, query: string, options: PlaceLookupOptions): Promise<PlaceLookup> {
    try {
      const { lookUpPlace } = await import('../../data/geocode-client.ts');
      return await lookUpPlace(endpoint, query, options);
    } catch (error) {
      const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
      this.dispatchEvent(new TrialErrorEvent(new TrialLoadError('load', `The place search code could not be loaded${detail}.`)));
      return { kind: 'unavailable', reason: 'network', query };
    }
  }

  #placeFound(trial: Trial, answer: PlaceLookup): void {
    switch (answer.kind) {
      case 'refused':
        this.status =
          answer.problem === 'too-long'
            ? msg('That is too long for a place name. Enter a city or postal code.')
            : answer.problem === 'characters'
              ? msg('Enter a city or postal code using letters and numbers only.')
              : msg('Enter a city or postal code.');
        return;
      case 'found': {
        const name = describePlace(answer.place);
        this.#relocate({ kind: 'geocoded', geo: { lat: answer.place.lat, lon: answer.place.lon }, place: answer.place, query: answer.query }, msg(str`Study centers are sorted by distance from ${name}.`));
        return;
      }
      default: {
        const unavailable = answer.kind === 'unavailable';
        // The sites' own names are the fallback: a record's "Aichi, Nagoya" may name a place
        // the gazetteer spells otherwise.
        const typed: Located = { kind: 'typed', query: answer.query };
        const ranking = rankOpenSites(trial, { query: answer.query });
        const query = answer.query;
        let status: string;
        if (ranking.located) status = msg(str`Study centers are sorted by distance from ${query}.`);
        else if (ranking.matched) status = msg(str`Study centers in ${query} are listed first.`);
        else if (unavailable)
          status = msg(str`The place search is not available right now, so ${query} could not be looked up. Choose a center from the list or use your location.`);
        else status = msg(str`We could not find ${query}. Choose a center from the list or use your location.`);
        if (unavailable && ranking.matched) status = `${msg('The place search is not available right now.')} ${status}`;
        this.#relocate(ranking.matched ? typed : { kind: 'none' }, status);
      }
    }
  }

  // ——— rendering ———

  #renderPicker(trial: Trial): TemplateResult {
    const ranking = this.#ranking(trial);
    const selected = this.#selectionIn(trial, ranking);
    return html`<div class="picker">
      ${ranking.sites.length > 1 ? this.#renderLocate(trial) : nothing}
      ${ranking.sites.length ? this.#renderSites(ranking, selected) : nothing} ${this.#renderContact(trial, ranking, selected)}
    </div>`;
  }

  #renderLocate(trial: Trial): TemplateResult {
    const canLocate = typeof navigator !== 'undefined' && 'geolocation' in navigator;
    return html`<div class="locate" part="locate">
      ${canLocate
        ? html`<button class="button secondary" type="button" ?disabled=${this.busy} @click=${this.#useLocation}>${msg('Use my location')}</button>`
        : nothing}
      <form class="place" role="search" aria-label=${`${msg('Find the nearest study center')} ${trialContextLabel(trial)}`} @submit=${this.#findPlace}>
        <label for="place">${canLocate ? msg('Or enter a city or postal code') : msg('Enter a city or postal code')}</label>
        <span class="place-row">
          <input id="place" name="place" type="text" autocomplete="postal-code" enterkeyhint="search" />
          <button class="button secondary" type="submit">${msg('Find')}</button>
        </span>
      </form>
      <p class="locate-status" role="status">${this.status}</p>
    </div>`;
  }

  #distanceUnit(): 'kilometer' | 'mile' {
    if (this.distanceUnit === 'mi') return 'mile';
    if (this.distanceUnit === 'km') return 'kilometer';
    return distanceUnitFor(formatLocale());
  }

  #renderSites(ranking: SiteRanking, selected: RankedSite | undefined): TemplateResult {
    const sites = ranking.sites;
    const unit = this.#distanceUnit();
    const shown = this.allSitesShown || sites.length <= SITES_SHOWN ? [...sites] : sites.slice(0, SITES_SHOWN);
    // Keep the chosen site visible even when it is beyond the first few.
    if (selected && !shown.includes(selected)) shown.push(selected);
    return html`<fieldset class="sites" part="sites">
      <legend>${msg('Study center')}</legend>
      <ul>
        ${shown.map(
          (entry) => html`<li>
            <input type="radio" name="site" id="site-${entry.index}" .checked=${live(entry === selected)} @change=${() => this.#choose(entry)} />
            <label for="site-${entry.index}">
              <span class="site-name">${entry.site.facility ?? placeOf(entry.site)}</span>
              ${entry.site.facility && placeOf(entry.site) ? html`<span class="site-place">${placeOf(entry.site)}</span>` : nothing}
              ${entry.distanceKm !== undefined
                ? html`<span class="site-distance">${msg(str`${formatDistance(entry.distanceKm, unit, formatLocale())} away`)}</span>`
                : nothing}
              ${entry.site.status === 'NOT_YET_RECRUITING' ? html`<span class="site-status">${msg('Not yet recruiting')}</span>` : nothing}
            </label>
          </li>`,
        )}
      </ul>
      ${sites.length > SITES_SHOWN
        ? html`<button
            class="link-button"
            type="button"
            aria-expanded=${this.allSitesShown ? 'true' : 'false'}
            @click=${() => (this.allSitesShown = !this.allSitesShown)}
          >
            ${this.allSitesShown ? msg('Show fewer study centers') : msg(str`Show all ${sites.length} study centers`)}
          </button>`
        : nothing}
    </fieldset>`;
  }

  #languageList(trial: Trial): string[] {
    const raw = this.languages ? this.languages.split(',') : (trial.languages ?? []);
    return languageNames(raw, formatLocale());
  }

  #renderContact(trial: Trial, ranking: SiteRanking, selected: RankedSite | undefined): unknown {
    const choice: ContactChoice = chooseContact(trial, selected ? ranking.sites : [], selected?.index);
    const languages = this.#languageList(trial);
    const someoneAtASite = chooseContact(trial, ranking.sites).kind === 'site';
    if (!selected && someoneAtASite) {
      return html`<p class="note">${msg('Choose a study center to see who will answer your message.')}</p>`;
    }
    switch (choice.kind) {
      case 'site': {
        const other = selected && choice.site !== selected;
        return html`${other
          ? html`<p class="note">
              ${ranking.located
                ? msg('No contact is listed for the center you chose; this is the nearest center with one.')
                : msg('No contact is listed for the center you chose; this is a contact at another center of this study.')}
            </p>`
          : nothing}
        ${renderContactCard(choice.contact, { facility: choice.site.site.facility, languages })}`;
      }
      case 'central':
        return html`<p class="note">${msg('No contact is listed at the study centers; the study’s central contact will answer.')}</p>
          ${renderContactCard(choice.contact, { languages })}`;
      case 'phones':
        return html`<div class="phones" part="phones">
          <p>${msg('No one at the study centers can be reached by email. You can call:')}</p>
          <ul>
            ${choice.phones.map(
              (p) => html`<li>
                ${p.place ? html`<span class="phone-place">${p.place}</span>` : nothing} ${p.name ? html`<span>${p.name}</span>` : nothing}
                <a href=${telHref(p.phone)}>${p.phone}</a>${p.phoneExt ? html` ${msg(str`extension ${p.phoneExt}`)}` : nothing}
              </li>`,
            )}
          </ul>
        </div>`;
      case 'none':
        return html`<p class="note no-contact">
          ${msg('This study lists no contact details.')}
          ${isNctId(trial.id)
            ? html`<a href=${ctgovStudyUrl(trial.id)} target="_blank" rel="noopener noreferrer"
                >${msg('See this study on ClinicalTrials.gov')}<span class="visually-hidden"> ${msg('(opens in a new tab)')}</span></a
              >`
            : nothing}
        </p>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'trial-site-picker': TrialSitePicker;
  }
}
